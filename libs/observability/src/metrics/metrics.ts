import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** One registry per app, so apps booted side by side in one process never share a metric. */
export class Metrics {
  readonly registry = new Registry();

  readonly httpRequests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });

  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  readonly natsHandled = new Counter({
    name: 'nats_requests_handled_total',
    help: 'NATS requests this service answered, by subject and outcome (ok or an error code)',
    labelNames: ['subject', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly natsHandledDuration = new Histogram({
    name: 'nats_request_handling_duration_seconds',
    help: 'Time to answer a NATS request',
    labelNames: ['subject', 'outcome'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  readonly natsSent = new Counter({
    name: 'nats_requests_sent_total',
    help: 'NATS requests this service sent, by subject and outcome (ok or an error code)',
    labelNames: ['subject', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly natsSentDuration = new Histogram({
    name: 'nats_request_roundtrip_seconds',
    help: 'Round trip of NATS requests this service sent',
    labelNames: ['subject', 'outcome'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  readonly natsAnswersReused = new Counter({
    name: 'nats_answers_reused_total',
    help: 'Answers passed on from the copy this process kept, the service having said they had not changed, by subject',
    labelNames: ['subject'] as const,
    registers: [this.registry],
  });

  readonly errors = new Counter({
    name: 'errors_total',
    help: 'Failures answered with a 5xx or logged as unexpected, by where they happened',
    labelNames: ['source', 'code'] as const,
    registers: [this.registry],
  });

  constructor(service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
  }
}

const children = new WeakMap<object, Map<string, unknown>>();

/**
 * A metric's child for these label values (in the metric's label order), made once and reused: prom-client
 * otherwise validates and hashes the labels on every observation.
 */
export function labelled<TChild>(
  metric: { labels(...values: string[]): TChild },
  ...values: string[]
): TChild {
  let byValues = children.get(metric) as Map<string, TChild> | undefined;
  if (!byValues) {
    byValues = new Map();
    children.set(metric, byValues);
  }
  const key = values.join('\u0000');
  let child = byValues.get(key);
  if (!child) {
    child = metric.labels(...values);
    byValues.set(key, child);
  }
  return child;
}
