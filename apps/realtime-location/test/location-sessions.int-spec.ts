import type { Redis } from 'ioredis';
import type pg from 'pg';
import { decodeJwt } from 'jose';
import {
  Subjects,
  type LocationGrant,
  type LocationParticipantsView,
  type LocationPositionView,
  type LocationSessionView,
  type LocationSweepResult,
  type LocationTopicState,
  type TopicAuthorization,
} from '@shotcaller/contracts';
import { eventually, NatsRequester, TestEnvironment } from '@shotcaller/testing';
import { LocationWorld, position } from './support/location-world.js';

const { sessions, participants, positions, topics } = Subjects.location;
const world = new LocationWorld(new TestEnvironment('location-sessions'));
const { create, join, move, remove, watch, lastSeenLongAgo } = world;
const POSITION_TTL_SECONDS = 2;
let nats: NatsRequester;
let db: pg.Client;
let redis: Redis;

async function livePositions(grant: LocationGrant): Promise<LocationPositionView[]> {
  const view = await nats.expectOk<LocationParticipantsView>(
    participants.list,
    { session_id: grant.session.id },
    { token: grant.token },
  );
  return view.participants.flatMap((participant) => (participant.position ? [participant.position] : []));
}

beforeAll(async () => {
  await world.start({
    LOCATION_POSITION_TTL_SECONDS: String(POSITION_TTL_SECONDS),
    LOCATION_MIN_UPDATE_INTERVAL_MS: '300',
  });
  ({ nats, db, redis } = world);
});

afterAll(() => world.stop());

