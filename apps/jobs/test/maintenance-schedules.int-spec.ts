import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { Queue } from 'bullmq';
import pg from 'pg';
import { generateSigningKeyPair } from '@shotcaller/auth';
import {
  JobQueues,
  Subjects,
  type ImageSweepResult,
  type LocationGrant,
  type LocationSweepResult,
} from '@shotcaller/contracts';
import { BullmqConnection } from '@shotcaller/persistence';
import { eventually, NatsRequester, TestEnvironment } from '@shotcaller/testing';
import { bootMedia } from '../../media/src/boot.js';
import { loadMediaConfig } from '../../media/src/config.js';
import { bootLocation } from '../../realtime-location/src/boot.js';
import { loadLocationConfig } from '../../realtime-location/src/config.js';
import { bootJobs } from '../src/boot.js';
import { loadJobsConfig } from '../src/config.js';

/**
 * The maintenance schedules as BullMQ job schedulers: two jobs replicas starting make one schedule of each, each
 * run is one job; the realtime-location service (its own timer off) ends an expired session when the location
 * sweep asks, and the media service answers the orphaned image cleanup.
 */
const env = new TestEnvironment('jobs-maintenance');
const keys = generateSigningKeyPair();
const jobsReplicas: INestApplication[] = [];
let location: INestApplication;
let media: INestApplication;
let mediaStorage: string;
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
  mediaStorage = await mkdtemp(join(tmpdir(), 'shotcaller-media-'));
  media = await bootMedia(
    loadMediaConfig(env.common({ DATABASE_URL: env.databaseUrl('media'), MEDIA_STORAGE_DIR: mediaStorage })),
  );
  const jobsSettings = env.common({
    ...env.redis(),
    JOBS_LOCATION_SWEEP_EVERY_MS: '300',
    JOBS_MEDIA_SWEEP_EVERY_MS: '400',
  });
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
  await media?.close();
  await env.cleanup();
  if (mediaStorage) await rm(mediaStorage, { recursive: true, force: true });
});

it('keeps one schedule of each maintenance job however many replicas start', async () => {
  const schedulers = await maintenance.getJobSchedulers();
  expect(
    schedulers.map(({ key, every }) => ({ key, every })).sort((a, b) => a.key.localeCompare(b.key)),
  ).toEqual([
    { key: 'location_sweep', every: 300 },
    { key: 'media_sweep', every: 400 },
  ]);
});

it('runs the orphaned image cleanup on its schedule, each run one completed job', async () => {
  await eventually(async () => {
    const jobs = await maintenance.getJobs(['completed'], 0, 100);
    const sweeps = jobs.filter((job) => job.name === 'media_sweep');
    expect(sweeps.length).toBeGreaterThanOrEqual(2);
    expect(sweeps[0].returnvalue as ImageSweepResult).toEqual({
      deleted_unattached: 0,
      deleted_unreferenced: 0,
      checked: 0,
    });
  }, 10_000);
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
    const ended = jobs.filter(
      (job) =>
        job.name === 'location_sweep' &&
        (job.returnvalue as LocationSweepResult).ended.some((session) => session.id === grant.session.id),
    );
    expect(ended).toHaveLength(1);
    expect(ended[0].name).toBe('location_sweep');
    expect(ended[0].returnvalue).toEqual({ ended: [{ id: grant.session.id, reason: 'expired' }], left: [] });
    return jobs;
  }, 10_000);
  // Every run is its own job: no two completed jobs share a scheduled time.
  const times = completed.filter((job) => job.name === 'location_sweep').map((job) => job.timestamp);
  expect(new Set(times).size).toBe(times.length);
});

it('removes the schedules when a replica starts with them set to 0', async () => {
  const settings = env.common({
    ...env.redis(),
    JOBS_LOCATION_SWEEP_EVERY_MS: '0',
    JOBS_MEDIA_SWEEP_EVERY_MS: '0',
  });
  const app = await bootJobs(loadJobsConfig(settings));
  try {
    expect(await maintenance.getJobSchedulers()).toHaveLength(0);
  } finally {
    await app.close();
  }
});
