import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { JobQueues, natsSubject, Subjects, type EnqueuedJobView } from '@shotcaller/contracts';
import { bullmqPrefix } from '@shotcaller/persistence';
import {
  eventually,
  exited,
  NatsRequester,
  startServiceProcess,
  stopServiceProcess,
  TestEnvironment,
  type ServiceProcess,
} from '@shotcaller/testing';

/**
 * The jobs service as a real process, killed and stopped with jobs waiting: after a restart every job runs, and
 * none runs to completion twice. Deliveries go to a local HTTP server that answers slowly, so jobs are in flight
 * when the process goes.
 */
const env = new TestEnvironment('jobs-restart');
const DELIVERY_MS = 150;
let receiver: Server;
let receiverUrl: string;
let nats: NatsRequester;
let redis: Redis;
let webhooks: Queue;
let jobs: ServiceProcess | undefined;
/** Deliveries the receiver answered, by job id (the X-Shotcaller-Delivery header). */
const delivered = new Map<string, number>();
/** `jobs.job.completed` events, by job id. */
const completions = new Map<string, number>();

function settings(): Record<string, string> {
  return env.common({
    ...env.redis(),
    WEBHOOK_SIGNING_SECRET: 'jobs-restart-signing-secret',
    WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true',
    JOBS_DEFAULT_CONCURRENCY: '2',
    JOBS_STALLED_CHECK_MS: '5000',
    SHUTDOWN_TIMEOUT_MS: '15000',
    JOBS_LOCATION_SWEEP_EVERY_MS: '0',
    JOBS_MEDIA_SWEEP_EVERY_MS: '0',
    LOG_LEVEL: 'warn',
  });
}

beforeAll(async () => {
  receiver = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      setTimeout(() => {
        const id = String(request.headers['x-shotcaller-delivery']);
        delivered.set(id, (delivered.get(id) ?? 0) + 1);
        response.writeHead(200).end();
      }, DELIVERY_MS);
    });
  });
  receiver.listen(0, '127.0.0.1');
  await once(receiver, 'listening');
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  nats = await NatsRequester.connect(env.stores.nats, env.subjectPrefix);
  nats.connection.subscribe(natsSubject(Subjects.jobs.events.jobCompleted, env.subjectPrefix), {
    callback: (_, message) => {
      const id = message.json<{ job_id: string }>().job_id;
      completions.set(id, (completions.get(id) ?? 0) + 1);
    },
  });
  redis = new Redis(env.stores.redis, { maxRetriesPerRequest: null });
  webhooks = new Queue(JobQueues.webhooks, { connection: redis, prefix: bullmqPrefix(env.redisKeyPrefix) });
});

afterAll(async () => {
  if (jobs) await stopServiceProcess(jobs.child);
  await webhooks?.close();
  redis?.disconnect();
  await nats?.close();
  receiver?.closeAllConnections();
  receiver?.close();
  await env.cleanup();
});

async function enqueue(count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let n = 0; n < count; n += 1) {
    const job = await nats.expectOk<EnqueuedJobView>(Subjects.jobs.enqueue, {
      queue: 'webhooks',
      name: 'deliver',
      data: { url: receiverUrl, event: 'restart.test', payload: { n } },
    });
    ids.push(job.job_id);
  }
  return ids;
}

async function allCompleted(ids: string[]): Promise<void> {
  await eventually(async () => {
    const states = await Promise.all(ids.map((id) => webhooks.getJobState(id)));
    expect(states.filter((state) => state !== 'completed')).toEqual([]);
    for (const id of ids) expect(completions.get(id)).toBe(1);
  }, 30_000);
}

it('runs every job after the process is killed mid-work, none to completion twice', async () => {
  jobs = await startServiceProcess('jobs', settings());
  const ids = await enqueue(20);
  await eventually(() => expect(delivered.size).toBeGreaterThanOrEqual(3), 10_000);
  jobs.child.kill('SIGKILL');
  await exited(jobs.child);
  const waiting = await webhooks.getJobCounts('waiting', 'active');
  expect(waiting.waiting + waiting.active).toBeGreaterThan(0);

  jobs = await startServiceProcess('jobs', settings());
  await allCompleted(ids);
  // At least once: a job the killed worker was running may have reached the receiver before the kill and again
  // after the restart, but the queue completed it once. Only running jobs can repeat: at most the concurrency.
  for (const id of ids) expect(delivered.get(id)).toBeGreaterThanOrEqual(1);
  const twice = ids.filter((id) => (delivered.get(id) ?? 0) > 1);
  expect(twice.length).toBeLessThanOrEqual(2);
});

it('lets running jobs finish on SIGTERM and leaves the rest queued for the next start', async () => {
  const before = new Map(delivered);
  const ids = await enqueue(12);
  await eventually(() => expect(delivered.size).toBeGreaterThan(before.size), 10_000);
  await stopServiceProcess(jobs!.child, 20_000);
  // Stopped by its own shutdown (Nest raises the signal again once closed), not by the SIGKILL after the grace.
  expect(jobs!.child.signalCode).toBe('SIGTERM');
  // Nothing was cut short: every job is either completed or still waiting, none active or failed.
  const counts = await webhooks.getJobCounts('active', 'failed', 'waiting');
  expect(counts.active).toBe(0);
  expect(counts.failed).toBe(0);
  expect(counts.waiting).toBeGreaterThan(0);

  jobs = await startServiceProcess('jobs', settings());
  await allCompleted(ids);
  for (const id of ids) expect(delivered.get(id)).toBe(1);
});
