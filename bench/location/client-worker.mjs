// One child process of the location benchmark: connects its share of participants to the gateway's socket.io,
// subscribes each to its session, sends a position every interval, and measures the delivery latency of every
// other participant's `location.updated` (receive time minus the sender's recorded_at, same machine clock).
// Reports a histogram (0.1 ms buckets) and counters to the parent over IPC. The client is the lean wire-protocol
// one (bench/lib/wire-client.mjs) unless the parent asks for socket.io-client. Each participant names the gateway
// replica it connects to.
import { io } from 'socket.io-client';
import { readJsonString, WireSocket } from '../lib/wire-client.mjs';

// The parent sends the settings and participants first (over IPC: too large for argv), then `start`.
const { participants, intervalMs, durationMs, client } = await new Promise((resolve) =>
  process.once('message', resolve),
);
const buckets = new Map();
const ackBuckets = new Map();
const counts = { sent: 0, acked: 0, refused: {}, received: 0, connectErrors: 0 };
const sockets = [];

function record(latencyMs, into = buckets) {
  const bucket = Math.max(0, Math.round(latencyMs * 10));
  into.set(bucket, (into.get(bucket) ?? 0) + 1);
}

/** An update from someone else: its latency counted. */
function received(recordedAt) {
  counts.received += 1;
  record(Date.now() - Date.parse(recordedAt));
}

async function subscribe(socket, participant) {
  const ack = await socket.emitWithAck('subscribe', { topic: `location:${participant.sessionId}` });
  if (!ack.ok)
    counts.refused[`subscribe:${ack.error.code}`] = (counts.refused[`subscribe:${ack.error.code}`] ?? 0) + 1;
  return socket;
}

async function connectWire(participant) {
  let socket;
  try {
    socket = await WireSocket.connect(participant.url, { token: participant.token });
  } catch {
    counts.connectErrors += 1;
    return undefined;
  }
  sockets.push(socket);
  socket.onEvent = (frame) => {
    const at = frame.indexOf('"event":"location.updated"');
    if (at < 0 || readJsonString(frame, 'participant_id', at) === participant.id) return;
    received(readJsonString(frame, 'recorded_at', at));
  };
  return subscribe(socket, participant);
}

function connectSocketIo(participant) {
  return new Promise((resolve) => {
    const socket = io(participant.url, {
      path: '/socket.io',
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      auth: { token: participant.token },
    });
    sockets.push(socket);
    socket.on('event', (message) => {
      const data = message?.data;
      if (data?.event !== 'location.updated' || data.position.participant_id === participant.id) return;
      received(data.position.recorded_at);
    });
    socket.once('connect', () => resolve(subscribe(socket, participant)));
    socket.once('connect_error', () => {
      counts.connectErrors += 1;
      resolve(undefined);
    });
  });
}

const connect = client === 'socket.io-client' ? connectSocketIo : connectWire;

async function send(socket) {
  counts.sent += 1;
  const sentAt = Date.now();
  const ack = await socket.emitWithAck('location:update', {
    lat: 22.28 + Math.random() / 100,
    lng: 114.16 + Math.random() / 100,
    accuracy: 5,
    heading: 90,
    speed: 1.2,
    recorded_at: new Date(sentAt).toISOString(),
  });
  record(Date.now() - sentAt, ackBuckets);
  if (ack.ok) counts.acked += 1;
  else counts.refused[ack.error.code] = (counts.refused[ack.error.code] ?? 0) + 1;
}

const connected = [];
for (const participant of participants) connected.push(await connect(participant));
process.send({ type: 'connected', count: connected.filter(Boolean).length });

// Wait for the parent's start, then send on a spread schedule for the duration.
process.once('message', async () => {
  const timers = connected.filter(Boolean).map((socket) => {
    const start = setTimeout(() => {
      void send(socket);
      timers.push(setInterval(() => void send(socket), intervalMs));
    }, Math.random() * intervalMs);
    return start;
  });
  await new Promise((resolve) => setTimeout(resolve, durationMs));
  for (const timer of timers) (clearTimeout(timer), clearInterval(timer));
  // Let deliveries in flight arrive.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  for (const socket of sockets) socket.close();
  process.send({ type: 'done', counts, buckets: [...buckets], ackBuckets: [...ackBuckets] });
  setTimeout(() => process.exit(0), 100);
});
