import type { INestApplication } from '@nestjs/common';
import { Queue } from 'bullmq';
import pg from 'pg';
import { generateSigningKeyPair } from '@shotcaller/auth';
import { JobQueues, Subjects, type LocationGrant, type LocationSweepResult } from '@shotcaller/contracts';
import { BullmqConnection } from '@shotcaller/persistence';
import { eventually, NatsRequester, TestEnvironment } from '@shotcaller/testing';
import { bootLocation } from '../../realtime-location/src/boot.js';
import { loadLocationConfig } from '../../realtime-location/src/config.js';
import { bootJobs } from '../src/boot.js';
import { loadJobsConfig } from '../src/config.js';

/**
 * The location sweep as a BullMQ job scheduler: two jobs replicas starting make one schedule, each run is one
 * job, and the realtime-location service (its own timer off) ends an expired session when the job asks.
 */
const env = new TestEnvironment('jobs-maintenance');
const keys = generateSigningKeyPair();
const jobsReplicas: INestApplication[] = [];
let location: INestApplication;
let nats: NatsRequester;
let db: pg.Client;
let maintenance: Queue;

beforeAll(async () => {
  const locationSettings = env.common({
    ...env.redis(),
    DATABASE_URL: env.databaseUrl('location'),
    LOCATION_TOKEN_PRIVATE_KEY: keys.privateKeyPem,
    LOCATION_SWEEP_INTERVAL_MS: '0',
  });
  location = await bootLocation(loadLocationConfig(locationSettings));
  const jobsSettings = env.common({ ...env.redis(), JOBS_LOCATION_SWEEP_EVERY_MS: '300' });
  for (let replica = 0; replica < 2; replica += 1) {
    jobsReplicas.push(await bootJobs(loadJobsConfig(jobsSettings)));
  }
  nats = await NatsRequester.connect(env.stores.nats, env.subjectPrefix);
  db = new pg.Client({ connectionString: locationSettings.DATABASE_URL });
  await db.connect();
  const { connection, prefix } = jobsReplicas[0].get(BullmqConnection);
  maintenance = new Queue(JobQueues.maintenance, { connection, prefix });
});

afterAll(async () => {
  await maintenance?.close();
  await db?.end();
  await nats?.close();
  for (const app of jobsReplicas) await app.close();
  await location?.close();
  await env.cleanup();
});

it('keeps one location-sweep schedule however many replicas start', async () => {
  const schedulers = await maintenance.getJobSchedulers();
  expect(schedulers).toHaveLength(1);
  expect(schedulers[0]).toMatchObject({ key: 'location_sweep', every: 300 });
});

it('ends an expired session through the scheduled job, each run one completed job', async () => {
  const grant = await nats.expectOk<LocationGrant>(Subjects.location.sessions.create, {
    name: 'Short',
    display_name: 'Johnny',
  });
  await db.query(`update location_sessions set expires_at = now() where id = $1`, [grant.session.id]);
  await eventually(async () => {
    const row = await db.query('select ended_reason from location_sessions where id = $1', [
      grant.session.id,
    ]);
    expect(row.rows[0].ended_reason).toBe('expired');
  }, 10_000);
  // The session ends inside the job; the job is marked completed a moment after.
  const completed = await eventually(async () => {
    const jobs = await maintenance.getJobs(['completed'], 0, 100);
    const ended = jobs.filter((job) =>
      (job.returnvalue as LocationSweepResult).ended.some((session) => session.id === grant.session.id),
    );
    expect(ended).toHaveLength(1);
    expect(ended[0].name).toBe('location_sweep');
    expect(ended[0].returnvalue).toEqual({ ended: [{ id: grant.session.id, reason: 'expired' }], left: [] });
    return jobs;
  }, 10_000);
  // Every run is its own job: no two completed jobs share a scheduled time.
  const times = completed.map((job) => job.timestamp);
  expect(new Set(times).size).toBe(times.length);
});

it('removes the schedule when a replica starts with it set to 0', async () => {
  const settings = env.common({ ...env.redis(), JOBS_LOCATION_SWEEP_EVERY_MS: '0' });
  const app = await bootJobs(loadJobsConfig(settings));
  try {
    expect(await maintenance.getJobSchedulers()).toHaveLength(0);
  } finally {
    await app.close();
  }
});
