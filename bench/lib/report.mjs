// The machine description and the markdown the benchmark prints and stores.
import os from 'node:os';

export function machineInfo() {
  const cpus = os.cpus();
  const model = cpus[0]?.model?.trim() || 'unknown CPU';
  const totalMemoryGiB = os.totalmem() / 1024 ** 3;
  const system = `${os.type()} ${os.release()} ${os.arch()}`;
  return {
    cpuModel: model,
    cpuCount: cpus.length,
    totalMemoryGiB: round(totalMemoryGiB, 1),
    node: process.version,
    os: system,
    line:
      `${model}, ${cpus.length} logical CPUs, ${round(totalMemoryGiB, 1)} GiB RAM, ${system}, ` +
      `Node ${process.version}`,
  };
}

export function round(value, digits = 2) {
  if (value === null || value === undefined || Number.isNaN(value)) return null;
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

function cell(value, digits = 1) {
  return value === null || value === undefined ? '–' : round(value, digits).toFixed(digits);
}

function non2xxText(non2xx) {
  const entries = Object.entries(non2xx ?? {});
  return entries.length === 0 ? '0' : entries.map(([status, count]) => `${status}×${count}`).join(', ');
}

/**
 * A markdown table with padded columns, laid out as Prettier lays it out, so the stored file passes
 * `prettier --check`. `align` holds 'left' or 'right' per column.
 */
export function table(header, rows, align = header.map(() => 'left')) {
  const widths = header.map((title, column) =>
    Math.max(3, title.length, ...rows.map((row) => row[column].length)),
  );
  const pad = (text, column) =>
    align[column] === 'right' ? text.padStart(widths[column]) : text.padEnd(widths[column]);
  const line = (cells) => `| ${cells.map(pad).join(' | ')} |`;
  const rule = widths.map((width, column) =>
    align[column] === 'right' ? `${'-'.repeat(width - 1)}:` : '-'.repeat(width),
  );
  return [line(header), `| ${rule.join(' | ')} |`, ...rows.map(line)].join('\n');
}

/** The results table: one row per saturation scenario. */
export function resultsTable(scenarios) {
  return table(
    [
      'Scenario',
      'Conc.',
      'Requests',
      'Req/s',
      '% of ceiling',
      'p50 ms',
      'p90 ms',
      'p99 ms',
      'max ms',
      'Errors',
      'Non-2xx',
    ],
    scenarios.map((scenario) => [
      scenario.label,
      String(scenario.concurrency),
      String(scenario.completed),
      cell(scenario.throughput, 1),
      cell(scenario.shareOfCeilingPercent, 1),
      cell(scenario.latencyMs.p50, 2),
      cell(scenario.latencyMs.p90, 2),
      cell(scenario.latencyMs.p99, 2),
      cell(scenario.latencyMs.max, 2),
      String(scenario.errors),
      non2xxText(scenario.non2xx),
    ]),
    ['left', ...Array(10).fill('right')],
  );
}

/** µs of CPU per answered request, per process, for each saturation scenario; "sum" adds the four. */
export function cpuPerRequestTable(scenarios) {
  return table(
    ['Scenario', 'Req/s', 'gateway µs', 'campaign µs', 'PostgreSQL µs', 'NATS+Redis µs', 'sum µs'],
    scenarios.map(({ label, throughput, cpuPerRequest: perRequest }) => [
      label,
      cell(throughput, 1),
      cell(perRequest.gatewayMicros, 0),
      cell(perRequest.campaignMicros, 0),
      cell(perRequest.postgresMicros, 0),
      cell(perRequest.natsRedisMicros, 0),
      cell(perRequest.sumMicros, 0),
    ]),
    ['left', ...Array(6).fill('right')],
  );
}

/** The fixed-rate runs: latency from the scheduled send time, and µs of CPU per answered request. */
export function fixedRateTable(runs) {
  return table(
    [
      'Scenario',
      'Rate/s',
      'Achieved/s',
      'Requests',
      'p50 ms',
      'p90 ms',
      'p99 ms',
      'max ms',
      'Errors',
      'Non-2xx',
      'Queued sends',
      'gateway µs',
      'campaign µs',
      'PostgreSQL µs',
      'NATS+Redis µs',
    ],
    runs.map((run) => [
      run.label,
      String(run.targetRate),
      cell(run.throughput, 1),
      String(run.completed),
      cell(run.latencyMs.p50, 2),
      cell(run.latencyMs.p90, 2),
      cell(run.latencyMs.p99, 2),
      cell(run.latencyMs.max, 2),
      String(run.errors),
      non2xxText(run.non2xx),
      String(run.client.sendsQueued),
      cell(run.cpuPerRequest.gatewayMicros, 0),
      cell(run.cpuPerRequest.campaignMicros, 0),
      cell(run.cpuPerRequest.postgresMicros, 0),
      cell(run.cpuPerRequest.natsRedisMicros, 0),
    ]),
    ['left', ...Array(14).fill('right')],
  );
}

/**
 * Where the CPU went during each measured window, in percent of one core (the machine has cores × 100).
 * PostgreSQL, NATS and Redis are every process of theirs, whoever it served; "other" is the rest of the machine.
 */
export function cpuTable(scenarios) {
  return table(
    ['Scenario', 'gateway', 'campaign', 'PostgreSQL', 'NATS+Redis', 'bench client', 'other', 'machine busy'],
    scenarios.map(({ label, cpu }) => [
      label,
      cell(cpu.gatewayPercent, 0),
      cell(cpu.campaignPercent, 0),
      cell(cpu.postgresPercent, 0),
      cell(cpu.natsRedisPercent, 0),
      cell(cpu.clientPercent, 0),
      cell(cpu.otherPercent, 0),
      cell(cpu.machineBusyPercent, 0),
    ]),
    ['left', ...Array(7).fill('right')],
  );
}

/** The fixed-rate runs under their rate, for tables that list them beside the saturation scenarios. */
function withRate(runs) {
  return runs.map((run) => ({ ...run, label: `${run.label} @ ${run.targetRate}/s` }));
}

export function markdownReport(result) {
  const { machine, settings, scenarios, fixedRate, memory, notes } = result;
  const lines = [`# Shotcaller benchmark, ${result.date}`, '', `Machine: ${machine.line}`, ''];
  if (scenarios.length > 0) {
    lines.push(
      resultsTable(scenarios),
      '',
      `Each scenario: ${settings.warmupSeconds} s warm-up, then ${settings.durationSeconds} s measured, closed loop ` +
        `(Conc. = requests in flight). Latencies in ms over every measured request. % of ceiling: req/s in ` +
        'percent of those of `GET /api/v2/ping`, the same path through the gateway and campaign without the store.',
      '',
      'CPU per answered request, in µs, of each process (the CPU of each measured window over the answers in it); ' +
        'sum = the four together:',
      '',
      cpuPerRequestTable(scenarios),
      '',
    );
  }
  if (fixedRate.length > 0) {
    lines.push(
      `Fixed rate (open loop): ${settings.warmupSeconds} s warm-up, then ${settings.durationSeconds} s measured; ` +
        "latencies in ms from each request's scheduled send time, so waiting behind a stall counts too. " +
        'Queued sends: requests that found every client connection busy. CPU in µs per answered request:',
      '',
      fixedRateTable(fixedRate),
      '',
    );
  }
  lines.push(
    `Memory after the runs (VmRSS): gateway ${cell(memory.gateway.afterRunsMiB, 1)} MiB ` +
      `(${cell(memory.gateway.afterBootMiB, 1)} MiB after boot), campaign ${cell(memory.campaign.afterRunsMiB, 1)} MiB ` +
      `(${cell(memory.campaign.afterBootMiB, 1)} MiB after boot).`,
    '',
    `CPU during each measured window, in % of one core (${machine.cpuCount * 100} = every core busy). ` +
      'PostgreSQL, NATS and Redis count all their processes; "other" is everything else on the machine:',
    '',
    cpuTable([...scenarios, ...withRate(fixedRate)]),
    '',
  );
  if (notes.length > 0) {
    lines.push('Notes:', '', ...notes.map((note) => `- ${note}`), '');
  }
  return lines.join('\n');
}
