import { Inject, Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram } from 'prom-client';
import { labelled, Metrics } from '@shotcaller/observability';

/** Transports that hold realtime clients: socket.io's two and the ActionCable endpoint. */
export type RealtimeTransport = 'websocket' | 'polling' | 'cable';

const FANOUT_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

/** Counts what a transport holds right now, by transport, read when metrics are scraped. */
export type ConnectionCounter = () => Partial<Record<RealtimeTransport, number>>;

/**
 * The realtime metrics every transport records into (socket.io, cable), on the gateway's registry. Live counts
 * (connections, subscriptions) are read from the transports at scrape time, so they cannot drift.
 */
@Injectable()
export class RealtimeMetrics {
  private readonly connectionCounters: ConnectionCounter[] = [];
  private readonly subscriptionCounters: ConnectionCounter[] = [];

  readonly connections: Gauge<'transport'>;
  readonly subscriptions: Gauge<'transport'>;
  /** NATS subscriptions this replica holds for its local members (one per followed topic). */
  readonly topics: Gauge;
  readonly emitted: Counter<'transport'>;
  readonly dropped: Counter<'transport' | 'reason'>;
  readonly rateLimited: Counter<'transport' | 'command'>;
  readonly refused: Counter<'transport' | 'reason'>;
  readonly fanoutLatency: Histogram<'transport'>;

  constructor(@Inject(Metrics) metrics: Metrics) {
    const registers = [metrics.registry];
    const sum = (counters: ConnectionCounter[], gauge: Gauge<'transport'>) => {
      const totals: Partial<Record<RealtimeTransport, number>> = { websocket: 0, polling: 0 };
      for (const count of counters) {
        for (const [transport, n] of Object.entries(count())) {
          totals[transport as RealtimeTransport] = (totals[transport as RealtimeTransport] ?? 0) + (n ?? 0);
        }
      }
      gauge.reset();
      for (const [transport, n] of Object.entries(totals)) gauge.set({ transport }, n ?? 0);
    };
    const connectionCounters = this.connectionCounters;
    const subscriptionCounters = this.subscriptionCounters;
    this.connections = new Gauge({
      name: 'realtime_connections',
      help: 'Realtime client connections held by this replica, by transport',
      labelNames: ['transport'] as const,
      registers,
      collect() {
        sum(connectionCounters, this);
      },
    });
    this.subscriptions = new Gauge({
      name: 'realtime_subscriptions',
      help: 'Topic subscriptions of the connections of this replica, by transport',
      labelNames: ['transport'] as const,
      registers,
      collect() {
        sum(subscriptionCounters, this);
      },
    });
    this.topics = new Gauge({
      name: 'realtime_topics_followed',
      help: 'Topics this replica follows on NATS (those with local members)',
      registers,
    });
    this.emitted = new Counter({
      name: 'realtime_events_emitted_total',
      help: 'Topic events sent to clients (one per receiving connection), by transport',
      labelNames: ['transport'] as const,
      registers,
    });
    this.dropped = new Counter({
      name: 'realtime_events_dropped_total',
      help: 'Topic events not delivered, by transport and reason (slow_client, unreadable)',
      labelNames: ['transport', 'reason'] as const,
      registers,
    });
    this.rateLimited = new Counter({
      name: 'realtime_rate_limited_total',
      help: 'Client commands refused by the per-connection rate limit, by transport and command',
      labelNames: ['transport', 'command'] as const,
      registers,
    });
    this.refused = new Counter({
      name: 'realtime_connections_refused_total',
      help: 'Connections refused or closed by the server, by transport and reason',
      labelNames: ['transport', 'reason'] as const,
      registers,
    });
    this.fanoutLatency = new Histogram({
      name: 'realtime_fanout_latency_seconds',
      help: 'From a service publishing a topic event to the gateway handing it to its clients',
      labelNames: ['transport'] as const,
      buckets: FANOUT_BUCKETS,
      registers,
    });
  }

  /** A transport's live connection counts, read at every scrape. */
  countConnections(counter: ConnectionCounter): void {
    this.connectionCounters.push(counter);
  }

  /** A transport's live subscription counts, read at every scrape. */
  countSubscriptions(counter: ConnectionCounter): void {
    this.subscriptionCounters.push(counter);
  }

  emittedTo(transport: RealtimeTransport, connections: number): void {
    if (connections > 0) labelled(this.emitted, transport).inc(connections);
  }

  droppedFor(transport: RealtimeTransport, reason: string, count = 1): void {
    labelled(this.dropped, transport, reason).inc(count);
  }

  rateLimitedOn(transport: RealtimeTransport, command: string): void {
    labelled(this.rateLimited, transport, command).inc();
  }

  refusedFor(transport: RealtimeTransport, reason: string): void {
    labelled(this.refused, transport, reason).inc();
  }

  /** Publish-to-emit time of one event, when its publisher stamped it. */
  observeFanout(transport: RealtimeTransport, publishedAt: number | undefined, now = Date.now()): void {
    if (publishedAt === undefined) return;
    labelled(this.fanoutLatency, transport).observe(Math.max(0, now - publishedAt) / 1000);
  }
}
