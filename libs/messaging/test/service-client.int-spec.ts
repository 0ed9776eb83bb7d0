import { Module, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Ctx, NatsContext } from '@nestjs/microservices';
import { headers as natsHeaders, type Subscription } from '@nats-io/transport-node';
import { IsIn, IsInt, IsString, Max, Min } from 'class-validator';
import { hash } from 'node:crypto';
import { generateSigningKeyPair } from '@shotcaller/auth';
import {
  ActorKind,
  EmptyPayload,
  ErrorCode,
  NatsHeader,
  natsSubject,
  ServiceError,
  type Actor,
  type RpcAccess,
} from '@shotcaller/contracts';
import {
  loadEnv,
  Metrics,
  MetricsModule,
  runWithRequestId,
  VerifyingServiceEnv,
} from '@shotcaller/observability';
import { eventually, NatsRequester, signTestToken, TestEnvironment, tokenFor } from '@shotcaller/testing';
import {
  actorTokensFrom,
  backendServiceModule,
  bootService,
  JsonText,
  MessagingModule,
  RpcActor,
  RpcHandler,
  RpcHandlers,
  ServiceClient,
} from '../src/index.js';

class FailPayload {
  @IsIn(Object.values(ErrorCode))
  code: ErrorCode;
}

class SlowPayload {
  @IsInt()
  @Min(0)
  @Max(10_000)
  ms: number;
}

class NamedPayload {
  @IsString()
  name: string;
}

/** What probe.tagged answers for each name: change its version and the next answer changes. */
const versions = new Map<string, number>();

function documentOf(name: string): string {
  return JSON.stringify({ name, version: versions.get(name) ?? 1, filler: 'x'.repeat(20_000) });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Contracts of the probe subjects, which live outside the shared map. */
const probe = <T extends object>(request: new () => T, access: RpcAccess = 'public') => ({ request, access });

@RpcHandlers()
class ProbeHandlers {
  @RpcHandler('probe.echo', probe(EmptyPayload, 'actor'))
  echo(_: object, @RpcActor() actor: Actor, @Ctx() context: NatsContext) {
    const headers = context.getHeaders() as { get(name: string): string };
    return { actor, requestId: headers.get(NatsHeader.RequestId) };
  }

  @RpcHandler('probe.fail', probe(FailPayload))
  fail({ code }: FailPayload): never {
    throw new ServiceError(
      code,
      `failed with ${code}`,
      code === ErrorCode.ValidationFailed ? { errors: { name: ['is invalid'] } } : undefined,
    );
  }

  @RpcHandler('probe.crash', probe(EmptyPayload))
  crash(): never {
    throw new TypeError('secret internals');
  }

  @RpcHandler('probe.slow', probe(SlowPayload))
  async slow({ ms }: SlowPayload) {
    await sleep(ms);
    return { slept: ms };
  }

  @RpcHandler('probe.named', probe(NamedPayload))
  named(payload: NamedPayload) {
    return payload;
  }

  @RpcHandler('probe.tagged', probe(NamedPayload))
  tagged({ name }: NamedPayload) {
    return JsonText.tagged(documentOf(name));
  }

  @RpcHandler('probe.untagged', probe(NamedPayload))
  untagged({ name }: NamedPayload) {
    return new JsonText(documentOf(name));
  }
}

@Module({})
class ProbeServiceModule {}

const env = new TestEnvironment('messaging-int');
const actor: Actor = {
  id: '7d0f8c6e-3a64-4c5b-9a51-2f3b1c0d9e8a',
  kind: ActorKind.User,
  roles: ['gamemaster'],
};
let server: INestApplication;
let caller: INestApplication;
let client: ServiceClient;
let token: string;

async function startServer(): Promise<INestApplication> {
  const config = loadEnv(VerifyingServiceEnv, env.common());
  return bootService({
    service: 'probe',
    config,
    module: backendServiceModule(ProbeServiceModule, {
      service: 'chat',
      config,
      actorTokens: actorTokensFrom(config),
      controllers: [ProbeHandlers],
    }),
  });
}

beforeAll(async () => {
  server = await startServer();
  const moduleRef = await Test.createTestingModule({
    imports: [
      MetricsModule.forRoot('probe-caller'),
      MessagingModule.forRoot({
        service: 'gateway',
        servers: [env.stores.nats],
        subjectPrefix: env.subjectPrefix,
        requestTimeoutMs: 1500,
        drainTimeoutMs: 1000,
        keptAnswerBytes: 1024 * 1024,
      }),
    ],
  }).compile();
  caller = moduleRef.createNestApplication({ logger: false });
  await caller.init();
  client = caller.get(ServiceClient);
  token = await tokenFor(actor);
});

afterAll(async () => {
  await caller?.close();
  await server?.close();
});

async function failureOf(promise: Promise<unknown>): Promise<ServiceError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ServiceError) return error;
    throw error;
  }
  throw new Error('expected the request to fail');
}

