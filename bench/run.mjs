#!/usr/bin/env node
// `npm run bench`: builds the services, starts the gateway and campaign as their own processes on bench-only
// ports, NATS subjects, Redis keys and database, and measures five HTTP scenarios closed-loop. Prints a
// markdown table and writes bench/results/latest.{json,md}. Always stops the processes, drops the database and
// deletes the Redis keys, also on failure and on Ctrl-C. See bench/README.md for the flags.
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
import { runClosedLoop, send } from './lib/load.mjs';
import { machineInfo, markdownReport, resultsTable, round } from './lib/report.mjs';
import {
  cpuSecondsByCommand,
  cpuSecondsSince,
  deleteRedisKeys,
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
const POSTGRES_URL = process.env.POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const DATABASE = 'shotcaller_bench_campaign';
const PASSWORD = 'benchPassword1';
const UNLIMITED = '100000000';
/** Command names of the shared stores' processes, whose CPU time is summed per scenario. */
const STORE_COMMANDS = ['postgres', 'nats-server', 'redis-server'];

const USAGE = `Usage: npm run bench -- [options]
  --duration <s>             measured seconds per scenario (default 10)
  --warmup <s>               unmeasured warm-up seconds per scenario (default 2)
  --concurrency <n>          requests in flight (default 16)
  --sign-in-concurrency <n>  requests in flight for POST /users/sign_in (default 4)
  --campaigns <n>            campaigns seeded for the index scenario (default 30)
  --only <ids>               comma-separated scenarios: live,current,index,create,sign-in
  --gateway-port <port>      (default 3910)
  --campaign-port <port>     (default 3911)
  --no-build                 use the existing dist/ (built anyway when it is missing)
  --no-write                 print only; leave bench/results/ alone
  --help`;

const { values: flags } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    concurrency: { type: 'string', default: '16' },
    'sign-in-concurrency': { type: 'string', default: '4' },
    campaigns: { type: 'string', default: '30' },
    only: { type: 'string' },
    'gateway-port': { type: 'string', default: '3910' },
    'campaign-port': { type: 'string', default: '3911' },
    'no-build': { type: 'boolean', default: false },
    'no-write': { type: 'boolean', default: false },
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
      `--${name} must be a ${integer ? 'whole' : ''} number${allowZero ? '' : ' above 0'} (got ${flags[name]})\n\n${USAGE}`,
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
  gatewayPort: positiveNumber('gateway-port'),
  campaignPort: positiveNumber('campaign-port'),
};

const [major] = process.versions.node.split('.').map(Number);
if (major < 22) {
  log(`Node ${process.version} is too old for the services (need >= 22.17); run it with npm run bench`);
  process.exit(2);
}

const runId = `${Date.now()}`;
const subjectPrefix = `bench_${runId}`;
const redisKeyPrefix = `bench:${runId}:`;
const gatewayUrl = `http://127.0.0.1:${settings.gatewayPort}`;
const campaignUrl = `http://127.0.0.1:${settings.campaignPort}`;
const entry = (app) => join(ROOT, 'dist', 'apps', app, 'apps', app, 'src', 'main.js');

// ---- cleanup, on every way out -------------------------------------------------------------------------

const services = [];
let keyDir;
let buildChild;
let campaignStarted = false;
let gatewayStarted = false;
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
    if (campaignStarted) {
      try {
        if (await dropDatabase(POSTGRES_URL, DATABASE)) log(`dropped database ${DATABASE}`);
      } catch (error) {
        log(`could not drop database ${DATABASE}: ${error.message}`);
      }
    }
    if (gatewayStarted) {
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

function startServices(keys) {
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
    },
    log,
    ROOT,
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
  return { email, authorization: header };
}

