import type { INestApplication } from '@nestjs/common';
import { Redis } from 'ioredis';
import pg from 'pg';
import type { Subscription } from '@nats-io/transport-node';
import { generateSigningKeyPair } from '@shotcaller/auth';
import {
  natsSubject,
  RealtimeSubjects,
  Subjects,
  type LocationGrant,
  type LocationSessionView,
  type LocationSweepResult,
  type LocationTopicEvent,
} from '@shotcaller/contracts';
import { eventually, NatsRequester, TestEnvironment } from '@shotcaller/testing';
import { bootLocation } from '../src/boot.js';
import { loadLocationConfig } from '../src/config.js';

/**
 * The creator's powers do not depend on holding a place: a creator the sweep marked unseen still ends the session
 * and removes others once the session has filled up (sessions of two here, LOCATION_MAX_PARTICIPANTS=2).
 */
const { sessions, participants, positions } = Subjects.location;
const env = new TestEnvironment('location-creator');
const keys = generateSigningKeyPair();
let app: INestApplication;
let nats: NatsRequester;
let db: pg.Client;
let redis: Redis;

beforeAll(async () => {
  const databaseUrl = env.databaseUrl('location');
  app = await bootLocation(
    loadLocationConfig(
      env.common({
        ...env.redis(),
        DATABASE_URL: databaseUrl,
        LOCATION_TOKEN_PRIVATE_KEY: keys.privateKeyPem,
        LOCATION_MAX_PARTICIPANTS: '2',
        LOCATION_MIN_UPDATE_INTERVAL_MS: '0',
        LOCATION_SWEEP_INTERVAL_MS: '0',
      }),
    ),
  );
  nats = await NatsRequester.connect(env.stores.nats, env.subjectPrefix);
  db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  redis = new Redis(env.stores.redis, { keyPrefix: env.redisKeyPrefix });
});

afterAll(async () => {
  redis?.disconnect();
  await db?.end();
  await nats?.close();
  await app?.close();
  await env.cleanup();
});

function create(name: string): Promise<LocationGrant> {
  return nats.expectOk<LocationGrant>(sessions.create, { name, display_name: 'Creator' });
}

function join(sessionId: string, display_name: string): Promise<LocationGrant> {
  return nats.expectOk<LocationGrant>(sessions.join, { session_id: sessionId, display_name });
}

function remove(actor: LocationGrant, target: LocationGrant) {
  return nats.request(
    participants.remove,
    { session_id: actor.session.id, participant_id: target.participant.id },
    { token: actor.token },
  );
}

function move(grant: LocationGrant) {
  return nats.request(
    positions.update,
    { session_id: grant.session.id, lat: 1, lng: 2, accuracy: 3, recorded_at: new Date().toISOString() },
    { token: grant.token },
  );
}

/** Has the sweep mark this participant left as unseen (last seen 20 minutes ago, for the database and Redis). */
async function sweepAsUnseen(grant: LocationGrant): Promise<void> {
  const longAgo = Date.now() - 20 * 60_000;
  await db.query('update location_participants set last_seen_at = $2 where id = $1', [
    grant.participant.id,
    new Date(longAgo),
  ]);
  await redis.zadd(`location:${grant.session.id}:seen`, longAgo, grant.participant.id);
  const swept = await nats.expectOk<LocationSweepResult>(sessions.sweep, {});
  expect(swept.left).toContainEqual({ session_id: grant.session.id, participant_id: grant.participant.id });
}

async function rows(sessionId: string): Promise<Map<string, { left_reason: string | null }>> {
  const result = await db.query('select id, left_reason from location_participants where session_id = $1', [
    sessionId,
  ]);
  return new Map(result.rows.map((row) => [row.id as string, { left_reason: row.left_reason }]));
}

/** A session of two whose creator was marked unseen and whose freed place was then taken: it is full. */
async function fullWithoutItsCreator(name: string) {
  const creator = await create(name);
  const first = await join(creator.session.id, 'First');
  await sweepAsUnseen(creator);
  const second = await join(creator.session.id, 'Second');
  expect(
    await nats.expectError(sessions.join, { session_id: creator.session.id, display_name: 'Third' }),
  ).toMatchObject({ statusCode: 409 });
  return { creator, first, second };
}

/** Every event published on a session's topic, as the gateway would receive it. */
function watch(sessionId: string): { events: LocationTopicEvent[]; subscription: Subscription } {
  const events: LocationTopicEvent[] = [];
  const subscription = nats.connection.subscribe(
    natsSubject(RealtimeSubjects.location(sessionId), env.subjectPrefix),
    {
      callback: (_error, message) => {
        events.push(message.json<LocationTopicEvent>());
      },
    },
  );
  return { events, subscription };
}

