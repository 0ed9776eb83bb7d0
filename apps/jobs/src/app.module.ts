import { Module, type DynamicModule } from '@nestjs/common';
import type { HealthIndicatorService } from '@nestjs/terminus';
import { Redis } from 'ioredis';
import { backendServiceModule } from '@shotcaller/messaging';
import { RedisModule, redisReadiness } from '@shotcaller/persistence';
import type { JobsEnv } from './config.js';

/** Background work on Redis (BullMQ). Connected to Redis; queues and processors arrive with the jobs issue. */
@Module({})
export class JobsAppModule {
  static forRoot(config: JobsEnv): DynamicModule {
    return backendServiceModule(JobsAppModule, {
      service: 'jobs',
      config,
      imports: [RedisModule.forRoot({ url: config.REDIS_URL, keyPrefix: config.REDIS_KEY_PREFIX })],
      readiness: {
        inject: [Redis],
        checks: (indicators: HealthIndicatorService, redis: Redis) => [redisReadiness(indicators, redis)],
      },
    });
  }
}
