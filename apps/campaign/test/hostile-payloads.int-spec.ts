import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { headers } from '@nats-io/transport-node';
import fc from 'fast-check';
import pg from 'pg';
import {
  ActorKind,
  ErrorCode,
  natsSubject,
  NatsHeader,
  RpcContracts,
  Subjects,
  SystemSubjects,
  UserRole,
  type Actor,
  type BackendServiceName,
  type CampaignView,
  type ErrorPayload,
  type SessionGrant,
} from '@shotcaller/contracts';
import { NatsRequester, TestEnvironment, tokenFor, type NatsReply } from '@shotcaller/testing';
import {
  baselineOf,
  Deep,
  hostilePayload,
  hostileValueFor,
  INTERNALS,
  numericPaths,
  specFromClass,
  statusOfKnownCode,
  tableFingerprint,
  toJsonText,
  unsafeInteger,
  withValueAt,
  type FieldSpec,
} from '../../../test/e2e/support/hostile-input.js';
import { bootChat } from '../../chat/src/boot.js';
import { loadChatConfig } from '../../chat/src/config.js';
import { bootJobs } from '../../jobs/src/boot.js';
import { loadJobsConfig } from '../../jobs/src/config.js';
import { bootMedia } from '../../media/src/boot.js';
import { loadMediaConfig } from '../../media/src/config.js';
import { bootLocation } from '../../realtime-location/src/boot.js';
import { loadLocationConfig } from '../../realtime-location/src/config.js';
import { bootCampaign } from '../src/boot.js';
import { loadCampaignConfig } from '../src/config.js';
import { startMailing, type Mailing } from './support/mail-catcher.js';

/**
 * Every NATS request subject of the contract map, sent generated hostile payloads as another process on the bus
 * could: nulls, NUL and lone surrogates, nesting and lists past the limits, wrong types, unknown fields, payloads
 * that are not objects, with a valid actor token and without one. Each must be answered with a typed 4xx error
 * without internals, and nothing may be written. Fields come from each contract class's own rules, so a subject
 * added to the map is covered without editing this file.
 */

/** Generated payloads per subject: fixed, so the file's running time is bounded (fast-check prints its seed). */
const RUNS_PER_SUBJECT = 80;
const RUNS_PER_SYSTEM_SUBJECT = 30;
const RUNS_PER_NUMERIC_SUBJECT = 20;

/** What a payload that breaks its contract is answered with (shape first: too deep, too large; then fields). */
const PAYLOAD_REFUSALS: string[] = [
  ErrorCode.InvalidPayload,
  ErrorCode.MalformedRequest,
  ErrorCode.PayloadTooLarge,
];

const env = new TestEnvironment('hostile-payloads');
/** Registration and invitations queue mails: the jobs service and an SMTP server take them. */
let mailing: Mailing | undefined;
let app: INestApplication;
let nats: NatsRequester;
let db: pg.Client;
let tokens: Record<'gm' | 'player', string>;
let ids: { campaign: string; user: string };

type Caller = 'gm' | 'player' | 'none';
type Contract = (typeof RpcContracts)[keyof typeof RpcContracts];
const contracts = Object.entries(RpcContracts) as [string, Contract][];

beforeAll(async () => {
  mailing = await startMailing(env);
  const settings = env.campaign();
  app = await bootCampaign(loadCampaignConfig(settings));
  nats = await NatsRequester.connect(env.stores.nats, env.subjectPrefix);
  db = new pg.Client({ connectionString: settings.DATABASE_URL });
  await db.connect();

  const register = async (email: string, gamemaster: boolean): Promise<Actor> => {
    const grant = await nats.expectOk<SessionGrant>(Subjects.campaign.users.register, {
      email,
      password: 'secret123',
      first_name: 'Test',
      last_name: 'User',
      gamemaster,
    });
    return { id: grant.user.id, kind: ActorKind.User, roles: gamemaster ? [UserRole.Gamemaster] : [] };
  };
  const gm = await register('gm@example.com', true);
  const player = await register('player@example.com', false);
  tokens = { gm: await tokenFor(gm), player: await tokenFor(player) };
  const campaign = await nats.expectOk<CampaignView>(
    Subjects.campaign.campaigns.create,
    { campaign: { name: 'Hong Kong Nights' } },
    { actor: gm },
  );
  await nats.expectOk(
    Subjects.campaign.memberships.add,
    { campaign_id: campaign.id, user_id: player.id },
    { actor: gm },
  );
  ids = { campaign: campaign.id, user: player.id };
});

