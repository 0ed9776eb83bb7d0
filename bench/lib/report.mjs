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
function table(header, rows, align = header.map(() => 'left')) {
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

/** The results table: one row per scenario. */
export function resultsTable(scenarios) {
  return table(
    ['Scenario', 'Conc.', 'Requests', 'Req/s', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'Errors', 'Non-2xx'],
    scenarios.map((scenario) => [
      scenario.label,
      String(scenario.concurrency),
      String(scenario.completed),
      cell(scenario.throughput, 1),
      cell(scenario.latencyMs.p50, 2),
      cell(scenario.latencyMs.p90, 2),
      cell(scenario.latencyMs.p99, 2),
      cell(scenario.latencyMs.max, 2),
      String(scenario.errors),
      non2xxText(scenario.non2xx),
    ]),
    ['left', ...Array(9).fill('right')],
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

export function markdownReport(result) {
  const { machine, settings, scenarios, memory, notes } = result;
  const lines = [
    `# Shotcaller benchmark, ${result.date}`,
    '',
    `Machine: ${machine.line}`,
    '',
    resultsTable(scenarios),
    '',
    `Each scenario: ${settings.warmupSeconds} s warm-up, then ${settings.durationSeconds} s measured, closed loop ` +
      `(Conc. = requests in flight). Latencies in ms over every measured request.`,
    '',
    `Memory after the runs (VmRSS): gateway ${cell(memory.gateway.afterRunsMiB, 1)} MiB ` +
      `(${cell(memory.gateway.afterBootMiB, 1)} MiB after boot), campaign ${cell(memory.campaign.afterRunsMiB, 1)} MiB ` +
      `(${cell(memory.campaign.afterBootMiB, 1)} MiB after boot).`,
    '',
    `CPU during each measured window, in % of one core (${machine.cpuCount * 100} = every core busy). ` +
      'PostgreSQL, NATS and Redis count all their processes; "other" is everything else on the machine:',
    '',
    cpuTable(scenarios),
    '',
  ];
  if (notes.length > 0) {
    lines.push('Notes:', '', ...notes.map((note) => `- ${note}`), '');
  }
  return lines.join('\n');
}
