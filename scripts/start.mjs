#!/usr/bin/env node
// `npm start`: checks PostgreSQL, Redis and NATS (starting local ones that are installed but stopped), makes a
// development key pair for access tokens, builds the six services and runs them, each on its default port.
// When nats-server is installed (and NATS_URL is not set), the services get a NATS of their own for this run, with
// a user per service and its permissions (scripts/nats-auth.mjs); otherwise they share the local NATS without
// authentication. Ctrl-C stops them all gracefully. Flags: --no-build (use the existing dist/), --json (raw JSON
// logs).
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, openSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { ensureServices, natsServerPath, reachable } from './ensure-services.mjs';
import { generateKeys } from './generate-keys.mjs';
import { generateNatsAuth } from './nats-auth.mjs';

const APPS = ['campaign', 'chat', 'realtime-location', 'media', 'jobs', 'gateway'];
const COLORS = [36, 35, 33, 32, 34, 37];
const LEVELS = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };
const args = new Set(process.argv.slice(2));
const width = Math.max(...APPS.map((app) => app.length));

function say(message) {
  console.log(`\x1b[1m[start]\x1b[0m ${message}`);
}

const NATS_DIR = resolve('.local/nats');
const PRIVATE_NATS_PORT = 4223;
const natsServer = process.env.NATS_URL ? undefined : natsServerPath();
if (process.env.NATS_URL) {
  say(
    `NATS: using NATS_URL as given (${process.env.NATS_URL}); authenticated only if NATS_NKEY_SEED(_FILE) is set`,
  );
} else if (!natsServer) {
  say(
    'NATS: nats-server is not installed here, so the services share the NATS on 127.0.0.1:4222 WITHOUT authentication',
  );
}

const unreachable = await ensureServices(say, { skip: natsServer ? ['NATS'] : [] });
if (unreachable.length > 0) {
  say(`cannot start without ${unreachable.join(', ')}`);
  process.exit(1);
}

const keys = generateKeys(resolve('.local/keys'), { ifMissing: true, log: say });
// Participant tokens: realtime-location signs with its own key, the gateway verifies with the public half.
const locationKeys = generateKeys(resolve('.local/keys'), { ifMissing: true, log: say, name: 'location' });

if (!args.has('--no-build')) {
  say('building the services (nest build --all)...');
  const build = spawnSync(process.execPath, ['node_modules/@nestjs/cli/bin/nest.js', 'build', '--all'], {
    stdio: 'inherit',
  });
  if (build.status !== 0) {
    say('the build failed');
    process.exit(build.status ?? 1);
  }
}