function scenarioList({ plain, reader, writer }) {
  const auth = (user) => ({ authorization: user.authorization });
  return [
    {
      id: 'live',
      label: 'GET /health/live',
      what: 'the gateway alone: HTTP framework baseline, no NATS',
      concurrency: settings.concurrency,
      request: () => ({ path: '/health/live' }),
    },
    {
      id: 'current',
      label: 'GET /api/v2/users/current',
      what: 'gateway → NATS → campaign → PostgreSQL primary-key read → back',
      concurrency: settings.concurrency,
      // A user without campaigns: /current also lists every campaign the user runs and plays in, unpaginated,
      // so the seeded reader would measure those 30 rows too, not the primary-key read.
      request: () => ({ path: '/api/v2/users/current', headers: auth(plain) }),
    },
    {
      id: 'index',
      label: 'GET /api/v2/campaigns?per_page=15',
      what: `index over ${settings.seededCampaigns} campaigns: page of 15, count, batch member loading`,
      concurrency: settings.concurrency,
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
      id: 'create',
      label: 'POST /api/v2/campaigns',
      what: 'a write: insert a campaign and its view, unique name per request',
      concurrency: settings.concurrency,
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
      request: () => ({
        method: 'POST',
        path: '/users/sign_in',
        body: { user: { email: plain.email, password: PASSWORD } },
      }),
    },
  ];
}

