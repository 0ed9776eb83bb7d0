import { Module, type DynamicModule } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { JOB_QUEUE_NAMES } from '@shotcaller/contracts';
import { BullmqConnection } from '@shotcaller/persistence';
import type { JobsEnv } from '../config.js';
import { JobIntake } from './job-intake.service.js';
import { JobMetrics } from './job-metrics.js';
import { JobOutcomes } from './job-outcomes.js';
import { JobQueueSet } from './job-queue-set.js';
import { JOB_SETTINGS, jobSettings } from './job-settings.js';

/**
 * Every queue, registered with @nestjs/bullmq on the service's BullMQ connection and prefix, and what takes jobs
 * in and reports how they ended. Global: each queue's own module reaches the queues through JobQueueSet.
 */
@Module({})
export class JobQueuesModule {
  static forRoot(config: JobsEnv): DynamicModule {
    return {
      module: JobQueuesModule,
      global: true,
      imports: [
        BullModule.forRootAsync({
          inject: [BullmqConnection],
          useFactory: (bullmq: BullmqConnection) => ({
            connection: bullmq.connection,
            prefix: bullmq.prefix,
          }),
        }),
        BullModule.registerQueue(...JOB_QUEUE_NAMES.map((name) => ({ name }))),
      ],
      providers: [
        { provide: JOB_SETTINGS, useValue: jobSettings(config) },
        JobQueueSet,
        JobIntake,
        JobOutcomes,
        JobMetrics,
      ],
      exports: [JOB_SETTINGS, JobQueueSet, JobIntake, JobOutcomes, JobMetrics],
    };
  }
}
