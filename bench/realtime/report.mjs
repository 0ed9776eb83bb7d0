// The realtime section of bench/results/latest.md, laid out as Prettier lays tables out (bench/lib/report.mjs).
import { round, table } from '../lib/report.mjs';

function cell(value, digits = 1) {
  return value === null || value === undefined ? '–' : round(value, digits).toFixed(digits);
}

const yesNo = (value) => (value === undefined ? '–' : value ? 'yes' : 'no');

export function idleMemoryTable(entry) {
  return table(
    [
      'Connections held',
      'Users',
      'Heap KiB/conn',
      'External KiB/conn',
      'RSS KiB/conn',
      'Target heap',
      'Met',
      'Heap MiB before → with → after close',
      'Opened/s',
      'gateway µs/open',
      'Failed',
    ],
    [
      [
        String(entry.held),
        String(entry.users),
        cell(entry.heapKiBPerConnection, 2),
        cell(entry.externalKiBPerConnection, 2),
        cell(entry.rssKiBPerConnection, 2),
        `< ${entry.targetHeapKiBPerConnection} KiB`,
        yesNo(entry.meetsTarget),
        `${cell(entry.heapMiB.before)} → ${cell(entry.heapMiB.withConnections)} → ${cell(entry.heapMiB.afterClosing)}`,
        cell(entry.openPerSecond, 0),
        cell(entry.gatewayCpuMicrosPerOpen, 0),
        String(entry.failed),
      ],
    ],
    ['right', 'right', 'right', 'right', 'right', 'left', 'left', 'left', 'right', 'right', 'right'],
  );
}

export function fanoutTable(entries) {
  return table(
    [
      'Scenario',
      'Rooms × subs',
      'Events/s in',
      'Deliveries/s',
      'p50 ms',
      'p99 ms',
      'max ms',
      'Target p99',
      'Met',
      'Lost',
      'gateway µs/event',
      'net µs/event',
      'net µs/delivery',
      'Loop delay p99 ms',
      'Emitted ≤ 1 / 2.5 ms',
    ],
    entries.map((entry) => [
      entry.id,
      `${entry.rooms} × ${Math.round(entry.subscribers / entry.rooms)}`,
      cell(entry.ratePerSecond, 0),
      cell(entry.deliveriesPerSecond, 0),
      cell(entry.latencyMs.p50, 2),
      cell(entry.latencyMs.p99, 2),
      cell(entry.latencyMs.max, 2),
      `< ${entry.targetP99Ms} ms`,
      yesNo(entry.meetsTarget),
      String(entry.lost),
      cell(entry.gatewayCpuMicrosPerEvent, 0),
      cell(entry.gatewayNetCpuMicrosPerEvent, 0),
      cell(entry.gatewayNetCpuMicrosPerDelivery, 1),
      cell(entry.eventLoopDelayMs?.p99, 1),
      entry.gatewayEmittedWithinMs
        ? `${entry.gatewayEmittedWithinMs[1]}% / ${entry.gatewayEmittedWithinMs[2.5]}%`
        : '-',
    ]),
    ['left', ...Array(6).fill('right'), 'left', 'left', ...Array(6).fill('right')],
  );
}

export function cpuTable(entries) {
  return table(
    [
      'Scenario',
      'gateway',
      'gateway idle',
      'campaign',
      'NATS+Redis',
      'bench clients',
      'bench publisher',
      'other',
      'machine busy',
    ],
    entries.map(({ id, cpu, gatewayIdleCpuPercent }) => [
      id,
      cell(cpu.gatewayPercent, 0),
      cell(gatewayIdleCpuPercent, 0),
      cell(cpu.campaignPercent, 0),
      cell(cpu.natsRedisPercent, 0),
      cell(cpu.clientsPercent, 0),
      cell(cpu.publisherPercent, 0),
      cell(cpu.otherPercent, 0),
      cell(cpu.machineBusyPercent, 0),
    ]),
    ['left', ...Array(8).fill('right')],
  );
}

export function rampTable(entry) {
  return table(
    [
      'Connections',
      'Held',
      'Loop delay p50 ms',
      'p99 ms',
      'max ms',
      'gateway RSS MiB',
      'gateway CPU %',
      'Event p99 ms',
      'Lost',
    ],
    entry.steps.map((step) => [
      String(step.connections),
      String(step.held),
      cell(step.eventLoopDelayMs.p50, 1),
      cell(step.eventLoopDelayMs.p99, 1),
      cell(step.eventLoopDelayMs.max, 1),
      cell(step.gatewayRssMiB, 0),
      cell(step.gatewayCpuPercent, 0),
      cell(step.eventLatencyMs.p99, 2),
      String(step.lost),
    ]),
    Array(9).fill('right'),
  );
}

