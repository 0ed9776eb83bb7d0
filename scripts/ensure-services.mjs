#!/usr/bin/env node
// Makes sure PostgreSQL, Redis and NATS answer before the system or its tests start. A store on this machine
// that is installed but stopped is started with the machine's own command, and the script says so. A store it
// cannot reach or start is named, with its address, and the script exits non-zero.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createConnection } from 'node:net';
import { pathToFileURL } from 'node:url';

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

export const STORES = [
  {
    name: 'PostgreSQL',
    url: process.env.POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    defaultPort: 5432,
    installed: () => existsSync('/etc/postgresql') && readdirSync('/etc/postgresql').length > 0,
    start: () =>
      `pg_ctlcluster --skip-systemctl-redirect ${readdirSync('/etc/postgresql').sort().at(-1)} main start`,
  },
  {
    name: 'Redis',
    url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    defaultPort: 6379,
    installed: () => commandExists('redis-server'),
    start: () =>
      'redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no ' +
      '--dir /var/lib/redis --logfile /var/log/redis/ci.log',
  },
  {
    name: 'NATS',
    url: (process.env.NATS_URL ?? 'nats://127.0.0.1:4222').split(',')[0],
    defaultPort: 4222,
    installed: () => natsServerPath() !== undefined,
    start: () =>
      `start-stop-daemon --start --oknodo --background --exec ${natsServerPath()} -- ` +
      '-a 127.0.0.1 -p 4222 -js -sd /var/lib/nats-server -l /var/log/nats-server.log',
  },
];

function commandExists(command) {
  try {
    execSync(`command -v ${command}`, { stdio: 'ignore', shell: '/bin/sh' });
    return true;
  } catch {
    return false;
  }
}

/** The nats-server binary of this machine, if there is one. */
export function natsServerPath() {
  if (existsSync('/usr/sbin/nats-server')) return '/usr/sbin/nats-server';
  try {
    return execSync('command -v nats-server', { encoding: 'utf8', shell: '/bin/sh' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

function address(url, defaultPort) {
  const { hostname, port } = new URL(url);
  return { host: hostname, port: Number(port || defaultPort) };
}

export function reachable({ host, port }, timeoutMs = 1500) {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

async function waitUntilReachable(target, seconds) {
  for (let waited = 0; waited < seconds * 4; waited += 1) {
    if (await reachable(target)) return true;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

/** Returns the stores that could not be reached (empty when all are up). `skip` names stores not to check. */
export async function ensureServices(log = console.log, { skip = [] } = {}) {
  const unreachable = [];
  for (const store of STORES.filter((candidate) => !skip.includes(candidate.name))) {
    const target = address(store.url, store.defaultPort);
    const where = `${target.host}:${target.port}`;
    if (await reachable(target)) {
      log(`${store.name} is up at ${where}`);
      continue;
    }
    if (!LOCAL_HOSTS.has(target.host) || !store.installed()) {
      log(
        `${store.name} is not reachable at ${where}, and it is not installed here to start: start it, or set its URL`,
      );
      unreachable.push(store.name);
      continue;
    }
    const command = store.start();
    log(`${store.name} was not running at ${where}; starting it: ${command}`);
    try {
      execSync(command, { stdio: 'inherit', shell: '/bin/sh' });
    } catch (error) {
      log(`${store.name} could not be started: ${error.message}`);
    }
    if (await waitUntilReachable(target, 20)) {
      log(`${store.name} is up at ${where}`);
    } else {
      log(`${store.name} is still not reachable at ${where}`);
      unreachable.push(store.name);
    }
  }
  return unreachable;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const unreachable = await ensureServices();
  if (unreachable.length > 0) {
    console.error(`Cannot continue without: ${unreachable.join(', ')}`);
    process.exit(1);
  }
}
