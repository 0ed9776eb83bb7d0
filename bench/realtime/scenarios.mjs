// The four realtime scenarios. Each gets a fresh gateway process (`context.startGateway()`), so one scenario's
// heap and sockets never weigh on the next, and leaves no socket open.
import { join } from 'node:path';
import { latencySummary } from '../lib/load.mjs';
import { round } from '../lib/report.mjs';
import { rssMiB } from '../lib/system.mjs';
import { connectionsClosed, emitHistogram, eventLoopDelay } from './publisher.mjs';

const KiB = 1024;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The connection of number `index` among `users`: whose token it carries, and what it subscribes to. */
function connectionOf(seed, index, topics) {
  return { token: seed.players[index % seed.players.length].token, topics };
}

function roundAll(summary, digits = 3) {
  return Object.fromEntries(Object.entries(summary).map(([key, value]) => [key, round(value, digits)]));
}

function openingProblems(label, opening, notes) {
  if (opening.failed === 0) return;
  notes.push(
    `${label}: ${opening.failed} connection(s) failed: ` +
      Object.entries(opening.errors)
        .map(([reason, count]) => `${reason} ×${count}`)
        .join('; '),
  );
}

function disconnectProblems(label, collected, notes) {
  const entries = Object.entries(collected.disconnects);
  if (entries.length === 0) return;
  notes.push(
    `${label}: the server closed ${entries.reduce((sum, [, count]) => sum + count, 0)} connection(s) during the ` +
      `run: ${entries.map(([reason, count]) => `${reason} ×${count}`).join('; ')}`,
  );
}

/**
 * 1. Memory per idle connection: the gateway's heap after forced full GCs (over the inspector) before and after
 * opening `connections` sockets, each authenticated and subscribed to the campaign topic, over the count; the
 * same for external memory and RSS; and the heap once they have all closed again (what is not given back).
 */
