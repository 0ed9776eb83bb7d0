import { randomBytes } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { Redis } from 'ioredis';
import { OpsServer } from '@shotcaller/observability';
import { dropDatabase, withDatabase } from '@shotcaller/persistence';
import { storeUrls } from './stores.js';

type Env = Record<string, string>;

/**
 * One test file's own world on the shared stores: its own databases, NATS subject namespace and Redis key
 * prefix, so files run in parallel without seeing each other. Ports are 0: each app gets a free one.
 */
export class TestEnvironment {
  readonly id: string;
  readonly subjectPrefix: string;
  readonly redisKeyPrefix: string;
  readonly stores = storeUrls();
  private readonly databases = new Set<string>();

  constructor(label: string) {
    this.id = `${label
      .replace(/[^a-z0-9]/gi, '')
      .toLowerCase()
      .slice(0, 20)}_${randomBytes(4).toString('hex')}`;
    this.subjectPrefix = `t_${this.id}`;
    this.redisKeyPrefix = `t:${this.id}:`;
  }

  /** Settings every service reads. */
  common(overrides: Env = {}): Env {
    return {
      NODE_ENV: 'test',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      PORT: '0',
      OPS_PORT: '0',
      NATS_URL: this.stores.nats,
      NATS_SUBJECT_PREFIX: this.subjectPrefix,
      SHUTDOWN_TIMEOUT_MS: '2000',
      JWT_PUBLIC_KEY: requiredEnv('TEST_JWT_PUBLIC_KEY'),
      ...overrides,
    };
  }

  /** A database of this environment (created by the service that uses it, dropped by cleanup()). */
  databaseUrl(service: string): string {
    const name = `sc_${this.id}_${service.replace(/-/g, '_')}`;
    this.databases.add(name);
    return withDatabase(this.stores.postgres, name);
  }

  redis(overrides: Env = {}): Env {
    return { REDIS_URL: this.stores.redis, REDIS_KEY_PREFIX: this.redisKeyPrefix, ...overrides };
  }

  /**
   * The campaign service's settings. New campaigns are not seeded from the master template unless a test asks
   * (`CAMPAIGN_SEEDING: 'job'`, with the jobs service booted): seeding would queue a job with every campaign.
   */
  campaign(overrides: Env = {}): Env {
    return this.common({
      DATABASE_URL: this.databaseUrl('campaign'),
      JWT_PRIVATE_KEY: requiredEnv('TEST_JWT_PRIVATE_KEY'),
      CAMPAIGN_SEEDING: 'off',
      ...overrides,
    });
  }

  gateway(overrides: Env = {}): Env {
    return this.common({ ...this.redis(), ...overrides });
  }

  /** Drops the databases and Redis keys this environment created. */
  async cleanup(): Promise<void> {
    await Promise.all(
      [...this.databases].map((name) => dropDatabase(withDatabase(this.stores.postgres, name))),
    );
    await this.deleteRedisKeys();
  }

  /** Deletes every Redis key under this environment's prefix: what a flushed or replaced Redis looks like to it. */
  async deleteRedisKeys(): Promise<void> {
    const redis = new Redis(this.stores.redis, { lazyConnect: true, maxRetriesPerRequest: 1 });
    try {
      await redis.connect();
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${this.redisKeyPrefix}*`, 'COUNT', 500);
        if (keys.length > 0) await redis.del(...keys);
        cursor = next;
      } while (cursor !== '0');
    } finally {
      redis.disconnect();
    }
  }
}

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the tests through Jest's global setup (npm test)`);
  return value;
}

/** GET a path on an app's HTTP side: status and JSON body. */
export async function getJson(
  baseUrl: string,
  path: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(new URL(path, baseUrl));
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** The operations port of a booted service: metrics and the detailed readiness report. */
export function opsUrl(app: INestApplication): string {
  return app.get(OpsServer).url();
}