describe('location sessions', () => {
  it('creates a session with its creator and a participant token for that session', async () => {
    const grant = await create();
    expect(grant.session).toMatchObject({
      name: 'Night run',
      creator_participant_id: grant.participant.id,
      ended_at: null,
      max_participants: 50,
      participant_count: 1,
    });
    expect(grant.participant).toMatchObject({ display_name: 'Johnny', is_creator: true, left_at: null });
    const expiresIn = Date.parse(grant.session.expires_at) - Date.parse(grant.session.created_at);
    expect(expiresIn).toBe(24 * 3600 * 1000);
    // The token outlives the session by LOCATION_TOKEN_GRACE_SECONDS (300 by default), for the sweep to end it.
    const exp = Math.ceil(Date.parse(grant.session.expires_at) / 1000) + 300;
    expect(decodeJwt(grant.token)).toMatchObject({
      sub: grant.participant.id,
      sid: grant.session.id,
      scp: 'location_participant',
      name: 'Johnny',
      exp,
    });
    expect(grant.token_expires_at).toBe(new Date(exp * 1000).toISOString());
    const read = await nats.expectOk<LocationSessionView>(sessions.get, { session_id: grant.session.id });
    expect(read).toMatchObject({ id: grant.session.id, participant_count: 1 });
  });

  it('refuses a duration beyond the limit and bad names, writing nothing', async () => {
    const before = (await db.query('select count(*)::int as n from location_sessions')).rows[0].n;
    const tooLong = await nats.expectError(sessions.create, {
      name: 'x',
      display_name: 'y',
      duration_minutes: 24 * 60 + 1,
    });
    expect(tooLong).toMatchObject({
      statusCode: 422,
      details: { errors: { duration_minutes: expect.any(Array) } },
    });
    expect(
      await nats.expectError(sessions.create, { name: 'x'.repeat(101), display_name: 'y' }),
    ).toMatchObject({ statusCode: 400 });
    expect(await nats.expectError(sessions.create, { name: 'x', display_name: '' })).toMatchObject({
      statusCode: 400,
    });
    expect((await db.query('select count(*)::int as n from location_sessions')).rows[0].n).toBe(before);
  });

  it('takes 50 participants and refuses the 51st, even when they all join at once', async () => {
    const creator = await create();
    const attempts = await Promise.all(
      Array.from({ length: 55 }, (_, index) =>
        nats.request<LocationGrant>(sessions.join, {
          session_id: creator.session.id,
          display_name: `P${index}`,
        }),
      ),
    );
    expect(attempts.filter((attempt) => attempt.ok)).toHaveLength(49);
    const refusals = attempts.flatMap((attempt) => (attempt.ok ? [] : [attempt.error]));
    expect(refusals).toHaveLength(6);
    for (const refusal of refusals) expect(refusal).toMatchObject({ statusCode: 409, code: 'conflict' });
    const stored = await db.query(
      'select count(*)::int as n from location_participants where session_id = $1',
      [creator.session.id],
    );
    expect(stored.rows[0].n).toBe(50);
  });

  it('keeps a position for its TTL, then forgets it', async () => {
    const grant = await create();
    const stored = await move(grant);
    expect(stored.ok).toBe(true);
    expect(await livePositions(grant)).toEqual([
      expect.objectContaining({
        participant_id: grant.participant.id,
        lat: 48.8566,
        lng: 2.3522,
        accuracy: 12,
      }),
    ]);
    const ttl = await redis.pttl(`location:${grant.session.id}:position:${grant.participant.id}`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(POSITION_TTL_SECONDS * 1000);
    await eventually(async () => expect(await livePositions(grant)).toEqual([]));
  });

  it('publishes each update to the session and refuses one faster than the configured rate', async () => {
    const grant = await create();
    const events = watch(grant.session.id);
    try {
      expect((await move(grant, { lat: 10 })).ok).toBe(true);
      const tooFast = await move(grant, { lat: 11 });
      expect(tooFast).toMatchObject({ ok: false, error: { statusCode: 429, code: 'rate_limited' } });
      expect(await livePositions(grant)).toEqual([expect.objectContaining({ lat: 10 })]);
      await eventually(() => expect(events.named('location.updated')).toHaveLength(1));
      expect(events.named('location.updated')[0]).toMatchObject({
        session_id: grant.session.id,
        position: { participant_id: grant.participant.id, lat: 10 },
      });
    } finally {
      events.close();
    }
  });

  it('lets a participant move only itself, only in its own session', async () => {
    const first = await create('First');
    const second = await create('Second');
    const otherSession = await move(first, {}, second.session.id);
    expect(otherSession).toMatchObject({ ok: false, error: { statusCode: 403, code: 'forbidden' } });
    const someoneElse = await nats.request(
      positions.update,
      { session_id: first.session.id, participant_id: second.participant.id, ...position() },
      { token: first.token },
    );
    expect(someoneElse).toMatchObject({ ok: false, error: { statusCode: 400, code: 'invalid_payload' } });
    const noToken = await nats.request(positions.update, { session_id: first.session.id, ...position() });
    expect(noToken).toMatchObject({ ok: false, error: { statusCode: 401 } });
    const forged = await move({ ...first, token: `${first.token.slice(0, -4)}AAAA` });
    expect(forged).toMatchObject({ ok: false, error: { statusCode: 401 } });
    expect(await livePositions(first)).toEqual([]);
    expect(await livePositions(second)).toEqual([]);
  });

  it.each([
    ['latitude out of range', { lat: 90.0001 }],
    ['longitude out of range', { lng: -180.5 }],
    ['negative accuracy', { accuracy: -1 }],
    ['NaN (sent as null)', { lat: null }],
    ['a number as text', { lng: '2.35' }],
    ['a time far in the future', { recorded_at: new Date(Date.now() + 3600_000).toISOString() }],
    ['an unreadable time', { recorded_at: 'now' }],
    ['a huge field', { recorded_at: 'x'.repeat(100_000) }],
  ])('refuses %s and stores nothing', async (_label, fields) => {
    const grant = await create();
    const refused = await move(grant, fields);
    expect(refused.ok).toBe(false);
    expect(refused.ok ? 0 : (refused.error as { statusCode: number }).statusCode).toBeGreaterThanOrEqual(400);
    expect(await livePositions(grant)).toEqual([]);
  });

  it('asks the database who is a participant when Redis lost the set, and still refuses the removed', async () => {
    const creator = await create();
    const stays = await join(creator.session.id, 'Stays');
    const goes = await join(creator.session.id, 'Goes');
    expect(await remove(creator, goes)).toMatchObject({ ok: true });
    const participantSet = `location:${creator.session.id}:participants`;
    await redis.del(participantSet);

    expect(await move(stays, { lat: 12 })).toMatchObject({ ok: true, value: { lat: 12 } });
    expect(await redis.sismember(participantSet, stays.participant.id)).toBe(1);
    expect(await move(goes)).toMatchObject({ ok: false, error: { statusCode: 403 } });
    expect(await redis.sismember(participantSet, goes.participant.id)).toBe(0);
    expect(await livePositions(creator)).toEqual([
      expect.objectContaining({ participant_id: stays.participant.id, lat: 12 }),
    ]);
  });

  it('lets participants leave and the creator remove others, but nobody else remove anyone', async () => {
    const creator = await create();
    const a = await join(creator.session.id, 'A');
    const b = await join(creator.session.id, 'B');
    const events = watch(creator.session.id);
    try {
      expect(await remove(a, b)).toMatchObject({ ok: false, error: { statusCode: 403 } });
      expect(await remove(a, a)).toMatchObject({ ok: true, value: { removed: true } });
      expect(await remove(creator, b)).toMatchObject({ ok: true, value: { removed: true } });
      // Gone participants act no more.
      expect(await move(b)).toMatchObject({ ok: false, error: { statusCode: 403 } });
      const listed = await nats.expectOk<LocationParticipantsView>(
        participants.list,
        { session_id: creator.session.id },
        { token: creator.token },
      );
      expect(listed.participants.map((participant) => participant.id)).toEqual([creator.participant.id]);
      await eventually(() =>
        expect(events.named('participant.left')).toEqual([
          expect.objectContaining({ participant_id: a.participant.id, reason: 'left' }),
          expect.objectContaining({ participant_id: b.participant.id, reason: 'removed' }),
        ]),
      );
    } finally {
      events.close();
    }
  });

  it('lets only the creator end a session, which tells everyone, removes live data and refuses joins (410)', async () => {
    const creator = await create();
    const member = await join(creator.session.id);
    expect((await move(member)).ok).toBe(true);
    const events = watch(creator.session.id);
    try {
      expect(
        await nats.request(sessions.end, { session_id: creator.session.id }, { token: member.token }),
      ).toMatchObject({ ok: false, error: { statusCode: 403 } });
      const ended = await nats.expectOk<LocationSessionView>(
        sessions.end,
        { session_id: creator.session.id },
        { token: creator.token },
      );
      expect(ended).toMatchObject({ ended_reason: 'ended', ended_at: expect.any(String) });
      await eventually(() =>
        expect(events.named('session.ended')).toEqual([
          { event: 'session.ended', session_id: creator.session.id, reason: 'ended' },
        ]),
      );
      expect(await redis.keys(`location:${creator.session.id}:*`)).toEqual([]);
      expect(
        await nats.expectError(sessions.join, { session_id: creator.session.id, display_name: 'Late' }),
      ).toMatchObject({ statusCode: 410, code: 'gone' });
      expect(await move(member)).toMatchObject({ ok: false, error: { statusCode: 410 } });
      expect(
        await nats.request(sessions.end, { session_id: creator.session.id }, { token: creator.token }),
      ).toMatchObject({ ok: false, error: { statusCode: 410 } });
    } finally {
      events.close();
    }
  });

  it('authorizes location:<id> for its participants only, with presence and every live position', async () => {
    const creator = await create();
    const member = await join(creator.session.id, 'Member');
    const stranger = await create('Elsewhere');
    expect((await move(member, { lat: -33.9 })).ok).toBe(true);
    const topic = `location:${creator.session.id}`;
    const answer = await nats.expectOk<TopicAuthorization>(
      topics.authorize,
      { topic },
      { token: creator.token },
    );
    expect(answer.presence).toEqual({
      id: creator.participant.id,
      name: 'Johnny',
      color: creator.participant.color,
    });
    const state = answer.state as unknown as LocationTopicState;
    expect(state.session_id).toBe(creator.session.id);
    expect(state.positions).toEqual([
      expect.objectContaining({ participant_id: member.participant.id, lat: -33.9 }),
    ]);
    expect(await nats.expectError(topics.authorize, { topic }, { token: stranger.token })).toMatchObject({
      statusCode: 403,
    });
    expect(await nats.expectError(topics.authorize, { topic })).toMatchObject({ statusCode: 401 });
  });

  it('sweeps an expired and an idle session exactly once, even with two sweeps at once', async () => {
    const expired = await create('Expired');
    const idle = await create('Idle');
    const lively = await create('Lively');
    await db.query(`update location_sessions set expires_at = now() - interval '1 second' where id = $1`, [
      expired.session.id,
    ]);
    await db.query(
      `update location_sessions set last_activity_at = now() - interval '2 hours' where id = any($1::uuid[])`,
      [[idle.session.id, lively.session.id]],
    );
    // The idle one has no recent activity in Redis either; the lively one moved a moment ago.
    await redis.set(`location:${idle.session.id}:activity`, String(Date.now() - 2 * 3600_000), 'KEEPTTL');
    expect((await move(lively)).ok).toBe(true);
    const watched = [expired, idle, lively].map((grant) => watch(grant.session.id));
    try {
      const [one, two] = await Promise.all([
        nats.expectOk<LocationSweepResult>(sessions.sweep, {}),
        nats.expectOk<LocationSweepResult>(sessions.sweep, {}),
      ]);
      const ended = [...one.ended, ...two.ended].sort((x, y) => x.reason.localeCompare(y.reason));
      expect(ended).toEqual([
        { id: expired.session.id, reason: 'expired' },
        { id: idle.session.id, reason: 'inactive' },
      ]);
      const rows = await db.query(
        'select id, ended_reason from location_sessions where id = any($1::uuid[]) order by name',
        [[expired.session.id, idle.session.id, lively.session.id]],
      );
      expect(Object.fromEntries(rows.rows.map((row) => [row.id, row.ended_reason]))).toEqual({
        [expired.session.id]: 'expired',
        [idle.session.id]: 'inactive',
        [lively.session.id]: null,
      });
      expect((await nats.expectOk<LocationSweepResult>(sessions.sweep, {})).ended).toEqual([]);
      await eventually(() => {
        expect(watched[0].named('session.ended')).toHaveLength(1);
        expect(watched[1].named('session.ended')).toHaveLength(1);
      });
      expect(watched[2].named('session.ended')).toHaveLength(0);
      expect(await redis.keys(`location:${expired.session.id}:*`)).toEqual([]);
      expect(await redis.keys(`location:${idle.session.id}:*`)).toEqual([]);
    } finally {
      for (const events of watched) events.close();
    }
  });

  it('marks participants unseen for the unseen period as left, once, and keeps those seen since', async () => {
    const creator = await create('Unseen');
    const sessionId = creator.session.id;
    const [gone, connected, moving] = [
      await join(sessionId, 'Gone'),
      await join(sessionId, 'Connected'),
      await join(sessionId, 'Moving'),
    ];
    const elsewhere = await create('Elsewhere');
    const everyone = [creator, gone, connected, moving];
    // All four last seen 20 minutes ago, as far as the database and Redis know.
    const longAgo = await lastSeenLongAgo(everyone);

    // Seen since: one through a gateway's report (only its own session's valid tokens count), one by moving, the
    // creator by subscribing.
    expect(
      await nats.expectOk<{ seen: number }>(participants.seen, {
        session_id: sessionId,
        tokens: [connected.token, elsewhere.token, 'not.a.token'],
      }),
    ).toEqual({ seen: 1 });
    expect((await move(moving)).ok).toBe(true);
    await nats.expectOk(topics.authorize, { topic: `location:${sessionId}` }, { token: creator.token });
    const listed = await nats.expectOk<LocationParticipantsView>(
      participants.list,
      { session_id: sessionId },
      { token: creator.token },
    );
    const seenAt = Object.fromEntries(
      listed.participants.map((p) => [p.id, Date.parse(p.last_seen_at ?? '')]),
    );
    expect(seenAt[gone.participant.id]).toBe(longAgo);
    expect(seenAt[connected.participant.id]).toBeGreaterThan(longAgo);

    const activityBefore = await redis.get(`location:${sessionId}:activity`);
    const events = watch(sessionId);
    try {
      const [one, two] = await Promise.all([
        nats.expectOk<LocationSweepResult>(sessions.sweep, {}),
        nats.expectOk<LocationSweepResult>(sessions.sweep, {}),
      ]);
      expect([...one.left, ...two.left]).toEqual([
        { session_id: sessionId, participant_id: gone.participant.id },
      ]);
      const rows = await db.query(
        'select id, left_at is not null as left, last_seen_at from location_participants where session_id = $1',
        [sessionId],
      );
      const byId = new Map(rows.rows.map((row) => [row.id, row]));
      expect(byId.get(gone.participant.id)).toMatchObject({ left: true });
      for (const stayed of [creator, connected, moving]) {
        expect(byId.get(stayed.participant.id).left).toBe(false);
        // The database caught up with Redis's sighting.
        expect(byId.get(stayed.participant.id).last_seen_at.getTime()).toBeGreaterThan(longAgo);
      }
      await eventually(() =>
        expect(events.named('participant.left')).toEqual([
          {
            event: 'participant.left',
            session_id: sessionId,
            participant_id: gone.participant.id,
            reason: 'unseen',
          },
        ]),
      );
      expect(await redis.sismember(`location:${sessionId}:participants`, gone.participant.id)).toBe(0);
      expect(await redis.zscore(`location:${sessionId}:seen`, gone.participant.id)).toBeNull();
      // Nobody did anything: the session's activity is not moved by the sweep.
      expect(await redis.get(`location:${sessionId}:activity`)).toBe(activityBefore);
      // A gateway's report cannot bring them back (only they can, see below).
      expect(
        await nats.expectOk<{ seen: number }>(participants.seen, {
          session_id: sessionId,
          tokens: [gone.token],
        }),
      ).toEqual({ seen: 0 });
      expect((await nats.expectOk<LocationSweepResult>(sessions.sweep, {})).left).toEqual([]);
    } finally {
      events.close();
    }
  });

  it('refuses a report of sightings that is not one', async () => {
    const { session } = await create('Reports');
    for (const payload of [
      { session_id: 'not-a-uuid', tokens: [] },
      { session_id: session.id, tokens: 'one' },
      { session_id: session.id, tokens: [1] },
      { session_id: session.id, tokens: Array.from({ length: 51 }, () => 'a.b.c') },
      { session_id: session.id, tokens: ['x'.repeat(4097)] },
      { session_id: session.id },
    ]) {
      expect({ payload, error: await nats.expectError(participants.seen, payload) }).toMatchObject({
        error: { statusCode: 400 },
      });
    }
  });

  it('announces a join, shows activity from positions at once, and refuses a join past expires_at', async () => {
    const creator = await create('Arrivals');
    const sessionId = creator.session.id;
    const events = watch(sessionId);
    try {
      const newcomer = await join(sessionId, 'Newcomer');
      await eventually(() =>
        expect(events.named('participant.joined')).toEqual([
          { event: 'participant.joined', session_id: sessionId, participant: newcomer.participant },
        ]),
      );
    } finally {
      events.close();
    }
    const before = await nats.expectOk<LocationSessionView>(sessions.get, { session_id: sessionId });
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect((await move(creator)).ok).toBe(true);
    const after = await nats.expectOk<LocationSessionView>(sessions.get, { session_id: sessionId });
    expect(Date.parse(after.last_activity_at)).toBeGreaterThan(Date.parse(before.last_activity_at));

    // Past its end but not swept yet: closed all the same.
    await db.query(`update location_sessions set expires_at = now() - interval '1 second' where id = $1`, [
      sessionId,
    ]);
    expect(
      await nats.expectError(sessions.join, { session_id: sessionId, display_name: 'Late' }),
    ).toMatchObject({ statusCode: 410 });
    // Redis lets the participant set go at expires_at: the update is then decided by the database.
    await redis.del(
      `location:${sessionId}:participants`,
      `location:${sessionId}:throttle:${creator.participant.id}`,
    );
    expect(await move(creator)).toMatchObject({ ok: false, error: { statusCode: 410 } });
    // Found closed once, the session is closed for this replica: the database is not asked again (were it, this
    // row, opened again behind the service's back, would let the update in).
    await db.query(`update location_sessions set expires_at = now() + interval '1 hour' where id = $1`, [
      sessionId,
    ]);
    expect(await move(creator)).toMatchObject({ ok: false, error: { statusCode: 410, code: 'gone' } });
  });

  it('lets a participant marked unseen come back with their token while the session has room', async () => {
    const creator = await create('Sleepers');
    const sessionId = creator.session.id;
    const [first, second] = [await join(sessionId, 'First'), await join(sessionId, 'Second')];
    await lastSeenLongAgo([first, second]);
    const swept = await nats.expectOk<LocationSweepResult>(sessions.sweep, {});
    expect(swept.left.filter((left) => left.session_id === sessionId)).toHaveLength(2);

    const events = watch(sessionId);
    try {
      // Back by sending a position: in the session again, and everyone told.
      expect((await move(first)).ok).toBe(true);
      await eventually(() =>
        expect(events.named('participant.joined')).toEqual([
          expect.objectContaining({ participant: expect.objectContaining({ id: first.participant.id }) }),
        ]),
      );
      const row = await db.query('select left_at, left_reason from location_participants where id = $1', [
        first.participant.id,
      ]);
      expect(row.rows[0]).toEqual({ left_at: null, left_reason: null });

      // No room for the second any more: refused, and still left.
      await db.query('update location_sessions set max_participants = 2 where id = $1', [sessionId]);
      expect(
        await nats.expectError(topics.authorize, { topic: `location:${sessionId}` }, { token: second.token }),
      ).toMatchObject({ statusCode: 409 });
      const still = await db.query('select left_reason from location_participants where id = $1', [
        second.participant.id,
      ]);
      expect(still.rows[0].left_reason).toBe('unseen');

      // Removed by the creator is not unseen: no way back.
      expect(await remove(creator, first)).toMatchObject({ ok: true });
      expect(await move(first)).toMatchObject({ ok: false, error: { statusCode: 403 } });
    } finally {
      events.close();
    }
  });
});
