#!/usr/bin/env node
// `npm start`: checks PostgreSQL, Redis and NATS (starting local ones that are installed but stopped), makes a
// development key pair for access tokens, builds the six services and runs them, each on its default port.
// Ctrl-C stops them all gracefully. Flags: --no-build (use the existing dist/), --json (raw JSON logs).
import { spawn, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { ensureServices } from './ensure-services.mjs';
import { generateKeys } from './generate-keys.mjs';

const APPS = ['campaign', 'chat', 'realtime-location', 'media', 'jobs', 'gateway'];
const COLORS = [36, 35, 33, 32, 34, 37];
const LEVELS = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };
const args = new Set(process.argv.slice(2));
const width = Math.max(...APPS.map((app) => app.length));

function say(message) {
  console.log(`\x1b[1m[start]\x1b[0m ${message}`);
}

const unreachable = await ensureServices(say);
if (unreachable.length > 0) {
  say(`cannot start without ${unreachable.join(', ')}`);
  process.exit(1);
}

const keys = generateKeys(resolve('.local/keys'), { ifMissing: true, log: say });

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
    ...(app === 'campaign' ? { JWT_PRIVATE_KEY_FILE: keys.privatePath } : {}),
    ...(app === 'gateway' ? { JWT_PUBLIC_KEY_FILE: keys.publicPath } : {}),
  };
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
    if (children.size === 0) process.exit(process.exitCode ?? 0);
  });
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
