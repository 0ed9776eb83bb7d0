import { Counter, Gauge } from 'prom-client';
import type { Metrics } from '@shotcaller/observability';

/** What presence does, on the gateway's registry: changes announced, expired entries swept, failures. */
export class PresenceMetrics {
  /** Connections this replica holds in presence topics (read at scrape time). */
  readonly localEntries: Gauge;
  readonly changes: Counter<'change'>;
  readonly swept: Counter;
  readonly failures: Counter<'operation'>;

  constructor(metrics: Metrics, countLocal: () => number) {
    const registers = [metrics.registry];
    this.localEntries = new Gauge({
      name: 'realtime_presence_local_entries',
      help: 'Presence entries (connection x topic) of this replica',
      registers,
      collect() {
        this.set(countLocal());
      },
    });
    this.changes = new Counter({
      name: 'realtime_presence_changes_total',
      help: 'Presence joins and leaves this replica announced (sweeps included)',
      labelNames: ['change'] as const,
      registers,
    });
    this.swept = new Counter({
      name: 'realtime_presence_swept_total',
      help: 'Expired presence entries this replica removed (of crashed or stalled replicas)',
      registers,
    });
    this.failures = new Counter({
      name: 'realtime_presence_failures_total',
      help: 'Presence operations that failed (Redis or NATS unavailable), by operation',
      labelNames: ['operation'] as const,
      registers,
    });
  }
}
