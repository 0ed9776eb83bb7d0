import type { INestApplication } from '@nestjs/common';
import pg from 'pg';
import { Subjects } from '@shotcaller/contracts';
import { getJson, NatsRequester, opsUrl, TestEnvironment } from '@shotcaller/testing';
import { bootChat } from '../src/boot.js';
import { loadChatConfig } from '../src/config.js';

const env = new TestEnvironment('chat-int');
const settings = env.common({ DATABASE_URL: env.databaseUrl('chat') });
let app: INestApplication;
let nats: NatsRequester;

beforeAll(async () => {
  app = await bootChat(loadChatConfig(settings));
  nats = await NatsRequester.connect(env.stores.nats, env.subjectPrefix);
});

afterAll(async () => {
  await nats?.close();
  await app?.close();
  await env.cleanup();
});

describe('chat service', () => {
  it('creates its database and runs its migrations before serving', async () => {
    const db = new pg.Client({ connectionString: settings.DATABASE_URL });
    await db.connect();
    try {
      const table = await db.query("select to_regclass('public.schema_migrations') as name");
      expect(table.rows[0].name).toBe('schema_migrations');
    } finally {
      await db.end();
    }
  });

  it('reports PostgreSQL and NATS in its readiness', async () => {
    const ready = await getJson(opsUrl(app), '/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({
      status: 'ok',
      details: { postgres: { status: 'up' }, nats: { status: 'up' } },
    });
    expect((await getJson(await app.getUrl(), '/health/live')).body).toEqual({ status: 'ok' });
  });

  it('answers chat.ping and chat.health over NATS', async () => {
    expect(await nats.expectOk(Subjects.chat.ping, {})).toMatchObject({ service: 'chat' });
    expect(await nats.expectOk(Subjects.chat.health, {})).toMatchObject({ status: 'ok' });
  });
});
