// One benchmark client process: holds socket.io-client connections to the gateway, each authenticated and
// subscribed to its topics, and records when the benchmark's events arrive. Driven by its parent over IPC
// (advanced serialization, so latencies travel as a Float64Array):
//   {type: 'open', url, connections: [{token, topics}], parallel, timeoutMs} -> {type: 'opened', ...counts}
//   {type: 'collect'} -> {type: 'collected', latencies, ...counts}  (and starts over)
//   {type: 'close'} -> {type: 'closed'}
// Every answer carries the request's `id`. Run by bench/realtime/clients.mjs, not by hand.
import { performance } from 'node:perf_hooks';
import { io } from 'socket.io-client';

/** The wall clock in ms with sub-ms resolution, comparable between the benchmark's processes. */
const now = () => performance.timeOrigin + performance.now();

const sockets = [];
let connected = 0;
const disconnectReasons = new Map();
let latencies = new Float64Array(1 << 16);
let measured = 0;
let unmeasured = 0;
let otherEvents = 0;

function countReason(reason) {
  disconnectReasons.set(reason, (disconnectReasons.get(reason) ?? 0) + 1);
}

function onEvent(message) {
  const received = now();
  const stamp = message?.data?.bench;
  if (!stamp || typeof stamp.sentAt !== 'number') {
    otherEvents += 1;
    return;
  }
  if (!stamp.measured) {
    unmeasured += 1;
    return;
  }
  if (measured === latencies.length) {
    const grown = new Float64Array(latencies.length * 2);
    grown.set(latencies);
    latencies = grown;
  }
  latencies[measured] = received - stamp.sentAt;
  measured += 1;
}

/** Connects one socket and subscribes it to its topics; resolves with null or the reason it failed. */
function openOne(url, { token, topics }, timeoutMs) {
  return new Promise((resolve) => {
    const socket = io(url, {
      transports: ['websocket'],
      auth: { token },
      reconnection: false,
      forceNew: true,
      timeout: timeoutMs,
    });
    let settled = false;
    const finish = (problem) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (problem) socket.disconnect();
      resolve(problem);
    };
    const timer = setTimeout(() => finish('no connection and subscription within the timeout'), timeoutMs);
    socket.once('connect_error', (error) => finish(`connect_error: ${error.message}`));
    socket.once('connect', async () => {
      connected += 1;
      socket.once('disconnect', (reason) => {
        connected -= 1;
        countReason(reason);
      });
      for (const topic of topics) {
        let ack;
        try {
          ack = await socket.timeout(timeoutMs).emitWithAck('subscribe', { topic });
        } catch (error) {
          return finish(`subscribe ${topic.split(':')[0]}: ${error.message}`);
        }
        if (!ack?.ok) {
          return finish(
            `subscribe ${topic.split(':')[0]} refused: ${ack?.error?.code ?? JSON.stringify(ack)}`,
          );
        }
      }
      sockets.push(socket);
      finish(null);
    });
    socket.on('event', onEvent);
    // The server's reason, sent right before it closes a connection (slow client, token ended, shutdown).
    socket.on('closing', (notice) => countReason(`closing: ${notice?.code}`));
  });
}

async function open({ url, connections, parallel, timeoutMs }) {
  const started = performance.now();
  const errors = new Map();
  let opened = 0;
  let next = 0;
  async function lane() {
    while (next < connections.length) {
      const problem = await openOne(url, connections[next++], timeoutMs);
      if (problem === null) opened += 1;
      else errors.set(problem, (errors.get(problem) ?? 0) + 1);
    }
  }
  await Promise.all(Array.from({ length: Math.min(parallel, connections.length) }, lane));
  return {
    opened,
    failed: connections.length - opened,
    errors: Object.fromEntries(errors),
    ms: performance.now() - started,
  };
}

function collect() {
  const answer = {
    latencies: latencies.slice(0, measured),
    measured,
    unmeasured,
    otherEvents,
    connected,
    disconnects: Object.fromEntries(disconnectReasons),
    memory: process.memoryUsage().rss,
  };
  measured = 0;
  unmeasured = 0;
  otherEvents = 0;
  disconnectReasons.clear();
  return answer;
}

async function close() {
  const all = sockets.splice(0);
  for (const socket of all) {
    socket.removeAllListeners('disconnect');
    socket.disconnect();
  }
  connected = 0;
  // Let the close frames leave before the parent goes on.
  await new Promise((resolve) => setTimeout(resolve, 200));
}

process.on('message', async (request) => {
  let answer;
  try {
    if (request.type === 'open') answer = { type: 'opened', ...(await open(request)) };
    else if (request.type === 'collect') answer = { type: 'collected', ...collect() };
    else if (request.type === 'close') {
      await close();
      answer = { type: 'closed' };
    } else answer = { type: 'error', message: `unknown request ${request.type}` };
  } catch (error) {
    answer = { type: 'error', message: error instanceof Error ? error.message : String(error) };
  }
  process.send({ ...answer, id: request.id });
});
process.on('disconnect', () => process.exit(0));
