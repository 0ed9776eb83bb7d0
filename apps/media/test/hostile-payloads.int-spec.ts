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
  type Actor,
  type ErrorPayload,
  type ImageView,
} from '@shotcaller/contracts';
import { NatsRequester, TestEnvironment, tokenFor, type NatsReply } from '@shotcaller/testing';
import {
  baselineOf,
  Deep,
  hostilePayload,
  INTERNALS,
  specFromClass,
  statusOfKnownCode,
  toJsonText,
} from '../../../test/e2e/support/hostile-input.js';
import { bootMedia } from '../src/boot.js';
import { loadMediaConfig } from '../src/config.js';
import { filesUnder, json, picture, ReferencedResponder, upload } from './support/media-kit.js';

/**
 * Every media subject of the contract map, sent generated hostile payloads as another process on the bus could
 * (see apps/campaign/test/hostile-payloads.int-spec.ts, which sends them to every subject but checks only the
 * campaign database): each is answered with a typed 4xx error without internals, and no image row or file
 * changes. The campaign service answers `campaign.images.referenced` with "nothing is referenced", so a payload
 * that slipped through would delete.
 */

const RUNS_PER_SUBJECT = 60;
const PAYLOAD_REFUSALS: string[] = [
  ErrorCode.InvalidPayload,
  ErrorCode.MalformedRequest,
  ErrorCode.PayloadTooLarge,
];

type Contract = (typeof RpcContracts)[keyof typeof RpcContracts];
type Caller = 'uploader' | 'none';

const env = new TestEnvironment('media-hostile');
const uploader: Actor = { id: randomUUID(), kind: ActorKind.User, roles: [] };
let storageRoot: string;
let storage: string;
let app: INestApplication;
let nats: NatsRequester;
let db: pg.Client;
let token: string;
let image: ImageView;
let campaign: ReferencedResponder;

beforeAll(async () => {
  storageRoot = await mkdtemp(join(tmpdir(), 'shotcaller-media-hostile-'));
  storage = join(storageRoot, 'images');
  const databaseUrl = env.databaseUrl('media');
  app = await bootMedia(
    loadMediaConfig(env.common({ DATABASE_URL: databaseUrl, MEDIA_STORAGE_DIR: storage })),
  );
  nats = await NatsRequester.connect(env.stores.nats, env.subjectPrefix);
  campaign = new ReferencedResponder(nats.connection, env.subjectPrefix).start();
  db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  token = await tokenFor(uploader);
  // One attached image and one loose one, both old enough for the cleanup: a payload let through would delete.
  image = json<ImageView>(await upload(await app.getUrl(), await picture('png'), token));
  await nats.expectOk(
    Subjects.media.images.attach,
    { image_id: image.id, entity_type: 'Character', entity_id: randomUUID() },
    { token },
  );
  await upload(await app.getUrl(), await picture('gif'), token);
  await db.query(
    `update images set created_at = created_at - interval '1 day', attached_at = attached_at - interval '1 day'`,
  );
});

afterAll(async () => {
  await campaign?.stop();
  await nats?.close();
  await db?.end();
  await app?.close();
  await env.cleanup();
  if (storageRoot) await rm(storageRoot, { recursive: true, force: true });
});

/** The images table and the files, as they are now. */
async function fingerprint(): Promise<{ rows: string; files: string[] }> {
  const { rows } = await db.query<{ rows: string }>(
    `select coalesce(md5(string_agg(images::text, ',' order by id)), '') as rows from images`,
  );
  return { rows: rows[0].rows, files: await filesUnder(storage) };
}

function holdsDeep(value: unknown): boolean {
  if (value instanceof Deep) return true;
  if (typeof value !== 'object' || value === null) return false;
  return Object.values(value).some(holdsDeep);
}

/** Sends a payload as a client would; payloads too deep for JSON.stringify go out as text. */
async function send(subject: string, payload: unknown, caller: Caller): Promise<NatsReply<unknown>> {
  const actorToken = caller === 'none' ? undefined : token;
  const text = toJsonText(payload);
  if (!holdsDeep(payload)) {
    return nats.request(subject, JSON.parse(text), actorToken ? { token: actorToken } : {});
  }
  const h = headers();
  h.set(NatsHeader.RequestId, randomUUID());
  if (actorToken) h.set(NatsHeader.ActorToken, actorToken);
  const packet = `{"pattern":${JSON.stringify(subject)},"data":${text},"id":"${randomUUID()}"}`;
  const reply = await nats.connection.request(natsSubject(subject, env.subjectPrefix), packet, {
    headers: h,
    timeout: 5000,
  });
  const { response, err } = reply.json<{ response?: unknown; err?: ErrorPayload | string }>();
  return err !== undefined ? { ok: false, error: err } : { ok: true, value: response };
}

function expectRefusal(reply: NatsReply<unknown>, expectedCodes: string[]): void {
  const error = reply.ok || typeof reply.error !== 'object' ? undefined : reply.error;
  expect({ reply, refused: error !== undefined && expectedCodes.includes(error.code) }).toMatchObject({
    refused: true,
  });
  if (!error) return;
  expect(error.statusCode).toBe(statusOfKnownCode(error.code));
  expect(error.statusCode).toBeGreaterThanOrEqual(400);
  expect(error.statusCode).toBeLessThan(500);
  expect(JSON.stringify(error)).not.toMatch(INTERNALS);
}

const mediaContracts = (Object.entries(RpcContracts) as [string, Contract][]).filter(
  ([subject]) =>
    subject.startsWith('media.') && subject !== Subjects.media.ping && subject !== Subjects.media.health,
);

describe('hostile payloads to every media subject', () => {
  it('finds the image subjects in the contract map', () => {
    expect(mediaContracts.map(([subject]) => subject).sort()).toEqual(
      Object.values(Subjects.media.images).sort(),
    );
  });

  it.each(mediaContracts)(
    '%s answers every one with a 4xx error and changes nothing',
    async (subject, contract) => {
      const spec = specFromClass(contract.request);
      const base = baselineOf(spec, { campaign: image.id, user: uploader.id }) as Record<string, unknown>;
      const request = fc.oneof(
        {
          weight: 4,
          arbitrary: fc.record({
            caller: fc.constant<Caller>('uploader'),
            payload: hostilePayload(spec, base),
          }),
        },
        {
          weight: 1,
          arbitrary: fc.record({ caller: fc.constant<Caller>('none'), payload: hostilePayload(spec, base) }),
        },
      );
      await fc.assert(
        fc.asyncProperty(request, async ({ caller, payload }) => {
          const before = await fingerprint();
          const reply = await send(subject, payload, caller);
          const unsigned = contract.access === 'actor' && caller === 'none';
          expectRefusal(
            reply,
            unsigned ? [ErrorCode.Unauthenticated, ...PAYLOAD_REFUSALS] : PAYLOAD_REFUSALS,
          );
          expect(await fingerprint()).toEqual(before);
        }),
        { numRuns: RUNS_PER_SUBJECT },
      );
      expect(await nats.expectOk(Subjects.media.ping, {})).toBeDefined();
    },
  );
});
