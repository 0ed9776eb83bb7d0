import { randomBytes } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { JobQueues, Subjects } from '@shotcaller/contracts';
import { BullmqConnection, connectRedis } from '@shotcaller/persistence';
import {
  DEFAULT_PORTS,
  eventually,
  getJson,
  NatsRequester,
  opsUrl,
  TcpProxy,
  TestEnvironment,
} from '@shotcaller/testing';
import { bootJobs } from '../src/boot.js';
import { loadJobsConfig } from '../src/config.js';
import { QueueConnection } from '../src/queues/queue-connection.js';
import { noop, unavailable } from './support/intake-requests.js';

const env = new TestEnvironment('jobs-int');
let redisProxy: TcpProxy;
let app: INestApplication;
let nats: NatsRequester;
let raw: Redis;

beforeAll(async () => {
  redisProxy = await TcpProxy.start(env.stores.redis, DEFAULT_PORTS.redis);
  app = await bootJobs(
    loadJobsConfig(env.common(env.redis({ REDIS_URL: redisProxy.urlFor(env.stores.redis) }))),
  );
  nats = await NatsRequester.connect(env.stores.nats, env.subjectPrefix);
  // Sees every key on the server, wherever BullMQ put it.
  raw = new Redis(env.stores.redis);
});

afterAll(async () => {
  raw?.disconnect();
  await nats?.close();
  await app?.close();
  await redisProxy?.close();
  await env.cleanup();
});

async function readiness() {
  return getJson(opsUrl(app), '/health/ready');
}

/** Readiness and what it says of Redis: the workers' connection and the one jobs are taken in on. */
async function redisReadiness() {
  const ready = await readiness();
  const details = ready.body.details as Record<string, { status: string }> | undefined;
  return { status: ready.status, redis: details?.redis?.status, redis_intake: details?.redis_intake?.status };
}

/** Keys anywhere on the server that belong to this queue. */
async function keysOf(queueName: string): Promise<string[]> {
  const found: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await raw.scan(cursor, 'MATCH', `*:${queueName}:*`, 'COUNT', 1000);
    found.push(...keys);
    cursor = next;
  } while (cursor !== '0');
  return found.sort();
}

/** A queue and a worker on the service's BullMQ connection; the worker doubles `n`. */
function doublingQueue() {
  const { connection, prefix } = app.get(BullmqConnection);
  const name = `double-${randomBytes(4).toString('hex')}`;
  const queue = new Queue<{ n: number }>(name, { connection, prefix });
  const worker = new Worker<{ n: number }, { doubled: number }>(
    name,
    async (job) => ({ doubled: job.data.n * 2 }),
    { connection, prefix },
  );
  // Connection errors during an outage are expected; BullMQ reconnects by itself.
  const errors: Error[] = [];
  queue.on('error', (error) => errors.push(error));
  worker.on('error', (error) => errors.push(error));
  const completed = new Promise<{ id: string | undefined; result: unknown }>((resolve) => {
    worker.once('completed', (job, result) => resolve({ id: job.id, result }));
  });
  return {
    name,
    queue,
    worker,
    completed,
    close: async () => {
      // Forced: jobs are done by then, and a failed test must not hang on a worker that is not.
      await worker.close(true);
      await queue.close();
    },
  };
}