afterAll(async () => {
  await nats?.close();
  await db?.end();
  await app?.close();
  await mailing?.stop();
  await env.cleanup();
});

/** True when a generated value nests past what JSON.stringify can write (it recurses): sent as raw text. */
function holdsDeep(value: unknown): boolean {
  if (value instanceof Deep) return true;
  if (typeof value !== 'object' || value === null) return false;
  return Object.values(value).some(holdsDeep);
}

/**
 * Sends a payload as any client of the service would. NatsRequester serialises its data with JSON.stringify, which
 * cannot write thousands of levels: such payloads go out as the same Nest packet, written as text.
 */
async function send(subject: string, payload: unknown, caller: Caller): Promise<NatsReply<unknown>> {
  const token = caller === 'none' ? undefined : tokens[caller];
  const text = toJsonText(payload);
  if (!holdsDeep(payload)) return nats.request(subject, JSON.parse(text), token ? { token } : {});
  const h = headers();
  h.set(NatsHeader.RequestId, randomUUID());
  if (token) h.set(NatsHeader.ActorToken, token);
  const packet = `{"pattern":${JSON.stringify(subject)},"data":${text},"id":"${randomUUID()}"}`;
  const reply = await nats.connection.request(natsSubject(subject, env.subjectPrefix), packet, {
    headers: h,
    timeout: 5000,
  });
  const { response, err } = reply.json<{ response?: unknown; err?: ErrorPayload | string }>();
  return err !== undefined ? { ok: false, error: err } : { ok: true, value: response };
}

/** A typed 4xx error with a known code, its status the one the contracts give it, and no internals in it. */
function expectRefusal(reply: NatsReply<unknown>, expectedCodes: string[]): void {
  const error = reply.ok || typeof reply.error !== 'object' ? undefined : reply.error;
  expect({ reply, refused: error !== undefined && expectedCodes.includes(error.code) }).toMatchObject({
    refused: true,
  });
  if (!error) return;
  expect(error.statusCode).toBe(statusOfKnownCode(error.code));
  expect(error.statusCode).toBeGreaterThanOrEqual(400);
  expect(error.statusCode).toBeLessThan(500);
  expect(typeof error.message).toBe('string');
  expect(JSON.stringify(error)).not.toMatch(INTERNALS);
}

/** A generated request: who sends it, and the payload (hostile, or for an unsigned actor request, any). */
function hostileRequest(spec: FieldSpec, access: 'actor' | 'public') {
  const base = baselineOf(spec, ids) as Record<string, unknown>;
  const hostile = hostilePayload(spec, base);
  return fc.oneof(
    {
      weight: 4,
      arbitrary: fc.record({ caller: fc.constantFrom<Caller>('gm', 'player'), payload: hostile }),
    },
    { weight: 1, arbitrary: fc.record({ caller: fc.constant<Caller>('none'), payload: hostile }) },
    // Without a token, an actor request is refused whatever it carries, a valid payload included.
    ...(access === 'actor'
      ? [
          {
            weight: 1,
            arbitrary: fc.record({
              caller: fc.constant<Caller>('none'),
              payload: fc.constant<unknown>(base),
            }),
          },
        ]
      : []),
  );
}

async function expectHostileRefused(subject: string, contract: Contract, runs: number): Promise<void> {
  await fc.assert(
    fc.asyncProperty(hostileRequest(specFromClass(contract.request), contract.access), async (request) => {
      const before = await tableFingerprint(db);
      const reply = await send(subject, request.payload, request.caller);
      const unsigned = contract.access === 'actor' && request.caller === 'none';
      expectRefusal(reply, unsigned ? [ErrorCode.Unauthenticated] : PAYLOAD_REFUSALS);
      expect(await tableFingerprint(db)).toEqual(before);
    }),
    { numRuns: runs },
  );
}

describe('hostile payloads to every campaign subject', () => {
  const campaignContracts = contracts.filter(([subject]) => subject.startsWith('campaign.'));

  it('finds the subjects in the contract map', () => {
    expect(campaignContracts.length).toBeGreaterThan(15);
  });

  it.each(campaignContracts)(
    '%s answers every one with a 4xx error and writes nothing',
    async (subject, contract) => {
      await expectHostileRefused(subject, contract, RUNS_PER_SUBJECT);
      // Still serving: nothing above took the service down.
      await nats.expectOk(Subjects.campaign.ping, {});
    },
  );
});