export async function idleMemory(context) {
  const { settings, seed, clients, log, notes } = context;
  const label = `${context.labelPrefix ?? ''}idle-memory`;
  const gateway = await context.startGateway();
  const topic = `campaign:${seed.campaignId}`;
  // Let boot-time allocations and lazy initialisation settle: one connection opened and closed first.
  await clients.open(gateway.url, [connectionOf(seed, 0, [topic])]);
  await clients.closeAll();
  await sleep(1000);
  const before = await gateway.inspector.memoryAfterGc();
  const rssBefore = rssMiB(gateway.process.pid);
  if (settings.heapSnapshotDir) {
    await gateway.inspector.writeHeapSnapshot(join(settings.heapSnapshotDir, 'idle-before.heapsnapshot'));
  }
  const connections = Array.from({ length: settings.idleConnections }, (_, index) =>
    connectionOf(seed, index, [topic]),
  );
  log(`${label}: opening ${connections.length} connections subscribed to ${topic.split(':')[0]}:<id>...`);
  const cpuBefore = context.cpuSnapshot(gateway);
  const opening = await clients.open(gateway.url, connections, { parallel: settings.openParallel });
  const cpuOpening = context.cpuBetween(cpuBefore, context.cpuSnapshot(gateway));
  openingProblems(label, opening, notes);
  log(`${label}: ${opening.opened} open in ${round(opening.seconds, 1)} s; settling, then a forced GC...`);
  await sleep(3000);
  context.checkpoint();
  const after = await gateway.inspector.memoryAfterGc();
  const rssAfter = rssMiB(gateway.process.pid);
  if (settings.heapSnapshotDir) {
    await gateway.inspector.writeHeapSnapshot(join(settings.heapSnapshotDir, 'idle-with.heapsnapshot'));
    log(
      `${label}: heap snapshots in ${settings.heapSnapshotDir} (compare: node bench/realtime/heap-diff.mjs)`,
    );
  }
  const collected = await clients.collect();
  disconnectProblems(label, collected, notes);
  const held = collected.connected;
  await clients.closeAll();
  // The heap after closing is read once the gateway has let every connection go (the floor has no gauge: a wait).
  const closed = await connectionsClosed(gateway.metricsUrl).catch(() => false);
  await sleep(closed ? 500 : 3000);
  const afterClose = await gateway.inspector.memoryAfterGc();
  await context.stopGateway();

  const per = (bytesAfter, bytesBefore) =>
    held > 0 ? round((bytesAfter - bytesBefore) / held / KiB, 2) : null;
  const entry = {
    id: label,
    measures:
      'gateway memory per idle connection (authenticated socket.io connection over WebSocket subscribed to one ' +
      'campaign topic): heap used after forced full GCs before and after opening them, over the count',
    connections: connections.length,
    held,
    users: Math.min(seed.players.length, connections.length),
    topic: 'campaign:<id> (every connection the same campaign topic; campaign topics carry no presence)',
    openSeconds: round(opening.seconds, 2),
    openPerSecond: round(opening.opened / opening.seconds, 1),
    failed: opening.failed,
    gatewayCpuMicrosPerOpen:
      opening.opened > 0 ? round((cpuOpening.gateway * 1e6) / opening.opened, 0) : null,
    targetHeapKiBPerConnection: 12,
    heapKiBPerConnection: per(after.heapUsed, before.heapUsed),
    externalKiBPerConnection: per(after.external, before.external),
    rssKiBPerConnection:
      held > 0 && rssAfter !== null && rssBefore !== null
        ? round(((rssAfter - rssBefore) * 1024) / held, 2)
        : null,
    heapMiB: {
      before: round(before.heapUsed / KiB ** 2, 1),
      withConnections: round(after.heapUsed / KiB ** 2, 1),
      afterClosing: round(afterClose.heapUsed / KiB ** 2, 1),
    },
    rssMiB: { before: round(rssBefore, 1), withConnections: round(rssAfter, 1) },
    clientRssMiB: round(collected.rssBytes / KiB ** 2, 1),
  };
  entry.meetsTarget = entry.heapKiBPerConnection !== null && entry.heapKiBPerConnection < 12;
  if (held < connections.length)
    notes.push(`${label}: only ${held} of ${connections.length} connections were held`);
  log(
    `${label}: ${entry.heapKiBPerConnection} KiB heap, ${entry.externalKiBPerConnection} KiB external, ` +
      `${entry.rssKiBPerConnection} KiB RSS per connection (heap ${entry.heapMiB.before} -> ` +
      `${entry.heapMiB.withConnections} MiB, ${entry.heapMiB.afterClosing} MiB after closing)`,
  );
  return entry;
}

/**
 * Publishes at a fixed rate to `topics` (each with its subscribers already connected) and measures, over every
 * (event, subscriber) pair of the measured window, the time from the publish to the client's receipt; plus the
 * gateway's CPU per event and per delivery and its event-loop delay over the window.
 */
