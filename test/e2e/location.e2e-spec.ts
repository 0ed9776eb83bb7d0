import type { LocationPositionView, LocationTopicState } from '@shotcaller/contracts';
import { LocationSightings } from '../../apps/gateway/src/realtime/location/location-sightings.js';
import { dataOf, LocationStack, position, type Member } from './support/location-stack.js';
import { signUp, type Stack } from './support/stack.js';
import { closeAll, closed, connect, settle, subscribe } from './support/realtime-socket.js';

/**
 * Location sharing through the gateway: sessions over REST with participant tokens (no account), positions over
 * socket.io (`location:update`, `location:<id>` events), presence of who is connected, leaving and ending.
 */
const locations = new LocationStack('e2e-location');
const { createSession, joinSession, connectMember } = locations;
let stack: Stack;
let url: string;

beforeAll(async () => {
  await locations.start({ LOCATION_MIN_UPDATE_INTERVAL_MS: '200' });
  ({ stack, url } = locations);
});

afterEach(() => closeAll());

afterAll(() => locations.stop());

async function eventNamed(member: Member, name: string, count = 1): Promise<Record<string, unknown>[]> {
  for (;;) {
    const found = dataOf(member.log.events, name);
    if (found.length >= count) return found;
    await member.log.waitFor(member.log.events.length + 1);
  }
}