async function runScenario(scenario, { gateway, campaign }, notes) {
  checkpoint();
  // One request first, so a scenario that cannot work says why instead of filling the table with errors.
  const probe = await send(setupAgent, gatewayUrl, (scenario.probe ?? scenario.request)(0, -1), {
    keepBody: true,
  });
  if (probe.status < 200 || probe.status > 299) {
    notes.push(`${scenario.label}: the probe request answered ${probe.status}: ${probe.body?.slice(0, 200)}`);
  } else if (scenario.check) {
    const problem = scenario.check(probe.body);
    if (problem) notes.push(`${scenario.label}: ${problem}`);
  }

  log(
    `${scenario.label}: ${settings.warmupSeconds} s warm-up + ${settings.durationSeconds} s at ` +
      `concurrency ${scenario.concurrency}...`,
  );
  let before;
  const snapshot = () => ({
    at: performance.now(),
    gateway: processCpuSeconds(gateway.pid),
    campaign: processCpuSeconds(campaign.pid),
    client: process.cpuUsage(),
    stores: cpuSecondsByCommand(STORE_COMMANDS),
    machine: machineCpuTimes(),
  });
  const result = await runClosedLoop({
    baseUrl: gatewayUrl,
    concurrency: scenario.concurrency,
    warmupMs: settings.warmupSeconds * 1000,
    durationMs: settings.durationSeconds * 1000,
    makeRequest: scenario.request,
    shouldStop: () => interrupted || gateway.exited || campaign.exited,
    onMeasureStart: () => {
      before = snapshot();
    },
  });
  checkpoint();
  const after = snapshot();
  before ??= after;
  const windowSeconds = Math.max((after.at - before.at) / 1000, 0.001);
  const share = (start, end) =>
    start === null || end === null ? null : ((end - start) / windowSeconds) * 100;
  const clientCpu = process.cpuUsage(before.client);
  const storeShare = (...names) =>
    before.stores && after.stores
      ? (names.reduce((sum, name) => sum + cpuSecondsSince(before.stores, after.stores, name), 0) /
          windowSeconds) *
        100
      : null;
  const machineTotal = after.machine.total - before.machine.total;
  const cores = os.cpus().length;
  const cpu = {
    unit: `% of one core; the machine has ${cores * 100}`,
    gatewayPercent: share(before.gateway, after.gateway),
    campaignPercent: share(before.campaign, after.campaign),
    postgresPercent: storeShare('postgres'),
    natsRedisPercent: storeShare('nats-server', 'redis-server'),
    clientPercent: ((clientCpu.user + clientCpu.system) / 1e6 / windowSeconds) * 100,
    machineBusyPercent:
      machineTotal > 0 ? ((after.machine.busy - before.machine.busy) / machineTotal) * cores * 100 : null,
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

  const entry = {
    id: scenario.id,
    label: scenario.label,
    measures: scenario.what,
    concurrency: scenario.concurrency,
    requests: result.requests,
    completed: result.completed,
    durationSeconds: round(result.elapsedMs / 1000, 3),
    throughput: round(result.throughput, 1),
    latencyMs: Object.fromEntries(
      Object.entries(result.latencyMs).map(([key, value]) => [key, round(value, 3)]),
    ),
    errors: result.errors,
    errorMessages: result.errorMessages,
    non2xx: result.non2xx,
    cpu,
  };
  if (cpu.otherPercent !== null && cpu.otherPercent > 20) {
    notes.push(
      `${scenario.label}: other processes on the machine used ${cpu.otherPercent}% of a core during the ` +
        'measurement, so these numbers are lower than the system alone would give',
    );
  }
  const non2xx = Object.values(result.non2xx).reduce((sum, count) => sum + count, 0);
  if (result.errors > 0) {
    notes.push(
      `${scenario.label}: ${result.errors} request(s) failed without an HTTP answer: ` +
        Object.entries(result.errorMessages)
          .map(([message, count]) => `${message} ×${count}`)
          .join('; '),
    );
  }
  if (non2xx > 0) {
    notes.push(
      `${scenario.label}: ${non2xx} non-2xx answer(s): ` +
        Object.entries(result.non2xx)
          .map(([status, count]) => `${status} ×${count}`)
          .join(', '),
    );
  }
  log(
    `  ${entry.completed} requests, ${entry.throughput} req/s, p50 ${round(entry.latencyMs.p50, 2)} ms, ` +
      `p99 ${round(entry.latencyMs.p99, 2)} ms, ${entry.errors} errors, ${non2xx} non-2xx; CPU % of a core: ` +
      `gateway ${cpu.gatewayPercent}, campaign ${cpu.campaignPercent}, PostgreSQL ${cpu.postgresPercent}, ` +
      `NATS+Redis ${cpu.natsRedisPercent}, client ${cpu.clientPercent}, other ${cpu.otherPercent}, ` +
      `machine ${cpu.machineBusyPercent} of ${os.cpus().length * 100}`,
  );
  return entry;
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

  const built = ['campaign', 'gateway'].every((app) => existsSync(entry(app)));
  if (!flags['no-build']) await build();
  else if (!built) {
    log('--no-build, but dist/ has no gateway or campaign build: building anyway');
    await build();
  } else log('--no-build: using the existing dist/');
  checkpoint();

  for (const port of [settings.gatewayPort, settings.campaignPort]) {
    if (!(await portIsFree(port))) {
      throw new Error(
        `port ${port} is already in use; free it or pick others (--gateway-port/--campaign-port)`,
      );
    }
  }

  keyDir = mkdtempSync(join(os.tmpdir(), 'shotcaller-bench-keys-'));
  const keys = generateKeys(keyDir, { log: () => {} });
  if (await dropDatabase(POSTGRES_URL, DATABASE)) {
    log(`dropped ${DATABASE}, left over from an earlier run that did not finish`);
  }
  checkpoint();

  log(
    `starting campaign (:${settings.campaignPort}) and gateway (:${settings.gatewayPort}), NATS prefix ${subjectPrefix}`,
  );
  const processes = startServices(keys);
  await Promise.all([
    waitUntilReady(processes.campaign, `${campaignUrl}/health/ready`),
    waitUntilReady(processes.gateway, `${gatewayUrl}/health/ready`),
  ]);
  checkpoint();
  log('both services are ready');
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

  const only = flags.only?.split(',').map((id) => id.trim());
  const all = scenarioList({ plain, reader, writer });
  const unknown = only?.filter((id) => !all.some((scenario) => scenario.id === id)) ?? [];
  if (unknown.length > 0) throw new Error(`unknown scenario(s) in --only: ${unknown.join(', ')}`);
  const chosen = all.filter((scenario) => !only || only.includes(scenario.id));

  const results = [];
  for (const scenario of chosen) {
    results.push(await runScenario(scenario, processes, notes));
    await new Promise((done) => setTimeout(done, 500)); // let the last writes and GC settle
  }
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
      build: flags['no-build'] && built ? 'existing dist/' : 'fresh build',
    },
    scenarios: results,
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
  console.log(resultsTable(results));
  console.log('');
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
    writeAtomically(join(RESULTS, 'latest.json'), `${JSON.stringify(result, null, 2)}\n`);
    writeAtomically(join(RESULTS, 'latest.md'), markdown);
    log('wrote bench/results/latest.json and bench/results/latest.md');
  }
  const failed = results.some((scenario) => scenario.errors > 0 || Object.keys(scenario.non2xx).length > 0);
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
process.exit(exitCode);
