#!/usr/bin/env node
// `npm run bench`: builds the services, starts the gateway and campaign as their own processes on bench-only
// ports, NATS subjects, Redis keys and database, and measures eight HTTP scenarios closed-loop, then four at a
// fixed rate (open loop). Prints markdown tables and writes bench/results/latest.{json,md}. Always stops the
// processes, drops the database and deletes the Redis keys, also on failure and on Ctrl-C. See
// bench/README.md for the flags.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ensureServices } from '../scripts/ensure-services.mjs';
import { generateKeys } from '../scripts/generate-keys.mjs';
import { runClosedLoop, runFixedRate, send } from './lib/load.mjs';
import { startMailingJobs } from './lib/mail-jobs.mjs';
import { seedCampaignRecords } from './lib/seed.mjs';
import {
  cpuPerRequestTable,
  fixedRateTable,
  machineInfo,
  markdownReport,
  resultsTable,
  round,
} from './lib/report.mjs';
import {
  cpuSecondsByCommand,
  cpuSecondsSince,
  deleteRedisKeys,
  dropAbandonedDatabases,
  dropDatabase,
  machineCpuTimes,
  portIsFree,
  processCpuSeconds,
  rssMiB,
  ServiceProcess,
  waitUntilReady,
  withDatabase,
} from './lib/system.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS = join(ROOT, 'bench', 'results');
const PROFILE_DIR = join(RESULTS, 'profiles');
const POSTGRES_URL = process.env.POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
/** Each run's database is this plus the run's id, so runs at the same time never drop each other's. */
const DATABASE_PREFIX = 'shotcaller_bench_campaign';
const PASSWORD = 'benchPassword1';
const UNLIMITED = '100000000';
/** Command names of the shared stores' processes, whose CPU time is summed per scenario. */
const STORE_COMMANDS = ['postgres', 'nats-server', 'redis-server'];
/** Connections the fixed-rate client may open: far more than the requests in flight while the system keeps up. */
const FIXED_RATE_MAX_SOCKETS = 1000;

const USAGE = `Usage: npm run bench -- [options]
  --duration <s>             measured seconds per scenario (default 10)
  --warmup <s>               unmeasured warm-up seconds per scenario (default 2)
  --concurrency <n>          requests in flight (default 16)
  --sign-in-concurrency <n>  requests in flight for POST /users/sign_in (default 4)
  --campaigns <n>            campaigns seeded for the index scenario (default 30)
  --characters <n>           characters seeded for the characters scenario (default 200)
  --combatants <n>           shots in the encounter scenario's fight (default 30, at least 4)
  --rate <n>                 requests a second of current@rate and index@rate (default 400)
  --characters-rate <n>      requests a second of characters@rate (default 200)
  --encounter-rate <n>       requests a second of encounter@rate (default 200)
  --only <ids>               comma-separated scenarios: live,ping,current,index,characters,encounter,
                             create,sign-in,current@rate,index@rate,characters@rate,encounter@rate
  --gateway-port <port>      (default 3910)
  --campaign-port <port>     (default 3911)
  --jobs-port <port>         (default 3915)
  --no-build                 use the existing dist/ (built anyway when it is missing)
  --no-write                 print only; leave bench/results/ alone
  --keep-database            leave the run's database in place afterwards (to EXPLAIN its reads); its name is logged
  --cpu-prof                 profile both services (node --cpu-prof) into bench/results/profiles/
  --node-arg <flag>          start both services with this Node flag too (repeatable; e.g. --node-arg=--trace-gc,
                             whose lines are echoed as the services' output)
  --no-realtime              skip the realtime scenarios that follow (bench/realtime/run.mjs; skipped with --only)
  --no-location              skip the location-sharing run that follows (bench/location/run.mjs; skipped with --only)
  --no-jobs                  skip the jobs run that follows (bench/jobs/run.mjs; skipped with --only)
  --help`;

const { values: flags } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    concurrency: { type: 'string', default: '16' },
    'sign-in-concurrency': { type: 'string', default: '4' },
    campaigns: { type: 'string', default: '30' },
    characters: { type: 'string', default: '200' },
    combatants: { type: 'string', default: '30' },
    rate: { type: 'string', default: '400' },
    'characters-rate': { type: 'string', default: '200' },
    'encounter-rate': { type: 'string', default: '200' },
    only: { type: 'string' },
    'gateway-port': { type: 'string', default: '3910' },
    'campaign-port': { type: 'string', default: '3911' },
    'jobs-port': { type: 'string', default: '3915' },
    'no-build': { type: 'boolean', default: false },
    'no-write': { type: 'boolean', default: false },
    'keep-database': { type: 'boolean', default: false },
    'cpu-prof': { type: 'boolean', default: false },
    'node-arg': { type: 'string', multiple: true, default: [] },
    'no-realtime': { type: 'boolean', default: false },
    'no-location': { type: 'boolean', default: false },
    'no-jobs': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

