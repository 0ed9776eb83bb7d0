import { Module, type DynamicModule } from '@nestjs/common';
import type { HealthIndicatorService } from '@nestjs/terminus';
import { actorTokensFrom, backendServiceModule } from '@shotcaller/messaging';
import { BullmqConnection, BullmqModule, bullmqReadiness } from '@shotcaller/persistence';
import type { JobsEnv } from './config.js';

/**
 * Background work on Redis (BullMQ). Connected to Redis; queues and processors arrive with the jobs issue and
 * are built on the injected BullmqConnection. It has no request-path cache, so no client with a key prefix:
 * readiness checks the connection the queues use.
 */
@Module({})
export class JobsAppModule {
  static forRoot(config: JobsEnv): DynamicModule {
    return backendServiceModule(JobsAppModule, {
      service: 'jobs',
      config,
      actorTokens: actorTokensFrom(config),
      imports: [BullmqModule.forRoot({ url: config.REDIS_URL, keyPrefix: config.REDIS_KEY_PREFIX })],
      readiness: {
        inject: [BullmqConnection],
        checks: (indicators: HealthIndicatorService, bullmq: BullmqConnection) => [
          bullmqReadiness(indicators, bullmq),
        ],
      },
    });
  }
}
