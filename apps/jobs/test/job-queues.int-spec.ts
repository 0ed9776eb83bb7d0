import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { Queue } from 'bullmq';
import {
  ActorKind,
  ErrorCode,
  JobQueues,
  natsSubject,
  RealtimeSubjects,
  Subjects,
  type Actor,
  type EnqueuedJobView,
  type FinishedJobView,
  type JobCompletedEvent,
  type JobFailedEvent,
} from '@shotcaller/contracts';
import { BullmqConnection } from '@shotcaller/persistence';
import { eventually, NatsRequester, opsUrl, TestEnvironment } from '@shotcaller/testing';
import { bootJobs } from '../src/boot.js';
import { loadJobsConfig } from '../src/config.js';

/**
 * The jobs service end to end over NATS: `jobs.enqueue` / `jobs.run` into BullMQ on real Redis, the webhooks
 * queue's worker posting to a local HTTP server (the stand-in for a receiver), retries with backoff, the failed
 * set, and outcomes on the bus and to the requesting user.
 */
const env = new TestEnvironment('jobs-queues');
const user: Actor = { id: randomUUID(), kind: ActorKind.User, roles: [], tokenVersion: 0 };
let app: INestApplication;
let nats: NatsRequester;
let webhooks: Queue;
let receiver: Server;
let receiverUrl: string;
/** Requests the receiver got, by path, and when. */
const hits = new Map<string, number>();
const hitTimes = new Map<string, number[]>();
const published: { subject: string; message: Record<string, unknown> }[] = [];

/**
 * `/ok` answers 200, `/flaky-<n>` 500 until its third call, `/busy-<n>` 429 (retry after 1 s) on its first,
 * `/down` 500, `/gone` 404, `/slow` never.
 */
function answer(path: string, count: number): number | null {
  if (path === '/slow') return null;
  if (path.startsWith('/busy')) return count === 1 ? 429 : 200;
  if (path.startsWith('/flaky')) return count >= 3 ? 200 : 500;
  return { '/ok': 200, '/down': 500, '/gone': 404 }[path] ?? 404;
}

beforeAll(async () => {
  receiver = createServer((request, response) => {
    const path = request.url ?? '';
    const count = (hits.get(path) ?? 0) + 1;
    hits.set(path, count);
    hitTimes.set(path, [...(hitTimes.get(path) ?? []), Date.now()]);
    request.resume();
    const status = answer(path, count);
    const headers = status === 429 ? { 'retry-after': '1' } : {};
    if (status !== null) request.on('end', () => response.writeHead(status, headers).end());
  });
  receiver.listen(0, '127.0.0.1');
  await once(receiver, 'listening');
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;

  app = await bootJobs(
    loadJobsConfig(
      env.common({
        ...env.redis(),
        WEBHOOK_SIGNING_SECRET: 'jobs-queues-signing-secret',
        WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true',
        WEBHOOK_TIMEOUT_MS: '2000',
        JOBS_BACKOFF_MS: '20',
        JOBS_LOCATION_SWEEP_EVERY_MS: '0',
        JOBS_MEDIA_SWEEP_EVERY_MS: '0',
      }),
    ),
  );
  nats = await NatsRequester.connect(env.stores.nats, env.subjectPrefix);
  for (const subject of ['jobs.job.*', RealtimeSubjects.user(user.id)]) {
    nats.connection.subscribe(natsSubject(subject, env.subjectPrefix), {
      callback: (_, message) => {
        published.push({ subject: message.subject, message: message.json() });
      },
    });
  }
  await nats.connection.flush();
  const { connection, prefix } = app.get(BullmqConnection);
  webhooks = new Queue(JobQueues.webhooks, { connection, prefix });
});

afterAll(async () => {
  await webhooks?.close();
  await nats?.close();
  await app?.close();
  receiver?.closeAllConnections();
  receiver?.close();
  await env.cleanup();
});

function delivery(path: string, options: Record<string, unknown> = {}) {
  return {
    queue: 'webhooks',
    name: 'deliver',
    data: { url: `${receiverUrl}${path}`, event: 'fight.started', payload: { fight_id: randomUUID() } },
    ...(Object.keys(options).length > 0 ? { options } : {}),
  };
}

function outcomesOf(jobId: string, subject: string) {
  return published
    .filter((entry) => entry.subject === natsSubject(subject, env.subjectPrefix))
    .map((entry) => entry.message)
    .filter((message) => message.job_id === jobId);
}

