import type { INestApplication } from '@nestjs/common';
import { generateSigningKeyPair } from '@shotcaller/auth';
import {
  Subjects,
  type ClosingNotice,
  type LocationGrant,
  type LocationSweepResult,
} from '@shotcaller/contracts';
import { NatsRequester } from '@shotcaller/testing';
import { bootLocation } from '../../apps/realtime-location/src/boot.js';
import { loadLocationConfig } from '../../apps/realtime-location/src/config.js';
import { Stack } from './support/stack.js';
import { closeAll, closed, connect, EventLog, subscribe } from './support/realtime-socket.js';

/**
 * A session that reaches its expires_at ends like any other: the sweep (called here, as the jobs service would
 * every minute) tells every connected participant `session.ended {reason: "expired"}`, then the gateway closes
 * their connections as `gone`. Their tokens outlive the session by LOCATION_TOKEN_GRACE_SECONDS so that the
 * gateway does not close them as expired first; meanwhile the session refuses everything (410).
 * Slow by nature: a session lasts at least a minute.
 */
const keys = generateSigningKeyPair();
let stack: Stack;
let location: INestApplication;
let nats: NatsRequester;
let url: string;

beforeAll(async () => {
  stack = await Stack.start('e2e-location-expiry', {
    gateway: { LOCATION_TOKEN_PUBLIC_KEY: keys.publicKeyPem, REALTIME_AUTHORIZE_CACHE_MS: '0' },
  });
  location = await bootLocation(
    loadLocationConfig(
      stack.env.common({
        ...stack.env.redis(),
        DATABASE_URL: stack.env.databaseUrl('location'),
        LOCATION_TOKEN_PRIVATE_KEY: keys.privateKeyPem,
        LOCATION_SWEEP_INTERVAL_MS: '0',
      }),
    ),
    { host: '127.0.0.1' },
  );
  nats = await NatsRequester.connect(stack.env.stores.nats, stack.env.subjectPrefix);
  url = await stack.gateway.getUrl();
});

afterEach(() => closeAll());

afterAll(async () => {
  await nats?.close();
  await location?.close();
  await stack?.stop();
});

const SESSION_MS = 60_000;
/** Past expires_at far enough that a token expiring with the session would have closed its connection. */
const PAST_EXPIRY_MS = 2_000;

function position() {
  return { lat: 48.85, lng: 2.35, accuracy: 5, recorded_at: new Date().toISOString() };
}

describe('a location session that expires', () => {
  it(
    'tells every connected participant session.ended (expired), then closes their connections as gone',
    async () => {
      const created = await stack
        .http()
        .post('/api/location/sessions')
        .send({ name: 'Short run', display_name: 'Johnny', duration_minutes: 1 });
      expect(created.status).toBe(201);
      const creator = created.body as LocationGrant;
      const sessionId = creator.session.id;
      const topic = `location:${sessionId}`;
      const expiresAt = Date.parse(creator.session.expires_at);
      expect(expiresAt - Date.parse(creator.session.created_at)).toBe(SESSION_MS);
      const grants = [creator];
      for (const display_name of ['Shing', 'Ana']) {
        const joined = await stack
          .http()
          .post(`/api/location/sessions/${sessionId}/join`)
          .send({ display_name });
        expect(joined.status).toBe(201);
        grants.push(joined.body as LocationGrant);
      }
      const members = await Promise.all(
        grants.map(async (grant) => {
          const socket = await connect(url, { token: grant.token });
          const log = new EventLog(socket);
          const notices: ClosingNotice[] = [];
          socket.on('closing', (notice) => notices.push(notice));
          expect(await subscribe(socket, topic)).toMatchObject({ ok: true, topic });
          return { grant, socket, log, notices, closing: closed(socket) };
        }),
      );

      // Past expires_at, not swept yet: everyone still connected, and the session refuses everything.
      await new Promise((resolve) => setTimeout(resolve, expiresAt + PAST_EXPIRY_MS - Date.now()));
      expect(members.map(({ socket, notices }) => ({ connected: socket.connected, notices }))).toEqual(
        members.map(() => ({ connected: true, notices: [] })),
      );
      expect(await members[1].socket.emitWithAck('location:update', position())).toMatchObject({
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
        const ended = member.log.events
          .map((event) => event.data as Record<string, unknown>)
          .filter((data) => data.event === 'session.ended');
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
