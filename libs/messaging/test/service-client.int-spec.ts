import { Module, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Ctx, MessagePattern, NatsContext, Payload } from '@nestjs/microservices';
import { IsIn, IsInt, IsString, Max, Min } from 'class-validator';
import { RpcActor } from '@shotcaller/auth';
import { ActorKind, ErrorCode, NatsHeader, ServiceError, type Actor } from '@shotcaller/contracts';
import { loadEnv, Metrics, MetricsModule, runWithRequestId, ServiceEnv } from '@shotcaller/observability';
import { NatsRequester, TestEnvironment } from '@shotcaller/testing';
import {
  backendServiceModule,
  bootService,
  MessagingModule,
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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

@RpcHandlers()
class ProbeHandlers {
  @MessagePattern('probe.echo')
  echo(@RpcActor() actor: Actor, @Ctx() context: NatsContext) {
    const headers = context.getHeaders() as { get(name: string): string };
    return { actor, requestId: headers.get(NatsHeader.RequestId) };
  }

  @MessagePattern('probe.fail')
  fail(@Payload() { code }: FailPayload): never {
    throw new ServiceError(
      code,
      `failed with ${code}`,
      code === ErrorCode.ValidationFailed ? { errors: { name: ['is invalid'] } } : undefined,
    );
  }

  @MessagePattern('probe.crash')
  crash(): never {
    throw new TypeError('secret internals');
  }

  @MessagePattern('probe.slow')
  async slow(@Payload() { ms }: SlowPayload) {
    await sleep(ms);
    return { slept: ms };
  }

  @MessagePattern('probe.named')
  named(@Payload() payload: NamedPayload) {
    return payload;
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

async function startServer(): Promise<INestApplication> {
  const config = loadEnv(ServiceEnv, env.common());
  return bootService({
    service: 'probe',
    config,
    module: backendServiceModule(ProbeServiceModule, {
      service: 'chat',
      config,
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
      }),
    ],
  }).compile();
  caller = moduleRef.createNestApplication({ logger: false });
  await caller.init();
  client = caller.get(ServiceClient);
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
      client.request<{ actor: Actor; requestId: string }>('probe.echo', {}, { actor }),
    );
    expect(reply).toEqual({ actor, requestId: 'req-abc-123' });
  });

  it.each([
    [ErrorCode.Unauthenticated, 401],
    [ErrorCode.Forbidden, 403],
    [ErrorCode.NotFound, 404],
    [ErrorCode.Conflict, 409],
    [ErrorCode.ValidationFailed, 422],
    [ErrorCode.RateLimited, 429],
  ])('rebuilds a remote %s as the same typed error (HTTP %i)', async (code, status) => {
    const error = await failureOf(client.request('probe.fail', { code }));
    expect(error.code).toBe(code);
    expect(error.status).toBe(status);
    expect(error.message).toBe(`failed with ${code}`);
    if (code === ErrorCode.ValidationFailed)
      expect(error.details).toEqual({ errors: { name: ['is invalid'] } });
  });

  it('answers 400 with field errors when the payload breaks the handler contract', async () => {
    const error = await failureOf(client.request('probe.named', { name: 42, extra: true }));
    expect(error.status).toBe(400);
    expect(error.code).toBe('invalid_payload');
    expect(error.details?.errors).toEqual({
      name: ['name must be a string'],
      extra: ['is not a permitted attribute'],
    });
  });

  it('refuses a request without a usable actor header', async () => {
    const raw = await NatsRequester.connect(env.stores.nats, env.subjectPrefix);
    try {
      const missing = await raw.expectError('probe.echo', {});
      expect(missing).toMatchObject({ statusCode: 401, code: 'unauthenticated' });
    } finally {
      await raw.close();
    }
  });

  it('hides an unexpected failure behind a bare internal error', async () => {
    const error = await failureOf(client.request('probe.crash', {}));
    expect(error.status).toBe(500);
    expect(error.message).toBe('Internal server error');
    expect(JSON.stringify(error.details ?? {})).not.toContain('secret');
  });

  it('answers 503 when nobody listens on the subject', async () => {
    const error = await failureOf(client.request('probe.nobody-home', {}, { timeoutMs: 10_000 }));
    expect(error.status).toBe(503);
    expect(error.code).toBe('service_unavailable');
  });

  it('answers 504 past the default deadline, and honours a per-call deadline', async () => {
    const byDefault = await failureOf(client.request('probe.slow', { ms: 3000 }));
    expect(byDefault.status).toBe(504);
    const shorter = await failureOf(client.request('probe.slow', { ms: 1000 }, { timeoutMs: 100 }));
    expect(shorter.status).toBe(504);
    const longer = await client.request('probe.slow', { ms: 1700 }, { timeoutMs: 4000 });
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
    const inFlight = client.request('probe.slow', { ms: 600 }, { timeoutMs: 5000 });
    await sleep(100);
    await server.close();
    await expect(inFlight).resolves.toEqual({ slept: 600 });
    const afterwards = await failureOf(client.request('probe.echo', {}, { actor, timeoutMs: 5000 }));
    expect(afterwards.status).toBe(503);
    server = await startServer();
    await expect(client.request('probe.echo', {}, { actor })).resolves.toMatchObject({ actor });
  });
});