describe('jobs.enqueue', () => {
  it('answers once the job is stored; its worker runs it and the outcome reaches the bus and the user', async () => {
    const enqueued = await nats.expectOk<EnqueuedJobView>(Subjects.jobs.enqueue, delivery('/ok'), {
      actor: user,
    });
    expect(enqueued).toEqual({ job_id: expect.any(String), queue: 'webhooks', name: 'deliver' });
    expect(await webhooks.getJob(enqueued.job_id)).toBeDefined();

    const expected: Partial<JobCompletedEvent> = {
      event: 'jobs.job.completed',
      job_id: enqueued.job_id,
      queue: 'webhooks',
      name: 'deliver',
      user_id: user.id,
      result: { status: 200 },
    };
    await eventually(() => {
      expect(outcomesOf(enqueued.job_id, 'jobs.job.completed')).toEqual([expected]);
      expect(outcomesOf(enqueued.job_id, RealtimeSubjects.user(user.id))).toEqual([expected]);
    });
    expect(await webhooks.getJobState(enqueued.job_id)).toBe('completed');
  });

  it('retries a failing job with backoff and completes it on a later attempt', async () => {
    const path = `/flaky-${randomUUID()}`;
    const { job_id } = await nats.expectOk<EnqueuedJobView>(Subjects.jobs.enqueue, delivery(path));
    await eventually(() => expect(outcomesOf(job_id, 'jobs.job.completed')).toHaveLength(1));
    expect(hits.get(path)).toBe(3);
    const job = await webhooks.getJob(job_id);
    expect(job?.attemptsMade).toBe(3);
    // A job queued for nobody tells nobody in particular.
    expect(outcomesOf(job_id, 'jobs.job.completed')[0]).toMatchObject({ user_id: null });
  });

  it("waits what a 429's retry-after asks before the next attempt, instead of the backoff", async () => {
    const path = `/busy-${randomUUID()}`;
    const { job_id } = await nats.expectOk<EnqueuedJobView>(Subjects.jobs.enqueue, delivery(path));
    await eventually(() => expect(outcomesOf(job_id, 'jobs.job.completed')).toHaveLength(1));
    const [first, second] = hitTimes.get(path)!;
    // The backoff here is 20 ms; the receiver asked for 1 s.
    expect(second - first).toBeGreaterThanOrEqual(1000);
  });

  it('keeps a job that failed its three attempts in the failed set, and says so once', async () => {
    const before = hits.get('/down') ?? 0;
    const { job_id } = await nats.expectOk<EnqueuedJobView>(Subjects.jobs.enqueue, delivery('/down'), {
      actor: user,
    });
    await eventually(() => expect(outcomesOf(job_id, 'jobs.job.failed')).toHaveLength(1));
    const [failed] = outcomesOf(job_id, 'jobs.job.failed') as unknown as JobFailedEvent[];
    expect(failed).toMatchObject({
      user_id: user.id,
      attempts_made: 3,
      error: { code: 'webhook_server_error' },
    });
    expect(outcomesOf(job_id, RealtimeSubjects.user(user.id))).toEqual([failed]);
    expect((hits.get('/down') ?? 0) - before).toBe(3);
    expect(await webhooks.getJobState(job_id)).toBe('failed');
  });

  it('ends a job at once when its runner says no retry could help', async () => {
    const before = hits.get('/gone') ?? 0;
    const { job_id } = await nats.expectOk<EnqueuedJobView>(Subjects.jobs.enqueue, delivery('/gone'));
    await eventually(() => expect(outcomesOf(job_id, 'jobs.job.failed')).toHaveLength(1));
    expect(outcomesOf(job_id, 'jobs.job.failed')[0]).toMatchObject({
      attempts_made: 1,
      error: { code: 'webhook_refused' },
    });
    expect((hits.get('/gone') ?? 0) - before).toBe(1);
  });

  it('queues a caller-chosen job id once, however often it is sent', async () => {
    const jobId = `delivery-${randomUUID()}`;
    const path = `/ok`;
    const before = hits.get(path) ?? 0;
    const first = await nats.expectOk<EnqueuedJobView>(
      Subjects.jobs.enqueue,
      delivery(path, { job_id: jobId }),
    );
    const again = await nats.expectOk<EnqueuedJobView>(
      Subjects.jobs.enqueue,
      delivery(path, { job_id: jobId }),
    );
    expect(first.job_id).toBe(jobId);
    expect(again.job_id).toBe(jobId);
    await eventually(() => expect(outcomesOf(jobId, 'jobs.job.completed')).toHaveLength(1));
    // A third send after completion is still the same job, not another delivery.
    await nats.expectOk(Subjects.jobs.enqueue, delivery(path, { job_id: jobId }));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((hits.get(path) ?? 0) - before).toBe(1);
    expect(outcomesOf(jobId, 'jobs.job.completed')).toHaveLength(1);
  });

  it.each([
    ['an unknown queue', { ...delivery('/ok'), queue: 'bitcoin' }, 'queue'],
    ['a name its queue does not run', { ...delivery('/ok'), name: 'deliver_twice' }, 'name'],
    [
      'data that breaks its shape',
      { ...delivery('/ok'), data: { url: 'ftp://x', event: 'e', payload: {} } },
      'data.url',
    ],
    [
      'data with fields the job does not take',
      { ...delivery('/ok'), data: { ...delivery('/ok').data, extra: 1 } },
      'data.extra',
    ],
    ['a job id BullMQ could misread', delivery('/ok', { job_id: '12345' }), 'options.job_id'],
    ['a job id with a colon', delivery('/ok', { job_id: 'a:b' }), 'options.job_id'],
    ['no attempts', delivery('/ok', { attempts: 0 }), 'options.attempts'],
    ['a delay of a month', delivery('/ok', { delay_ms: 30 * 24 * 3600 * 1000 }), 'options.delay_ms'],
  ])('refuses %s and stores nothing', async (_, payload, field) => {
    const before = await webhooks.getJobCounts();
    const error = await nats.expectError(Subjects.jobs.enqueue, payload);
    expect(error).toMatchObject({ code: ErrorCode.InvalidPayload, statusCode: 400 });
    expect(Object.keys(error.details?.errors ?? {})).toContain(field);
    expect(await webhooks.getJobCounts()).toEqual(before);
  });

  it('refuses a request whose user token does not verify', async () => {
    const before = await webhooks.getJobCounts();
    const error = await nats.expectError(Subjects.jobs.enqueue, delivery('/ok'), { token: 'not.a.token' });
    expect(error.code).toBe(ErrorCode.Unauthenticated);
    expect(await webhooks.getJobCounts()).toEqual(before);
  });
});

