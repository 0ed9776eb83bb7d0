#!/usr/bin/env node
// The realtime benchmarks (run by `npm run bench` after the HTTP scenarios, or alone:
// `node bench/realtime/run.mjs --only idle-memory`). Starts the campaign service once and a fresh gateway
// process for each scenario (built from this checkout, on bench-only ports, NATS subject prefix, Redis keys and
// database), seeds users, a campaign with members and fights through the REST API, and drives socket.io-client
// connections from child processes. Appends its tables to bench/results/latest.{md,json}. Always stops the
// processes, drops the database and deletes the Redis keys, also on failure and on Ctrl-C. Flags: --help, and
// bench/README.md.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { ensureServices } from '../../scripts/ensure-services.mjs';
import { generateKeys } from '../../scripts/generate-keys.mjs';
import { startMailingJobs } from '../lib/mail-jobs.mjs';
import { machineInfo, round } from '../lib/report.mjs';
import {
  cpuSecondsByCommand,
  cpuSecondsSince,
  deleteRedisKeys,
  dropAbandonedDatabases,
  dropDatabase,
  machineCpuTimes,
  portIsFree,
  processCpuSeconds,
  ServiceProcess,
  waitUntilReady,
  withDatabase,
} from '../lib/system.mjs';
import { ClientPool } from './clients.mjs';
import { Inspector, inspectorUrlFrom } from './inspector.mjs';
import { Publisher } from './publisher.mjs';
import { realtimeMarkdown } from './report.mjs';
import { SCENARIOS } from './scenarios.mjs';

const FLOOR_SERVER = join(dirname(fileURLToPath(import.meta.url)), 'socketio-floor.mjs');
import { Api, seedRealtime } from './seed.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const RESULTS = join(ROOT, 'bench', 'results');
const POSTGRES_URL = process.env.POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
/** Shared with the HTTP benchmark, so either drops the databases the other's killed runs left. */
const DATABASE_PREFIX = 'shotcaller_bench_campaign';
const UNLIMITED = '100000000';
const STORE_COMMANDS = ['nats-server', 'redis-server'];
/** Lines the gateway prints because of --inspect: expected, not warnings. */
const INSPECTOR_LINES = [
  /^Debugger listening on /,
  /^For help, see: /,
  /^Debugger attached/,
  /^Debugger ending/,
  /^Waiting for the debugger/,
];

const USAGE = `Usage: node bench/realtime/run.mjs [options]
  --only <ids>                comma-separated: idle-memory,fanout,rooms,max-connections,socketio-floor
                              (default all)
  --idle-connections <n>      connections of idle-memory (default 10000)
  --users <n>                 registered users the connections are spread over (default 100)
  --fanout-subscribers <n>    subscribers of the fight in fanout (default 50)
  --fanout-rate <n>           events a second published to it (default 25)
  --rooms <n>                 rooms (fight topics) in rooms and max-connections (default 20)
  --room-size <n>             subscribers per room (default 50)
  --room-interval <s>         seconds between two updates of one member (default 2)
  --payload-bytes <n>         size of each published event (default 512)
  --duration <s>              measured seconds of fanout and rooms (default 10)
  --warmup <s>                unmeasured warm-up seconds before them (default 2)
  --ramp-step <n>             connections added per step of max-connections (default 2000)
  --ramp-max <n>              most connections tried (default 30000; also bounded by the open-file limit)
  --ramp-hold <s>             seconds measured after each step (default 10)
  --ramp-event-rate <n>       background events a second, over the rooms (default 20)
  --event-loop-limit <ms>     the event-loop delay p99 max-connections stays under (default 100)
  --client-processes <n>      client processes (default 2)
  --client <kind>             socket.io-client, or wire (a lean socket.io wire-protocol client,
                              bench/lib/wire-client.mjs) (default socket.io-client)
  --client-nice <n>           the client processes' nice value, 0..19 (default 10: they yield the CPU to
                              the gateway, as clients on other machines would)
  --open-parallel <n>         handshakes in flight per client process (default 50)
  --gateway-port <port>       (default 3920)
  --campaign-port <port>      (default 3921)
  --ops-port <port>           the gateway's operations port, for /metrics (default 3922)
  --jobs-port <port>          the jobs service's, while users are registered (default 3923)
  --no-build                  use the existing dist/ (built anyway when it is missing)
  --node-arg <flag>           start the gateway with this Node flag too (repeatable; e.g. --node-arg=--trace-gc)
  --heap-snapshots <dir>      idle-memory also writes the gateway's heap snapshots before and with the
                              connections there (compare them with bench/realtime/heap-diff.mjs)
  --no-write                  print only; leave bench/results/ alone
  --help`;