describe('the creator of a full session, marked unseen', () => {
  it('ends the session with their token, and everyone is told', async () => {
    const { creator, first, second } = await fullWithoutItsCreator('End it');
    const sessionId = creator.session.id;
    const { events, subscription } = watch(sessionId);
    try {
      // Only the creator: a participant of the session may not.
      expect(
        await nats.request(sessions.end, { session_id: sessionId }, { token: first.token }),
      ).toMatchObject({
        ok: false,
        error: { statusCode: 403 },
      });
      const ended = await nats.expectOk<LocationSessionView>(
        sessions.end,
        { session_id: sessionId },
        { token: creator.token },
      );
      expect(ended).toMatchObject({ id: sessionId, ended_reason: 'ended', ended_at: expect.any(String) });
      await eventually(() =>
        expect(events.filter((event) => event.event === 'session.ended')).toEqual([
          { event: 'session.ended', session_id: sessionId, reason: 'ended' },
        ]),
      );
      // Ending took no place: the creator never came back (no participant.joined), and nobody is in it now.
      expect(events.filter((event) => event.event === 'participant.joined')).toEqual([]);
      const after = await rows(sessionId);
      expect(after.get(first.participant.id)?.left_reason).toBe('ended');
      expect(after.get(second.participant.id)?.left_reason).toBe('ended');
      expect(await redis.keys(`location:${sessionId}:*`)).toEqual([]);
      expect(await move(first)).toMatchObject({ ok: false, error: { statusCode: 410 } });
    } finally {
      subscription.unsubscribe();
    }
  });

  it('removes another participant, and takes the place that frees', async () => {
    const { creator, first, second } = await fullWithoutItsCreator('Remove one');
    const sessionId = creator.session.id;
    const { events, subscription } = watch(sessionId);
    try {
      // Only the creator removes others.
      expect(await remove(first, second)).toMatchObject({ ok: false, error: { statusCode: 403 } });
      expect(await remove(creator, second)).toMatchObject({ ok: true, value: { removed: true } });
      await eventually(() =>
        expect(events.map((event) => event.event)).toEqual(['participant.left', 'participant.joined']),
      );
      expect(events[0]).toEqual({
        event: 'participant.left',
        session_id: sessionId,
        participant_id: second.participant.id,
        reason: 'removed',
      });
      expect(events[1]).toMatchObject({
        event: 'participant.joined',
        participant: { id: creator.participant.id, is_creator: true, left_at: null },
      });
      const after = await rows(sessionId);
      expect(after.get(second.participant.id)?.left_reason).toBe('removed');
      expect(after.get(creator.participant.id)?.left_reason).toBeNull();
      expect(after.get(first.participant.id)?.left_reason).toBeNull();
      expect(await redis.smembers(`location:${sessionId}:participants`)).toEqual(
        expect.arrayContaining([creator.participant.id, first.participant.id]),
      );
      expect(await redis.scard(`location:${sessionId}:participants`)).toBe(2);
      expect(await nats.expectOk<LocationSessionView>(sessions.get, { session_id: sessionId })).toMatchObject(
        { participant_count: 2 },
      );
      // The removed one is out for good; the creator acts as any participant again.
      expect(await move(second)).toMatchObject({ ok: false, error: { statusCode: 403 } });
      expect(await move(creator)).toMatchObject({ ok: true });
    } finally {
      subscription.unsubscribe();
    }
  });

  it('removes a participant who was marked unseen too, who then cannot come back', async () => {
    const creator = await create('Sleeper');
    const sleeper = await join(creator.session.id, 'Sleeper');
    await sweepAsUnseen(sleeper);
    expect(await remove(creator, sleeper)).toMatchObject({ ok: true, value: { removed: true } });
    expect((await rows(creator.session.id)).get(sleeper.participant.id)?.left_reason).toBe('removed');
    expect(await move(sleeper)).toMatchObject({ ok: false, error: { statusCode: 403 } });
  });
});

describe('a participant marked unseen, in a full session', () => {
  it('leaves with their token, without taking a place first', async () => {
    const creator = await create('Leaver');
    const leaver = await join(creator.session.id, 'Leaver');
    await sweepAsUnseen(leaver);
    const newcomer = await join(creator.session.id, 'Newcomer');
    const { events, subscription } = watch(creator.session.id);
    try {
      expect(await remove(leaver, leaver)).toMatchObject({ ok: true, value: { removed: true } });
      await eventually(() =>
        expect(events).toEqual([
          {
            event: 'participant.left',
            session_id: creator.session.id,
            participant_id: leaver.participant.id,
            reason: 'left',
          },
        ]),
      );
      const after = await rows(creator.session.id);
      expect(after.get(leaver.participant.id)?.left_reason).toBe('left');
      expect(after.get(newcomer.participant.id)?.left_reason).toBeNull();
      expect(await move(leaver)).toMatchObject({ ok: false, error: { statusCode: 403 } });
    } finally {
      subscription.unsubscribe();
    }
  });
});
