import type { INestApplication } from '@nestjs/common';
import pg from 'pg';
import { generateSigningKeyPair } from '@shotcaller/auth';
import { Subjects, type LocationGrant } from '@shotcaller/contracts';
import { eventually, NatsRequester, TestEnvironment } from '@shotcaller/testing';
import { bootLocation } from '../src/boot.js';
import { loadLocationConfig } from '../src/config.js';
import { TopicEvents } from './support/location-world.js';

/**
 * The sweep on the service's own timer (until the jobs service schedules location.sessions.sweep): with two
 * replicas ticking, an expired session is ended once and announced once.
 */
const env = new TestEnvironment('location-sweep');
const keys = generateSigningKeyPair();
const replicas: INestApplication[] = [];
let nats: NatsRequester;
let db: pg.Client;

beforeAll(async () => {
  const settings = env.common({
    ...env.redis(),
    DATABASE_URL: env.databaseUrl('location'),
    LOCATION_TOKEN_PRIVATE_KEY: keys.privateKeyPem,
    LOCATION_SWEEP_INTERVAL_MS: '300',
  });
  for (let replica = 0; replica < 2; replica += 1) {
    replicas.push(await bootLocation(loadLocationConfig(settings)));
  }
  nats = await NatsRequester.connect(env.stores.nats, env.subjectPrefix);
  db = new pg.Client({ connectionString: settings.DATABASE_URL });
  await db.connect();
});

afterAll(async () => {
  await db?.end();
  await nats?.close();
  for (const app of replicas) await app.close();
  await env.cleanup();
});

it('ends an expired session on the timer, once, with two replicas ticking', async () => {
  const grant = await nats.expectOk<LocationGrant>(Subjects.location.sessions.create, {
    name: 'Short',
    display_name: 'Johnny',
  });
  const events = new TopicEvents(nats, env.subjectPrefix, grant.session.id);
  try {
    await db.query(`update location_sessions set expires_at = now() where id = $1`, [grant.session.id]);
    await eventually(async () => {
      const row = await db.query('select ended_reason from location_sessions where id = $1', [
        grant.session.id,
      ]);
      expect(row.rows[0].ended_reason).toBe('expired');
    });
    // A few more rounds on both replicas change nothing.
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(events.events).toEqual([
      { event: 'session.ended', session_id: grant.session.id, reason: 'expired' },
    ]);
  } finally {
    events.close();
  }
});
