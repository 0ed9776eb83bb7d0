import { Module, type DynamicModule } from '@nestjs/common';
import type { HealthIndicatorService } from '@nestjs/terminus';
import { actorTokensFrom, backendServiceModule } from '@shotcaller/messaging';
import { BullmqConnection, BullmqModule, bullmqReadiness, redisReadiness } from '@shotcaller/persistence';
import type { JobsEnv } from './config.js';
import { AiJobsModule } from './ai/ai-jobs.module.js';
import { AiJobs } from './ai/ai.jobs.js';
import { MailJobsModule } from './mail/mail-jobs.module.js';
import { MailJobs } from './mail/mail-jobs.runner.js';
import { PdfJobsModule } from './pdf/pdf-jobs.module.js';
import { PdfJobs } from './pdf/pdf.jobs.js';
import { MaintenanceJobsModule } from './maintenance/maintenance-jobs.module.js';
import { MaintenanceJobs } from './maintenance/maintenance.jobs.js';
import { NotionJobsModule } from './notion/notion-jobs.module.js';
import { NotionJobs } from './notion/notion.jobs.js';
import { JobQueuesModule } from './queues/job-queues.module.js';
import { SeedingJobsModule } from './seeding/seeding-jobs.module.js';
import { SeedingJobs } from './seeding/seeding.jobs.js';
import type { JobRunner } from './queues/job-runner.js';
import { JOB_RUNNERS, JobWorkers } from './queues/job-workers.js';
import { JobsHandlers } from './queues/jobs.handlers.js';
import { QueueConnection } from './queues/queue-connection.js';
import { WebhookJobs } from './webhooks/webhook.jobs.js';
import { WebhooksJobsModule } from './webhooks/webhooks-jobs.module.js';

/** The queues that have work to do here, each with its runner. */
const RUNNERS = [MailJobs, PdfJobs, AiJobs, WebhookJobs, MaintenanceJobs, SeedingJobs, NotionJobs];

/**
 * Background work on Redis (BullMQ): `jobs.enqueue` / `jobs.run` take jobs in, one worker per queue runs them
 * with retries, and their outcomes are announced on the bus and to the user who asked. Readiness checks the
 * connection the queues use.
 */
@Module({})
export class JobsAppModule {
  static forRoot(config: JobsEnv): DynamicModule {
    return backendServiceModule(JobsAppModule, {
      service: 'jobs',
      config,
      actorTokens: actorTokensFrom(config),
      imports: [
        BullmqModule.forRoot({ url: config.REDIS_URL, keyPrefix: config.REDIS_KEY_PREFIX }),
        JobQueuesModule.forRoot(config),
        MailJobsModule.forRoot(config),
        PdfJobsModule.forRoot(config),
        AiJobsModule.forRoot(config),
        WebhooksJobsModule.forRoot(config),
        MaintenanceJobsModule.forRoot(config),
        SeedingJobsModule.forRoot(config),
        NotionJobsModule.forRoot(config),
      ],
      controllers: [JobsHandlers],
      providers: [
        {
          provide: JOB_RUNNERS,
          inject: RUNNERS,
          useFactory: (...runners: JobRunner[]) => runners,
        },
        JobWorkers,
      ],
      readiness: {
        inject: [BullmqConnection, QueueConnection],
        // The workers' connection, and the one jobs are taken in on (it reconnects on its own): ready means both.
        checks: (indicators: HealthIndicatorService, bullmq: BullmqConnection, queues: QueueConnection) => [
          bullmqReadiness(indicators, bullmq),
          redisReadiness(indicators, queues.redis, 'redis_intake'),
        ],
      },
    });
  }
}
