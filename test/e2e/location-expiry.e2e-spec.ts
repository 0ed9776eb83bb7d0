import { Subjects, type ClosingNotice, type LocationSweepResult } from '@shotcaller/contracts';
import { NatsRequester } from '@shotcaller/testing';
import { dataOf, LocationStack, position } from './support/location-stack.js';
import type { Stack } from './support/stack.js';
import { closeAll, closed, connect, subscribe } from './support/realtime-socket.js';

/**
 * A session that reaches its expires_at ends like any other: the sweep (called here, as the jobs service would
 * every minute) tells every connected participant `session.ended {reason: "expired"}`, then the gateway closes
 * their connections as `gone`. Their tokens outlive the session by LOCATION_TOKEN_GRACE_SECONDS so that the
 * gateway does not close them as expired first; meanwhile the session refuses everything (410).
 * Slow by nature: a session lasts at least a minute.
 */
const locations = new LocationStack('e2e-location-expiry');
const { createSession, joinSession, connectMember } = locations;
let stack: Stack;
let nats: NatsRequester;
let url: string;

beforeAll(async () => {
  await locations.start();
  ({ stack, url } = locations);
  nats = await NatsRequester.connect(stack.env.stores.nats, stack.env.subjectPrefix);
});

afterEach(() => closeAll());

afterAll(async () => {
  await nats?.close();
  await locations.stop();
});

const SESSION_MS = 60_000;
/** Past expires_at far enough that a token expiring with the session would have closed its connection. */
const PAST_EXPIRY_MS = 2_000;

describe('a location session that expires', () => {
  it(
    'tells every connected participant session.ended (expired), then closes their connections as gone',
    async () => {
      const creator = await createSession('Short run', 'Johnny', 1);
      const sessionId = creator.session.id;
      const topic = `location:${sessionId}`;
      const expiresAt = Date.parse(creator.session.expires_at);
      expect(expiresAt - Date.parse(creator.session.created_at)).toBe(SESSION_MS);
      const grants = [creator];
      for (const display_name of ['Shing', 'Ana']) grants.push(await joinSession(sessionId, display_name));
      const members = await Promise.all(
        grants.map(async (grant) => {
          const member = await connectMember(grant);
          const notices: ClosingNotice[] = [];
          member.socket.on('closing', (notice) => notices.push(notice));
          expect(await subscribe(member.socket, topic)).toMatchObject({ ok: true, topic });
          return { ...member, notices, closing: closed(member.socket) };
        }),
      );

      // Past expires_at, not swept yet: everyone still connected, and the session refuses everything.
      await new Promise((resolve) => setTimeout(resolve, expiresAt + PAST_EXPIRY_MS - Date.now()));
      expect(members.map(({ socket, notices }) => ({ connected: socket.connected, notices }))).toEqual(
        members.map(() => ({ connected: true, notices: [] })),
      );
      expect(await members[1].socket.emitWithAck('location:update', position(48.85, 2.35))).toMatchObject({
        ok: false,
        error: { code: 'gone' },
      });
      const listed = await stack
        .http()
        .get(`/api/location/sessions/${sessionId}/participants`)
        .auth(creator.token, { type: 'bearer' });
      expect(listed.status).toBe(410);
      const late = await stack
        .http()
        .post(`/api/location/sessions/${sessionId}/join`)
        .send({ display_name: 'Late' });
      expect(late.status).toBe(410);

      // The sweep ends it: each participant is told why, then their connection closes as gone.
      const swept = await nats.expectOk<LocationSweepResult>(Subjects.location.sessions.sweep, {});
      expect(swept.ended).toEqual([{ id: sessionId, reason: 'expired' }]);
      for (const member of members) {
        expect(await member.closing).toEqual({
          notice: { code: 'gone', message: 'The session has ended', reconnect: false },
          reason: 'io server disconnect',
        });
        const ended = dataOf(member.log.events, 'session.ended');
        expect({ participant: member.grant.participant.display_name, ended }).toEqual({
          participant: member.grant.participant.display_name,
          ended: [{ event: 'session.ended', session_id: sessionId, reason: 'expired' }],
        });
      }

      // Tokens still within their grace: a new connection is accepted but has nothing left to follow.
      const again = await connect(url, { token: grants[2].token });
      expect(await subscribe(again, topic)).toMatchObject({ ok: false, error: { code: 'gone' } });
    },
    SESSION_MS + 60_000,
  );
});
