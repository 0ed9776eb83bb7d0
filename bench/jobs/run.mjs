#!/usr/bin/env node
// Jobs benchmark (issue 11, item 11): enqueue-to-complete throughput and latency of the jobs service for a no-op
// job (`maintenance.noop`: what the queue itself costs) and for mail sent over SMTP to a local server started
// here (accepting and dropping every message). Jobs are enqueued over NATS (`jobs.enqueue`, as services do) with a
// bounded number of requests in flight; a job's latency runs from sending its enqueue request to the arrival of its
// `jobs.job.completed` event. Starts its own jobs service (built from this checkout into dist/bench-jobs, on its
// own port, NATS prefix and Redis keys), cleans up after itself, and writes bench/results/jobs-latest.{md,json}.
//   node bench/jobs/run.mjs [--jobs 5000] [--mails 1000] [--in-flight 64] [--concurrency 8] [--port 3515]
//                           [--no-build] [--no-write] [--node-arg <flag> ...]
//   --node-arg starts the jobs service with that Node flag too (repeatable; e.g. --node-arg=--cpu-prof).
import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { connect, headers } from '@nats-io/transport-node';
import { generateKeys } from '../../scripts/generate-keys.mjs';
import { startMailSink } from '../lib/mail-jobs.mjs';
import { machineInfo, round, table } from '../lib/report.mjs';
import {
  deleteRedisKeys,
  portIsFree,
  processCpuSeconds,
  ServiceProcess,
  waitUntilReady,
} from '../lib/system.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

const { values: flags } = parseArgs({
  options: {
    jobs: { type: 'string', default: '5000' },
    mails: { type: 'string', default: '1000' },
    'in-flight': { type: 'string', default: '64' },
    concurrency: { type: 'string', default: '8' },
    port: { type: 'string', default: '3515' },
    'no-build': { type: 'boolean', default: false },
    'no-write': { type: 'boolean', default: false },
    'node-arg': { type: 'string', multiple: true, default: [] },
  },
});
const settings = {
  noopJobs: Number(flags.jobs),
  mails: Number(flags.mails),
  inFlight: Number(flags['in-flight']),
  concurrency: Number(flags.concurrency),
  port: Number(flags.port),
};
const run = randomBytes(4).toString('hex');
const redisKeyPrefix = `bench:jobs:${run}:`;
const subjectPrefix = `bench_jobs_${run}`;
const log = (message) => process.stderr.write(`[jobs bench] ${message}\n`);
const BUILD_DIR = join(ROOT, 'dist', 'bench-jobs');
const ENTRY = join(BUILD_DIR, 'jobs', 'apps', 'jobs', 'src', 'main.js');

function build() {
  log('building the jobs service into dist/bench-jobs...');
  mkdirSync(BUILD_DIR, { recursive: true });
  const tsconfig = join(BUILD_DIR, 'tsconfig.jobs.json');
  writeFileSync(
    tsconfig,
    JSON.stringify({ extends: '../../apps/jobs/tsconfig.app.json', compilerOptions: { outDir: './jobs' } }),
  );
  execFileSync(
    process.execPath,
    ['node_modules/@nestjs/cli/bin/nest.js', 'build', 'jobs', '-p', relative(ROOT, tsconfig)],
    { cwd: ROOT, stdio: ['ignore', process.stderr, process.stderr] },
  );
}

function percentile(sorted, fraction) {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * fraction) - 1)];
}

/**
 * Enqueues `count` jobs, either with at most `settings.inFlight` enqueue requests outstanding (saturation: the
 * throughput) or at a fixed `rate` a second (below saturation: the latency a job sees), and waits for every
 * completion. Answers the latencies (enqueue answer, and enqueue to completed) and the throughput.
 */
