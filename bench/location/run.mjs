#!/usr/bin/env node
// Location-sharing benchmark (issue 10, item 8): N sessions of M participants, each sending a position every
// interval through the gateway's socket.io (`location:update`) and the realtime-location service, every other
// participant receiving it as `location.updated`. Measures delivery latency (p50/p99; target p99 < 50 ms) and
// the CPU split between gateway and service. Starts its own gateway and realtime-location (built from this
// checkout, on bench-only ports, NATS prefix, Redis keys and database), cleans up after itself, and writes
// bench/results/location-latest.{md,json}.
//   node bench/location/run.mjs [--sessions 20] [--participants 50] [--interval-ms 2000] [--duration 30]
//                               [--workers 2] [--client wire|socket.io-client] [--client-nice 10]
//                               [--gateways 1] [--no-build] [--no-write]
//                               [--node-arg=--cpu-prof ...]
// --client: the lean wire-protocol client (bench/lib/wire-client.mjs, the default) or socket.io-client.
// --client-nice: the client processes' nice value (10: they yield the CPU to the system under test, whose clients
// would be on other machines in a deployment; 0: they compete with it as equals).
// --gateways: gateway replicas, participant i connecting to replica i mod N as an ingress would spread them.
// --node-arg passes a Node option to the gateway, the service and the client processes alike.
import { execFileSync, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generateKeys } from '../../scripts/generate-keys.mjs';
import { machineInfo, round, table } from '../lib/report.mjs';
import {
  cpuSecondsByCommand,
  cpuSecondsSince,
  deleteRedisKeys,
  dropDatabase,
  machineCpuTimes,
  portIsFree,
  processCpuSeconds,
  ServiceProcess,
  waitUntilReady,
  withDatabase,
} from '../lib/system.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const WORKER = join(dirname(fileURLToPath(import.meta.url)), 'client-worker.mjs');
const POSTGRES_URL = process.env.POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const UNLIMITED = '100000000';
/** Local stores whose CPU the report shows beside the services' (when they run on this machine). */
const STORE_COMMANDS = ['nats-server', 'redis-server', 'postgres'];

const { values: flags } = parseArgs({
  options: {
    sessions: { type: 'string', default: '20' },
    participants: { type: 'string', default: '50' },
    'interval-ms': { type: 'string', default: '2000' },
    duration: { type: 'string', default: '30' },
    workers: { type: 'string', default: '2' },
    client: { type: 'string', default: 'wire' },
    'client-nice': { type: 'string', default: '10' },
    gateways: { type: 'string', default: '1' },
    'gateway-port': { type: 'string', default: '3400' },
    'location-port': { type: 'string', default: '3413' },
    'no-build': { type: 'boolean', default: false },
    'no-write': { type: 'boolean', default: false },
    'node-arg': { type: 'string', multiple: true, default: [] },
  },
});
const settings = {
  sessions: Number(flags.sessions),
  participants: Number(flags.participants),
  intervalMs: Number(flags['interval-ms']),
  durationMs: Number(flags.duration) * 1000,
  workers: Number(flags.workers),
  client: flags.client,
  clientNice: Number(flags['client-nice']),
  gateways: Number(flags.gateways),
  gatewayPort: Number(flags['gateway-port']),
  locationPort: Number(flags['location-port']),
};
if (!['wire', 'socket.io-client'].includes(settings.client))
  throw new Error(`--client is wire or socket.io-client, not ${settings.client}`);
if (!Number.isInteger(settings.clientNice) || settings.clientNice < 0 || settings.clientNice > 19)
  throw new Error('--client-nice is 0..19');
if (!Number.isInteger(settings.gateways) || settings.gateways < 1) throw new Error('--gateways is 1 or more');
const run = randomBytes(4).toString('hex');
const database = `shotcaller_bench_location_${run}`;
const redisKeyPrefix = `bench:location:${run}:`;
const subjectPrefix = `bench_location_${run}`;
const services = [];
const workers = [];
let keyDir;

const log = (message) => process.stderr.write(`[location bench] ${message}\n`);
/**
 * Built apart from dist/apps (dist/bench-location/<app>), so a build here never replaces the dist another
 * benchmark or `npm start` is running from.
 */
