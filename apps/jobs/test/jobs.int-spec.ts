import type { INestApplication } from '@nestjs/common';
import { Subjects } from '@shotcaller/contracts';
import { getJson, NatsRequester, TestEnvironment } from '@shotcaller/testing';
import { bootJobs } from '../src/boot.js';
import { loadJobsConfig } from '../src/config.js';

const env = new TestEnvironment('jobs-int');
let app: INestApplication;
let nats: NatsRequester;

beforeAll(async () => {
  app = await bootJobs(loadJobsConfig(env.common(env.redis())));
  nats = await NatsRequester.connect(env.stores.nats, env.subjectPrefix);
});

afterAll(async () => {
  await nats?.close();
  await app?.close();
  await env.cleanup();
});

describe('jobs service', () => {
  it('reports Redis and NATS in its readiness', async () => {
    const ready = await getJson(await app.getUrl(), '/health/ready');
    expect(ready.status).toBe(200);
    expect(Object.keys(ready.body.details as object).sort()).toEqual(['nats', 'redis']);
  });

  it('answers jobs.ping and jobs.health over NATS', async () => {
    expect(await nats.expectOk(Subjects.jobs.ping, {})).toMatchObject({ service: 'jobs' });
    expect(await nats.expectOk(Subjects.jobs.health, {})).toMatchObject({ status: 'ok' });
  });

  it('refuses to start when Redis cannot be reached, naming it', async () => {
    const settings = env.common(env.redis({ REDIS_URL: 'redis://127.0.0.1:1' }));
    await expect(bootJobs(loadJobsConfig(settings))).rejects.toThrow(
      /Redis at 127\.0\.0\.1:1 is not reachable/,
    );
  });
});
