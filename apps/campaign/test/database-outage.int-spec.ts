import type { INestApplication } from '@nestjs/common';
import pg from 'pg';
import { Subjects, type SessionGrant } from '@shotcaller/contracts';
import {
  CapturedLogs,
  DEFAULT_PORTS,
  eventually,
  NatsRequester,
  TcpProxy,
  TestEnvironment,
} from '@shotcaller/testing';
import { bootCampaign } from '../src/boot.js';
import { loadCampaignConfig } from '../src/config.js';
import { startMailing, type Mailing } from './support/mail-catcher.js';

const env = new TestEnvironment('db-outage');
/** Registration and invitations queue mails: the jobs service and an SMTP server take them. */
let mailing: Mailing | undefined;
const logs = new CapturedLogs();
let proxy: TcpProxy;
let app: INestApplication;
let nats: NatsRequester;
let db: pg.Client;
let grant: SessionGrant;

const registration = (email: string) => ({
  email,
  password: 'secret123',
  first_name: 'Out',
  last_name: 'Age',
});

beforeAll(async () => {
  const databaseUrl = env.databaseUrl('campaign');
  proxy = await TcpProxy.start(env.stores.postgres, DEFAULT_PORTS.postgres);
  app = await bootCampaign(
    loadCampaignConfig(env.campaign({ LOG_LEVEL: 'info', DATABASE_URL: proxy.urlFor(databaseUrl) })),
    { logDestination: logs.destination },
  );
  // After the campaign service: the first app booted in a process keeps Nest's shared logger, and this test reads
  // the campaign service's lines.
  mailing = await startMailing(env);
  nats = await NatsRequester.connect(env.stores.nats, env.subjectPrefix);
  db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  grant = await nats.expectOk<SessionGrant>(
    Subjects.campaign.users.register,
    registration('before@example.com'),
  );
});

afterAll(async () => {
  await nats?.close();
  await db?.end();
  await app?.close();
  await proxy?.close();
  await mailing?.stop();
  await env.cleanup();
});

const count = async (table: string) =>
  Number((await db.query(`select count(*)::int as n from ${table}`)).rows[0].n);

describe('the campaign service while PostgreSQL is away', () => {
  it('answers 503 dependency_unavailable with retry_after, writes nothing, logs the outage once, and recovers', async () => {
    const users = await count('users');
    const campaigns = await count('campaigns');
    logs.clear();
    await proxy.cut();
    try {
      const refusals = [
        await nats.expectError(Subjects.campaign.users.register, registration('during@example.com')),
        await nats.expectError(Subjects.campaign.users.current, {}, { token: grant.token }),
        await nats.expectError(
          Subjects.campaign.campaigns.create,
          { campaign: { name: 'Lost in the outage' } },
          { token: grant.token },
        ),
        await nats.expectError(Subjects.campaign.campaigns.list, {}, { token: grant.token }),
        await nats.expectError(Subjects.campaign.users.signIn, {
          email: 'before@example.com',
          password: 'secret123',
          client_address: '203.0.113.1',
        }),
      ];
      for (const refusal of refusals) {
        expect(refusal).toMatchObject({
          statusCode: 503,
          code: 'dependency_unavailable',
          details: { retry_after: expect.any(Number) },
        });
      }
    } finally {
      await proxy.open();
    }
    expect(await count('users')).toBe(users);
    expect(await count('campaigns')).toBe(campaigns);

    const lines = logs.lines();
    expect(lines.filter((line) => line.msg?.startsWith('A store is unavailable'))).toHaveLength(1);
    // No request of the outage was logged as a bug (an error with a stack).
    expect(lines.filter((line) => line.level >= 50)).toEqual([]);

    await eventually(() => nats.expectOk(Subjects.campaign.users.current, {}, { token: grant.token }));
    await nats.expectOk(Subjects.campaign.users.register, registration('after@example.com'));
    expect(await count('users')).toBe(users + 1);
  });
});
