// The service side of the realtime scenarios: events published on NATS `rt.<kind>.<id>` (with the run's subject
// prefix and the publish-time header, as ServiceClient.publishRealtime does) on an open-loop schedule, each
// carrying its send time for the clients; and the gateway's event-loop delay, read from its /metrics.
import { performance } from 'node:perf_hooks';
import { connect, headers as natsHeaders } from '@nats-io/transport-node';
import { latencySummary } from '../lib/load.mjs';

/** The wall clock in ms with sub-ms resolution, the same clock the client processes read. */
export const now = () => performance.timeOrigin + performance.now();

export class Publisher {
  /** `contracts`: the built libs/contracts (subject helpers and the publish-time header's name). */
  constructor(connection, contracts, subjectPrefix) {
    this.connection = connection;
    this.contracts = contracts;
    this.subjectPrefix = subjectPrefix;
  }

  static async connect(url, contracts, subjectPrefix) {
    return new Publisher(await connect({ servers: url, name: 'bench-realtime' }), contracts, subjectPrefix);
  }

  /** The NATS subject of a topic (`fight:<id>` -> `<prefix>.rt.fight.<id>`). */
  subjectOf(topic) {
    const parsed = this.contracts.parseTopic(topic);
    if (!parsed) throw new Error(`not a topic: ${topic}`);
    return this.contracts.natsSubject(parsed.subject, this.subjectPrefix);
  }

  /**
   * Publishes `rate` events a second for `warmupMs + durationMs`, event k on `topics[k % topics.length]`, each
   * sent at its scheduled time whatever the gateway does (open loop). Events of the measured window are marked,
   * so the clients keep only their latencies. Resolves with the measured events per topic, and the send lag.
   */
  async run({ topics, rate, warmupMs, durationMs, payloadBytes, shouldStop = () => false, onMeasureStart }) {
    const subjects = topics.map((topic) => this.subjectOf(topic));
    const pad = 'x'.repeat(Math.max(0, payloadBytes - 80));
    const encoder = new TextEncoder();
    const started = performance.now();
    const measureFrom = started + warmupMs;
    const end = measureFrom + durationMs;
    const measuredPerTopic = new Array(topics.length).fill(0);
    const lags = [];
    let measureStarted = false;
    for (let k = 0; ; k += 1) {
      const due = started + (k * 1000) / rate;
      if (due >= end || shouldStop()) break;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
      const measured = due >= measureFrom;
      if (measured && !measureStarted) {
        measureStarted = true;
        onMeasureStart?.();
      }
      const sentAt = now();
      const index = k % topics.length;
      const header = natsHeaders();
      header.set(this.contracts.REALTIME_PUBLISHED_AT_HEADER, String(Math.round(sentAt)));
      this.connection.publish(
        subjects[index],
        encoder.encode(JSON.stringify({ bench: { seq: k, sentAt, measured }, pad })),
        { headers: header },
      );
      if (measured) {
        measuredPerTopic[index] += 1;
        lags.push(performance.now() - due);
      }
      // Hand the socket writes to the event loop now and then, as a service would between events.
      if (k % 50 === 49) await new Promise((resolve) => setImmediate(resolve));
    }
    await this.connection.flush();
    return { measuredPerTopic, sendLagMs: latencySummary(lags) };
  }

  async close() {
    await this.connection.drain().catch(() => this.connection.close());
  }
}

/**
 * The gateway's event-loop delay from its Prometheus metrics (prom-client's default `nodejs_eventloop_lag_*`,
 * a perf_hooks histogram that prom-client resets on every scrape): a scrape at the start of a window and one at
 * its end give the delay over that window. Seconds in, ms out; null when not exposed.
 */
export async function eventLoopDelay(metricsUrl) {
  const response = await fetch(metricsUrl, { signal: AbortSignal.timeout(10_000) });
  const text = await response.text();
  const read = (name) => {
    const match = new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.eE+-]+)$`, 'm').exec(text);
    return match ? Number(match[1]) * 1000 : null;
  };
  return {
    p50: read('nodejs_eventloop_lag_p50_seconds'),
    p90: read('nodejs_eventloop_lag_p90_seconds'),
    p99: read('nodejs_eventloop_lag_p99_seconds'),
    max: read('nodejs_eventloop_lag_max_seconds'),
    mean: read('nodejs_eventloop_lag_mean_seconds'),
  };
}

/**
 * The gateway's own publish-to-emit histogram (`realtime_fanout_latency_seconds`, socket.io over WebSocket): the
 * cumulative count of events at each bucket bound (ms), or null from a server without it (the socket.io floor).
 */
export async function emitHistogram(metricsUrl) {
  const response = await fetch(metricsUrl, { signal: AbortSignal.timeout(10_000) });
  const text = await response.text();
  const counts = new Map();
  const bucket = /^realtime_fanout_latency_seconds_bucket\{([^}]*)\} ([0-9.eE+-]+)$/gm;
  for (const [, labels, value] of text.matchAll(bucket)) {
    if (!labels.includes('transport="websocket"')) continue;
    const bound = /le="([^"]+)"/.exec(labels)?.[1];
    if (bound !== undefined) counts.set(bound === '+Inf' ? Infinity : Number(bound) * 1000, Number(value));
  }
  return counts.size > 0 ? counts : null;
}

/**
 * Waits until the gateway's `realtime_connections` gauge (every transport) reads 0, for at most `limitMs`; true
 * when it did. A server without the gauge (the socket.io floor) answers false at once.
 */
export async function connectionsClosed(metricsUrl, limitMs = 30_000) {
  const deadline = Date.now() + limitMs;
  while (Date.now() < deadline) {
    const text = await (await fetch(metricsUrl, { signal: AbortSignal.timeout(10_000) })).text();
    const counts = [...text.matchAll(/^realtime_connections\{[^}]*\} ([0-9.eE+-]+)$/gm)].map((m) =>
      Number(m[1]),
    );
    if (counts.length === 0) return false;
    if (counts.every((count) => count === 0)) return true;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}
