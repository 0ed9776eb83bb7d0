// The processes and stores the benchmark owns: service processes it starts and stops, its database and its
// Redis keys, and what /proc says about CPU time and memory.
import { execFileSync, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import { Redis } from 'ioredis';
import pg from 'pg';

/** True when nothing listens on the port yet (so a service we start cannot be confused with another). */
export function portIsFree(port, host = '127.0.0.1') {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

/**
 * A service running as its own Node process. Its output is kept (last lines) for error reports; lines at
 * warn level or above are echoed through `log` and counted, since LOG_LEVEL=warn means they matter.
 */
export class ServiceProcess {
  /**
   * `options.expectedLines`: patterns of lines that are not log records but expected output (the inspector's
   * "Debugger listening on ..."), kept out of the warnings; `options.onLine(line)` sees every line.
   */
  constructor(name, entry, env, log, cwd = process.cwd(), nodeArgs = [], options = {}) {
    this.name = name;
    this.log = log;
    this.expectedLines = options.expectedLines ?? [];
    this.onLine = options.onLine;
    this.tail = [];
    this.warnings = 0;
    this.exited = false;
    this.exitCode = null;
    this.signal = null;
    this.child = spawn(process.execPath, [...nodeArgs, entry], {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.pid = this.child.pid;
    this.exit = new Promise((resolve) => {
      this.child.once('exit', (code, signal) => {
        this.exited = true;
        this.exitCode = code;
        this.signal = signal;
        resolve();
      });
      this.child.once('error', (error) => {
        this.tail.push(`could not start: ${error.message}`);
        this.exited = true;
        resolve();
      });
    });
    for (const stream of [this.child.stdout, this.child.stderr]) {
      let pending = '';
      stream.setEncoding('utf8');
      stream.on('data', (text) => {
        const lines = (pending + text).split('\n');
        pending = lines.pop() ?? '';
        for (const line of lines) this.#line(line);
      });
      stream.on('end', () => pending && this.#line(pending));
    }
  }

  #line(line) {
    if (!line.trim()) return;
    this.tail.push(line);
    if (this.tail.length > 40) this.tail.shift();
    this.onLine?.(line);
    if (this.expectedLines.some((pattern) => pattern.test(line))) return;
    let level;
    let message = line;
    try {
      const record = JSON.parse(line);
      level = Number(record.level) || 0;
      message = `${record.msg ?? ''}${record.err?.message ? ` (${record.err.message})` : ''}`;
    } catch {
      level = 40; // not a log record: a crash trace or similar
    }
    if (level >= 40) {
      this.warnings += 1;
      this.log(`[${this.name}] ${message.slice(0, 500)}`);
    }
  }

  describeExit() {
    return this.signal ? `signal ${this.signal}` : `code ${this.exitCode}`;
  }

  /** SIGTERM, then waits for the exit; SIGKILL if it has not exited after `graceMs`. */
  async stop(graceMs = 15_000) {
    if (this.exited) return;
    this.child.kill('SIGTERM');
    let timer;
    const timedOut = new Promise((resolve) => {
      timer = setTimeout(() => resolve(true), graceMs);
    });
    const late = await Promise.race([this.exit.then(() => false), timedOut]);
    clearTimeout(timer);
    if (late && !this.exited) {
      this.log(`${this.name} did not stop within ${graceMs} ms; killing it`);
      this.child.kill('SIGKILL');
      await this.exit;
    }
  }
}

/** Polls GET <url> until it answers 200; fails early if the process exits. */
export async function waitUntilReady(service, url, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (service.exited) {
      throw new Error(
        `${service.name} exited (${service.describeExit()}) before it was ready. Its last output:\n` +
          service.tail.join('\n'),
      );
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
      if (response.status === 200) {
        await response.body?.cancel();
        return;
      }
      last = `${response.status} ${(await response.text()).slice(0, 300)}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${service.name} was not ready at ${url} within ${timeoutMs / 1000} s (last: ${last})`);
}

/** The same server URL with another database name. */
export function withDatabase(url, name) {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

/** Drops a database, closing its connections. Returns true when it existed. */
export async function dropDatabase(serverUrl, name) {
  const client = new pg.Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (!rowCount) return false;
    await client.query(`drop database if exists "${name.replace(/"/g, '""')}" with (force)`);
    return true;
  } finally {
    await client.end();
  }
}

/**
 * Drops the databases whose name starts with `prefix` and that nobody is connected to: those of runs that
 * were killed outright (a running benchmark's campaign keeps connections to its own). A plain DROP, not
 * FORCE, so one that gains a connection meanwhile is left alone. Returns the names dropped.
 */
export async function dropAbandonedDatabases(serverUrl, prefix) {
  const client = new pg.Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await client.connect();
  const dropped = [];
  try {
    const { rows } = await client.query(
      `select datname from pg_database d
        where left(datname, length($1)) = $1
          and not exists (select 1 from pg_stat_activity a where a.datname = d.datname)`,
      [prefix],
    );
    for (const { datname } of rows) {
      try {
        await client.query(`drop database "${datname.replace(/"/g, '""')}"`);
        dropped.push(datname);
      } catch {
        // in use after all: not abandoned
      }
    }
  } finally {
    await client.end();
  }
  return dropped;
}

/** Deletes every key that starts with `prefix`; returns how many. */
export async function deleteRedisKeys(redisUrl, prefix) {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  let deleted = 0;
  try {
    await redis.connect();
    const pattern = `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`;
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      if (keys.length > 0) deleted += await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return deleted;
}

/** Resident memory of a process in MiB (VmRSS), or null off Linux / once it has gone. */
export function rssMiB(pid) {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

let clockTicks;
function ticksPerSecond() {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/** CPU seconds (user + system) a process has used so far, or null when /proc cannot tell. */
export function processCpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may contain spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond();
  } catch {
    return null;
  }
}

/** Busy and total CPU time of the whole machine so far (ms, summed over cores). */
export function machineCpuTimes() {
  let busy = 0;
  let total = 0;
  for (const { times } of os.cpus()) {
    const all = times.user + times.nice + times.sys + times.idle + times.irq;
    total += all;
    busy += all - times.idle;
  }
  return { busy, total };
}

/**
 * CPU seconds used so far by each process whose command name is in `names` (e.g. every PostgreSQL backend):
 * `{ name: Map(pid → seconds) }`, or null off Linux. Compare two with `cpuSecondsSince`.
 */
export function cpuSecondsByCommand(names) {
  const totals = Object.fromEntries(names.map((name) => [name, new Map()]));
  let entries;
  try {
    entries = readdirSync('/proc');
  } catch {
    return null;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const command = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      if (!(command in totals)) continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      totals[command].set(entry, (Number(fields[11]) + Number(fields[12])) / ticksPerSecond());
    } catch {
      // the process ended while we looked
    }
  }
  return totals;
}

/**
 * CPU seconds the processes named `name` used between two snapshots, per process, so processes that start
 * or exit in between (PostgreSQL backends of other clients) never make it negative. What a process used
 * before exiting inside the window is lost: the sum is a lower bound.
 */
export function cpuSecondsSince(before, after, name) {
  if (!before || !after) return null;
  let total = 0;
  for (const [pid, seconds] of after[name]) total += Math.max(0, seconds - (before[name].get(pid) ?? 0));
  return total;
}
