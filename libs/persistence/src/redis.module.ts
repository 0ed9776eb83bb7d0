import { Inject, Injectable, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { HealthIndicatorService } from '@nestjs/terminus';
import { Redis, type RedisOptions as IoRedisOptions } from 'ioredis';
import { DependencyUnreachable } from '@shotcaller/observability';

export interface RedisOptions {
  url: string;
  /** Namespace of every key this process writes (REDIS_KEY_PREFIX), so environments and tests can share a server. */
  keyPrefix: string;
}

function redisAddress(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || '6379'}`;
}

/** How a client behaves once connected; how it connects at boot is the same for every client. */
export type RedisClientBehaviour = Pick<
  IoRedisOptions,
  'keyPrefix' | 'enableOfflineQueue' | 'maxRetriesPerRequest'
>;

/**
 * A connected client. At boot it fails at once, naming Redis and its address with the real cause; once connected,
 * it keeps reconnecting through outages (copies made with `duplicate()` share this strategy).
 */
export async function openRedis(url: string, behaviour: RedisClientBehaviour): Promise<Redis> {
  let reachedOnce = false;
  const redis = new Redis(url, {
    ...behaviour,
    lazyConnect: true,
    connectTimeout: 3000,
    retryStrategy: (attempt) => (reachedOnce ? Math.min(attempt * 200, 2000) : null),
  });
  redis.once('ready', () => {
    reachedOnce = true;
  });
  // Connection errors surface through commands and readiness; the last one explains a failed boot.
  let lastError: unknown;
  redis.on('error', (error: unknown) => {
    lastError = error;
  });
  try {
    await redis.connect();
  } catch (error) {
    // A client that never connected has already ended; disconnect() would only wait on a dead socket.
    if (redis.status !== 'end') redis.disconnect();
    throw new DependencyUnreachable('Redis', redisAddress(url), lastError ?? error);
  }
  return redis;
}

/**
 * A client for request-path caches. Commands fail at once while Redis is unreachable instead of queueing, so
 * callers answer 503 quickly; the client keeps reconnecting in the background.
 */
export function connectRedis(options: RedisOptions): Promise<Redis> {
  return openRedis(options.url, {
    keyPrefix: options.keyPrefix,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
  });
}

@Injectable()
class RedisLifecycle implements OnApplicationShutdown {
  constructor(@Inject(Redis) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

@Module({})
export class RedisModule {
  static forRoot(options: RedisOptions): DynamicModule {
    return {
      module: RedisModule,
      global: true,
      providers: [{ provide: Redis, useFactory: () => connectRedis(options) }, RedisLifecycle],
      exports: [Redis],
    };
  }
}

/** Readiness of Redis: a PING answered in time. */
export function redisReadiness(indicators: HealthIndicatorService, redis: Redis, key = 'redis') {
  return () =>
    indicators
      .check(key)
      .attempt(async () => {
        const started = performance.now();
        await redis.ping();
        return { rtt_ms: Math.round((performance.now() - started) * 10) / 10 };
      })
      .withTimeout(2000);
}