describe('ServiceClient over NATS', () => {
  it('carries the current request id and the actor to the handler', async () => {
    const reply = await runWithRequestId('req-abc-123', () =>
      client.requestUnchecked<{ actor: Actor; requestId: string }>('probe.echo', {}, { caller: { token } }),
    );
    expect(reply).toEqual({ actor: { ...actor, tokenVersion: 0 }, requestId: 'req-abc-123' });
  });

  it.each([
    [ErrorCode.Unauthenticated, 401],
    [ErrorCode.Forbidden, 403],
    [ErrorCode.NotFound, 404],
    [ErrorCode.Conflict, 409],
    [ErrorCode.ValidationFailed, 422],
    [ErrorCode.RateLimited, 429],
  ])('rebuilds a remote %s as the same typed error (HTTP %i)', async (code, status) => {
    const error = await failureOf(client.requestUnchecked('probe.fail', { code }));
    expect(error.code).toBe(code);
    expect(error.status).toBe(status);
    expect(error.message).toBe(`failed with ${code}`);
    if (code === ErrorCode.ValidationFailed)
      expect(error.details).toEqual({ errors: { name: ['is invalid'] } });
  });

  it('answers 400 with field errors when the payload breaks the handler contract', async () => {
    const error = await failureOf(client.requestUnchecked('probe.named', { name: 42, extra: true }));
    expect(error.status).toBe(400);
    expect(error.code).toBe('invalid_payload');
    expect(error.details?.errors).toEqual({
      name: ['name must be a string'],
      extra: ['is not a permitted attribute'],
    });
  });

  it('believes no actor it cannot verify: none, a forged header, a token of another key, a tampered one', async () => {
    const raw = await NatsRequester.connect(env.stores.nats, env.subjectPrefix);
    try {
      const refusals = [
        await raw.expectError('probe.echo', {}),
        await raw.expectError('probe.echo', {}, { headers: { 'x-actor': JSON.stringify(actor) } }),
        await raw.expectError(
          'probe.echo',
          {},
          { token: await signTestToken(generateSigningKeyPair().privateKeyPem, { sub: actor.id }) },
        ),
        await raw.expectError('probe.echo', {}, { token: `${token.slice(0, -4)}AAAA` }),
      ];
      for (const refusal of refusals) {
        expect(refusal).toMatchObject({ statusCode: 401, code: 'unauthenticated' });
      }
    } finally {
      await raw.close();
    }
  });

  it('hides an unexpected failure behind a bare internal error', async () => {
    const error = await failureOf(client.requestUnchecked('probe.crash', {}));
    expect(error.status).toBe(500);
    expect(error.message).toBe('Internal server error');
    expect(JSON.stringify(error.details ?? {})).not.toContain('secret');
  });

  it('answers 503 when nobody listens on the subject', async () => {
    const error = await failureOf(client.requestUnchecked('probe.nobody-home', {}, { timeoutMs: 10_000 }));
    expect(error.status).toBe(503);
    expect(error.code).toBe('service_unavailable');
  });

  it('answers 504 past the default deadline, and honours a per-call deadline', async () => {
    const byDefault = await failureOf(client.requestUnchecked('probe.slow', { ms: 3000 }));
    expect(byDefault.status).toBe(504);
    const shorter = await failureOf(client.requestUnchecked('probe.slow', { ms: 1000 }, { timeoutMs: 100 }));
    expect(shorter.status).toBe(504);
    const longer = await client.requestUnchecked('probe.slow', { ms: 1700 }, { timeoutMs: 4000 });
    expect(longer).toEqual({ slept: 1700 });
  });

  it('counts requests on both sides by subject and outcome', async () => {
    const sent = await caller.get(Metrics).registry.getSingleMetricAsString('nats_requests_sent_total');
    expect(sent).toContain('subject="probe.fail",outcome="not_found"');
    expect(sent).toContain('subject="probe.nobody-home",outcome="service_unavailable"');
    const handled = await server.get(Metrics).registry.getSingleMetricAsString('nats_requests_handled_total');
    expect(handled).toContain('subject="probe.echo",outcome="ok"');
    expect(handled).toContain('subject="probe.crash",outcome="internal_error"');
  });

  it('finishes requests in flight when the service shuts down, then stops answering', async () => {
    const inFlight = client.requestUnchecked('probe.slow', { ms: 600 }, { timeoutMs: 5000 });
    await sleep(100);
    await server.close();
    await expect(inFlight).resolves.toEqual({ slept: 600 });
    const afterwards = await failureOf(
      client.requestUnchecked('probe.echo', {}, { caller: { token }, timeoutMs: 5000 }),
    );
    expect(afterwards.status).toBe(503);
    server = await startServer();
    // The new replica's subscription reaches the NATS server a moment after it boots; until then nobody answers.
    await eventually(() =>
      expect(client.requestUnchecked('probe.echo', {}, { caller: { token } })).resolves.toMatchObject({
        actor: { id: actor.id },
      }),
    );
  });
});

