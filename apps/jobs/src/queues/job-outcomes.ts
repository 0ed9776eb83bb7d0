import { Injectable, Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import {
  RealtimeSubjects,
  Subjects,
  type JobCompletedEvent,
  type JobFailedEvent,
  type JobQueueName,
} from '@shotcaller/contracts';
import { ServiceClient } from '@shotcaller/messaging';
import type { JobEnvelope } from './job-envelope.js';
import { failureFromReason } from './job-outcome.rules.js';

/**
 * Tells the system how jobs ended: `jobs.job.completed` / `jobs.job.failed` on the bus, and the same to the
 * requesting user on `user:<id>`. Best effort: the outcome is stored in BullMQ whatever happens here.
 */
@Injectable()
export class JobOutcomes {
  private readonly logger = new Logger(JobOutcomes.name);

  constructor(private readonly services: ServiceClient) {}

  completed(job: Job<JobEnvelope>, result: unknown): void {
    const event: JobCompletedEvent = {
      event: 'jobs.job.completed',
      ...this.identity(job),
      result: result ?? null,
    };
    this.tell(event, Subjects.jobs.events.jobCompleted);
  }

  failed(job: Job<JobEnvelope>): void {
    const { code, message } = failureFromReason(job.failedReason);
    const event: JobFailedEvent = {
      event: 'jobs.job.failed',
      ...this.identity(job),
      attempts_made: job.attemptsMade,
      error: { code, message },
    };
    this.tell(event, Subjects.jobs.events.jobFailed);
  }

  private identity(job: Job<JobEnvelope>) {
    return {
      job_id: String(job.id),
      queue: job.queueName as JobQueueName,
      name: job.name,
      user_id: job.data.user_id,
    };
  }

  private tell(
    event: JobCompletedEvent | JobFailedEvent,
    subject: typeof Subjects.jobs.events.jobCompleted | typeof Subjects.jobs.events.jobFailed,
  ): void {
    const published = [this.services.publish(subject, event)];
    if (event.user_id)
      published.push(this.services.publishRealtime(RealtimeSubjects.user(event.user_id), event));
    Promise.all(published).catch((error: unknown) =>
      this.logger.warn(
        { err: error, job_id: event.job_id, queue: event.queue },
        'Could not announce how a job ended',
      ),
    );
  }
}