describe('location sharing through the gateway', () => {
  it('three participants join, move, see each other, one leaves, and the creator ends it for all', async () => {
    const creatorGrant = await createSession();
    const sessionId = creatorGrant.session.id;
    const topic = `location:${sessionId}`;
    const bGrant = await joinSession(sessionId, 'Shing');
    const cGrant = await joinSession(sessionId, 'Ana');
    const [a, b, c] = await Promise.all([creatorGrant, bGrant, cGrant].map(connectMember));

    // B moves before anyone follows: A's subscription starts from every live position.
    expect(await b.socket.emitWithAck('location:update', position(22.3, 114.17))).toMatchObject({
      ok: true,
      position: { participant_id: bGrant.participant.id, lat: 22.3, lng: 114.17 },
    });
    const ack = await subscribe(a.socket, topic);
    expect(ack).toMatchObject({ ok: true, topic });
    const state = (ack as unknown as { state: LocationTopicState }).state;
    expect(state.positions).toEqual([
      expect.objectContaining({ participant_id: bGrant.participant.id, lat: 22.3 }),
    ]);
    expect((await subscribe(b.socket, topic)).ok).toBe(true);
    expect((await subscribe(c.socket, topic)).ok).toBe(true);

    // Presence shows who is connected: A is told of B and C as they come.
    await settle(a.socket);
    const seen = new Set(
      a.presence.flatMap((change) => Object.keys('presences' in change ? change.presences : change.joins)),
    );
    expect(seen).toEqual(
      new Set([creatorGrant.participant.id, bGrant.participant.id, cGrant.participant.id]),
    );

    // C moves: A and B see it; C has it in its acknowledgement only.
    expect((await c.socket.emitWithAck('location:update', position(22.28, 114.16))).ok).toBe(true);
    for (const member of [a, b]) {
      const [updated] = await eventNamed(member, 'location.updated');
      expect(updated).toMatchObject({
        session_id: sessionId,
        position: { participant_id: cGrant.participant.id, lat: 22.28, lng: 114.16 },
      });
    }

    // The REST list shows everyone with their latest position.
    const listed = await stack
      .http()
      .get(`/api/location/sessions/${sessionId}/participants`)
      .auth(a.grant.token, { type: 'bearer' });
    expect(listed.status).toBe(200);
    const byId = new Map(
      (listed.body.participants as { id: string; position: LocationPositionView | null }[]).map((p) => [
        p.id,
        p.position,
      ]),
    );
    expect(byId.get(cGrant.participant.id)).toMatchObject({ lat: 22.28 });
    expect(byId.get(bGrant.participant.id)).toMatchObject({ lat: 22.3 });
    expect(byId.get(creatorGrant.participant.id)).toBeNull();

    // C saw none of its own updates: the first it sees is A's.
    expect((await a.socket.emitWithAck('location:update', position(22.29, 114.15))).ok).toBe(true);
    const [cSees] = await eventNamed(c, 'location.updated');
    expect(cSees).toMatchObject({ position: { participant_id: creatorGrant.participant.id, lat: 22.29 } });
    expect(dataOf(c.log.events, 'location.updated')).toHaveLength(1);

    // C leaves: the others are told, and C's connection closes (its token is good for nothing else now).
    const cClosed = closed(c.socket);
    const left = await stack
      .http()
      .delete(`/api/location/sessions/${sessionId}/participants/${cGrant.participant.id}`)
      .auth(c.grant.token, { type: 'bearer' });
    expect(left.status).toBe(204);
    for (const member of [a, b]) {
      const [gone] = await eventNamed(member, 'participant.left');
      expect(gone).toMatchObject({ participant_id: cGrant.participant.id, reason: 'left' });
    }
    expect(await cClosed).toEqual({
      notice: { code: 'gone', message: 'You are no longer in this session', reconnect: false },
      reason: 'io server disconnect',
    });

    // B may not end it; the creator does, and everyone still there is told.
    const refused = await stack
      .http()
      .delete(`/api/location/sessions/${sessionId}`)
      .auth(b.grant.token, { type: 'bearer' });
    expect(refused.status).toBe(403);
    const [aClosed, bClosed] = [closed(a.socket), closed(b.socket)];
    const ended = await stack
      .http()
      .delete(`/api/location/sessions/${sessionId}`)
      .auth(a.grant.token, { type: 'bearer' });
    expect(ended.status).toBe(200);
    expect(ended.body).toMatchObject({ id: sessionId, ended_reason: 'ended' });
    for (const member of [a, b]) {
      const [end] = await eventNamed(member, 'session.ended');
      expect(end).toMatchObject({ session_id: sessionId, reason: 'ended' });
    }
    // The topic closes: every participant's connection ends once told.
    for (const ending of [aClosed, bClosed]) {
      expect(await ending).toEqual({
        notice: { code: 'gone', message: 'The session has ended', reconnect: false },
        reason: 'io server disconnect',
      });
    }
    // Ended: no more joins (410), updates or subscriptions.
    const late = await stack
      .http()
      .post(`/api/location/sessions/${sessionId}/join`)
      .send({ display_name: 'Late' });
    expect(late.status).toBe(410);
    const again = await connectMember(bGrant);
    expect(await again.socket.emitWithAck('location:update', position(1, 1))).toMatchObject({
      ok: false,
      error: { code: 'gone' },
    });
    expect(await subscribe(again.socket, topic)).toMatchObject({ ok: false, error: { code: 'gone' } });
  });

  it('keeps a connected participant seen through the gateway report, and not one who is away', async () => {
    const creator = await createSession('Watchers');
    const watcher = await joinSession(creator.session.id, 'Watcher');
    const away = await joinSession(creator.session.id, 'Away');
    const seenAt = async () => {
      const response = await stack
        .http()
        .get(`/api/location/sessions/${creator.session.id}/participants`)
        .auth(creator.token, { type: 'bearer' });
      expect(response.status).toBe(200);
      const listed = response.body as { participants: { id: string; last_seen_at: string }[] };
      return new Map(listed.participants.map((one) => [one.id, Date.parse(one.last_seen_at)]));
    };
    // Connected, without subscribing or sending anything: only the gateway knows it is there.
    await connect(url, { token: watcher.token });
    const before = await seenAt();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await stack.gateway.get(LocationSightings).report();
    const after = await seenAt();
    expect(after.get(watcher.participant.id)).toBeGreaterThan(before.get(watcher.participant.id) ?? Infinity);
    expect(after.get(away.participant.id)).toBe(before.get(away.participant.id));
  });

  it('answers a full session with 409 and an unknown one with 404', async () => {
    const creator = await createSession('Crowd');
    await Promise.all(Array.from({ length: 49 }, (_, index) => joinSession(creator.session.id, `P${index}`)));
    const full = await stack
      .http()
      .post(`/api/location/sessions/${creator.session.id}/join`)
      .send({ display_name: 'One too many' });
    expect(full.status).toBe(409);
    expect(full.body).toMatchObject({ code: 'conflict' });
    const shown = await stack.http().get(`/api/location/sessions/${creator.session.id}`);
    expect(shown.status).toBe(200);
    expect(shown.body).toMatchObject({ participant_count: 50, max_participants: 50 });
    expect(
      (await stack.http().get('/api/location/sessions/0b7e5f7c-9a51-4c1e-8d2a-3f4b5c6d7e8f')).status,
    ).toBe(404);
  });

  it('refuses bad input and tokens of another session or of a user, changing nothing', async () => {
    const mine = await createSession('Mine');
    const other = await createSession('Other');
    const user = await signUp(stack);
    const member = await connectMember(mine);

    for (const bad of [
      { ...position(91, 0) },
      { ...position(0, 181) },
      { ...position(0, 0), lat: null },
      { ...position(0, 0), accuracy: -3 },
      { ...position(0, 0), recorded_at: new Date(Date.now() + 86_400_000).toISOString() },
      { ...position(0, 0), participant_id: other.participant.id },
      'north',
    ]) {
      const answer = await member.socket.emitWithAck('location:update', bad as never);
      expect(answer).toMatchObject({ ok: false });
      expect(['invalid_payload', 'validation_failed']).toContain(
        (answer as { error: { code: string } }).error.code,
      );
    }
    // A message past the size limit closes that connection; nothing was stored either way.
    const huge = await connectMember(mine);
    const closedReason = new Promise<string>((resolve) => huge.socket.once('disconnect', resolve));
    huge.socket.emit('location:update', { ...position(0, 0), recorded_at: 'x'.repeat(2_000_000) }, () => {
      throw new Error('a message past the size limit was answered');
    });
    expect(await closedReason).toBeDefined();

    // Another session's topic and routes refuse this token.
    expect(await subscribe(member.socket, `location:${other.session.id}`)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    const foreign = await stack
      .http()
      .get(`/api/location/sessions/${other.session.id}/participants`)
      .auth(mine.token, { type: 'bearer' });
    expect(foreign.status).toBe(403);
    const byUser = await stack
      .http()
      .get(`/api/location/sessions/${mine.session.id}/participants`)
      .auth(user.token, { type: 'bearer' });
    expect(byUser.status).toBe(401);
    const anonymous = await stack.http().delete(`/api/location/sessions/${mine.session.id}`);
    expect(anonymous.status).toBe(401);
    // A user socket may not send positions.
    const userSocket = await connect(url, { token: user.token });
    expect(await userSocket.emitWithAck('location:update', position(1, 1))).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });

    const listed = await stack
      .http()
      .get(`/api/location/sessions/${mine.session.id}/participants`)
      .auth(mine.token, { type: 'bearer' });
    expect(listed.status).toBe(200);
    expect(listed.body.participants).toEqual([
      expect.objectContaining({ id: mine.participant.id, position: null }),
    ]);
    const bodies = await stack.http().post('/api/location/sessions').send({ name: '', display_name: 'x' });
    expect(bodies.status).toBe(422);
    const unknown = await stack
      .http()
      .post('/api/location/sessions')
      .send({ name: 'x', display_name: 'y', admin: true });
    expect(unknown.status).toBe(422);
  });

  it('refuses updates faster than the configured rate without storing them', async () => {
    const grant = await createSession('Sprint');
    const member = await connectMember(grant);
    expect((await member.socket.emitWithAck('location:update', position(10, 10))).ok).toBe(true);
    expect(await member.socket.emitWithAck('location:update', position(11, 11))).toMatchObject({
      ok: false,
      error: { code: 'rate_limited' },
    });
    const listed = await stack
      .http()
      .get(`/api/location/sessions/${grant.session.id}/participants`)
      .auth(grant.token, { type: 'bearer' });
    expect(listed.body.participants[0].position).toMatchObject({ lat: 10, lng: 10 });
  });
});
