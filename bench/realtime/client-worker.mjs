// One benchmark client process: holds socket.io-client connections to the gateway, each authenticated and
// subscribed to its topics, and records when the benchmark's events arrive. Driven by its parent over IPC
// (advanced serialization, so latencies travel as a Float64Array):
//   {type: 'open', url, connections: [{token, topics}], parallel, timeoutMs} -> {type: 'opened', ...counts}
//   {type: 'collect'} -> {type: 'collected', latencies, ...counts}  (and starts over)
//   {type: 'close'} -> {type: 'closed'}
// Every answer carries the request's `id`. Run by bench/realtime/clients.mjs, not by hand, with the client kind
// as its argument: `wire` (the lean wire-protocol client of bench/lib/wire-client.mjs) or `socket.io-client`.
import { performance } from 'node:perf_hooks';
import { io } from 'socket.io-client';
import { readJsonString, WireSocket } from '../lib/wire-client.mjs';

const CLIENT = process.argv[2] === 'socket.io-client' ? 'socket.io-client' : 'wire';

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
  const stamp = message?.data?.bench;
  onStamp(stamp && typeof stamp.sentAt === 'number' ? stamp.sentAt : undefined, stamp?.measured === true);
}

/** The same from a wire-client frame's text, read without parsing the payload. */
function onFrame(frame) {
  if (frame.startsWith('42["closing"')) return countReason(`closing: ${readJsonString(frame, 'code')}`);
  const at = frame.indexOf('"sentAt":');
  if (at < 0) return onStamp(undefined, false);
  const sentAt = Number.parseFloat(frame.slice(at + '"sentAt":'.length, frame.indexOf(',', at)));
  onStamp(sentAt, frame.includes('"measured":true', at));
}

function onStamp(sentAt, isMeasured) {
  const received = now();
  if (sentAt === undefined) {
    otherEvents += 1;
    return;
  }
  if (!isMeasured) {
    unmeasured += 1;
    return;
  }
  if (measured === latencies.length) {
    const grown = new Float64Array(latencies.length * 2);
    grown.set(latencies);
    latencies = grown;
  }
  latencies[measured] = received - sentAt;
  measured += 1;
}

/** Subscribes a connected socket to its topics; resolves with null or the reason it failed. */
async function subscribeAll(socket, topics, timeoutMs) {
  for (const topic of topics) {
    let ack;
    try {
      ack = await Promise.race([
        socket.emitWithAck('subscribe', { topic }),
        new Promise((_, reject) =>
          setTimeout(() => reject(new Error('operation has timed out')), timeoutMs).unref(),
        ),
      ]);
    } catch (error) {
      return `subscribe ${topic.split(':')[0]}: ${error.message}`;
    }
    if (!ack?.ok) {
      return `subscribe ${topic.split(':')[0]} refused: ${ack?.error?.code ?? JSON.stringify(ack)}`;
    }
  }
  return null;
}

/** Connects one wire-protocol socket and subscribes it; resolves with null or the reason it failed. */
async function openOneWire(url, { token, topics }, timeoutMs) {
  let socket;
  try {
    socket = await WireSocket.connect(url, { token, timeoutMs });
  } catch (error) {
    return error.message;
  }
  connected += 1;
  socket.onClose = (reason) => {
    connected -= 1;
    countReason(reason);
  };
  socket.onEvent = onFrame;
  const problem = await subscribeAll(socket, topics, timeoutMs);
  if (problem) {
    socket.onClose = () => (connected -= 1);
    socket.close();
    return problem;
  }
  sockets.push(socket);
  return null;
}

/** Connects one socket.io-client socket and subscribes it; resolves with null or the reason it failed. */
function openOneSocketIo(url, { token, topics }, timeoutMs) {
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
      const problem = await subscribeAll(socket, topics, timeoutMs);
      if (problem) return finish(problem);
      sockets.push(socket);
      finish(null);
    });
    socket.on('event', onEvent);
    // The server's reason, sent right before it closes a connection (slow client, token ended, shutdown).
    socket.on('closing', (notice) => countReason(`closing: ${notice?.code}`));
  });
}

const openOne = CLIENT === 'wire' ? openOneWire : openOneSocketIo;

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
    if (CLIENT === 'wire') {
      socket.onClose = () => {};
      socket.close();
    } else {
      socket.removeAllListeners('disconnect');
      socket.disconnect();
    }
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
