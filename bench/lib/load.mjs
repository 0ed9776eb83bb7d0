// A closed-loop HTTP load generator: a fixed number of workers, each sending its next request as soon as the
// previous one has been answered in full. Every latency of the measured window is kept (no sampling), so the
// percentiles are exact for the run.
import http from 'node:http';
import { performance } from 'node:perf_hooks';

/** A latency percentile by the nearest-rank method over sorted values (ms). */
export function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** Sends one request on the agent; resolves when the whole body has arrived (body kept when `keepBody`). */
export function send(agent, baseUrl, { method = 'GET', path, headers = {}, body }, options = {}) {
  const { keepBody = false, timeoutMs = 30_000 } = options;
  const url = new URL(path, baseUrl);
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      {
        method,
        agent,
        headers: {
          accept: 'application/json',
          ...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}),
          ...headers,
        },
      },
      (response) => {
        const chunks = [];
        response.on('data', (chunk) => {
          if (keepBody) chunks.push(chunk);
        });
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: keepBody ? Buffer.concat(chunks).toString('utf8') : undefined,
          }),
        );
        response.on('error', reject);
      },
    );
    request.setTimeout(timeoutMs, () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    request.on('error', reject);
    request.end(payload);
  });
}

/**
 * Runs `makeRequest(worker, sequence)` from `concurrency` workers: `warmupMs` unmeasured, then `durationMs`
 * measured. A request counts when it started inside the measured window; throughput is those requests over
 * the time from the window's start to the last of them finishing. `shouldStop()` ends the run early;
 * `onMeasureStart()` is called when the measured window opens.
 */
export async function runClosedLoop({
  baseUrl,
  concurrency,
  warmupMs,
  durationMs,
  makeRequest,
  shouldStop = () => false,
  onMeasureStart = () => {},
}) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency, maxFreeSockets: concurrency });
  const latencies = [];
  const statuses = new Map();
  const errorMessages = new Map();
  let errors = 0;
  let lastEnd = 0;
  const started = performance.now();
  const measureStart = started + warmupMs;
  const measureEnd = measureStart + durationMs;
  const measureTimer = setTimeout(onMeasureStart, warmupMs);

  async function worker(index) {
    for (let sequence = 0; !shouldStop(); sequence += 1) {
      const begin = performance.now();
      if (begin >= measureEnd) return;
      const measured = begin >= measureStart;
      try {
        const { status } = await send(agent, baseUrl, makeRequest(index, sequence));
        const end = performance.now();
        if (!measured) continue;
        latencies.push(end - begin);
        lastEnd = Math.max(lastEnd, end);
        if (status < 200 || status > 299) statuses.set(status, (statuses.get(status) ?? 0) + 1);
      } catch (error) {
        if (!measured) continue;
        errors += 1;
        lastEnd = Math.max(lastEnd, performance.now());
        const message =
          error instanceof Error ? `${error.code ?? ''} ${error.message}`.trim() : String(error);
        errorMessages.set(message, (errorMessages.get(message) ?? 0) + 1);
      }
    }
  }

  try {
    await Promise.all(Array.from({ length: concurrency }, (_, index) => worker(index)));
  } finally {
    clearTimeout(measureTimer);
    agent.destroy();
  }

  const sorted = Float64Array.from(latencies).sort();
  const elapsedMs = Math.max(lastEnd - measureStart, 1);
  const completed = sorted.length;
  const mean = completed > 0 ? sorted.reduce((sum, value) => sum + value, 0) / completed : null;
  return {
    requests: completed + errors,
    completed,
    elapsedMs,
    throughput: completed / (elapsedMs / 1000),
    latencyMs: {
      p50: percentile(sorted, 50),
      p90: percentile(sorted, 90),
      p99: percentile(sorted, 99),
      max: completed > 0 ? sorted[completed - 1] : null,
      mean,
    },
    errors,
    errorMessages: Object.fromEntries(errorMessages),
    non2xx: Object.fromEntries([...statuses].sort(([a], [b]) => a - b)),
  };
}