const { values: flags } = parseArgs({
  options: {
    only: { type: 'string' },
    'idle-connections': { type: 'string', default: '10000' },
    users: { type: 'string', default: '100' },
    'fanout-subscribers': { type: 'string', default: '50' },
    'fanout-rate': { type: 'string', default: '25' },
    rooms: { type: 'string', default: '20' },
    'room-size': { type: 'string', default: '50' },
    'room-interval': { type: 'string', default: '2' },
    'payload-bytes': { type: 'string', default: '512' },
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    'ramp-step': { type: 'string', default: '2000' },
    'ramp-max': { type: 'string', default: '30000' },
    'ramp-hold': { type: 'string', default: '10' },
    'ramp-event-rate': { type: 'string', default: '20' },
    'event-loop-limit': { type: 'string', default: '100' },
    'client-processes': { type: 'string', default: '2' },
    client: { type: 'string', default: 'socket.io-client' },
    'client-nice': { type: 'string', default: '10' },
    'open-parallel': { type: 'string', default: '50' },
    'gateway-port': { type: 'string', default: '3920' },
    'campaign-port': { type: 'string', default: '3921' },
    'ops-port': { type: 'string', default: '3922' },
    'jobs-port': { type: 'string', default: '3923' },
    'no-build': { type: 'boolean', default: false },
    'node-arg': { type: 'string', multiple: true, default: [] },
    'heap-snapshots': { type: 'string' },
    'no-write': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

if (flags.help) {
  console.log(USAGE);
  process.exit(0);
}

function log(message) {
  console.error(`[bench:realtime] ${message}`);
}

function number(name, { integer = true, allowZero = false } = {}) {
  const value = Number(flags[name]);
  if (
    !Number.isFinite(value) ||
    value < 0 ||
    (!allowZero && value === 0) ||
    (integer && !Number.isInteger(value))
  ) {
    console.error(
      `--${name} must be a ${integer ? 'whole ' : ''}number above 0 (got ${flags[name]})\n\n${USAGE}`,
    );
    process.exit(2);
  }
  return value;
}

const settings = {
  idleConnections: number('idle-connections'),
  users: number('users'),
  fanoutSubscribers: number('fanout-subscribers'),
  fanoutRate: number('fanout-rate', { integer: false }),
  rooms: number('rooms'),
  roomSize: number('room-size'),
  roomIntervalSeconds: number('room-interval', { integer: false }),
  payloadBytes: number('payload-bytes'),
  durationSeconds: number('duration', { integer: false }),
  warmupSeconds: number('warmup', { integer: false, allowZero: true }),
  idleSampleSeconds: 2,
  rampStep: number('ramp-step'),
  rampMax: number('ramp-max'),
  rampHoldSeconds: number('ramp-hold', { integer: false }),
  rampEventRate: number('ramp-event-rate', { integer: false }),
  eventLoopLimitMs: number('event-loop-limit', { integer: false }),
  clientProcesses: number('client-processes'),
  client: flags.client,
  clientNice: number('client-nice', { allowZero: true }),
  heapSnapshotDir: flags['heap-snapshots'],
  openParallel: number('open-parallel'),
  gatewayPort: number('gateway-port'),
  campaignPort: number('campaign-port'),
  opsPort: number('ops-port'),
  jobsPort: number('jobs-port'),
};

if (!['wire', 'socket.io-client'].includes(settings.client) || settings.clientNice > 19) {
  console.error(`--client is wire or socket.io-client; --client-nice is 0..19\n\n${USAGE}`);
  process.exit(2);
}

const only = flags.only?.split(',').map((id) => id.trim());
const unknown = only?.filter((id) => !(id in SCENARIOS)) ?? [];
if (unknown.length > 0) {
  console.error(`unknown scenario(s) in --only: ${unknown.join(', ')}\n\n${USAGE}`);
  process.exit(2);
}
const chosen = Object.keys(SCENARIOS).filter((id) => !only || only.includes(id));

const runId = `${Date.now()}`;
const subjectPrefix = `bench_rt_${runId}`;
const redisKeyPrefix = `bench:rt:${runId}:`;
const DATABASE = `${DATABASE_PREFIX}_rt_${runId}`;
const entry = (app) => join(ROOT, 'dist', 'apps', app, 'apps', app, 'src', 'main.js');
/** Each user's connections: the most any scenario opens, over the users, with room to spare. */
const connectionsPerUser =
  Math.ceil(
    Math.max(settings.idleConnections, settings.rampMax, settings.rooms * settings.roomSize) / settings.users,
  ) + 10;
/** The gateway's bound on REALTIME_MAX_CONNECTIONS_PER_USER. */
const MAX_CONNECTIONS_PER_USER = 10_000;
if (connectionsPerUser > MAX_CONNECTIONS_PER_USER) {
  console.error(
    `${connectionsPerUser} connections per user is more than the gateway allows (${MAX_CONNECTIONS_PER_USER}): ` +
      `raise --users\n\n${USAGE}`,
  );
  process.exit(2);
}
if (settings.fanoutSubscribers > settings.users || settings.roomSize > settings.users) {
  log('fewer --users than subscribers of one topic: some users hold several connections to the same topic');
}

// ---- cleanup, on every way out -------------------------------------------------------------------------

let campaign;
let gateway;
/** The jobs service and its mail sink, while the users are registered (see startJobs). */
let mailing;
let jobsStarted = false;
let clients;
let publisher;
let api;
let keyDir;
let buildChild;
let campaignStarted = false;
let gatewayStarted = false;
let interrupted = false;
let cleaning;

function cleanup() {
  cleaning ??= (async () => {
    buildChild?.kill('SIGTERM');
    gateway?.inspector?.close();
    await gateway?.process.stop().catch((error) => log(`could not stop the gateway: ${error.message}`));
    await clients?.stop().catch(() => {});
    await publisher?.close().catch(() => {});
    api?.destroy();
    await mailing?.stop().catch((error) => log(`could not stop jobs: ${error.message}`));
    await campaign?.stop().catch((error) => log(`could not stop campaign: ${error.message}`));
    if (campaignStarted) {
      try {
        if (await dropDatabase(POSTGRES_URL, DATABASE)) log(`dropped database ${DATABASE}`);
      } catch (error) {
        log(`could not drop database ${DATABASE}: ${error.message}`);
      }
    }
    if (gatewayStarted || jobsStarted) {
      try {
        const deleted = await deleteRedisKeys(REDIS_URL, redisKeyPrefix);
        log(`deleted ${deleted} Redis key(s) under ${redisKeyPrefix}`);
      } catch (error) {
        log(`could not delete the Redis keys under ${redisKeyPrefix}: ${error.message}`);
      }
    }
    if (keyDir) rmSync(keyDir, { recursive: true, force: true });
  })();
  return cleaning;
}

function onSignal(signal) {
  if (interrupted) {
    log(`${signal} again: killing the processes without waiting`);
    gateway?.process.child.kill('SIGKILL');
    campaign?.child.kill('SIGKILL');
    for (const client of clients?.processes ?? []) client.child.kill('SIGKILL');
    process.exit(130);
  }
  interrupted = true;
  log(`${signal}: stopping and cleaning up (press Ctrl-C again to kill)...`);
  void cleanup().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
}
process.on('SIGINT', () => onSignal('SIGINT'));
process.on('SIGTERM', () => onSignal('SIGTERM'));
process.on('SIGHUP', () => onSignal('SIGHUP'));

class Interrupted extends Error {}

function checkpoint() {
  if (interrupted) throw new Interrupted('interrupted');
  for (const service of [campaign, gateway?.process]) {
    if (service?.exited) {
      throw new Error(
        `${service.name} exited (${service.describeExit()}) during the run. Its last output:\n` +
          service.tail.join('\n'),
      );
    }
  }
  for (const client of clients?.processes ?? []) {
    if (client.exited) throw new Error(`client process ${client.index} exited during the run`);
  }
}

// ---- processes -----------------------------------------------------------------------------------------

function build() {
  return new Promise((resolveBuild, reject) => {
    log('building the services (nest build --all)...');
    const started = performance.now();
    buildChild = spawn(process.execPath, ['node_modules/@nestjs/cli/bin/nest.js', 'build', '--all'], {
      cwd: ROOT,
      stdio: ['ignore', process.stderr, process.stderr],
    });
    buildChild.once('error', reject);
    buildChild.once('exit', (code, signal) => {
      buildChild = undefined;
      if (code === 0) {
        log(`built in ${((performance.now() - started) / 1000).toFixed(0)} s`);
        resolveBuild();
      } else reject(new Error(`the build failed (${signal ?? `code ${code}`})`));
    });
  });
}

function commonEnv() {
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    NATS_URL,
    NATS_SUBJECT_PREFIX: subjectPrefix,
    SHUTDOWN_TIMEOUT_MS: '5000',
  };
  delete env.JWT_PRIVATE_KEY;
  delete env.JWT_PUBLIC_KEY;
  return env;
}

function startCampaign(keys) {
  campaignStarted = true;
  campaign = new ServiceProcess(
    'campaign',
    entry('campaign'),
    {
      ...commonEnv(),
      OPS_PORT: '0',
      PORT: String(settings.campaignPort),
      DATABASE_URL: withDatabase(POSTGRES_URL, DATABASE),
      JWT_PRIVATE_KEY_FILE: keys.privatePath,
      AUTH_LOCKOUT_THRESHOLD: '100',
    },
    log,
    ROOT,
  );
  return waitUntilReady(campaign, `http://127.0.0.1:${settings.campaignPort}/health/ready`);
}

/**
 * The jobs service, mailing to a sink that drops every message, while the users are registered: registering queues
 * their mails, and the campaign service refuses a registration nothing takes them for.
 */
async function startJobs(keys) {
  jobsStarted = true;
  mailing = await startMailingJobs({
    entry: entry('jobs'),
    env: {
      ...commonEnv(),
      REDIS_URL,
      REDIS_KEY_PREFIX: redisKeyPrefix,
      JWT_PUBLIC_KEY_FILE: keys.publicPath,
    },
    port: settings.jobsPort,
    log,
    cwd: ROOT,
  });
}

async function stopJobs() {
  const running = mailing;
  mailing = undefined;
  await running?.stop();
}

/** The open-file limit of a process (each connection holds one), or null when /proc cannot tell. */
function openFileLimit(pid) {
  try {
    const match = /^Max open files\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/limits`, 'utf8'));
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

/**
 * A fresh gateway with the inspector on a loopback port (for forced GCs and heap readings, nothing else), its
 * rate limits raised and its per-user connection cap set for the benchmark's connections.
 */
async function startGateway(keys, { floor = false } = {}) {
  for (const port of [settings.gatewayPort, settings.opsPort]) {
    if (!(await portIsFree(port)))
      throw new Error(`port ${port} is already in use; pick another (see --help)`);
  }
  gatewayStarted = true;
  let inspectorUrl;
  const service = new ServiceProcess(
    floor ? 'socket.io floor' : 'gateway',
    floor ? FLOOR_SERVER : entry('gateway'),
    {
      ...commonEnv(),
      PORT: String(settings.gatewayPort),
      OPS_PORT: String(settings.opsPort),
      REDIS_URL,
      REDIS_KEY_PREFIX: redisKeyPrefix,
      JWT_PUBLIC_KEY_FILE: keys.publicPath,
      DOCS_ENABLED: 'false',
      RATE_LIMIT_API_PER_MINUTE: UNLIMITED,
      RATE_LIMIT_SIGN_IN_PER_IP_PER_MINUTE: UNLIMITED,
      RATE_LIMIT_SIGN_IN_PER_ACCOUNT_PER_MINUTE: UNLIMITED,
      RATE_LIMIT_REGISTER_PER_MINUTE: UNLIMITED,
      REALTIME_MAX_CONNECTIONS_PER_USER: String(connectionsPerUser),
    },
    log,
    ROOT,
    ['--inspect=127.0.0.1:0', ...flags['node-arg']],
    { expectedLines: INSPECTOR_LINES, onLine: (line) => (inspectorUrl ??= inspectorUrlFrom(line)) },
  );
  gateway = { process: service };
  const url = `http://127.0.0.1:${settings.gatewayPort}`;
  await waitUntilReady(service, `${url}/health/ready`);
  if (!inspectorUrl) throw new Error('the gateway printed no inspector URL');
  gateway.url = url;
  gateway.metricsUrl = `http://127.0.0.1:${settings.opsPort}/metrics`;
  gateway.inspector = await Inspector.connect(inspectorUrl);
  gateway.openFileLimit = openFileLimit(service.pid);
  return gateway;
}

/** Warnings the gateways logged (each is echoed on stderr as it comes). */
let gatewayWarnings = 0;

async function stopGateway() {
  if (!gateway) return;
  gateway.inspector?.close();
  await gateway.process.stop();
  gatewayWarnings += gateway.process.warnings;
  gateway = undefined;
}

// ---- CPU -----------------------------------------------------------------------------------------------

function cpuSnapshot(target) {
  return {
    at: performance.now(),
    gateway: processCpuSeconds(target.process.pid),
    campaign: processCpuSeconds(campaign.pid),
    clients: clients.pids.map((pid) => processCpuSeconds(pid)),
    publisher: process.cpuUsage(),
    stores: cpuSecondsByCommand(STORE_COMMANDS),
    machine: machineCpuTimes(),
  };
}

/** CPU seconds of each process between two snapshots (null when /proc could not tell). */
function cpuBetween(before, after) {
  const used = (start, end) => (start === null || end === null ? null : end - start);
  const clientSeconds = before.clients.map((start, index) => used(start, after.clients[index]));
  return {
    windowSeconds: Math.max((after.at - before.at) / 1000, 0.001),
    gateway: used(before.gateway, after.gateway),
    campaign: used(before.campaign, after.campaign),
    clients: clientSeconds.includes(null) ? null : clientSeconds.reduce((sum, value) => sum + value, 0),
    publisher:
      (after.publisher.user - before.publisher.user + after.publisher.system - before.publisher.system) / 1e6,
    natsRedis:
      before.stores && after.stores
        ? STORE_COMMANDS.reduce((sum, name) => sum + cpuSecondsSince(before.stores, after.stores, name), 0)
        : null,
    machineBusyShare:
      after.machine.total > before.machine.total
        ? (after.machine.busy - before.machine.busy) / (after.machine.total - before.machine.total)
        : null,
  };
}

/** The same in % of one core; "other" is the machine's busy time no process of the benchmark accounts for. */
function cpuPercent(seconds) {
  const percent = (value) => (value === null ? null : round((value / seconds.windowSeconds) * 100, 1));
  const cpu = {
    unit: `% of one core; the machine has ${os.cpus().length * 100}`,
    gatewayPercent: percent(seconds.gateway),
    campaignPercent: percent(seconds.campaign),
    natsRedisPercent: percent(seconds.natsRedis),
    clientsPercent: percent(seconds.clients),
    publisherPercent: percent(seconds.publisher),
    machineBusyPercent:
      seconds.machineBusyShare === null ? null : round(seconds.machineBusyShare * os.cpus().length * 100, 1),
  };
  const known = [
    cpu.gatewayPercent,
    cpu.campaignPercent,
    cpu.natsRedisPercent,
    cpu.clientsPercent,
    cpu.publisherPercent,
  ];
  cpu.otherPercent =
    cpu.machineBusyPercent === null || known.includes(null)
      ? null
      : round(Math.max(0, cpu.machineBusyPercent - known.reduce((sum, value) => sum + value, 0)), 1);
  return cpu;
}

// ---- results -------------------------------------------------------------------------------------------

function writeAtomically(path, text) {
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}

const SECTION = '## Realtime (socket.io)';

/** Adds the realtime results to latest.json (key `realtime`) and latest.md (a section at the end), replacing
 * those of an earlier realtime run, keeping the HTTP results. */
async function writeResults(result) {
  mkdirSync(RESULTS, { recursive: true });
  const prettier = await import('prettier');
  const format = async (path, text) =>
    writeAtomically(
      path,
      await prettier.format(text, { ...(await prettier.resolveConfig(path)), filepath: path }),
    );
  const jsonPath = join(RESULTS, 'latest.json');
  let stored = {};
  if (existsSync(jsonPath)) {
    try {
      stored = JSON.parse(readFileSync(jsonPath, 'utf8'));
    } catch {
      log('bench/results/latest.json was not JSON: writing it anew');
    }
  }
  await format(jsonPath, JSON.stringify({ ...stored, realtime: result }, null, 2));
  const mdPath = join(RESULTS, 'latest.md');
  let markdown = existsSync(mdPath) ? readFileSync(mdPath, 'utf8') : '';
  const at = markdown.indexOf(SECTION);
  if (at >= 0) markdown = markdown.slice(0, at);
  markdown = `${markdown.trimEnd()}${markdown.trim() ? '\n\n' : ''}${realtimeMarkdown(result)}`;
  await format(mdPath, markdown);
  log('added the realtime results to bench/results/latest.json and bench/results/latest.md');
}

// ---- main ----------------------------------------------------------------------------------------------

async function main() {
  const machine = machineInfo();
  const notes = [];
  log(`machine: ${machine.line}`);
  const idleBefore = machineCpuTimes();
  await new Promise((done) => setTimeout(done, 1000));
  const idleAfter = machineCpuTimes();
  const busyAtStart =
    ((idleAfter.busy - idleBefore.busy) / Math.max(idleAfter.total - idleBefore.total, 1)) *
    machine.cpuCount *
    100;
  machine.busyPercentBeforeStart = round(busyAtStart, 1);
  if (busyAtStart > 25) {
    notes.push(`before the start, other work kept ${busyAtStart.toFixed(0)}% of a core busy`);
    log(`other work already keeps ${busyAtStart.toFixed(0)}% of a core busy here: expect noisier numbers`);
  }

  const unreachable = await ensureServices((message) => log(message));
  if (unreachable.length > 0) throw new Error(`cannot run without ${unreachable.join(', ')}`);
  checkpoint();
  const built = ['campaign', 'gateway', 'jobs'].every((app) => existsSync(entry(app)));
  if (!flags['no-build'] || !built) await build();
  else log('--no-build: using the existing dist/');
  checkpoint();
  const contracts = await import(
    pathToFileURL(join(ROOT, 'dist/apps/gateway/libs/contracts/src/index.js')).href
  );
  if (typeof contracts.parseTopic !== 'function' || !contracts.REALTIME_PUBLISHED_AT_HEADER) {
    throw new Error('the built contracts have no realtime topics (parseTopic, REALTIME_PUBLISHED_AT_HEADER)');
  }

  for (const [port, flag] of [
    [settings.campaignPort, '--campaign-port'],
    [settings.jobsPort, '--jobs-port'],
  ]) {
    if (!(await portIsFree(port))) throw new Error(`port ${port} is already in use; pick another (${flag})`);
  }
  keyDir = mkdtempSync(join(os.tmpdir(), 'shotcaller-bench-keys-'));
  const keys = generateKeys(keyDir, { log: () => {} });
  for (const name of await dropAbandonedDatabases(POSTGRES_URL, DATABASE_PREFIX)) {
    log(`dropped ${name}, left over from an earlier run that did not finish`);
  }
  log(
    `starting campaign (:${settings.campaignPort}) and a gateway (:${settings.gatewayPort}), NATS prefix ${subjectPrefix}`,
  );
  await startJobs(keys);
  await startCampaign(keys);
  await startGateway(keys);
  checkpoint();

  api = new Api(gateway.url);
  const seedStarted = performance.now();
  const seed = await seedRealtime(api, { runId, users: settings.users, fights: 1 + settings.rooms });
  log(
    `seeded ${seed.players.length} users, a campaign with them as members and ${seed.fightIds.length} fights ` +
      `in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`,
  );
  await stopGateway();
  // The scenarios register nobody: the jobs service would only share the cores with them.
  await stopJobs();

  clients = new ClientPool(settings.clientProcesses, { client: settings.client, nice: settings.clientNice });
  publisher = await Publisher.connect(NATS_URL, contracts, subjectPrefix);
  const context = {
    settings,
    seed,
    clients,
    publisher,
    log,
    notes,
    checkpoint,
    stopping: () => interrupted,
    startGateway: () => startGateway(keys),
    startFloor: () => startGateway(keys, { floor: true }),
    stopGateway,
    cpuSnapshot,
    cpuBetween,
    cpuPercent,
  };
  const scenarios = [];
  for (const id of chosen) {
    checkpoint();
    scenarios.push(await SCENARIOS[id](context));
  }
  for (const [name, warnings] of [
    ['the gateways', gatewayWarnings],
    ['campaign', campaign.warnings],
  ]) {
    if (warnings > 0)
      notes.push(`${name} logged ${warnings} line(s) at warn level or above (echoed on stderr)`);
  }

  const result = {
    date: new Date().toISOString(),
    machine,
    settings: {
      ...settings,
      connectionsPerUser,
      build: flags['no-build'] && built ? 'existing dist/' : 'fresh build',
    },
    scenarios,
    notes,
  };
  console.log(realtimeMarkdown(result));
  if (!flags['no-write']) await writeResults(result);
  return 0;
}

let exitCode = 1;
try {
  exitCode = await main();
} catch (error) {
  if (error instanceof Interrupted) {
    await cleanup();
    process.exit(130);
  }
  log(`failed: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  await cleanup();
}
process.exit(exitCode);
