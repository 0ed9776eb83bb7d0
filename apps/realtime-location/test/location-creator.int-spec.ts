import type { Redis } from 'ioredis';
import type pg from 'pg';
import {
  Subjects,
  type LocationGrant,
  type LocationSessionView,
  type LocationSweepResult,
} from '@shotcaller/contracts';
import { eventually, NatsRequester, TestEnvironment } from '@shotcaller/testing';
import { LocationWorld } from './support/location-world.js';

/**
 * The creator's powers do not depend on holding a place: a creator the sweep marked unseen still ends the session
 * and removes others once the session has filled up (sessions of two here, LOCATION_MAX_PARTICIPANTS=2).
 */
const { sessions } = Subjects.location;
const world = new LocationWorld(new TestEnvironment('location-creator'));
const { create, join, move, remove, watch, lastSeenLongAgo } = world;
let nats: NatsRequester;
let db: pg.Client;
let redis: Redis;

beforeAll(async () => {
  await world.start({ LOCATION_MAX_PARTICIPANTS: '2', LOCATION_MIN_UPDATE_INTERVAL_MS: '0' });
  ({ nats, db, redis } = world);
});

afterAll(() => world.stop());

/** Has the sweep mark this participant left as unseen (last seen 20 minutes ago, for the database and Redis). */
async function sweepAsUnseen(grant: LocationGrant): Promise<void> {
  await lastSeenLongAgo([grant]);
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
  const creator = await create(name, 'Creator');
  const first = await join(creator.session.id, 'First');
  await sweepAsUnseen(creator);
  const second = await join(creator.session.id, 'Second');
  expect(
    await nats.expectError(sessions.join, { session_id: creator.session.id, display_name: 'Third' }),
  ).toMatchObject({ statusCode: 409 });
  return { creator, first, second };
}

describe('the creator of a full session, marked unseen', () => {
  it('ends the session with their token, and everyone is told', async () => {
    const { creator, first, second } = await fullWithoutItsCreator('End it');
    const sessionId = creator.session.id;
    const events = watch(sessionId);
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
        expect(events.named('session.ended')).toEqual([
          { event: 'session.ended', session_id: sessionId, reason: 'ended' },
        ]),
      );
      // Ending took no place: the creator never came back (no participant.joined), and nobody is in it now.
      expect(events.named('participant.joined')).toEqual([]);
      const after = await rows(sessionId);
      expect(after.get(first.participant.id)?.left_reason).toBe('ended');
      expect(after.get(second.participant.id)?.left_reason).toBe('ended');
      expect(await redis.keys(`location:${sessionId}:*`)).toEqual([]);
      expect(await move(first)).toMatchObject({ ok: false, error: { statusCode: 410 } });
    } finally {
      events.close();
    }
  });

  it('removes another participant, and takes the place that frees', async () => {
    const { creator, first, second } = await fullWithoutItsCreator('Remove one');
    const sessionId = creator.session.id;
    const events = watch(sessionId);
    try {
      // Only the creator removes others.
      expect(await remove(first, second)).toMatchObject({ ok: false, error: { statusCode: 403 } });
      expect(await remove(creator, second)).toMatchObject({ ok: true, value: { removed: true } });
      await eventually(() =>
        expect(events.events.map((event) => event.event)).toEqual(['participant.left', 'participant.joined']),
      );
      expect(events.events[0]).toEqual({
        event: 'participant.left',
        session_id: sessionId,
        participant_id: second.participant.id,
        reason: 'removed',
      });
      expect(events.events[1]).toMatchObject({
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
      events.close();
    }
  });

  it('removes a participant who was marked unseen too, who then cannot come back', async () => {
    const creator = await create('Sleeper', 'Creator');
    const sleeper = await join(creator.session.id, 'Sleeper');
    await sweepAsUnseen(sleeper);
    expect(await remove(creator, sleeper)).toMatchObject({ ok: true, value: { removed: true } });
    expect((await rows(creator.session.id)).get(sleeper.participant.id)?.left_reason).toBe('removed');
    expect(await move(sleeper)).toMatchObject({ ok: false, error: { statusCode: 403 } });
  });
});

describe('a participant marked unseen, in a full session', () => {
  it('leaves with their token, without taking a place first', async () => {
    const creator = await create('Leaver', 'Creator');
    const leaver = await join(creator.session.id, 'Leaver');
    await sweepAsUnseen(leaver);
    const newcomer = await join(creator.session.id, 'Newcomer');
    const events = watch(creator.session.id);
    try {
      expect(await remove(leaver, leaver)).toMatchObject({ ok: true, value: { removed: true } });
      await eventually(() =>
        expect(events.events).toEqual([
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
      events.close();
    }
  });
});
