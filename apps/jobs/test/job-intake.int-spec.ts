import type { INestApplication } from '@nestjs/common';
import { Queue, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import { JobQueues, NatsHeader, natsSubject, Subjects, type JobFailedEvent } from '@shotcaller/contracts';
import { BullmqConnection } from '@shotcaller/persistence';
import { DEFAULT_PORTS, eventually, NatsRequester, TcpProxy, TestEnvironment } from '@shotcaller/testing';
import { bootCampaign } from '../../campaign/src/boot.js';
import { loadCampaignConfig } from '../../campaign/src/config.js';
import { bootJobs } from '../src/boot.js';
import { loadJobsConfig } from '../src/config.js';
import { QueueConnection } from '../src/queues/queue-connection.js';
import { noop, unavailable } from './support/intake-requests.js';

/**
 * What `jobs.enqueue` answers when Redis does not take a job, and that such a job never runs: Redis stalled (the
 * proxy in front of it holds what the jobs service sends, then lets it through) and Redis unreachable (the proxy
 * cuts the connections), with the jobs service alone and under the campaign service's registration, whose mails it
 * queues.
 */
const env = new TestEnvironment('jobs-intake');
const INTAKE_TIMEOUT_MS = 3000;
let redisProxy: TcpProxy;
let jobs: INestApplication;
let campaign: INestApplication;
let nats: NatsRequester;
let raw: Redis;
let db: pg.Client;
let maintenance: Queue;
let mail: Queue;
const failures: JobFailedEvent[] = [];

beforeAll(async () => {
  redisProxy = await TcpProxy.start(env.stores.redis, DEFAULT_PORTS.redis);
  jobs = await bootJobs(
    loadJobsConfig(
      env.common(
        env.redis({
          REDIS_URL: redisProxy.urlFor(env.stores.redis),
          JOBS_INTAKE_TIMEOUT_MS: String(INTAKE_TIMEOUT_MS),
          JOBS_ATTEMPTS: '1',
          JOBS_LOCATION_SWEEP_EVERY_MS: '0',
          JOBS_MEDIA_SWEEP_EVERY_MS: '0',
          // No mail server: the mails queued here are counted, not sent.
          SMTP_URL: 'smtp://127.0.0.1:9',
        }),
      ),
    ),
  );
  const campaignSettings = env.campaign();
  campaign = await bootCampaign(loadCampaignConfig(campaignSettings), { host: '127.0.0.1' });
  nats = await NatsRequester.connect(env.stores.nats, env.subjectPrefix);
  nats.connection.subscribe(natsSubject(Subjects.jobs.events.jobFailed, env.subjectPrefix), {
    callback: (_, message) => {
      failures.push(message.json<JobFailedEvent>());
    },
  });
  await nats.connection.flush();
  db = new pg.Client({ connectionString: campaignSettings.DATABASE_URL });
  await db.connect();
  // The test's own view of Redis, straight to it: what is stored, whatever the proxy lets through.
  raw = new Redis(env.stores.redis);
  const { prefix } = jobs.get(BullmqConnection);
  maintenance = new Queue(JobQueues.maintenance, { connection: raw, prefix });
  mail = new Queue(JobQueues.mail, { connection: raw, prefix });
});

afterAll(async () => {
  redisProxy?.release();
  await maintenance?.close();
  await mail?.close();
  raw?.disconnect();
  await db?.end();
  await nats?.close();
  await campaign?.close();
  await jobs?.close();
  await redisProxy?.close();
  await env.cleanup();
});

let registrations = 0;
function registration() {
  registrations += 1;
  return {
    email: `intake${registrations}@example.com`,
    password: 'secret123',
    first_name: 'Intake',
    last_name: 'Tester',
    gamemaster: true,
  };
}

async function accounts(email: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>('select count(*)::int as n from users where email = $1', [
    email,
  ]);
  return rows[0].n;
}

/** The mail jobs stored for an address, in any state. */
async function mailsTo(email: string): Promise<Job[]> {
  const all = await mail.getJobs(['waiting', 'active', 'delayed', 'completed', 'failed']);
  return all.filter((job) => (job.data as { data: { to?: string } }).data.to === email);
}

/** Holds what the jobs service sends Redis while `during` runs, then lets it all through. */
async function withRedisStalled<T>(during: () => Promise<T>): Promise<T> {
  redisProxy.hold();
  try {
    return await during();
  } finally {
    redisProxy.release();
  }
}

describe('Redis stalled: it has the job but does not answer in time', () => {
  it('answers 503 at the intake deadline; the job Redis stores afterwards fails without being run', async () => {
    // Answered while the proxy still holds the job's command: Redis has not seen it yet.
    const error = await withRedisStalled(() =>
      nats.expectError(Subjects.jobs.enqueue, noop('stalled-1'), { timeoutMs: 20_000 }),
    );
    expect(error).toMatchObject(unavailable);

    // Let through now, the command stores the job; its worker fails it as abandoned instead of running it.
    const job = await eventually(async () => {
      const stored = await maintenance.getJob('stalled-1');
      expect(await stored?.getState()).toBe('failed');
      return stored!;
    });
    expect(job.failedReason).toMatch(/^job_abandoned \(final\): /);
    await eventually(() =>
      expect(failures.filter((event) => event.job_id === 'stalled-1')).toEqual([
        expect.objectContaining({ error: { code: 'job_abandoned', message: expect.any(String) } }),
      ]),
    );

    // Redis answering again, the next job is stored and runs.
    await nats.expectOk(Subjects.jobs.enqueue, noop('stalled-2'));
    await eventually(async () => expect(await maintenance.getJobState('stalled-2')).toBe('completed'));
  });

  it('answers a caller that stops waiting sooner than the intake timeout first', async () => {
    const answered: string[] = [];
    const replies = await withRedisStalled(() => {
      // Sent first, by a caller that says no deadline: it waits the intake timeout.
      const patient = nats
        .request(Subjects.jobs.enqueue, noop('stalled-3'), { timeoutMs: 20_000 })
        .then((reply) => {
          answered.push('patient');
          return reply;
        });
      // Sent next, by one that stops waiting in 1.5 s (as a service's client says in `x-deadline`).
      const hurried = nats
        .request(Subjects.jobs.enqueue, noop('stalled-4'), {
          timeoutMs: 20_000,
          headers: { [NatsHeader.Deadline]: String(Date.now() + 1500) },
        })
        .then((reply) => {
          answered.push('hurried');
          return reply;
        });
      return Promise.all([patient, hurried]);
    });
    const refused = { ok: false, error: expect.objectContaining(unavailable) };
    expect(replies).toEqual([refused, refused]);
    expect(answered).toEqual(['hurried', 'patient']);
    for (const jobId of ['stalled-3', 'stalled-4']) {
      await eventually(async () => expect(await maintenance.getJobState(jobId)).toBe('failed'));
    }
  });

  it('fails a registration with 503 and writes no account; the late welcome mail is never sent', async () => {
    const person = registration();
    const error = await withRedisStalled(() =>
      nats.expectError(Subjects.campaign.users.register, person, { timeoutMs: 20_000 }),
    );
    expect(error).toMatchObject(unavailable);
    expect(await accounts(person.email)).toBe(0);

    // The welcome mail's job reached Redis once released, and failed unsent; nothing else was queued.
    const mails = await eventually(async () => {
      const stored = await mailsTo(person.email);
      expect(await Promise.all(stored.map((job) => job.getState()))).toEqual(['failed']);
      return stored;
    });
    expect(mails.map((job) => [job.name, job.failedReason?.split(' ')[0]])).toEqual([
      ['welcome', 'job_abandoned'],
    ]);
  });
});

describe('Redis unreachable', () => {
  it('fails a registration with 503 at once and writes nothing; once Redis is back registrations mail again', async () => {
    const lost = registration();
    await redisProxy.cut();
    try {
      await eventually(() => expect(jobs.get(QueueConnection).ready).toBe(false));
      const error = await nats.expectError(Subjects.campaign.users.register, lost, { timeoutMs: 20_000 });
      expect(error).toMatchObject(unavailable);
    } finally {
      await redisProxy.open();
    }
    expect(await accounts(lost.email)).toBe(0);

    const welcomed = registration();
    await eventually(() => nats.expectOk(Subjects.campaign.users.register, welcomed), 20_000, 500);
    expect(await accounts(welcomed.email)).toBe(1);
    expect((await mailsTo(welcomed.email)).map((job) => job.name).sort()).toEqual([
      'email_confirmation',
      'welcome',
    ]);
    // Queued after Redis came back, these were not preceded by anything the refused registration left waiting.
    expect(await mailsTo(lost.email)).toEqual([]);
  });
});