async function measureFanout(context, gateway, { label, topics, subscribersPerTopic, rate }) {
  const { settings, clients, publisher, notes } = context;
  // What the gateway spends with these connections held and no event (timers, presence and connection-slot
  // renewals, socket.io pings), to take out of the CPU per event.
  const idleBefore = context.cpuSnapshot(gateway);
  await sleep(settings.idleSampleSeconds * 1000);
  const idle = context.cpuBetween(idleBefore, context.cpuSnapshot(gateway));
  const idleGatewayPerSecond = idle.gateway === null ? null : idle.gateway / idle.windowSeconds;
  let cpuBefore;
  let eldStart;
  let emitsBefore;
  const published = await publisher.run({
    topics,
    rate,
    warmupMs: settings.warmupSeconds * 1000,
    durationMs: settings.durationSeconds * 1000,
    payloadBytes: settings.payloadBytes,
    shouldStop: () => context.stopping(),
    onMeasureStart: () => {
      cpuBefore = context.cpuSnapshot(gateway);
      // Starts the event-loop histogram over (its scrape costs the gateway a few ms of CPU in the window).
      eldStart = eventLoopDelay(gateway.metricsUrl).catch(() => null);
      emitsBefore = emitHistogram(gateway.metricsUrl).catch(() => null);
    },
  });
  // Every event published has had this long to arrive; what has not is counted lost.
  await sleep(1000);
  await eldStart;
  const cpu = context.cpuBetween(cpuBefore, context.cpuSnapshot(gateway));
  const eld = await eventLoopDelay(gateway.metricsUrl).catch(() => null);
  const emitted = emittedWithin(await emitsBefore, await emitHistogram(gateway.metricsUrl).catch(() => null));
  context.checkpoint();
  const collected = await clients.collect();
  disconnectProblems(label, collected, notes);
  const events = published.measuredPerTopic.reduce((sum, count) => sum + count, 0);
  const expected = published.measuredPerTopic.reduce(
    (sum, count, index) => sum + count * subscribersPerTopic[index],
    0,
  );
  const latency = latencySummary(collected.latencies);
  const netGateway =
    cpu.gateway === null || idleGatewayPerSecond === null
      ? null
      : Math.max(0, cpu.gateway - idleGatewayPerSecond * cpu.windowSeconds);
  const perEvent = (seconds) => (events > 0 && seconds !== null ? round((seconds * 1e6) / events, 1) : null);
  const perDelivery = (seconds) =>
    collected.measured > 0 && seconds !== null ? round((seconds * 1e6) / collected.measured, 2) : null;
  if (collected.measured < expected) {
    notes.push(
      `${label}: ${expected - collected.measured} of ${expected} deliveries did not arrive within 1 s`,
    );
  }
  if (published.sendLagMs.p99 !== null && published.sendLagMs.p99 > 5) {
    notes.push(
      `${label}: 1% of the publishes left more than ${round(published.sendLagMs.p99, 1)} ms late (the benchmark ` +
        'was short of CPU); latencies run from the actual publish',
    );
  }
  return {
    ratePerSecond: rate,
    events,
    deliveriesExpected: expected,
    deliveries: collected.measured,
    lost: Math.max(0, expected - collected.measured),
    deliveriesPerSecond: round(collected.measured / settings.durationSeconds, 0),
    latencyMs: roundAll(latency),
    publishLagMs: roundAll(published.sendLagMs),
    eventLoopDelayMs: eld ? roundAll(eld, 2) : null,
    gatewayEmittedWithinMs: emitted,
    gatewayCpuMicrosPerEvent: perEvent(cpu.gateway),
    gatewayCpuMicrosPerDelivery: perDelivery(cpu.gateway),
    gatewayIdleCpuPercent: idleGatewayPerSecond === null ? null : round(idleGatewayPerSecond * 100, 1),
    gatewayNetCpuMicrosPerEvent: perEvent(netGateway),
    gatewayNetCpuMicrosPerDelivery: perDelivery(netGateway),
    cpu: context.cpuPercent(cpu),
    clientRssMiB: round(collected.rssBytes / KiB ** 2, 1),
  };
}

/**
 * The share (%) of the window's events the gateway emitted within 1, 2.5, 5 and 10 ms of their publish, by its own
 * histogram (millisecond clock): what of the latency is the gateway's, the rest being the kernel's and clients'.
 */
function emittedWithin(before, after) {
  if (!before || !after) return null;
  const total = after.get(Infinity) - (before.get(Infinity) ?? 0);
  if (!(total > 0)) return null;
  return Object.fromEntries(
    [1, 2.5, 5, 10].map((bound) => [bound, round(((after.get(bound) - before.get(bound)) / total) * 100, 1)]),
  );
}