describe('jobs service', () => {
  it('reports Redis (both its connections) and NATS in its readiness', async () => {
    const ready = await readiness();
    expect(ready.status).toBe(200);
    expect(Object.keys(ready.body.details as object).sort()).toEqual(['nats', 'redis', 'redis_intake']);
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

describe('BullMQ on the jobs connection', () => {
  it('gets a client without a key prefix or retry limit for its workers, not the request-path client it refuses', async () => {
    const { connection, prefix } = app.get(BullmqConnection);
    expect(connection.options.keyPrefix ?? '').toBe('');
    expect(connection.options.maxRetriesPerRequest).toBeNull();
    expect(connection.options.enableOfflineQueue).toBe(true);
    expect(prefix).toBe(`${env.redisKeyPrefix}bull`);
    // The queues (jobs.enqueue and jobs.run storing jobs) have a copy that never waits or resends instead.
    const queues = app.get(QueueConnection);
    expect(queues.redis).not.toBe(connection);
    expect(queues.redis.options).toMatchObject({
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      autoResendUnfulfilledCommands: false,
    });
    expect(queues.prefix).toBe(prefix);

    // The request-path client is what BullMQ must not get: it refuses its key prefix outright.
    const requestPath = await connectRedis({ url: env.stores.redis, keyPrefix: env.redisKeyPrefix });
    try {
      expect(() => new Queue('refused', { connection: requestPath })).toThrow(/prefix/);
    } finally {
      await requestPath.quit();
    }
  });

  it('processes a job end to end, its keys under the environment prefix, and cleanup removes them', async () => {
    const probe = doublingQueue();
    try {
      const job = await probe.queue.add('double', { n: 21 });
      expect(await probe.completed).toEqual({ id: job.id, result: { doubled: 42 } });
      expect(await probe.queue.getJobState(job.id!)).toBe('completed');
    } finally {
      await probe.close();
    }

    const keys = await keysOf(probe.name);
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) expect(key.startsWith(`${env.redisKeyPrefix}bull:${probe.name}:`)).toBe(true);

    await env.cleanup();
    expect(await keysOf(probe.name)).toEqual([]);
  });

  it('turns unready while Redis is unreachable, and its workers carry on once it is back', async () => {
    const probe = doublingQueue();
    try {
      await probe.worker.waitUntilReady();
      await redisProxy.cut();
      await eventually(async () =>
        expect(await redisReadiness()).toEqual({ status: 503, redis: 'down', redis_intake: 'down' }),
      );
      await redisProxy.open();
      await eventually(async () => expect((await readiness()).status).toBe(200));

      const job = await probe.queue.add('double', { n: 4 });
      expect(await probe.completed).toEqual({ id: job.id, result: { doubled: 8 } });
    } finally {
      await probe.close();
    }
  }, 60_000);
});

describe('jobs.enqueue and jobs.run while Redis is unreachable', () => {
  let maintenance: Queue;

  beforeAll(() => {
    // A connection of the test's own, straight to Redis: what is stored, whatever the proxy lets through.
    maintenance = new Queue(JobQueues.maintenance, {
      connection: raw,
      prefix: app.get(BullmqConnection).prefix,
    });
  });

  afterAll(async () => {
    await maintenance?.close();
  });

  it('answers 503 at once, stores nothing then or later, and takes jobs again once Redis is back', async () => {
    await redisProxy.cut();
    try {
      await eventually(async () =>
        expect(await redisReadiness()).toEqual({ status: 503, redis: 'down', redis_intake: 'down' }),
      );
      // Answered while Redis is still unreachable: no waiting for it (or for the caller's timeout, which is longer).
      const waitLonger = { timeoutMs: 20_000 };
      expect(await nats.expectError(Subjects.jobs.enqueue, noop('outage-enqueue'), waitLonger)).toMatchObject(
        unavailable,
      );
      expect(
        await nats.expectError(Subjects.jobs.run, { ...noop('outage-run'), wait_ms: 10_000 }, waitLonger),
      ).toMatchObject(unavailable);
    } finally {
      await redisProxy.open();
    }

    // Ready again once both connections are back, and then it takes jobs at once; that job runs on its worker.
    await eventually(async () =>
      expect(await redisReadiness()).toEqual({ status: 200, redis: 'up', redis_intake: 'up' }),
    );
    await nats.expectOk(Subjects.jobs.enqueue, noop('after-outage'));
    await eventually(async () => expect(await maintenance.getJobState('after-outage')).toBe('completed'));
    // Had the refused jobs been left waiting to be sent, they would have been stored before that one.
    expect(await maintenance.getJob('outage-enqueue')).toBeUndefined();
    expect(await maintenance.getJob('outage-run')).toBeUndefined();
    // Their ids are free: the caller's retry is taken as a new job.
    await nats.expectOk(Subjects.jobs.enqueue, noop('outage-enqueue'));
    await eventually(async () => expect(await maintenance.getJobState('outage-enqueue')).toBe('completed'));
  }, 60_000);
});