let tagRaw: NatsRequester;

async function reused(): Promise<number> {
  const metric = await caller.get(Metrics).registry.getSingleMetric('nats_answers_reused_total')?.get();
  return metric?.values.reduce((sum, { value }) => sum + value, 0) ?? 0;
}

/** A request as the caller sends it, naming a tag, with the answer's bytes and headers as they came. */
async function rawRequest(subject: string, payload: object, ifTag?: string) {
  const headers = natsHeaders();
  if (ifTag) headers.set(NatsHeader.IfAnswerTag, ifTag);
  const message = await tagRaw.connection.request(
    natsSubject(subject, env.subjectPrefix),
    JSON.stringify({ pattern: subject, data: payload, id: '1' }),
    { headers, timeout: 5000 },
  );
  return {
    bytes: message.data.length,
    response: message.json<{ response: unknown }>().response,
    tag: message.headers?.get(NatsHeader.AnswerTag),
    unchanged: message.headers?.get(NatsHeader.AnswerUnchanged),
  };
}

describe('Tagged answers', () => {
  beforeAll(async () => {
    tagRaw = await NatsRequester.connect(env.stores.nats, env.subjectPrefix);
  });

  afterAll(async () => {
    await tagRaw?.close();
  });

  it('are sent whole with their tag, and without the body to a caller naming that tag', async () => {
    const tag = hash('sha256', documentOf('a'), 'base64url');
    const whole = await rawRequest('probe.tagged', { name: 'a' });
    expect(whole).toMatchObject({ tag, unchanged: '' });
    expect(whole.bytes).toBeGreaterThan(20_000);
    const spared = await rawRequest('probe.tagged', { name: 'a' }, tag);
    expect(spared).toMatchObject({ tag, unchanged: '1', response: null });
    expect(spared.bytes).toBeLessThan(100);
    const otherTag = await rawRequest('probe.tagged', { name: 'a' }, 'another-tag');
    expect(otherTag).toMatchObject({ tag, unchanged: '' });
    expect(otherTag.bytes).toBe(whole.bytes);
  });

  it('are kept by the relaying caller and passed on again while the service says they have not changed', async () => {
    const before = await reused();
    const first = await client.relayUnchecked('probe.tagged', { name: 'b' });
    expect(first.json.toString()).toBe(documentOf('b'));
    expect(first.tag).toBe(hash('sha256', documentOf('b'), 'base64url'));
    const second = await client.relayUnchecked('probe.tagged', { name: 'b' });
    expect(second.json.toString()).toBe(documentOf('b'));
    expect(second.tag).toBe(first.tag);
    expect(await reused()).toBe(before + 1);

    versions.set('b', 2);
    const changed = await client.relayUnchecked('probe.tagged', { name: 'b' });
    expect(JSON.parse(changed.json.toString())).toMatchObject({ name: 'b', version: 2 });
    expect(changed.tag).not.toBe(first.tag);
    expect(await reused()).toBe(before + 1);
    // Another request is another entry: nothing of b's answer is passed on for c.
    const other = await client.relayUnchecked('probe.tagged', { name: 'c' });
    expect(JSON.parse(other.json.toString())).toMatchObject({ name: 'c' });
    expect(await reused()).toBe(before + 1);
  });

  it("keep each caller's answers apart, unless the request's answer is the same for every caller", async () => {
    const otherToken = await tokenFor({ ...actor, id: '0b7c6d1e-8f2a-4e3b-9c4d-5a6b7c8d9e0f' });
    const before = await reused();
    await client.relayUnchecked('probe.tagged', { name: 'e' }, { caller: { token } });
    await client.relayUnchecked('probe.tagged', { name: 'e' }, { caller: { token: otherToken } });
    expect(await reused()).toBe(before);
    await client.relayUnchecked('probe.tagged', { name: 'e' }, { caller: { token: otherToken } });
    expect(await reused()).toBe(before + 1);
    const shared = { keepAcrossCallers: true };
    await client.relayUnchecked('probe.tagged', { name: 'f' }, { caller: { token }, ...shared });
    const second = await client.relayUnchecked(
      'probe.tagged',
      { name: 'f' },
      { caller: { token: otherToken }, ...shared },
    );
    expect(second.json.toString()).toBe(documentOf('f'));
    expect(await reused()).toBe(before + 2);
  });

  it('leave untagged answers as they were: whole every time, no tag', async () => {
    const before = await reused();
    for (let i = 0; i < 2; i += 1) {
      const answer = await client.relayUnchecked('probe.untagged', { name: 'd' });
      expect(answer.json.toString()).toBe(documentOf('d'));
      expect(answer.tag).toBeUndefined();
    }
    expect(await reused()).toBe(before);
  });

  it('trust no answer that claims to be unchanged for a tag the caller does not hold', async () => {
    let liar: Subscription | undefined;
    try {
      liar = tagRaw.connection.subscribe(natsSubject('probe.liar', env.subjectPrefix), {
        callback: (_error, message) => {
          const headers = natsHeaders();
          headers.set(NatsHeader.AnswerTag, 'forged');
          headers.set(NatsHeader.AnswerUnchanged, '1');
          const { id } = message.json<{ id: string }>();
          message.respond(`{"id":${JSON.stringify(id)},"isDisposed":true,"response":null}`, { headers });
        },
      });
      await tagRaw.connection.flush();
      const failure = await client.relayUnchecked('probe.liar', {}).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(ServiceError);
      expect((failure as ServiceError).code).toBe(ErrorCode.Internal);
    } finally {
      liar?.unsubscribe();
    }
  });
});
