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

function table(header, rows) {
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
  for (const row of rows) lines.push(`| ${row.join(' | ')} |`);
  return lines.join('\n');
}

/** The results table: one row per scenario. */
export function resultsTable(scenarios) {
  return table(
    [
      'Scenario',
      'Conc.',
      'Requests',
      'Req/s',
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
      cell(scenario.latencyMs.p50, 2),
      cell(scenario.latencyMs.p90, 2),
      cell(scenario.latencyMs.p99, 2),
      cell(scenario.latencyMs.max, 2),
      String(scenario.errors),
      non2xxText(scenario.non2xx),
    ]),
  );
}

/** Where the CPU went during each measured window (percent of one core; the machine column is of all). */
export function cpuTable(scenarios) {
  return table(
    ['Scenario', 'gateway %', 'campaign %', 'bench client %', 'machine busy % (all cores)'],
    scenarios.map(({ label, cpu }) => [
      label,
      cell(cpu.gatewayPercent, 0),
      cell(cpu.campaignPercent, 0),
      cell(cpu.clientPercent, 0),
      cell(cpu.machineBusyPercent, 0),
    ]),
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
    'CPU during each measured window:',
    '',
    cpuTable(scenarios),
    '',
  ];
  if (notes.length > 0) {
    lines.push('Notes:', '', ...notes.map((note) => `- ${note}`), '');
  }
  return lines.join('\n');
}