describe('fields that read blank text as left out', () => {
  const deletion = RpcContracts[Subjects.campaign.weapons.delete];
  const spec = specFromClass(deletion.request);

  it('are known from the contract class, and get every hostile value but blank text', () => {
    expect(spec.fields?.force).toMatchObject({ kind: 'boolean', required: false, blankIsAbsent: true });
    expect(spec.fields?.id?.blankIsAbsent).toBeUndefined();
    const forces = fc
      .sample(hostileValueFor(spec.fields!.force), { numRuns: 500, seed: 8 })
      .filter((value) => typeof value === 'string');
    expect(forces.length).toBeGreaterThan(0);
    expect(forces.filter((value) => value.trim() === '')).toEqual([]);
  });

  it('a blank flag is no flag: a delete of an unknown id is then not found, and writes nothing', async () => {
    const before = await tableFingerprint(db);
    const reply = await send(Subjects.campaign.weapons.delete, { id: randomUUID(), force: '' }, 'gm');
    expect(reply).toMatchObject({ ok: false, error: { code: ErrorCode.NotFound } });
    expect(await tableFingerprint(db)).toEqual(before);
  });

  it('a flag that is not one is still refused as the payload check refuses it', async () => {
    for (const force of ['yes', 2, null]) {
      const reply = await send(Subjects.campaign.weapons.delete, { id: randomUUID(), force }, 'gm');
      expectRefusal(reply, [ErrorCode.InvalidPayload]);
    }
  });
});

describe('integers past the safe range in every numeric field', () => {
  // Campaign's subjects (the service booted here); the other services' get hostile numbers below.
  const numeric = contracts
    .filter(([subject]) => subject.startsWith('campaign.'))
    .map(([subject, contract]) => [subject, contract, numericPaths(specFromClass(contract.request))] as const)
    .filter(([, , paths]) => paths.length > 0);

  it('finds the subjects that take a number', () => {
    expect(numeric.length).toBeGreaterThan(0);
  });

  it.each(numeric)('%s refuses them and writes nothing', async (subject, contract, paths) => {
    const base = baselineOf(specFromClass(contract.request), ids) as Record<string, unknown>;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...paths),
        unsafeInteger,
        fc.constantFrom<Caller>('gm', 'player'),
        async (path, value, caller) => {
          const before = await tableFingerprint(db);
          expectRefusal(await send(subject, withValueAt(base, path, value), caller), PAYLOAD_REFUSALS);
          expect(await tableFingerprint(db)).toEqual(before);
        },
      ),
      { numRuns: RUNS_PER_NUMERIC_SUBJECT },
    );
  });
});

describe('hostile payloads to the system subjects of the other services', () => {
  let storageRoot: string;
  const apps: INestApplication[] = [];
  const otherContracts = contracts.filter(([subject]) => !subject.startsWith('campaign.'));

  /** Each backend but campaign booted on this file's environment; a new service fails the type check here. */
  const boots: Record<Exclude<BackendServiceName, 'campaign'>, () => Promise<INestApplication>> = {
    chat: () => bootChat(loadChatConfig(env.common({ DATABASE_URL: env.databaseUrl('chat') }))),
    'realtime-location': () =>
      bootLocation(
        loadLocationConfig(env.common({ DATABASE_URL: env.databaseUrl('location'), ...env.redis() })),
      ),
    media: () =>
      bootMedia(
        loadMediaConfig(
          env.common({
            DATABASE_URL: env.databaseUrl('media'),
            MEDIA_STORAGE_DIR: join(storageRoot, 'images'),
          }),
        ),
      ),
    jobs: () => bootJobs(loadJobsConfig(env.common(env.redis()))),
  };

  beforeAll(async () => {
    storageRoot = await mkdtemp(join(tmpdir(), 'shotcaller-hostile-'));
    for (const boot of Object.values(boots)) apps.push(await boot());
  });

  afterAll(async () => {
    for (const service of apps) await service.close();
    if (storageRoot) await rm(storageRoot, { recursive: true, force: true });
  });

  it('boots every service that answers a subject of the contract map', () => {
    const booted = Object.keys(boots).map(
      (service) => SystemSubjects[service as keyof typeof boots].ping.split('.')[0],
    );
    const unanswered = otherContracts.filter(([subject]) => !booted.includes(subject.split('.')[0]));
    expect(unanswered).toEqual([]);
  });

  it.each(otherContracts)('%s answers every one with a 4xx error', async (subject, contract) => {
    await expectHostileRefused(subject, contract, RUNS_PER_SYSTEM_SUBJECT);
    // Still serving (its ping answers): nothing above took the service down.
    expect(await nats.expectOk(`${subject.split('.')[0]}.ping`, {})).toBeDefined();
  });
});