/** 2. Fan-out latency: `fanoutSubscribers` sockets on one fight, `fanoutRate` events a second published to it. */
export async function fanout(context) {
  const { settings, seed, clients, log, notes } = context;
  const label = `${context.labelPrefix ?? ''}fanout`;
  const gateway = await context.startGateway();
  const topic = `fight:${seed.fightIds[0]}`;
  const connections = Array.from({ length: settings.fanoutSubscribers }, (_, index) =>
    connectionOf(seed, index, [topic]),
  );
  const opening = await clients.open(gateway.url, connections, { parallel: settings.openParallel });
  openingProblems(label, opening, notes);
  await clients.collect(); // starts the counts over (presence and join events of the opening)
  log(
    `${label}: ${opening.opened} subscribers of one fight, ${settings.fanoutRate} events/s, ` +
      `${settings.warmupSeconds} s warm-up + ${settings.durationSeconds} s...`,
  );
  const measured = await measureFanout(context, gateway, {
    label,
    topics: [topic],
    subscribersPerTopic: [opening.opened],
    rate: settings.fanoutRate,
  });
  await clients.closeAll();
  await context.stopGateway();
  const entry = {
    id: label,
    measures:
      'latency from the service publish on NATS rt.fight.<id> to the socket.io client receiving `event`, over ' +
      'every (event, subscriber) pair, subscribers of one fight topic (with presence)',
    topic: 'fight:<id>',
    subscribers: opening.opened,
    rooms: 1,
    targetP99Ms: 10,
    ...measured,
  };
  entry.meetsTarget = entry.latencyMs.p99 !== null && entry.latencyMs.p99 < 10;
  logFanout(log, entry);
  return entry;
}

/**
 * 3. Rooms: `rooms` fights with `roomSize` subscribers each, every member's update (one each `roomIntervalSeconds`)
 * published by the benchmark on the room's topic, as a location service would; rooms interleaved.
 */
export async function rooms(context) {
  const { settings, seed, clients, log, notes } = context;
  const label = 'rooms';
  const gateway = await context.startGateway();
  const topics = seed.fightIds.slice(1, 1 + settings.rooms).map((id) => `fight:${id}`);
  const connections = [];
  for (let member = 0; member < settings.roomSize; member += 1) {
    topics.forEach((topic, room) =>
      connections.push(connectionOf(seed, room * settings.roomSize + member, [topic])),
    );
  }
  log(`${label}: opening ${connections.length} connections in ${topics.length} rooms...`);
  const opening = await clients.open(gateway.url, connections, { parallel: settings.openParallel });
  openingProblems(label, opening, notes);
  await sleep(1000);
  await clients.collect();
  const rate = (settings.rooms * settings.roomSize) / settings.roomIntervalSeconds;
  log(
    `${label}: ${rate} events/s in, ${settings.warmupSeconds} s warm-up + ${settings.durationSeconds} s...`,
  );
  // Connections were dealt room by room, so every room lost its share of any that failed: count per room.
  const perRoom = Math.floor(opening.opened / topics.length);
  const measured = await measureFanout(context, gateway, {
    label,
    topics,
    subscribersPerTopic: topics.map(() => perRoom),
    rate,
  });
  await clients.closeAll();
  await context.stopGateway();
  const entry = {
    id: label,
    measures:
      `${topics.length} rooms of ${settings.roomSize} (fight topics standing in for location sessions, which come ` +
      `with the location service), one update per member every ${settings.roomIntervalSeconds} s published on the ` +
      "room's NATS subject and delivered to every member; latency over every (event, subscriber) pair",
    topic: 'fight:<id> ×' + topics.length,
    subscribers: opening.opened,
    rooms: topics.length,
    targetP99Ms: 50,
    ...measured,
  };
  if (opening.failed > 0)
    notes.push(`${label}: with failed connections, the expected deliveries are approximate`);
  entry.meetsTarget = entry.latencyMs.p99 !== null && entry.latencyMs.p99 < 50;
  logFanout(log, entry);
  return entry;
}