describe('jobs.run', () => {
  it("answers with the job's result once it finished", async () => {
    const finished = await nats.expectOk<FinishedJobView>(Subjects.jobs.run, {
      ...delivery('/ok'),
      wait_ms: 5000,
    });
    expect(finished).toMatchObject({ queue: 'webhooks', name: 'deliver', result: { status: 200 } });
  });

  it("answers a job's final refusal as a validation failure with the job's code", async () => {
    const error = await nats.expectError(Subjects.jobs.run, { ...delivery('/gone'), wait_ms: 5000 });
    expect(error).toMatchObject({
      code: ErrorCode.ValidationFailed,
      details: { error: { code: 'webhook_refused' } },
    });
  });

  it('answers 503 when the job failed every attempt', async () => {
    const error = await nats.expectError(Subjects.jobs.run, {
      ...delivery('/down', { attempts: 1 }),
      wait_ms: 5000,
    });
    expect(error).toMatchObject({
      code: ErrorCode.ServiceUnavailable,
      details: { error: { code: 'webhook_server_error' } },
    });
  });

  it('answers 504 when the job is not done by the deadline, and the job carries on', async () => {
    const error = await nats.expectError(Subjects.jobs.run, {
      ...delivery('/slow', { attempts: 1 }),
      wait_ms: 200,
    });
    expect(error).toMatchObject({ code: ErrorCode.UpstreamTimeout, details: { queue: 'webhooks' } });
    const jobId = (error.details as { job_id: string }).job_id;
    expect(await webhooks.getJobState(jobId)).toMatch(/active|failed/);
  });
});

/** The value of a metric's sample with these labels (in any order, others allowed), or undefined. */
function sample(metrics: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of metrics.split('\n')) {
    const match = /^([a-z_]+)\{([^}]*)\} (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    if (Object.entries(labels).every(([label, value]) => match[2].includes(`${label}="${value}"`))) {
      return Number(match[3]);
    }
  }
  return undefined;
}

describe('operations', () => {
  it('reports jobs by queue and state, and how long they ran', async () => {
    const metrics = await (await fetch(new URL('/metrics', opsUrl(app)))).text();
    expect(sample(metrics, 'jobs_queue_jobs', { queue: 'webhooks', state: 'completed' })).toBeGreaterThan(0);
    expect(sample(metrics, 'jobs_queue_jobs', { queue: 'webhooks', state: 'failed' })).toBeGreaterThan(0);
    expect(sample(metrics, 'jobs_queue_jobs', { queue: 'mail', state: 'waiting' })).toBe(0);
    const duration = 'jobs_job_duration_seconds_count';
    expect(sample(metrics, duration, { queue: 'webhooks', outcome: 'completed' })).toBeGreaterThan(0);
    expect(sample(metrics, duration, { queue: 'webhooks', outcome: 'failed' })).toBeGreaterThan(0);
  });
});
