import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import pg from 'pg';
import { Subjects } from '@shotcaller/contracts';
import { CapturedLogs, NatsRequester, TestEnvironment, type LogLine } from '@shotcaller/testing';
import { bootCampaign } from '../src/boot.js';
import { loadCampaignConfig } from '../src/config.js';
import { startMailing, type Mailing } from './support/mail-catcher.js';

const env = new TestEnvironment('log-safety');
/** Registration and invitations queue mails: the jobs service and an SMTP server take them. */
let mailing: Mailing | undefined;
const logs = new CapturedLogs();
let app: INestApplication;
let nats: NatsRequester;
let db: pg.Client;

const CONSTRAINT = 'users_first_name_allowed';
const registration = {
  email: 'leak-probe@example.com',
  password: 'Probe5ecret77',
  first_name: 'Boom',
  last_name: 'Quimbleworth',
};

type ErrorLine = LogLine & {
  err?: { type?: string; code?: string; constraint?: string; message?: string; stack?: string };
};

beforeAll(async () => {
  const settings = env.campaign({ LOG_LEVEL: 'info' });
  app = await bootCampaign(loadCampaignConfig(settings), { logDestination: logs.destination });
  // After the campaign service: the first app booted in a process keeps Nest's shared logger, and this test reads
  // the campaign service's lines.
  mailing = await startMailing(env);
  nats = await NatsRequester.connect(env.stores.nats, env.subjectPrefix);
  db = new pg.Client({ connectionString: settings.DATABASE_URL });
  await db.connect();
  // A rule the service does not know about: the insert fails in PostgreSQL, and nothing handles it.
  await db.query(`alter table users add constraint ${CONSTRAINT} check (first_name <> 'Boom')`);
});

afterAll(async () => {
  await nats?.close();
  await db?.end();
  await app?.close();
  await mailing?.stop();
  await env.cleanup();
});

describe('the campaign service logs', () => {
  it('name a failed write by class, SQLSTATE, constraint and request id, and carry none of its data', async () => {
    const requestId = randomUUID();
    const reply = await nats.request(Subjects.campaign.users.register, registration, { requestId });
    expect(reply).toMatchObject({ ok: false, error: { code: 'internal_error' } });
    expect(Number((await db.query('select count(*)::int as n from users')).rows[0].n)).toBe(0);

    const failures = logs
      .lines<ErrorLine>()
      .filter((line) => line.err?.type === 'CheckConstraintViolationException');
    expect(failures.length).toBeGreaterThan(0);
    expect(failures.some((line) => line.req_id === requestId)).toBe(true);
    for (const line of failures) {
      expect(line.err).toMatchObject({ code: '23514', constraint: CONSTRAINT });
      expect(line.err?.stack).toMatch(/\n\s+at /);
    }

    const written = logs.text();
    expect(written).toContain(requestId);
    for (const leak of [
      registration.email,
      registration.first_name,
      registration.last_name,
      registration.password,
      '$argon2',
      'Failing row',
      'insert into',
    ]) {
      expect({ leak, found: written.toLowerCase().includes(leak.toLowerCase()) }).toEqual({
        leak,
        found: false,
      });
    }
  });
});