if (flags.help) {
  console.log(USAGE);
  process.exit(0);
}

function log(message) {
  console.error(`[bench] ${message}`);
}

function positiveNumber(name, { integer = true, allowZero = false } = {}) {
  const value = Number(flags[name]);
  if (
    !Number.isFinite(value) ||
    value < 0 ||
    (!allowZero && value === 0) ||
    (integer && !Number.isInteger(value))
  ) {
    console.error(
      `--${name} must be a ${integer ? 'whole ' : ''}number${allowZero ? '' : ' above 0'} (got ${flags[name]})\n\n${USAGE}`,
    );
    process.exit(2);
  }
  return value;
}

const settings = {
  durationSeconds: positiveNumber('duration', { integer: false }),
  warmupSeconds: positiveNumber('warmup', { integer: false, allowZero: true }),
  concurrency: positiveNumber('concurrency'),
  signInConcurrency: positiveNumber('sign-in-concurrency'),
  seededCampaigns: positiveNumber('campaigns', { allowZero: true }),
  seededCharacters: positiveNumber('characters'),
  combatants: positiveNumber('combatants'),
  rate: positiveNumber('rate', { integer: false }),
  charactersRate: positiveNumber('characters-rate', { integer: false }),
  encounterRate: positiveNumber('encounter-rate', { integer: false }),
  gatewayPort: positiveNumber('gateway-port'),
  campaignPort: positiveNumber('campaign-port'),
  jobsPort: positiveNumber('jobs-port'),
};

// The fight's two vehicles are driven by characters of the fight, who come from the seeded characters.
if (settings.combatants < 4 || settings.combatants - 2 > settings.seededCharacters + 2) {
  console.error(
    `--combatants must be at least 4 and at most --characters + 4 (got ${settings.combatants})\n\n${USAGE}`,
  );
  process.exit(2);
}

const [major] = process.versions.node.split('.').map(Number);
if (major < 22) {
  log(`Node ${process.version} is too old for the services (need >= 22.17); run it with npm run bench`);
  process.exit(2);
}

const runId = `${Date.now()}`;
const subjectPrefix = `bench_${runId}`;
const redisKeyPrefix = `bench:${runId}:`;
const DATABASE = `${DATABASE_PREFIX}_${runId}`;
const gatewayUrl = `http://127.0.0.1:${settings.gatewayPort}`;
const campaignUrl = `http://127.0.0.1:${settings.campaignPort}`;
const entry = (app) => join(ROOT, 'dist', 'apps', app, 'apps', app, 'src', 'main.js');

// ---- cleanup, on every way out -------------------------------------------------------------------------

const services = [];
let keyDir;
let buildChild;
let campaignStarted = false;
let gatewayStarted = false;
let jobsStarted = false;
/** The jobs service and its mail sink (see startJobs). */
let mailing;
let interrupted = false;
let cleaning;

