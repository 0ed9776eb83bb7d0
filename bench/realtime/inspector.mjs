// A minimal Chrome DevTools Protocol client for the gateway started with `--inspect=127.0.0.1:0`: forced garbage
// collection, the V8 heap in use and heap snapshots, without a production route for any. Bench-only.
import { writeFileSync } from 'node:fs';
import { WebSocket } from 'ws';

/** The inspector's WebSocket URL from the "Debugger listening on ws://..." line Node prints at start. */
export function inspectorUrlFrom(line) {
  return /Debugger listening on (ws:\/\/\S+)/.exec(line)?.[1];
}

export class Inspector {
  #socket;
  #sequence = 0;
  #pending = new Map();
  #snapshotChunks;

  static async connect(url) {
    const inspector = new Inspector();
    await inspector.#open(url);
    return inspector;
  }

  #open(url) {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, { perMessageDeflate: false });
      socket.once('open', () => {
        this.#socket = socket;
        resolve();
      });
      socket.once('error', reject);
      socket.on('message', (data) => {
        const message = JSON.parse(data.toString());
        if (message.method === 'HeapProfiler.addHeapSnapshotChunk')
          this.#snapshotChunks?.push(message.params.chunk);
        const waiting = message.id === undefined ? undefined : this.#pending.get(message.id);
        if (!waiting) return;
        this.#pending.delete(message.id);
        if (message.error) waiting.reject(new Error(`${message.error.message} (${message.error.code})`));
        else waiting.resolve(message.result);
      });
      socket.on('close', () => {
        for (const waiting of this.#pending.values()) waiting.reject(new Error('the inspector closed'));
        this.#pending.clear();
      });
    });
  }

  send(method, params = {}) {
    const id = (this.#sequence += 1);
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#socket.send(JSON.stringify({ id, method, params }));
    });
  }

  /** An expression's value in the process (JSON-serialisable values only). */
  async evaluate(expression) {
    const { result, exceptionDetails } = await this.send('Runtime.evaluate', {
      expression,
      returnByValue: true,
      awaitPromise: true,
    });
    if (exceptionDetails) throw new Error(`evaluating failed: ${exceptionDetails.text}`);
    return result.value;
  }

  /**
   * Bytes in use after full garbage collections (repeated, so objects freed by finalizers and weak references
   * are gone too): the V8 heap, plus the process's external memory and RSS as Node reports them.
   */
  async memoryAfterGc(rounds = 3) {
    for (let round = 0; round < rounds; round += 1) {
      await this.send('HeapProfiler.collectGarbage');
    }
    const { usedSize, totalSize } = await this.send('Runtime.getHeapUsage');
    const usage = await this.evaluate('JSON.stringify(process.memoryUsage())');
    const { rss, external, arrayBuffers } = JSON.parse(usage);
    return { heapUsed: usedSize, heapTotal: totalSize, external, arrayBuffers, rss };
  }

  /** Writes a heap snapshot of the process (after a full GC) to `path`, for bench/realtime/heap-diff.mjs. */
  async writeHeapSnapshot(path) {
    await this.send('HeapProfiler.collectGarbage');
    this.#snapshotChunks = [];
    await this.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
    writeFileSync(path, this.#snapshotChunks.join(''));
    this.#snapshotChunks = undefined;
  }

  close() {
    this.#socket?.close();
  }
}
