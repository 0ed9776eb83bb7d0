import type { BeforeApplicationShutdown, OnApplicationBootstrap, Provider } from '@nestjs/common';
import { Redis } from 'ioredis';
import { Metrics } from '@shotcaller/observability';
import type { GatewayEnv } from '../../config.js';
import { TopicFanout } from '../fanout/topic-fanout.js';
import { FanoutPresencePublisher } from './presence.publisher.js';
import { PresenceService, type PresenceOptions } from './presence.service.js';
import { PresenceStore } from './presence.store.js';

export function presenceOptions(config: GatewayEnv): PresenceOptions {
  return {
    heartbeatIntervalMs: config.PRESENCE_HEARTBEAT_INTERVAL_MS,
    ttlMs: config.PRESENCE_TTL_MS,
    sweepIntervalMs: config.PRESENCE_SWEEP_INTERVAL_MS,
    maxEntriesPerTopic: config.PRESENCE_MAX_ENTRIES_PER_TOPIC,
    maxMetasPerKey: config.PRESENCE_MAX_METAS_PER_KEY,
  };
}

/** Runs the presence timers while the app runs; on shutdown this replica's members leave (before NATS closes). */
export class PresenceLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(private readonly presence: PresenceService) {}

  onApplicationBootstrap(): void {
    this.presence.start();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.presence.stop();
  }
}

/**
 * PresenceService for the transports (socket.io, /cable), on the gateway's Redis, publishing through the topic
 * fan-out. Provided inside the realtime module, next to the TopicFanout it uses and the transports that use it.
 */
export function presenceProviders(config: GatewayEnv): Provider[] {
  const options = presenceOptions(config);
  return [
    {
      provide: PresenceService,
      inject: [Redis, TopicFanout, Metrics],
      useFactory: (redis: Redis, fanout: TopicFanout, metrics: Metrics) =>
        new PresenceService(
          new PresenceStore(redis, options),
          new FanoutPresencePublisher(fanout),
          options,
          metrics,
        ),
    },
    {
      provide: PresenceLifecycle,
      inject: [PresenceService],
      useFactory: (presence: PresenceService) => new PresenceLifecycle(presence),
    },
  ];
}