function logFanout(log, entry) {
  log(
    `${entry.id}: ${entry.deliveries} deliveries (${entry.lost} lost), p50 ${entry.latencyMs.p50} ms, p99 ` +
      `${entry.latencyMs.p99} ms, max ${entry.latencyMs.max} ms; gateway ${entry.gatewayCpuMicrosPerEvent} µs/event, ` +
      `${entry.gatewayCpuMicrosPerDelivery} µs/delivery (net of idle ${entry.gatewayNetCpuMicrosPerEvent} µs/event, ${entry.gatewayNetCpuMicrosPerDelivery} µs/delivery); event-loop delay p99 ${entry.eventLoopDelayMs?.p99} ms; ` +
      `CPU % gateway ${entry.cpu.gatewayPercent}, clients ${entry.cpu.clientsPercent}, other ${entry.cpu.otherPercent}` +
      (entry.gatewayEmittedWithinMs
        ? `; emitted within 1 ms ${entry.gatewayEmittedWithinMs[1]}%, 2.5 ms ${entry.gatewayEmittedWithinMs[2.5]}%, ` +
          `5 ms ${entry.gatewayEmittedWithinMs[5]}%`
        : ''),
  );
}

/**
 * 4. Ramp: connections added `rampStep` at a time (the first `rooms × roomSize` in rooms that get a light
 * background load of `rampEventRate` events a second, the rest idle on the campaign topic); after each step a
 * hold of `rampHoldSeconds` over which the gateway's event-loop delay is read. Stops at the first step whose
 * p99 reaches `eventLoopLimitMs`, when connections fail, or at `rampMax`.
 */