/** The gateway beside the bare socket.io server, where both ran. */
export function floorTable(gatewayIdle, gatewayFanout, floor) {
  const row = (name, idle, fan) => [
    name,
    cell(idle?.heapKiBPerConnection, 2),
    cell(idle?.rssKiBPerConnection, 2),
    cell(fan?.latencyMs.p50, 2),
    cell(fan?.latencyMs.p99, 2),
    cell(fan?.gatewayNetCpuMicrosPerEvent, 0),
    cell(fan?.gatewayNetCpuMicrosPerDelivery, 1),
  ];
  return table(
    [
      'Server',
      'Heap KiB/conn',
      'RSS KiB/conn',
      'fanout p50 ms',
      'fanout p99 ms',
      'net µs/event',
      'net µs/delivery',
    ],
    [row('gateway', gatewayIdle, gatewayFanout), row('bare socket.io', floor.idle, floor.fanout)],
    ['left', ...Array(6).fill('right')],
  );
}

export function realtimeMarkdown(result) {
  const { scenarios, machine, settings, notes } = result;
  const clientKind =
    settings.client === 'socket.io-client'
      ? 'socket.io-client'
      : 'a lean socket.io wire-protocol client (bench/lib/wire-client.mjs)';
  const lines = [
    `## Realtime (socket.io), ${result.date}`,
    '',
    `Machine: ${machine.line}. Clients: ${settings.clientProcesses} processes of ${clientKind} at nice ` +
      `${settings.clientNice}, on the same machine.`,
    '',
  ];
  const idle = scenarios.find((entry) => entry.id === 'idle-memory');
  if (idle) {
    lines.push(
      `Memory per idle connection, one gateway process, ${idle.connections} connections (each authenticated and ` +
        `subscribed to ${idle.topic}): heap used after forced full GCs (inspector), before and with them, over the ` +
        'count; external memory and RSS the same way; the CPU the gateway spent per connection opened ' +
        '(handshake, token check, connection slot, subscription with its authorization):',
      '',
      idleMemoryTable(idle),
      '',
    );
  }
  const fanouts = scenarios.filter((entry) => entry.id === 'fanout' || entry.id === 'rooms');
  if (fanouts.length > 0) {
    lines.push(
      `Fan-out latency, from the publish on NATS \`rt.fight.<id>\` (as a service publishes) to the client's \`event\`, ` +
        `over every (event, subscriber) pair of ${settings.durationSeconds} s measured after ${settings.warmupSeconds} s ` +
        `of warm-up; payloads of ${settings.payloadBytes} bytes. The rooms are fight topics standing in for ` +
        'location sessions. CPU of the gateway per event published, and net of what it spends with the same ' +
        'connections and no events (measured for 2 s before), per event and per message delivered. "Emitted": ' +
        'the share of events the gateway had emitted to its sockets within 1 and 2.5 ms of the publish, by its ' +
        'own `realtime_fanout_latency_seconds` (a millisecond clock); the rest of the latency is the kernel and ' +
        'the clients:',
      '',
      fanoutTable(fanouts),
      '',
      'CPU during each measured window, in % of one core (gateway idle: the gateway with the same connections ' +
        'and no events):',
      '',
      cpuTable(fanouts),
      '',
    );
  }
  const ramp = scenarios.find((entry) => entry.id === 'max-connections');
  if (ramp) {
    lines.push(
      `Connections one gateway process holds with its event-loop delay p99 under ${ramp.eventLoopLimitMs} ms: ` +
        `**${ramp.highestUnderLimit ?? 'none'}** (stopped: ${ramp.stoppedBecause}). Ramp: ${ramp.measures}:`,
      '',
      rampTable(ramp),
      '',
    );
  }
  const floor = scenarios.find((entry) => entry.id === 'socketio-floor');
  if (floor) {
    lines.push(
      `The floor: the same idle-memory (${floor.idle.held} connections) and fanout runs against a bare socket.io ` +
        'server (bench/realtime/socketio-floor.mjs: the same socket.io, rooms and NATS fan-out, without ' +
        "authentication, authorization, presence, connection caps, validation or metrics). The gateway's own cost " +
        'is the difference:',
      '',
      floorTable(
        idle,
        scenarios.find((entry) => entry.id === 'fanout'),
        floor,
      ),
      '',
    );
  }
  if (notes.length > 0) lines.push('Notes:', '', ...notes.map((note) => `- ${note}`), '');
  return lines.join('\n');
}