async function scenario(nats, jobs, name, count, jobFor, { rate } = {}) {
  const completedAt = new Map();
  const subscription = nats.subscribe(`${subjectPrefix}.jobs.job.completed`, {
    callback: (_error, message) => completedAt.set(message.json().job_id, performance.now()),
  });
  await nats.flush();
  const sentAt = new Map();
  const answerMs = [];
  let failures = 0;

  async function send(index) {
    const h = headers();
    h.set('x-request-id', randomUUID());
    const sent = performance.now();
    try {
      const reply = await nats.request(
        `${subjectPrefix}.jobs.enqueue`,
        JSON.stringify({ pattern: 'jobs.enqueue', data: jobFor(index), id: randomUUID() }),
        { headers: h, timeout: 30_000 },
      );
      const packet = reply.json();
      if (packet.err !== undefined) throw new Error(JSON.stringify(packet.err));
      answerMs.push(performance.now() - sent);
      sentAt.set(packet.response.job_id, sent);
    } catch (error) {
      failures += 1;
      if (failures <= 3) log(`enqueue failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  const cpuBefore = processCpuSeconds(jobs.pid);
  const started = performance.now();
  if (rate) {
    const sends = [];
    for (let index = 0; index < count; index += 1) {
      const wait = started + (index * 1000) / rate - performance.now();
      if (wait > 1) await new Promise((resolveWait) => setTimeout(resolveWait, wait));
      sends.push(send(index));
    }
    await Promise.all(sends);
  } else {
    let next = 0;
    const lane = async () => {
      while (next < count) {
        const index = next;
        next += 1;
        await send(index);
      }
    };
    await Promise.all(Array.from({ length: settings.inFlight }, lane));
  }
  const deadline = performance.now() + 120_000;
  while ([...sentAt.keys()].some((id) => !completedAt.has(id)) && performance.now() < deadline) {
    await new Promise((resolveWait) => setTimeout(resolveWait, 20));
  }
  const finished = performance.now();
  const cpuAfter = processCpuSeconds(jobs.pid);
  subscription.unsubscribe();
  const latencies = [...sentAt]
    .filter(([id]) => completedAt.has(id))
    .map(([id, sent]) => completedAt.get(id) - sent)
    .sort((a, b) => a - b);
  const lastCompletion = Math.max(...[...sentAt.keys()].map((id) => completedAt.get(id) ?? 0));
  answerMs.sort((a, b) => a - b);
  return {
    name,
    load: rate ? `${rate}/s` : `${settings.inFlight} in flight`,
    jobs: count,
    enqueued: sentAt.size,
    completed: latencies.length,
    failures,
    seconds: round((finished - started) / 1000, 2),
    jobsPerSecond: round(latencies.length / ((lastCompletion - started) / 1000), 0),
    enqueueAnswerMs: { p50: round(percentile(answerMs, 0.5)), p99: round(percentile(answerMs, 0.99)) },
    enqueueToCompletedMs: {
      p50: round(percentile(latencies, 0.5)),
      p90: round(percentile(latencies, 0.9)),
      p99: round(percentile(latencies, 0.99)),
      max: round(latencies.at(-1) ?? null),
    },
    jobsCpuMsPerJob: round(((cpuAfter - cpuBefore) * 1000) / Math.max(1, latencies.length), 3),
  };
}

async function main() {
  if (!flags['no-build'] || !existsSync(ENTRY)) build();
  if (!(await portIsFree(settings.port)))
    throw new Error(`port ${settings.port} is in use; pick another (--port)`);
  const keyDir = mkdtempSync(join(os.tmpdir(), 'shotcaller-jobs-bench-'));
  const mail = await startMailSink();
  let jobs;
  let nats;
  try {
    const jwt = generateKeys(keyDir, { log: () => {} });
    const env = { ...process.env };
    for (const name of ['JWT_PRIVATE_KEY', 'JWT_PUBLIC_KEY']) delete env[name];
    jobs = new ServiceProcess(
      'jobs',
      ENTRY,
      {
        ...env,
        NODE_ENV: 'production',
        LOG_LEVEL: 'warn',
        PORT: String(settings.port),
        OPS_PORT: '0',
        NATS_URL,
        NATS_SUBJECT_PREFIX: subjectPrefix,
        REDIS_URL,
        REDIS_KEY_PREFIX: redisKeyPrefix,
        JWT_PUBLIC_KEY_FILE: jwt.publicPath,
        SMTP_URL: `smtp://127.0.0.1:${mail.port}`,
        JOBS_DEFAULT_CONCURRENCY: String(settings.concurrency),
        JOBS_CONCURRENCY: '',
        JOBS_LOCATION_SWEEP_EVERY_MS: '0',
        JOBS_MEDIA_SWEEP_EVERY_MS: '0',
      },
      log,
      ROOT,
      flags['node-arg'],
    );
    await waitUntilReady(jobs, `http://127.0.0.1:${settings.port}/health/ready`);
    nats = await connect({ servers: NATS_URL });

    log(`warming up...`);
    await scenario(nats, jobs, 'warm-up', 200, () => ({ queue: 'maintenance', name: 'noop', data: {} }));
    log(`${settings.noopJobs} no-op jobs, ${settings.inFlight} enqueues in flight...`);
    const noopJob = { queue: 'maintenance', name: 'noop', data: {} };
    const welcome = (index) => ({
      queue: 'mail',
      name: 'welcome',
      data: { to: `bench-${index}@example.com`, first_name: 'Bench' },
    });
    const noop = await scenario(nats, jobs, 'no-op job', settings.noopJobs, () => noopJob);
    log(`${settings.mails} mails over SMTP...`);
    const mailed = await scenario(nats, jobs, 'mail (SMTP)', settings.mails, welcome);
    const noopRate = Math.round(noop.jobsPerSecond / 4);
    log(`no-op jobs at ${noopRate}/s (a quarter of saturation) for 10 s...`);
    const noopAtRate = await scenario(nats, jobs, 'no-op job', noopRate * 10, () => noopJob, {
      rate: noopRate,
    });
    const mailRate = Math.round(mailed.jobsPerSecond / 4);
    log(`mails at ${mailRate}/s (a quarter of saturation) for 10 s...`);
    const mailAtRate = await scenario(nats, jobs, 'mail (SMTP)', mailRate * 10, welcome, { rate: mailRate });
    const summary = {
      machine: machineInfo(),
      settings,
      scenarios: [noop, noopAtRate, mailed, mailAtRate],
      smtpReceived: mail.received(),
    };
    const markdown = [
      '## Jobs',
      '',
      `Machine: ${summary.machine.line}. One jobs process, concurrency ${settings.concurrency} per queue; jobs ` +
        `enqueued over NATS with ${settings.inFlight} requests in flight (saturation: the throughput), then at a ` +
        'quarter of that rate for 10 s (the latency below saturation); latency from sending `jobs.enqueue` to ' +
        'receiving `jobs.job.completed`.',
      '',
      table(
        [
          'scenario',
          'load',
          'jobs',
          'completed',
          'jobs/s',
          'enqueue answer p50 / p99 ms',
          'to completed p50 ms',
          'p90 ms',
          'p99 ms',
          'max ms',
          'jobs CPU ms/job',
        ],
        summary.scenarios.map((result) => [
          result.name,
          result.load,
          String(result.jobs),
          String(result.completed),
          String(result.jobsPerSecond),
          `${result.enqueueAnswerMs.p50} / ${result.enqueueAnswerMs.p99}`,
          String(result.enqueueToCompletedMs.p50),
          String(result.enqueueToCompletedMs.p90),
          String(result.enqueueToCompletedMs.p99),
          String(result.enqueueToCompletedMs.max),
          String(result.jobsCpuMsPerJob),
        ]),
        ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
      ),
      '',
      `Messages the SMTP server received: ${summary.smtpReceived}.`,
      '',
    ].join('\n');
    process.stdout.write(`${markdown}\n`);
    if (!flags['no-write']) {
      const out = join(ROOT, 'bench', 'results');
      mkdirSync(out, { recursive: true });
      writeFileSync(join(out, 'jobs-latest.json'), `${JSON.stringify(summary, null, 2)}\n`);
      writeFileSync(join(out, 'jobs-latest.md'), markdown);
    }
  } finally {
    await nats?.close();
    await jobs?.stop();
    mail.server.close();
    rmSync(keyDir, { recursive: true, force: true });
    await deleteRedisKeys(REDIS_URL, redisKeyPrefix).catch(() => undefined);
  }
}

main().catch((error) => {
  log(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
