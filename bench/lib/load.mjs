// The HTTP load generators. Closed loop: a fixed number of workers, each sending its next request as soon as
// the previous one has been answered in full. Fixed rate (open loop): requests sent on a schedule, whatever
// the answers do, with latency counted from each request's scheduled send time. Every latency of the measured
// window is kept (no sampling), so the percentiles are exact for the run.
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

function errorText(error) {
  return error instanceof Error ? `${error.code ?? ''} ${error.message}`.trim() : String(error);
}

export function latencySummary(values) {
  const sorted = Float64Array.from(values).sort();
  const count = sorted.length;
  return {
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: count > 0 ? sorted[count - 1] : null,
    mean: count > 0 ? sorted.reduce((sum, value) => sum + value, 0) / count : null,
  };
}

/**
 * What a run counts: the latency, status or failure of every measured request, when the last of them
 * finished, and how many answers (any request, warm-up included) arrived once the measured window was open,
 * which is what the CPU measured over that window was spent on.
 */
function tally(measureStart) {
  const latencies = [];
  const statuses = new Map();
  const errorMessages = new Map();
  let errors = 0;
  let lastEnd = 0;
  let answeredInWindow = 0;
  return {
    answered(measured, latency, status, end) {
      if (end >= measureStart) answeredInWindow += 1;
      if (!measured) return;
      latencies.push(latency);
      lastEnd = Math.max(lastEnd, end);
      if (status < 200 || status > 299) statuses.set(status, (statuses.get(status) ?? 0) + 1);
    },
    failed(measured, error, end) {
      if (!measured) return;
      errors += 1;
      lastEnd = Math.max(lastEnd, end);
      const message = errorText(error);
      errorMessages.set(message, (errorMessages.get(message) ?? 0) + 1);
    },
    /** `minElapsedMs`: the shortest window throughput may be computed over. */
    summary(minElapsedMs = 1) {
      const completed = latencies.length;
      const elapsedMs = Math.max(lastEnd - measureStart, minElapsedMs);
      return {
        requests: completed + errors,
        completed,
        answeredInWindow,
        elapsedMs,
        throughput: completed / (elapsedMs / 1000),
        latencyMs: latencySummary(latencies),
        errors,
        errorMessages: Object.fromEntries(errorMessages),
        non2xx: Object.fromEntries([...statuses].sort(([a], [b]) => a - b)),
      };
    },
  };
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
  const started = performance.now();
  const measureStart = started + warmupMs;
  const measureEnd = measureStart + durationMs;
  const counts = tally(measureStart);
  const measureTimer = setTimeout(onMeasureStart, warmupMs);

  async function worker(index) {
    for (let sequence = 0; !shouldStop(); sequence += 1) {
      const begin = performance.now();
      if (begin >= measureEnd) return;
      const measured = begin >= measureStart;
      try {
        const { status } = await send(agent, baseUrl, makeRequest(index, sequence));
        const end = performance.now();
        counts.answered(measured, end - begin, status, end);
      } catch (error) {
        counts.failed(measured, error, performance.now());
      }
    }
  }

  try {
    await Promise.all(Array.from({ length: concurrency }, (_, index) => worker(index)));
  } finally {
    clearTimeout(measureTimer);
    agent.destroy();
  }
  return counts.summary();
}

/**
 * Sends `makeRequest(0, sequence)` at `ratePerSecond`, on a fixed schedule that does not wait for answers:
 * `warmupMs` unmeasured, then `durationMs` measured. A request counts when it was scheduled inside the
 * measured window, and its latency runs from its scheduled send time, so a stall (of the system or of this
 * client) shows in the latencies instead of delaying the requests that would have measured it. Up to
 * `maxSockets` connections; `client` reports how many sends found them all busy and had to queue, how many
 * requests were in flight at most, and how late sends left after their scheduled time (timer resolution,
 * this process's own load). Throughput is the measured requests over the time from the window's start to
 * the last of them finishing, or to the window's end if that is later.
 */
export async function runFixedRate({
  baseUrl,
  ratePerSecond,
  maxSockets,
  warmupMs,
  durationMs,
  makeRequest,
  shouldStop = () => false,
  onMeasureStart = () => {},
}) {
  const agent = new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
  const intervalMs = 1000 / ratePerSecond;
  const started = performance.now();
  const measureStart = started + warmupMs;
  const measureEnd = measureStart + durationMs;
  const counts = tally(measureStart);
  const sendLags = [];
  const inFlight = new Set();
  let peakInFlight = 0;
  let sendsQueued = 0;
  const measureTimer = setTimeout(onMeasureStart, warmupMs);

  async function fire(sequence, scheduled) {
    const measured = scheduled >= measureStart;
    if (measured) {
      sendLags.push(performance.now() - scheduled);
      if (inFlight.size >= maxSockets) sendsQueued += 1;
      peakInFlight = Math.max(peakInFlight, inFlight.size + 1);
    }
    try {
      const { status } = await send(agent, baseUrl, makeRequest(0, sequence));
      const end = performance.now();
      counts.answered(measured, end - scheduled, status, end);
    } catch (error) {
      counts.failed(measured, error, performance.now());
    }
  }

  /** Sends every request whose time has come; resolves once the last one of the run has been sent. */
  function sendOnSchedule() {
    return new Promise((done) => {
      let sequence = 0;
      const tick = () => {
        for (;;) {
          const scheduled = started + sequence * intervalMs;
          if (scheduled >= measureEnd || shouldStop()) return done();
          if (scheduled > performance.now()) break;
          const request = fire(sequence, scheduled);
          inFlight.add(request);
          void request.finally(() => inFlight.delete(request));
          sequence += 1;
        }
        setTimeout(tick, Math.max(0, started + sequence * intervalMs - performance.now()));
      };
      tick();
    });
  }

  try {
    await sendOnSchedule();
    await Promise.all(inFlight);
  } finally {
    clearTimeout(measureTimer);
    agent.destroy();
  }
  const lags = latencySummary(sendLags);
  return {
    // Over the whole window at least: the last request is sent up to one interval before the window closes.
    ...counts.summary(durationMs),
    client: {
      maxSockets,
      peakInFlight,
      sendsQueued,
      sendLagMs: { p50: lags.p50, p99: lags.p99, max: lags.max },
    },
  };
}