export async function maxConnections(context) {
  const { settings, seed, clients, log, notes, publisher } = context;
  const label = 'max-connections';
  const gateway = await context.startGateway();
  const campaignTopic = `campaign:${seed.campaignId}`;
  const roomTopics = seed.fightIds.slice(1, 1 + settings.rooms).map((id) => `fight:${id}`);
  const activeCount = roomTopics.length * settings.roomSize;
  const limit = Math.min(settings.rampMax, gateway.openFileLimit ? gateway.openFileLimit - 500 : Infinity);
  const steps = [];
  let total = 0;
  let stoppedBecause = `reached the ramp's end (${limit} connections)`;
  while (total < limit && !context.stopping()) {
    const count = Math.min(settings.rampStep, limit - total);
    const connections = Array.from({ length: count }, (_, offset) => {
      const index = total + offset;
      const topic =
        index < activeCount
          ? roomTopics[Math.floor(index / settings.roomSize) % roomTopics.length]
          : campaignTopic;
      return connectionOf(seed, index, [topic]);
    });
    log(`${label}: opening ${count} more (${total + count})...`);
    const opening = await clients.open(gateway.url, connections, { parallel: settings.openParallel });
    total += opening.opened;
    context.checkpoint();
    await sleep(2000);
    disconnectProblems(`${label} while opening ${total}`, await clients.collect(), notes);
    const activeSubscribers = Math.min(total, activeCount);
    const perRoom = roomTopics.map((_, room) =>
      Math.max(0, Math.min(settings.roomSize, activeSubscribers - room * settings.roomSize)),
    );
    const activeRooms = roomTopics.filter((_, room) => perRoom[room] > 0);
    await eventLoopDelay(gateway.metricsUrl); // starts the histogram over
    const cpuBefore = context.cpuSnapshot(gateway);
    const published = await publisher.run({
      topics: activeRooms,
      rate: settings.rampEventRate,
      warmupMs: 0,
      durationMs: settings.rampHoldSeconds * 1000,
      payloadBytes: settings.payloadBytes,
      shouldStop: () => context.stopping(),
    });
    await sleep(500);
    const eld = await eventLoopDelay(gateway.metricsUrl);
    const cpu = context.cpuBetween(cpuBefore, context.cpuSnapshot(gateway));
    const collected = await clients.collect();
    const expected = published.measuredPerTopic.reduce(
      (sum, events, room) => sum + events * perRoom[room],
      0,
    );
    const step = {
      connections: total,
      held: collected.connected,
      failedThisStep: opening.failed,
      openSeconds: round(opening.seconds, 1),
      eventLoopDelayMs: roundAll(eld, 2),
      gatewayRssMiB: round(rssMiB(gateway.process.pid), 1),
      gatewayCpuPercent: context.cpuPercent(cpu).gatewayPercent,
      eventLatencyMs: roundAll(latencySummary(collected.latencies)),
      deliveries: collected.measured,
      lost: Math.max(0, expected - collected.measured),
    };
    steps.push(step);
    log(
      `${label}: ${total} held ${collected.connected}: event-loop delay p99 ${step.eventLoopDelayMs.p99} ms, max ` +
        `${step.eventLoopDelayMs.max} ms; RSS ${step.gatewayRssMiB} MiB; event p99 ${step.eventLatencyMs.p99} ms`,
    );
    disconnectProblems(`${label} at ${total}`, collected, notes);
    if (opening.failed > 0) {
      openingProblems(`${label} at ${total}`, opening, notes);
      stoppedBecause = `connections failed at ${total + opening.failed}`;
      break;
    }
    if (eld.p99 === null) {
      stoppedBecause = 'the gateway exposes no nodejs_eventloop_lag_p99_seconds';
      break;
    }
    if (eld.p99 >= settings.eventLoopLimitMs) {
      stoppedBecause = `event-loop delay p99 reached ${round(eld.p99, 1)} ms at ${total}`;
      break;
    }
  }
  if (total >= limit && limit < settings.rampMax) {
    stoppedBecause = `the gateway's open-file limit (${gateway.openFileLimit}) leaves room for about ${limit}`;
  }
  await clients.closeAll();
  await context.stopGateway();
  const under = steps.filter(
    (step) => step.eventLoopDelayMs.p99 !== null && step.eventLoopDelayMs.p99 < settings.eventLoopLimitMs,
  );
  const entry = {
    id: label,
    measures:
      `connections added ${settings.rampStep} at a time (the first ${activeCount} in ${roomTopics.length} fight ` +
      `rooms with ${settings.rampEventRate} events/s in all, the rest idle on the campaign topic), the gateway's ` +
      `event-loop delay over ${settings.rampHoldSeconds} s after each step`,
    eventLoopLimitMs: settings.eventLoopLimitMs,
    highestUnderLimit: under.length > 0 ? Math.max(...under.map((step) => step.connections)) : null,
    stoppedBecause,
    steps,
  };
  log(
    `${label}: highest count with p99 under ${settings.eventLoopLimitMs} ms: ${entry.highestUnderLimit} (${stoppedBecause})`,
  );
  return entry;
}

/**
 * 5. The floor: `idle-memory` and `fanout` again, against a bare socket.io server (bench/realtime/socketio-floor.mjs:
 * the same socket.io, rooms and NATS fan-out, none of the gateway's checks), on the same machine and clients. What
 * the gateway adds is the difference; what the floor costs is socket.io's and the kernel's on this machine.
 */
export async function socketioFloor(context) {
  const floor = { ...context, startGateway: context.startFloor, labelPrefix: 'socketio-floor ' };
  const idle = await idleMemory(floor);
  const fan = await fanout(floor);
  return {
    id: 'socketio-floor',
    measures:
      'idle-memory and fanout against a bare socket.io server (same version, WebSocket transport, rooms, NATS ' +
      'fan-out; no authentication, authorization, presence, caps, validation or metrics)',
    idle,
    fanout: fan,
  };
}

export const SCENARIOS = {
  'idle-memory': idleMemory,
  fanout,
  rooms,
  'max-connections': maxConnections,
  'socketio-floor': socketioFloor,
};
