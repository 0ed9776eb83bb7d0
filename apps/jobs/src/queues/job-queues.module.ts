import { Module, type DynamicModule } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { JOB_QUEUE_NAMES } from '@shotcaller/contracts';
import type { JobsEnv } from '../config.js';
import { JobIntake } from './job-intake.service.js';
import { JobMetrics } from './job-metrics.js';
import { JobOutcomes } from './job-outcomes.js';
import { JobQueueSet } from './job-queue-set.js';
import { JOB_SETTINGS, jobSettings } from './job-settings.js';
import { QueueConnection, QueueConnectionModule } from './queue-connection.js';

/**
 * Every queue, registered with @nestjs/bullmq on the queues' own connection (QueueConnection: commands fail at
 * once during an outage instead of waiting) and the service's BullMQ prefix, and what takes jobs in and reports how
 * they ended. Global: each queue's own module reaches the queues through JobQueueSet.
 */
@Module({})
export class JobQueuesModule {
  static forRoot(config: JobsEnv): DynamicModule {
    return {
      module: JobQueuesModule,
      global: true,
      imports: [
        QueueConnectionModule,
        BullModule.forRootAsync({
          imports: [QueueConnectionModule],
          inject: [QueueConnection],
          useFactory: (queues: QueueConnection) => ({ connection: queues.redis, prefix: queues.prefix }),
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
      exports: [JOB_SETTINGS, QueueConnectionModule, JobQueueSet, JobIntake, JobOutcomes, JobMetrics],
    };
  }
}