const BUILD_DIR = join(ROOT, 'dist', 'bench-location');
const entry = (app) => join(BUILD_DIR, app, 'apps', app, 'src', 'main.js');

function commonEnv() {
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    NATS_URL,
    NATS_SUBJECT_PREFIX: subjectPrefix,
    SHUTDOWN_TIMEOUT_MS: '5000',
    REDIS_URL,
    REDIS_KEY_PREFIX: redisKeyPrefix,
    OPS_PORT: '0',
  };
  for (const name of [
    'JWT_PRIVATE_KEY',
    'JWT_PUBLIC_KEY',
    'LOCATION_TOKEN_PRIVATE_KEY',
    'LOCATION_TOKEN_PUBLIC_KEY',
  ])
    delete env[name];
  return env;
}

async function start(name, app, env, port) {
  if (!(await portIsFree(port)))
    throw new Error(`port ${port} is in use; pick another (--help in the header)`);
  const service = new ServiceProcess(
    name,
    entry(app),
    { ...commonEnv(), PORT: String(port), ...env },
    log,
    ROOT,
    flags['node-arg'],
  );
  services.push(service);
  await waitUntilReady(service, `http://127.0.0.1:${port}/health/ready`);
  return service;
}

async function api(method, path, body, token) {
  const response = await fetch(`http://127.0.0.1:${settings.gatewayPort}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 200)}`);
  return JSON.parse(text);
}

/** Creates the sessions and joins their participants through the REST API. */
async function seed() {
  const all = [];
  await Promise.all(
    Array.from({ length: settings.sessions }, async (_, index) => {
      const created = await api('POST', '/api/location/sessions', {
        name: `Bench ${index}`,
        display_name: 'P0',
      });
      const members = [created];
      for (let joined = 1; joined < settings.participants; joined += 1) {
        members.push(
          await api('POST', `/api/location/sessions/${created.session.id}/join`, {
            display_name: `P${joined}`,
          }),
        );
      }
      for (const grant of members) {
        all.push({ token: grant.token, id: grant.participant.id, sessionId: grant.session.id });
      }
    }),
  );
  return all;
}

/** p50, p90, p99 and max (ms) of the workers' histograms of 0.1 ms buckets ([bucket, count] pairs). */
function distribution(histograms) {
  const merged = new Map();
  for (const histogram of histograms) {
    for (const [bucket, count] of histogram) merged.set(bucket, (merged.get(bucket) ?? 0) + count);
  }
  const sorted = [...merged].sort((a, b) => a[0] - b[0]);
  const total = sorted.reduce((sum, [, count]) => sum + count, 0);
  const percentile = (fraction) => {
    let seen = 0;
    for (const [bucket, count] of sorted) {
      seen += count;
      if (seen >= total * fraction) return bucket / 10;
    }
    return null;
  };
  return {
    p50: percentile(0.5),
    p90: percentile(0.9),
    p99: percentile(0.99),
    max: sorted.length ? sorted[sorted.length - 1][0] / 10 : null,
  };
}

/** CPU used over the sending window by each process of the run, in percent of one core. */
function cpuPercentOfOneCore(before, after, seconds) {
  const percent = (start, end) =>
    start === null || end === null ? null : round(((end - start) / seconds) * 100, 1);
  const sumOfPercents = (values) =>
    values.includes(null)
      ? null
      : round(
          values.reduce((sum, value) => sum + value, 0),
          1,
        );
  const machine = after.machine.total - before.machine.total;
  return {
    gateway: sumOfPercents(before.gateways.map((start, index) => percent(start, after.gateways[index]))),
    'realtime-location': percent(before.service, after.service),
    clients: sumOfPercents(before.clients.map((start, index) => percent(start, after.clients[index]))),
    stores:
      before.stores && after.stores
        ? round(
            (STORE_COMMANDS.reduce(
              (sum, name) => sum + cpuSecondsSince(before.stores, after.stores, name),
              0,
            ) /
              seconds) *
              100,
            1,
          )
        : null,
    machineBusy:
      machine > 0
        ? round(((after.machine.busy - before.machine.busy) / machine) * os.cpus().length * 100, 1)
        : null,
  };
}

