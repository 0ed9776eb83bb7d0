import { Inject, Injectable, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { HealthIndicatorService } from '@nestjs/terminus';
import { Redis } from 'ioredis';
import { openRedis } from './redis.module.js';

export interface BullmqOptions {
  url: string;
  /** The service's REDIS_KEY_PREFIX: BullMQ's own `prefix` is derived from it (see bullmqPrefix). */
  keyPrefix: string;
}

/**
 * BullMQ's `prefix` for a REDIS_KEY_PREFIX. BullMQ refuses a client with `keyPrefix` and names its keys
 * `<prefix>:<queue>:<key>` itself, so with `shotcaller:` a job of the `mail` queue lives at
 * `shotcaller:bull:mail:1`: under the environment's namespace like every other key the service writes, and in a
 * `bull` corner of it, apart from the request-path keys (deny-lists, rate-limit counters).
 */
export function bullmqPrefix(redisKeyPrefix: string): string {
  return `${redisKeyPrefix}bull`;
}

/**
 * A connected client made for BullMQ, unlike connectRedis: no `keyPrefix` (BullMQ refuses one), and commands
 * wait through an outage (offline queue on, no retry limit, as BullMQ's blocking workers require) instead of
 * failing, so workers carry on once Redis is back. Boot still fails at once, naming Redis, when it is not there.
 */
export function connectBullmqRedis(url: string): Promise<Redis> {
  return openRedis(url, { enableOfflineQueue: true, maxRetriesPerRequest: null });
}

/** What a BullMQ `Queue` or `Worker` of this service is built with: `new Queue(name, { connection, prefix })`. */
export class BullmqConnection {
  constructor(
    readonly connection: Redis,
    readonly prefix: string,
  ) {}
}

@Injectable()
class BullmqLifecycle implements OnApplicationShutdown {
  constructor(@Inject(BullmqConnection) private readonly bullmq: BullmqConnection) {}

  async onApplicationShutdown(): Promise<void> {
    const redis = this.bullmq.connection;
    // While Redis is away QUIT would wait in the offline queue for ever: drop the connection instead.
    if (redis.status !== 'ready') return redis.disconnect();
    await redis.quit().catch(() => redis.disconnect());
  }
}

/** The BullMQ connection and prefix, for the queues and workers of a service that runs background work. */
@Module({})
export class BullmqModule {
  static forRoot(options: BullmqOptions): DynamicModule {
    return {
      module: BullmqModule,
      global: true,
      providers: [
        {
          provide: BullmqConnection,
          useFactory: async () =>
            new BullmqConnection(await connectBullmqRedis(options.url), bullmqPrefix(options.keyPrefix)),
        },
        BullmqLifecycle,
      ],
      exports: [BullmqConnection],
    };
  }
}

/**
 * Readiness of the BullMQ connection: connected, and a PING answered in time. A disconnected client is reported
 * down at once rather than queueing a PING per probe until Redis returns.
 */
export function bullmqReadiness(indicators: HealthIndicatorService, bullmq: BullmqConnection, key = 'redis') {
  return () =>
    indicators
      .check(key)
      .attempt(async () => {
        const redis = bullmq.connection;
        if (redis.status !== 'ready') throw new Error(`Redis connection is ${redis.status}`);
        const started = performance.now();
        await redis.ping();
        return { rtt_ms: Math.round((performance.now() - started) * 10) / 10 };
      })
      .withTimeout(2000);
}
