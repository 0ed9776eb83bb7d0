// The benchmark's socket.io clients, spread over child processes (bench/realtime/client-worker.mjs) so that one
// client process's event loop is not what limits a scenario. Each process's CPU is read from /proc by pid. They run
// at a lower priority (nice 10 unless told) so that on the machine they share with the gateway they yield the CPU
// to it, as clients on other machines would.
import { fork } from 'node:child_process';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const WORKER = join(dirname(fileURLToPath(import.meta.url)), 'client-worker.mjs');

class ClientProcess {
  #sequence = 0;
  #pending = new Map();

  constructor(index, client, nice) {
    this.index = index;
    this.exited = false;
    this.child = fork(WORKER, [client], {
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.pid = this.child.pid;
    os.setPriority(this.pid, nice);
    this.child.on('message', (answer) => {
      const waiting = this.#pending.get(answer.id);
      if (!waiting) return;
      this.#pending.delete(answer.id);
      if (answer.type === 'error') waiting.reject(new Error(`client process ${index}: ${answer.message}`));
      else waiting.resolve(answer);
    });
    this.child.once('exit', (code, signal) => {
      this.exited = true;
      for (const waiting of this.#pending.values()) {
        waiting.reject(new Error(`client process ${index} exited (${signal ?? `code ${code}`})`));
      }
      this.#pending.clear();
    });
  }

  request(message) {
    if (this.exited) return Promise.reject(new Error(`client process ${this.index} has exited`));
    const id = (this.#sequence += 1);
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.child.send({ ...message, id });
    });
  }
}

export class ClientPool {
  /** `client`: `wire` or `socket.io-client`; `nice`: the processes' nice value (0..19). */
  constructor(count, { client = 'wire', nice = 10 } = {}) {
    this.processes = Array.from({ length: count }, (_, index) => new ClientProcess(index, client, nice));
  }

  get pids() {
    return this.processes.map((client) => client.pid);
  }

  /**
   * Opens the connections (`{token, topics}` each), dealt round-robin to the processes, `parallel` handshakes
   * at a time in each. Resolves with the counts, failures by reason, and how long it took.
   */
  async open(url, connections, { parallel = 50, timeoutMs = 60_000 } = {}) {
    const shares = this.processes.map(() => []);
    connections.forEach((connection, index) => shares[index % shares.length].push(connection));
    const answers = await Promise.all(
      this.processes.map((client, index) =>
        client.request({ type: 'open', url, connections: shares[index], parallel, timeoutMs }),
      ),
    );
    const errors = {};
    for (const answer of answers) {
      for (const [reason, count] of Object.entries(answer.errors))
        errors[reason] = (errors[reason] ?? 0) + count;
    }
    return {
      opened: answers.reduce((sum, answer) => sum + answer.opened, 0),
      failed: answers.reduce((sum, answer) => sum + answer.failed, 0),
      errors,
      seconds: Math.max(...answers.map((answer) => answer.ms)) / 1000,
    };
  }

  /** Every process's measured latencies (ms, one per received event), counts and disconnects; then starts over. */
  async collect() {
    const answers = await Promise.all(this.processes.map((client) => client.request({ type: 'collect' })));
    const total = answers.reduce((sum, answer) => sum + answer.latencies.length, 0);
    const latencies = new Float64Array(total);
    let offset = 0;
    for (const answer of answers) {
      latencies.set(answer.latencies, offset);
      offset += answer.latencies.length;
    }
    const disconnects = {};
    for (const answer of answers) {
      for (const [reason, count] of Object.entries(answer.disconnects)) {
        disconnects[reason] = (disconnects[reason] ?? 0) + count;
      }
    }
    const sum = (key) => answers.reduce((value, answer) => value + answer[key], 0);
    return {
      latencies,
      measured: sum('measured'),
      unmeasured: sum('unmeasured'),
      otherEvents: sum('otherEvents'),
      connected: sum('connected'),
      disconnects,
      rssBytes: sum('memory'),
    };
  }

  /** Disconnects every socket (the processes stay, for the next scenario). */
  async closeAll() {
    await Promise.all(this.processes.map((client) => client.request({ type: 'close' })));
  }

  /** Ends the processes. */
  async stop() {
    await Promise.all(
      this.processes.map(
        (client) =>
          new Promise((resolve) => {
            if (client.exited) return resolve();
            client.child.once('exit', resolve);
            client.child.kill('SIGTERM');
          }),
      ),
    );
  }
}
