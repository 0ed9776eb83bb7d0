import type { INestApplication } from '@nestjs/common';
import { Subjects } from '@shotcaller/contracts';
import {
  DEFAULT_PORTS,
  eventually,
  getJson,
  opsUrl,
  NatsRequester,
  TcpProxy,
  TestEnvironment,
} from '@shotcaller/testing';
import { bootLocation } from '../src/boot.js';
import { loadLocationConfig } from '../src/config.js';

const env = new TestEnvironment('location-int');
const proxies: Record<'postgres' | 'redis' | 'nats', TcpProxy> = {} as never;
let app: INestApplication;
let nats: NatsRequester;

async function readiness() {
  return getJson(opsUrl(app), '/health/ready');
}

async function expectReady(): Promise<void> {
  await eventually(async () => {
    const ready = await readiness();
    if (ready.status !== 200) throw new Error(`not ready: ${JSON.stringify(ready.body)}`);
  });
}

async function expectDown(dependency: string): Promise<void> {
  await eventually(async () => {
    const ready = await readiness();
    const details = ready.body.details as Record<string, { status: string }>;
    if (ready.status !== 503 || details[dependency]?.status !== 'down') {
      throw new Error(`still ready: ${JSON.stringify(ready.body)}`);
    }
  });
}

beforeAll(async () => {
  for (const store of ['postgres', 'redis', 'nats'] as const) {
    proxies[store] = await TcpProxy.start(env.stores[store], DEFAULT_PORTS[store]);
  }
  const databaseUrl = env.databaseUrl('location');
  app = await bootLocation(
    loadLocationConfig(
      env.common({
        ...env.redis({ REDIS_URL: proxies.redis.urlFor(env.stores.redis) }),
        DATABASE_URL: proxies.postgres.urlFor(databaseUrl),
        NATS_URL: proxies.nats.urlFor(env.stores.nats),
      }),
    ),
  );
  nats = await NatsRequester.connect(env.stores.nats, env.subjectPrefix);
});

afterAll(async () => {
  await nats?.close();
  await app?.close();
  await Promise.all(Object.values(proxies).map((proxy) => proxy.close()));
  await env.cleanup();
});

describe('realtime-location service', () => {
  it('reports PostgreSQL, Redis and NATS ready and answers location.ping', async () => {
    const ready = await readiness();
    expect(ready.status).toBe(200);
    expect(Object.keys(ready.body.details as object).sort()).toEqual(['nats', 'postgres', 'redis']);
    expect(await nats.expectOk(Subjects.location.ping, {})).toMatchObject({ service: 'realtime-location' });
  });

  it('answers /health and /health/detailed with each dependency and its latency', async () => {
    const base = await app.getUrl();
    expect(await getJson(base, '/health')).toMatchObject({
      status: 200,
      body: { status: 'ok', service: 'realtime-location' },
    });
    const detailed = await getJson(base, '/health/detailed');
    expect(detailed.status).toBe(200);
    const dependencies = detailed.body.dependencies as Record<string, { status: string; latency_ms: number }>;
    expect(Object.keys(dependencies).sort()).toEqual(['nats', 'postgres', 'redis']);
    for (const dependency of Object.values(dependencies)) {
      expect(dependency.status).toBe('up');
      expect(typeof dependency.latency_ms).toBe('number');
    }
  });

  it.each(['postgres', 'redis', 'nats'] as const)(
    'turns unready while %s is unreachable and ready again once it is back, without a restart',
    async (store) => {
      await proxies[store].cut();
      await expectDown(store);
      expect((await getJson(await app.getUrl(), '/health/live')).status).toBe(200);
      const detailed = await getJson(await app.getUrl(), '/health/detailed');
      expect(detailed.status).toBe(503);
      expect(detailed.body.dependencies).toMatchObject({ [store]: { status: 'down' } });
      await proxies[store].open();
      await expectReady();
    },
    60_000,
  );

  it('answers over NATS again after the NATS outage', async () => {
    await eventually(() => nats.expectOk(Subjects.location.ping, {}));
  });
});