async function main() {
  if (!flags['no-build'] || !existsSync(entry('gateway')) || !existsSync(entry('realtime-location'))) {
    log('building gateway and realtime-location into dist/bench-location...');
    mkdirSync(BUILD_DIR, { recursive: true });
    for (const app of ['gateway', 'realtime-location']) {
      const tsconfig = join(BUILD_DIR, `tsconfig.${app}.json`);
      writeFileSync(
        tsconfig,
        JSON.stringify({
          extends: `../../apps/${app}/tsconfig.app.json`,
          compilerOptions: { outDir: `./${app}` },
        }),
      );
      execFileSync(
        process.execPath,
        ['node_modules/@nestjs/cli/bin/nest.js', 'build', app, '-p', relative(ROOT, tsconfig)],
        {
          cwd: ROOT,
          stdio: ['ignore', process.stderr, process.stderr],
        },
      );
    }
  }
  keyDir = mkdtempSync(join(os.tmpdir(), 'shotcaller-location-bench-'));
  const jwt = generateKeys(keyDir, { log: () => {} });
  const location = generateKeys(keyDir, { log: () => {}, name: 'location' });
  const service = await start(
    'realtime-location',
    'realtime-location',
    {
      DATABASE_URL: withDatabase(POSTGRES_URL, database),
      JWT_PUBLIC_KEY_FILE: jwt.publicPath,
      LOCATION_TOKEN_PRIVATE_KEY_FILE: location.privatePath,
      LOCATION_MIN_UPDATE_INTERVAL_MS: String(Math.min(1000, Math.floor(settings.intervalMs / 2))),
    },
    settings.locationPort,
  );
  // Replicas as an ingress would spread them: participant i connects to replica i mod N; REST goes to the first.
  const gateways = [];
  for (let index = 0; index < settings.gateways; index += 1) {
    gateways.push(
      await start(
        `gateway ${index + 1}`,
        'gateway',
        {
          JWT_PUBLIC_KEY_FILE: jwt.publicPath,
          LOCATION_TOKEN_PUBLIC_KEY_FILE: location.publicPath,
          DOCS_ENABLED: 'false',
          RATE_LIMIT_API_PER_MINUTE: UNLIMITED,
          RATE_LIMIT_SIGN_IN_PER_IP_PER_MINUTE: UNLIMITED,
          RATE_LIMIT_SIGN_IN_PER_ACCOUNT_PER_MINUTE: UNLIMITED,
          RATE_LIMIT_REGISTER_PER_MINUTE: UNLIMITED,
        },
        settings.gatewayPort + index,
      ),
    );
  }
  log(`seeding ${settings.sessions} sessions of ${settings.participants} participants...`);
  const participants = (await seed()).map((participant, index) => ({
    ...participant,
    url: `http://127.0.0.1:${settings.gatewayPort + (index % settings.gateways)}`,
  }));

  log(`connecting ${participants.length} sockets from ${settings.workers} worker processes...`);
  const share = Math.ceil(participants.length / settings.workers);
  const results = [];
  await Promise.all(
    Array.from({ length: settings.workers }, (_, index) => {
      const slice = participants.slice(index * share, (index + 1) * share);
      const child = fork(WORKER, [], { execArgv: flags['node-arg'] });
      os.setPriority(child.pid, settings.clientNice);
      workers.push(child);
      child.send({
        participants: slice,
        intervalMs: settings.intervalMs,
        durationMs: settings.durationMs,
        client: settings.client,
      });
      child.on('message', (message) => {
        if (message.type === 'done') results.push(message);
      });
      return new Promise((resolveConnected) =>
        child.once('message', (message) => {
          if (message.type === 'connected') resolveConnected(message.count);
        }),
      );
    }),
  );

  log(`sending a position every ${settings.intervalMs} ms for ${settings.durationMs / 1000} s...`);
  const cpuSnapshot = () => ({
    at: performance.now(),
    gateways: gateways.map((gateway) => processCpuSeconds(gateway.pid)),
    service: processCpuSeconds(service.pid),
    clients: workers.map((child) => processCpuSeconds(child.pid)),
    stores: cpuSecondsByCommand(STORE_COMMANDS),
    machine: machineCpuTimes(),
  });
  const before = cpuSnapshot();
  const done = workers.map((child) => new Promise((resolveDone) => child.once('exit', resolveDone)));
  for (const child of workers) child.send('start');
  await new Promise((resolveWindow) => setTimeout(resolveWindow, settings.durationMs));
  const after = cpuSnapshot();
  await Promise.all(done);

  const counts = { sent: 0, acked: 0, received: 0, connectErrors: 0, refused: {} };
  for (const result of results) {
    for (const key of ['sent', 'acked', 'received', 'connectErrors']) counts[key] += result.counts[key];
    for (const [code, count] of Object.entries(result.counts.refused)) {
      counts.refused[code] = (counts.refused[code] ?? 0) + count;
    }
  }
  const seconds = (after.at - before.at) / 1000;
  const summary = {
    machine: machineInfo(),
    settings,
    counts,
    expectedDeliveries: counts.acked * (settings.participants - 1),
    latencyMs: distribution(results.map((result) => result.buckets)),
    ackLatencyMs: distribution(results.map((result) => result.ackBuckets)),
    cpuPercentOfOneCore: cpuPercentOfOneCore(before, after, seconds),
  };
  const markdown = [
    '## Location sharing',
    '',
    `Machine: ${summary.machine.line}. ${settings.sessions} sessions × ${settings.participants} participants, ` +
      `one update each every ${settings.intervalMs} ms for ${settings.durationMs / 1000} s, ` +
      `${settings.gateways === 1 ? 'one gateway process' : `${settings.gateways} gateway processes`}, ` +
      `${settings.workers} client processes at nice ${settings.clientNice} ` +
      `(${settings.client === 'wire' ? 'the lean wire-protocol client' : 'socket.io-client'}).`,
    '',
    table(
      [
        'updates sent',
        'acked',
        'refused',
        'deliveries (expected)',
        'p50 ms',
        'p90 ms',
        'p99 ms',
        'max ms',
        'ack p50 / p99 ms',
        'gateway CPU %',
        'location CPU %',
        'clients CPU %',
        'NATS, Redis, PostgreSQL CPU %',
        'machine busy %',
      ],
      [
        [
          String(counts.sent),
          String(counts.acked),
          Object.entries(counts.refused)
            .map(([code, count]) => `${code}×${count}`)
            .join(', ') || '0',
          `${counts.received} (${summary.expectedDeliveries})`,
          String(summary.latencyMs.p50),
          String(summary.latencyMs.p90),
          String(summary.latencyMs.p99),
          String(summary.latencyMs.max),
          `${summary.ackLatencyMs.p50} / ${summary.ackLatencyMs.p99}`,
          String(summary.cpuPercentOfOneCore.gateway),
          String(summary.cpuPercentOfOneCore['realtime-location']),
          String(summary.cpuPercentOfOneCore.clients),
          String(summary.cpuPercentOfOneCore.stores),
          String(summary.cpuPercentOfOneCore.machineBusy),
        ],
      ],
      [
        'right',
        'right',
        'left',
        'right',
        'right',
        'right',
        'right',
        'right',
        'right',
        'right',
        'right',
        'right',
        'right',
        'right',
      ],
    ),
    '',
    'Latency: from the sender stamping `recorded_at` to another participant receiving `location.updated` (same ' +
      'machine clock); ack: from sending `location:update` to its acknowledgement. CPU: percent of one core over the sending window (the machine has ' +
      `${os.cpus().length * 100}); machine busy counts every process on it.`,
    '',
  ].join('\n');
  process.stdout.write(`${markdown}\n`);
  if (flags['no-write']) return;
  mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
  writeFileSync(join(ROOT, 'bench', 'results', 'location-latest.md'), markdown);
  writeFileSync(
    join(ROOT, 'bench', 'results', 'location-latest.json'),
    `${JSON.stringify(summary, null, 2)}\n`,
  );
}

async function cleanup() {
  for (const child of workers) if (child.exitCode === null) child.kill('SIGKILL');
  for (const service of services.reverse()) await service.stop();
  await dropDatabase(POSTGRES_URL, database).catch((error) =>
    log(`could not drop ${database}: ${error.message}`),
  );
  await deleteRedisKeys(REDIS_URL, redisKeyPrefix).catch((error) =>
    log(`could not delete Redis keys: ${error.message}`),
  );
  if (keyDir) rmSync(keyDir, { recursive: true, force: true });
}

process.once('SIGINT', () => void cleanup().finally(() => process.exit(130)));
try {
  await main();
} catch (error) {
  log(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
} finally {
  await cleanup();
}