function cleanup() {
  cleaning ??= (async () => {
    buildChild?.kill('SIGTERM');
    if (services.length > 0) log('stopping the services...');
    // The gateway first, so no request of ours is still on its way to a campaign that has gone.
    for (const service of [...services].reverse()) {
      await service.stop().catch((error) => log(`could not stop ${service.name}: ${error.message}`));
    }
    await mailing?.mail.close();
    if (campaignStarted && flags['keep-database']) log(`kept database ${DATABASE}`);
    else if (campaignStarted) {
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
    log(`${signal} again: killing the services without waiting`);
    for (const service of services) service.child.kill('SIGKILL');
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
  for (const service of services) {
    if (service.exited) {
      throw new Error(
        `${service.name} exited (${service.describeExit()}) during the run. Its last output:\n` +
          service.tail.join('\n'),
      );
    }
  }
}

// ---- steps ---------------------------------------------------------------------------------------------

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

/** What every service of the run is started with. */
function commonEnv() {
  const common = {
    ...process.env,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    NATS_URL,
    NATS_SUBJECT_PREFIX: subjectPrefix,
    SHUTDOWN_TIMEOUT_MS: '5000',
    // Any free operations port: the bench must not collide with a running `npm start`.
    OPS_PORT: '0',
  };
  // Keys come from files here; a key set in the caller's environment as text would clash with *_FILE.
  delete common.JWT_PRIVATE_KEY;
  delete common.JWT_PUBLIC_KEY;
  return common;
}

/**
 * The jobs service, mailing to a sink that drops every message: registering the run's users queues their mails,
 * and the campaign service refuses a registration nothing takes them for.
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
  services.push(mailing.jobs);
}

function startServices(keys) {
  const common = commonEnv();
  const nodeArgs = [
    ...(flags['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : []),
    ...flags['node-arg'],
  ];
  campaignStarted = true;
  const campaign = new ServiceProcess(
    'campaign',
    entry('campaign'),
    {
      ...common,
      PORT: String(settings.campaignPort),
      DATABASE_URL: withDatabase(POSTGRES_URL, DATABASE),
      JWT_PRIVATE_KEY_FILE: keys.privatePath,
      AUTH_LOCKOUT_THRESHOLD: '100',
      // `create` measures creating a campaign; seeding it from the master template is a job's work.
      CAMPAIGN_SEEDING: 'off',
    },
    log,
    ROOT,
    nodeArgs,
  );
  services.push(campaign);
  gatewayStarted = true;
  const gateway = new ServiceProcess(
    'gateway',
    entry('gateway'),
    {
      ...common,
      PORT: String(settings.gatewayPort),
      REDIS_URL,
      REDIS_KEY_PREFIX: redisKeyPrefix,
      JWT_PUBLIC_KEY_FILE: keys.publicPath,
      DOCS_ENABLED: 'false',
      RATE_LIMIT_API_PER_MINUTE: UNLIMITED,
      RATE_LIMIT_SIGN_IN_PER_IP_PER_MINUTE: UNLIMITED,
      RATE_LIMIT_SIGN_IN_PER_ACCOUNT_PER_MINUTE: UNLIMITED,
      RATE_LIMIT_REGISTER_PER_MINUTE: UNLIMITED,
    },
    log,
    ROOT,
    nodeArgs,
  );
  services.push(gateway);
  return { campaign, gateway };
}

const setupAgent = new http.Agent({ keepAlive: true, maxSockets: 4 });

/** One request outside any measurement; throws unless the status is `expected`. */
async function call(request, expected) {
  const response = await send(setupAgent, gatewayUrl, request, { keepBody: true });
  if (response.status !== expected) {
    throw new Error(
      `${request.method ?? 'GET'} ${request.path} answered ${response.status}, expected ${expected}: ` +
        response.body?.slice(0, 300),
    );
  }
  return response;
}

async function register(label) {
  const email = `bench-${label}-${runId}@example.com`;
  const response = await call(
    {
      method: 'POST',
      path: '/api/v2/users/register',
      body: { user: { email, password: PASSWORD, first_name: 'Bench', last_name: label } },
    },
    201,
  );
  const header = response.headers.authorization;
  if (typeof header !== 'string' || !header.startsWith('Bearer ')) {
    throw new Error(`registering ${email} gave no bearer token in the Authorization header`);
  }
  const id = JSON.parse(response.body).data?.id;
  if (typeof id !== 'string') throw new Error(`registering ${email} answered no user id (data.id)`);
  return { email, authorization: header, id };
}

/**
 * Every scenario, in the order they run: the saturation scenarios (closed loop, `concurrency` in flight),
 * then the fixed-rate runs (`rate` requests a second, open loop). `ceiling` marks the scenario the
 * `storeBacked` ones are compared with.
 */
function scenarioList({ plain, reader, writer, gamemaster, fightId }) {
  const auth = (user) => ({ authorization: user.authorization });
  const saturation = [
    {
      id: 'live',
      label: 'GET /health/live',
      what: 'the gateway alone: HTTP framework baseline, no NATS',
      concurrency: settings.concurrency,
      request: () => ({ path: '/health/live' }),
    },
    {
      id: 'ping',
      label: 'GET /api/v2/ping',
      what:
        'the ceiling: an API route without the store (token check, rate limit, validation, NATS round ' +
        'trip, campaign payload validation and token check)',
      concurrency: settings.concurrency,
      ceiling: true,
      request: () => ({ path: '/api/v2/ping', headers: auth(plain) }),
    },
    {
      id: 'current',
      label: 'GET /api/v2/users/current',
      what: 'gateway → NATS → campaign → PostgreSQL primary-key read → back',
      concurrency: settings.concurrency,
      storeBacked: true,
      // A user without campaigns: /current also lists every campaign the user runs and plays in, unpaginated,
      // so the seeded reader would measure those 30 rows too, not the primary-key read.
      request: () => ({ path: '/api/v2/users/current', headers: auth(plain) }),
    },
    {
      id: 'index',
      label: 'GET /api/v2/campaigns?per_page=15',
      what: `index over ${settings.seededCampaigns} campaigns: page of 15, count, batch member loading`,
      concurrency: settings.concurrency,
      storeBacked: true,
      request: () => ({ path: '/api/v2/campaigns?per_page=15', headers: auth(reader) }),
      check: (body) => {
        const { campaigns, meta } = JSON.parse(body);
        const expected = Math.min(15, settings.seededCampaigns);
        return Array.isArray(campaigns) && campaigns.length === expected
          ? null
          : `the index returned ${campaigns?.length} campaigns (meta ${JSON.stringify(meta)}), expected ${expected}`;
      },
    },
    {
      id: 'characters',
      label: 'GET /api/v2/characters?per_page=15',
      what:
        `character index over ${settings.seededCharacters} characters linked to factions, junctures, schticks, ` +
        'weapons, sites and parties: page of 15 with factions, extras (factions, archetypes), count',
      concurrency: settings.concurrency,
      storeBacked: true,
      request: () => ({ path: '/api/v2/characters?per_page=15', headers: auth(gamemaster) }),
      check: (body) => {
        const { characters, meta } = JSON.parse(body);
        const expected = Math.min(15, settings.seededCharacters);
        return Array.isArray(characters) &&
          characters.length === expected &&
          meta?.total_count === settings.seededCharacters
          ? null
          : `the index returned ${characters?.length} characters (meta ${JSON.stringify(meta)}), expected ` +
              `${expected} of ${settings.seededCharacters}`;
      },
    },
    {
      id: 'encounter',
      label: 'GET /api/v2/encounters/:id',
      what:
        `a running fight with ${settings.combatants} shots (initiative values, hidden ones, mooks twice, two ` +
        'vehicles with drivers and a chase), character and fight-wide effects',
      concurrency: settings.concurrency,
      storeBacked: true,
      request: () => ({ path: `/api/v2/encounters/${fightId}`, headers: auth(gamemaster) }),
      check: (body) => {
        const { shots } = JSON.parse(body);
        const entries = Array.isArray(shots)
          ? shots.reduce(
              (sum, shot) => sum + (shot.characters?.length ?? 0) + (shot.vehicles?.length ?? 0),
              0,
            )
          : null;
        return entries === settings.combatants
          ? null
          : `the encounter listed ${entries} combatants, expected ${settings.combatants}`;
      },
    },
    {
      id: 'create',
      label: 'POST /api/v2/campaigns',
      what: 'a write: insert a campaign and its view, unique name per request',
      concurrency: settings.concurrency,
      storeBacked: true,
      request: (worker, sequence) => ({
        method: 'POST',
        path: '/api/v2/campaigns',
        headers: auth(writer),
        body: { campaign: { name: `Bench ${worker}-${sequence}` } },
      }),
      probe: () => ({
        method: 'POST',
        path: '/api/v2/campaigns',
        headers: auth(writer),
        body: { campaign: { name: 'Bench probe' } },
      }),
    },
    {
      id: 'sign-in',
      label: 'POST /users/sign_in',
      what: 'argon2id verification (19 MiB, 2 passes) plus a user row update and token signing',
      concurrency: settings.signInConcurrency,
      storeBacked: true,
      request: () => ({
        method: 'POST',
        path: '/users/sign_in',
        body: { user: { email: plain.email, password: PASSWORD } },
      }),
    },
  ];
  const atFixedRate = ['current', 'index', 'characters', 'encounter'].map((id) => {
    const { label, what, request, check } = saturation.find((scenario) => scenario.id === id);
    // The reads of a campaign's records saturate lower than the others (on the reference machine the character
    // index at 280 to 630 a second depending on other load, the encounter at 225 to 370): their own, lower rates
    // keep them below saturation, since a rate above it measures a queue, not the system.
    const rate =
      { characters: settings.charactersRate, encounter: settings.encounterRate }[id] ?? settings.rate;
    return { id: `${id}@rate`, label, what, rate, request, check };
  });
  // The fixed-rate reads run right after their saturation runs, on the same data (the seeded campaigns), before
  // the writes add thousands of campaigns and argon2 hashing fills the heaps.
  const writesFrom = saturation.findIndex((scenario) => scenario.id === 'create');
  return [...saturation.slice(0, writesFrom), ...atFixedRate, ...saturation.slice(writesFrom)];
}

/** A run's name in notes: a fixed-rate run carries its rate. */
function runName(label, rate) {
  return rate === undefined ? label : `${label} @ ${rate}/s`;
}

/** One request first, so a scenario that cannot work says why instead of filling the table with errors. */
async function probe(scenario, notes) {
  const name = runName(scenario.label, scenario.rate);
  const response = await send(setupAgent, gatewayUrl, (scenario.probe ?? scenario.request)(0, -1), {
    keepBody: true,
  });
  if (response.status < 200 || response.status > 299) {
    notes.push(`${name}: the probe request answered ${response.status}: ${response.body?.slice(0, 200)}`);
  } else if (scenario.check) {
    const problem = scenario.check(response.body);
    if (problem) notes.push(`${name}: ${problem}`);
  }
}

/** CPU seconds used so far by each process we watch, and the machine's busy and total time. */
function cpuSnapshot({ gateway, campaign }) {
  return {
    at: performance.now(),
    gateway: processCpuSeconds(gateway.pid),
    campaign: processCpuSeconds(campaign.pid),
    client: process.cpuUsage(),
    stores: cpuSecondsByCommand(STORE_COMMANDS),
    machine: machineCpuTimes(),
  };
}

/** CPU seconds each process used between two snapshots (null when /proc could not tell), and the window. */
function cpuSecondsBetween(before, after) {
  const used = (start, end) => (start === null || end === null ? null : end - start);
  const stores = (...names) =>
    before.stores && after.stores
      ? names.reduce((sum, name) => sum + cpuSecondsSince(before.stores, after.stores, name), 0)
      : null;
  return {
    windowSeconds: Math.max((after.at - before.at) / 1000, 0.001),
    gateway: used(before.gateway, after.gateway),
    campaign: used(before.campaign, after.campaign),
    postgres: stores('postgres'),
    natsRedis: stores('nats-server', 'redis-server'),
    client: (after.client.user - before.client.user + after.client.system - before.client.system) / 1e6,
    machineBusyShare:
      after.machine.total > before.machine.total
        ? (after.machine.busy - before.machine.busy) / (after.machine.total - before.machine.total)
        : null,
  };
}

/** Where the CPU went during the window, in % of one core; "other" is the machine's busy time left over. */
function cpuPercent(seconds) {
  const percent = (value) => (value === null ? null : (value / seconds.windowSeconds) * 100);
  const cores = os.cpus().length;
  const cpu = {
    unit: `% of one core; the machine has ${cores * 100}`,
    gatewayPercent: percent(seconds.gateway),
    campaignPercent: percent(seconds.campaign),
    postgresPercent: percent(seconds.postgres),
    natsRedisPercent: percent(seconds.natsRedis),
    clientPercent: percent(seconds.client),
    machineBusyPercent: seconds.machineBusyShare === null ? null : seconds.machineBusyShare * cores * 100,
  };
  const known = [
    cpu.gatewayPercent,
    cpu.campaignPercent,
    cpu.postgresPercent,
    cpu.natsRedisPercent,
    cpu.clientPercent,
  ];
  cpu.otherPercent =
    cpu.machineBusyPercent === null || known.includes(null)
      ? null
      : Math.max(0, cpu.machineBusyPercent - known.reduce((sum, value) => sum + value, 0));
  for (const [key, value] of Object.entries(cpu)) if (typeof value === 'number') cpu[key] = round(value, 1);
  return cpu;
}

/**
 * µs of CPU per request answered during the window, per process. The window runs from the measured start
 * to the last measured answer, so it holds the answers to warm-up requests still in flight at its start too:
 * they are counted, as their CPU is.
 */
function cpuPerRequest(seconds, answered) {
  const micros = (value) => (value === null || answered === 0 ? null : round((value * 1e6) / answered, 1));
  const parts = [seconds.gateway, seconds.campaign, seconds.postgres, seconds.natsRedis];
  return {
    unit: 'µs of CPU per answered request',
    answered,
    gatewayMicros: micros(seconds.gateway),
    campaignMicros: micros(seconds.campaign),
    postgresMicros: micros(seconds.postgres),
    natsRedisMicros: micros(seconds.natsRedis),
    sumMicros: parts.includes(null) ? null : micros(parts.reduce((sum, value) => sum + value, 0)),
  };
}

/** Notes for the report: other load on the machine, failed requests, non-2xx answers, and a late client. */
function noteProblems(entry, notes) {
  const { cpu } = entry;
  const label = runName(entry.label, entry.targetRate);
  if (cpu.otherPercent !== null && cpu.otherPercent > 20) {
    notes.push(
      `${label}: other processes on the machine used ${cpu.otherPercent}% of a core during the ` +
        'measurement, so these numbers are lower than the system alone would give',
    );
  }
  if (entry.errors > 0) {
    notes.push(
      `${label}: ${entry.errors} request(s) failed without an HTTP answer: ` +
        Object.entries(entry.errorMessages)
          .map(([message, count]) => `${message} ×${count}`)
          .join('; '),
    );
  }
  if (Object.keys(entry.non2xx).length > 0) {
    notes.push(
      `${label}: ${non2xxCount(entry)} non-2xx answer(s): ` +
        Object.entries(entry.non2xx)
          .map(([status, count]) => `${status} ×${count}`)
          .join(', '),
    );
  }
  if (entry.targetRate === undefined) return;
  if (entry.throughput < entry.targetRate * 0.95) {
    notes.push(
      `${label}: answered only ${entry.throughput}/s: the system did not keep up, requests queued and ` +
        'the latencies grow with the length of the run',
    );
  }
  const { sendsQueued, sendLagMs } = entry.client;
  if (sendsQueued > 0) {
    notes.push(
      `${label}: ${sendsQueued} send(s) found all ${entry.client.maxSockets} client ` +
        'connections busy and waited for one (counted in their latency)',
    );
  }
  if (sendLagMs.p99 !== null && sendLagMs.p99 > 5) {
    notes.push(
      `${label}: 1% of the sends left more than ${sendLagMs.p99} ms after their ` +
        'scheduled time (the client was busy); the latencies include it',
    );
  }
}

function non2xxCount(entry) {
  return Object.values(entry.non2xx).reduce((sum, count) => sum + count, 0);
}

function roundLatencies(latencyMs) {
  return Object.fromEntries(Object.entries(latencyMs).map(([key, value]) => [key, round(value, 3)]));
}

/** Runs one scenario, closed loop or at its fixed rate, and returns its entry for the results. */
async function runScenario(scenario, processes, notes) {
  checkpoint();
  await probe(scenario, notes);
  const fixedRate = scenario.rate !== undefined;
  log(
    `${scenario.label}: ${settings.warmupSeconds} s warm-up + ${settings.durationSeconds} s ` +
      (fixedRate ? `at ${scenario.rate} requests/s...` : `at concurrency ${scenario.concurrency}...`),
  );
  let before;
  const load = {
    baseUrl: gatewayUrl,
    warmupMs: settings.warmupSeconds * 1000,
    durationMs: settings.durationSeconds * 1000,
    makeRequest: scenario.request,
    shouldStop: () => interrupted || processes.gateway.exited || processes.campaign.exited,
    onMeasureStart: () => {
      before = cpuSnapshot(processes);
    },
  };
  const result = fixedRate
    ? await runFixedRate({ ...load, ratePerSecond: scenario.rate, maxSockets: FIXED_RATE_MAX_SOCKETS })
    : await runClosedLoop({ ...load, concurrency: scenario.concurrency });
  checkpoint();
  const after = cpuSnapshot(processes);
  before ??= after;
  const seconds = cpuSecondsBetween(before, after);

  const entry = {
    id: scenario.id,
    label: scenario.label,
    measures: scenario.what,
    ...(fixedRate ? { targetRate: scenario.rate } : { concurrency: scenario.concurrency }),
    ...(scenario.ceiling ? { ceiling: true } : {}),
    ...(scenario.storeBacked ? { storeBacked: true, shareOfCeilingPercent: null } : {}),
    requests: result.requests,
    completed: result.completed,
    durationSeconds: round(result.elapsedMs / 1000, 3),
    throughput: round(result.throughput, 1),
    latencyMs: roundLatencies(result.latencyMs),
    errors: result.errors,
    errorMessages: result.errorMessages,
    non2xx: result.non2xx,
    cpu: cpuPercent(seconds),
    cpuPerRequest: cpuPerRequest(seconds, result.answeredInWindow),
  };
  if (fixedRate) {
    const { sendLagMs, ...client } = result.client;
    entry.client = { ...client, sendLagMs: roundLatencies(sendLagMs) };
  }
  noteProblems(entry, notes);
  logEntry(entry);
  return entry;
}

function logEntry(entry) {
  const { cpu, cpuPerRequest: perRequest } = entry;
  log(
    `  ${entry.completed} requests, ${entry.throughput} req/s, p50 ${round(entry.latencyMs.p50, 2)} ms, ` +
      `p99 ${round(entry.latencyMs.p99, 2)} ms, ${entry.errors} errors, ${non2xxCount(entry)} non-2xx; CPU % of a ` +
      `core: gateway ${cpu.gatewayPercent}, campaign ${cpu.campaignPercent}, PostgreSQL ${cpu.postgresPercent}, ` +
      `NATS+Redis ${cpu.natsRedisPercent}, client ${cpu.clientPercent}, other ${cpu.otherPercent}, ` +
      `machine ${cpu.machineBusyPercent} of ${os.cpus().length * 100}; CPU µs per request: gateway ` +
      `${round(perRequest.gatewayMicros, 0)}, campaign ${round(perRequest.campaignMicros, 0)}, PostgreSQL ` +
      `${round(perRequest.postgresMicros, 0)}, NATS+Redis ${round(perRequest.natsRedisMicros, 0)}`,
  );
  if (entry.client) {
    const { peakInFlight, sendsQueued, sendLagMs } = entry.client;
    log(
      `  client: at most ${peakInFlight} in flight, ${sendsQueued} sends queued for a connection, send lag ` +
        `p50 ${round(sendLagMs.p50, 2)} ms, p99 ${round(sendLagMs.p99, 2)} ms, max ${round(sendLagMs.max, 2)} ms`,
    );
  }
}

/**
 * Waits until the gateway and campaign are idle (together under 10% of a core for 250 ms), for at most
 * `limitMs`, so work a run left queued (a fixed rate above what they sustain) does not slow the next one.
 */
async function settle({ gateway, campaign }, notes, limitMs = 30_000) {
  const busySeconds = () => processCpuSeconds(gateway.pid) + processCpuSeconds(campaign.pid);
  const started = performance.now();
  for (let last = busySeconds(); !interrupted;) {
    await new Promise((done) => setTimeout(done, 250));
    const now = busySeconds();
    if (now - last < 0.025) break;
    if (performance.now() - started > limitMs) {
      notes.push(`the services were still busy ${limitMs / 1000} s after a run; the next one started anyway`);
      break;
    }
    last = now;
  }
  const waitedMs = performance.now() - started;
  if (waitedMs > 1000) log(`  waited ${(waitedMs / 1000).toFixed(1)} s for the services to go idle`);
}

/**
 * Each store-backed scenario's throughput as a share of the ceiling's, in percent; none when the ceiling did
 * not run or did not answer 2xx every time (a 404 or an error is cheaper than the path it stands for).
 */
function addShareOfCeiling(scenarios, notes) {
  const ceiling = scenarios.find((scenario) => scenario.ceiling);
  const storeBacked = scenarios.filter((scenario) => scenario.storeBacked);
  if (!ceiling || storeBacked.length === 0) return;
  if (ceiling.errors > 0 || non2xxCount(ceiling) > 0 || !(ceiling.throughput > 0)) {
    notes.push(`${ceiling.label} did not answer 2xx every time: no share of the ceiling computed`);
    return;
  }
  for (const scenario of storeBacked) {
    scenario.shareOfCeilingPercent = round((scenario.throughput / ceiling.throughput) * 100, 1);
  }
}

function writeAtomically(path, text) {
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}

async function main() {
  const machine = machineInfo();
  const notes = [];
  log(`machine: ${machine.line}`);
  // How busy the machine is before we add anything: other work here shares the cores the benchmark measures.
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
    log(
      `other work already keeps ${busyAtStart.toFixed(0)}% of a core busy here: expect lower, noisier numbers`,
    );
  }

  const unreachable = await ensureServices((message) => log(message));
  if (unreachable.length > 0) throw new Error(`cannot run without ${unreachable.join(', ')}`);
  checkpoint();

  const built = ['campaign', 'gateway', 'jobs'].every((app) => existsSync(entry(app)));
  if (!flags['no-build']) await build();
  else if (!built) {
    log('--no-build, but dist/ has no gateway, campaign or jobs build: building anyway');
    await build();
  } else log('--no-build: using the existing dist/');
  checkpoint();

  for (const port of [settings.gatewayPort, settings.campaignPort, settings.jobsPort]) {
    if (!(await portIsFree(port))) {
      throw new Error(
        `port ${port} is already in use; free it or pick others (--gateway-port/--campaign-port/--jobs-port)`,
      );
    }
  }

  keyDir = mkdtempSync(join(os.tmpdir(), 'shotcaller-bench-keys-'));
  const keys = generateKeys(keyDir, { log: () => {} });
  for (const name of await dropAbandonedDatabases(POSTGRES_URL, DATABASE_PREFIX)) {
    log(`dropped ${name}, left over from an earlier run that did not finish`);
  }
  checkpoint();

  log(`starting jobs (:${settings.jobsPort}) with a mail sink, NATS prefix ${subjectPrefix}`);
  await startJobs(keys);
  checkpoint();
  log(`starting campaign (:${settings.campaignPort}) and gateway (:${settings.gatewayPort})`);
  const processes = startServices(keys);
  await Promise.all([
    waitUntilReady(processes.campaign, `${campaignUrl}/health/ready`),
    waitUntilReady(processes.gateway, `${gatewayUrl}/health/ready`),
  ]);
  checkpoint();
  log('the services are ready');
  const memoryAfterBoot = {
    gateway: rssMiB(processes.gateway.pid),
    campaign: rssMiB(processes.campaign.pid),
  };

  const plain = await register('plain');
  const reader = await register('reader');
  const writer = await register('writer');
  for (let index = 1; index <= settings.seededCampaigns; index += 1) {
    await call(
      {
        method: 'POST',
        path: '/api/v2/campaigns',
        headers: { authorization: reader.authorization },
        body: { campaign: { name: `Seeded campaign ${String(index).padStart(2, '0')}` } },
      },
      201,
    );
  }
  log(`registered 3 users, seeded ${settings.seededCampaigns} campaigns`);

  // The characters and encounter scenarios read one campaign's records, seeded in SQL (see bench/lib/seed.mjs).
  const gamemaster = await register('gamemaster');
  const player = await register('player');
  const playedIn = JSON.parse(
    (
      await call(
        {
          method: 'POST',
          path: '/api/v2/campaigns',
          headers: { authorization: gamemaster.authorization },
          body: { campaign: { name: 'Bench records' } },
        },
        201,
      )
    ).body,
  );
  await call(
    {
      method: 'POST',
      path: '/api/v2/campaigns/current',
      headers: { authorization: gamemaster.authorization },
      body: { id: playedIn.id },
    },
    200,
  );
  const seeded = await seedCampaignRecords(withDatabase(POSTGRES_URL, DATABASE), {
    campaignId: playedIn.id,
    ownerId: gamemaster.id,
    playerId: player.id,
    characters: settings.seededCharacters,
    combatants: settings.combatants,
  });
  log(
    `seeded a campaign with ${seeded.characters} characters and their records, and a fight with ` +
      `${seeded.shots} shots (${seeded.characterShots} characters, ${seeded.vehicleShots} vehicles)`,
  );

  const only = flags.only?.split(',').map((id) => id.trim());
  const all = scenarioList({ plain, reader, writer, gamemaster, fightId: seeded.fightId });
  const unknown = only?.filter((id) => !all.some((scenario) => scenario.id === id)) ?? [];
  if (unknown.length > 0) throw new Error(`unknown scenario(s) in --only: ${unknown.join(', ')}`);
  const chosen = all.filter((scenario) => !only || only.includes(scenario.id));

  const results = [];
  for (const scenario of chosen) {
    results.push(await runScenario(scenario, processes, notes));
    await new Promise((done) => setTimeout(done, 500)); // let the last writes and GC settle
    await settle(processes, notes);
  }
  const saturation = results.filter((entry) => entry.targetRate === undefined);
  const fixedRate = results.filter((entry) => entry.targetRate !== undefined);
  addShareOfCeiling(saturation, notes);
  const warnings = services.filter((service) => service.warnings > 0);
  for (const service of warnings) {
    notes.push(
      `${service.name} logged ${service.warnings} line(s) at warn level or above (echoed on stderr)`,
    );
  }

  const result = {
    date: new Date().toISOString(),
    machine,
    settings: {
      durationSeconds: settings.durationSeconds,
      warmupSeconds: settings.warmupSeconds,
      concurrency: settings.concurrency,
      signInConcurrency: settings.signInConcurrency,
      seededCampaigns: settings.seededCampaigns,
      seededCharacters: settings.seededCharacters,
      combatants: settings.combatants,
      fixedRatePerSecond: settings.rate,
      charactersRatePerSecond: settings.charactersRate,
      encounterRatePerSecond: settings.encounterRate,
      fixedRateMaxSockets: FIXED_RATE_MAX_SOCKETS,
      build: flags['no-build'] && built ? 'existing dist/' : 'fresh build',
    },
    scenarios: saturation,
    fixedRate,
    memory: {
      unit: 'MiB (VmRSS)',
      gateway: {
        afterBootMiB: round(memoryAfterBoot.gateway, 1),
        afterRunsMiB: round(rssMiB(processes.gateway.pid), 1),
      },
      campaign: {
        afterBootMiB: round(memoryAfterBoot.campaign, 1),
        afterRunsMiB: round(rssMiB(processes.campaign.pid), 1),
      },
    },
    notes,
  };

  const markdown = markdownReport(result);
  if (saturation.length > 0) {
    console.log(resultsTable(saturation));
    console.log('');
    console.log('CPU per answered request, µs:');
    console.log('');
    console.log(cpuPerRequestTable(saturation));
    console.log('');
  }
  if (fixedRate.length > 0) {
    console.log('Fixed rate, latency from the scheduled send time; CPU per answered request, µs:');
    console.log('');
    console.log(fixedRateTable(fixedRate));
    console.log('');
  }
  console.log(`Machine: ${machine.line}`);
  console.log(
    `Memory (VmRSS after the runs): gateway ${result.memory.gateway.afterRunsMiB} MiB, ` +
      `campaign ${result.memory.campaign.afterRunsMiB} MiB`,
  );
  if (notes.length > 0) {
    console.log('');
    console.log('Notes:');
    for (const note of notes) console.log(`- ${note}`);
  }
  if (!flags['no-write']) {
    mkdirSync(RESULTS, { recursive: true });
    // Written as the format check expects, so committing a result never fails it.
    const prettier = await import('prettier');
    const format = async (name, text) => {
      const path = join(RESULTS, name);
      writeAtomically(
        path,
        await prettier.format(text, { ...(await prettier.resolveConfig(path)), filepath: path }),
      );
    };
    await format('latest.json', JSON.stringify(result, null, 2));
    await format('latest.md', markdown);
    log('wrote bench/results/latest.json and bench/results/latest.md');
  }
  const failed = results.some((entry) => entry.errors > 0 || non2xxCount(entry) > 0);
  if (failed) log('some requests failed or answered non-2xx: see the notes; the numbers include them');
  return failed ? 1 : 0;
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
  setupAgent.destroy();
  await cleanup();
}
// The realtime scenarios (bench/realtime/run.mjs, on the dist/ just built), location sharing and jobs (each built
// into its own dist/bench-<name>) follow the HTTP ones, unless a subset of the HTTP ones was asked for; each writes
// its own results.
const followers = [
  {
    flag: 'no-realtime',
    script: ['realtime', 'run.mjs'],
    args: ['--no-build', ...(flags['no-write'] ? ['--no-write'] : [])],
  },
  { flag: 'no-location', script: ['location', 'run.mjs'], args: flags['no-write'] ? ['--no-write'] : [] },
  { flag: 'no-jobs', script: ['jobs', 'run.mjs'], args: flags['no-write'] ? ['--no-write'] : [] },
];
for (const follower of followers) {
  if (interrupted || flags.only || flags[follower.flag]) continue;
  const child = spawn(process.execPath, [join(ROOT, 'bench', ...follower.script), ...follower.args], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  const code = await new Promise((done) => child.once('exit', (status) => done(status ?? 1)));
  exitCode = Math.max(exitCode, code);
}
process.exit(exitCode);