/** One log line, readable: "campaign  info  message  (request id)". Raw with --json. */
function format(app, color, line) {
  const label = `\x1b[${color}m${app.padEnd(width)}\x1b[0m`;
  if (args.has('--json')) return `${label} ${line}`;
  try {
    const record = JSON.parse(line);
    const level = LEVELS[record.level] ?? 'info';
    const tone = record.level >= 50 ? '\x1b[31m' : record.level >= 40 ? '\x1b[33m' : '';
    const request = record.req_id ?? record.req?.id;
    const http =
      record.req && record.res ? ` ${record.req.method} ${record.req.url} ${record.res.statusCode}` : '';
    const detail = record.err?.message ? ` (${record.err.message})` : '';
    return `${label} ${tone}${level.padEnd(5)}\x1b[0m ${record.msg}${http}${detail}${request ? `  \x1b[2m${request}\x1b[0m` : ''}`;
  } catch {
    return `${label} ${line}`;
  }
}

/** A free TCP port on 127.0.0.1: `preferred` unless something listens there. */
async function freePort(preferred) {
  if (!(await reachable({ host: '127.0.0.1', port: preferred }, 500))) return preferred;
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

/**
 * This run's own NATS: a user per service with only its subjects (the seeds and the server's configuration in
 * .local/nats/, JetStream's store under it). Returns the URL and each service's seed file.
 */
async function startPrivateNats() {
  const port = await freePort(PRIVATE_NATS_PORT);
  const { confPath, services } = generateNatsAuth(NATS_DIR, {
    prefix: process.env.NATS_SUBJECT_PREFIX ?? '',
    host: '127.0.0.1',
    port,
    jetstream: resolve(NATS_DIR, 'jetstream'),
    log: () => undefined,
  });
  const logPath = resolve(NATS_DIR, 'nats-server.log');
  mkdirSync(NATS_DIR, { recursive: true });
  const log = openSync(logPath, 'a');
  // Its own process group: Ctrl-C reaches the services, which drain through NATS before it is stopped.
  const server = spawn(natsServer, ['-c', confPath], { stdio: ['ignore', log, log], detached: true });
  process.once('exit', () => server.kill('SIGKILL'));
  let exited = false;
  server.once('exit', () => {
    exited = true;
  });
  for (let attempt = 0; attempt < 40 && !exited; attempt += 1) {
    if (await reachable({ host: '127.0.0.1', port }, 500)) {
      say(
        `NATS: started a private nats-server for this run on 127.0.0.1:${port}, one NATS user per service ` +
          `with only its own subjects (config and seeds in ${NATS_DIR}, log in ${logPath}); it stops with the services`,
      );
      return { server, url: `nats://127.0.0.1:${port}`, seeds: services };
    }
    await new Promise((done) => setTimeout(done, 250));
  }
  server.kill('SIGKILL');
  say(`NATS: the private nats-server did not start on 127.0.0.1:${port}; see ${logPath}`);
  process.exit(1);
}

const nats = natsServer ? await startPrivateNats() : undefined;

/** Stops the private NATS (after the services, so they drain through it). */
function stopNats() {
  const server = nats?.server;
  if (!server || server.exitCode !== null || server.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    server.once('exit', () => done());
    server.kill('SIGTERM');
    setTimeout(() => server.kill('SIGKILL'), 5000).unref();
  });
}

const children = new Map();
let stopping = false;

function stopAll(code) {
  if (stopping) return;
  stopping = true;
  say('stopping the services...');
  for (const child of children.values()) child.kill('SIGTERM');
  const force = setTimeout(() => {
    for (const child of children.values()) child.kill('SIGKILL');
  }, 15_000);
  force.unref();
  process.exitCode = code;
}

APPS.forEach((app, index) => {
  const env = {
    ...process.env,
    // campaign signs with the private key; the others verify with the public one.
    ...(app === 'campaign'
      ? { JWT_PRIVATE_KEY_FILE: keys.privatePath }
      : { JWT_PUBLIC_KEY_FILE: keys.publicPath }),
    ...(nats ? { NATS_URL: nats.url, NATS_NKEY_SEED_FILE: nats.seeds[app].seedPath } : {}),
    ...(app === 'realtime-location' ? { LOCATION_TOKEN_PRIVATE_KEY_FILE: locationKeys.privatePath } : {}),
    ...(app === 'gateway' ? { LOCATION_TOKEN_PUBLIC_KEY_FILE: locationKeys.publicPath } : {}),
  };
  if (nats) delete env.NATS_NKEY_SEED;
  const child = spawn(process.execPath, [`dist/apps/${app}/apps/${app}/src/main.js`], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.set(app, child);
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => console.log(format(app, COLORS[index], line)));
  }
  child.on('exit', (code, signal) => {
    children.delete(app);
    if (!stopping) {
      say(`${app} exited (${signal ?? `code ${code}`}); stopping the others`);
      stopAll(code || 1);
    }
    if (children.size === 0) void stopNats().then(() => process.exit(process.exitCode ?? 0));
  });
});

nats?.server.once('exit', (code, signal) => {
  if (!stopping) {
    say(`the private nats-server exited (${signal ?? `code ${code}`}); stopping the services`);
    stopAll(1);
  }
});

process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

async function announceWhenReady() {
  for (let attempt = 0; attempt < 240 && !stopping; attempt += 1) {
    try {
      const response = await fetch('http://127.0.0.1:3000/health/ready');
      if (response.ok) {
        say(
          'Shotcaller is up: http://localhost:3000 (API docs: http://localhost:3000/docs). Ctrl-C stops it.',
        );
        return;
      }
    } catch {
      // not listening yet
    }
    await new Promise((done) => setTimeout(done, 500));
  }
}
void announceWhenReady();
