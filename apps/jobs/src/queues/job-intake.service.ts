import { Inject, Injectable } from '@nestjs/common';
import type { Job, JobsOptions } from 'bullmq';
import {
  ErrorCode,
  ServiceError,
  type EnqueuedJobView,
  type EnqueueJobPayload,
  type FinishedJobView,
  type RunJobPayload,
} from '@shotcaller/contracts';
import { JOB_BACKOFF_TYPE } from './job-backoff.rules.js';
import { validJobData } from './job-data.validation.js';
import type { JobEnvelope } from './job-envelope.js';
import { failureFromReason } from './job-outcome.rules.js';
import { JobQueueSet } from './job-queue-set.js';
import { JOB_SETTINGS, type JobSettings } from './job-settings.js';

/** Takes jobs in: validates their data, stores them in BullMQ, and (for `jobs.run`) waits for their outcome. */
@Injectable()
export class JobIntake {
  constructor(
    private readonly queues: JobQueueSet,
    @Inject(JOB_SETTINGS) private readonly settings: JobSettings,
  ) {}

  /** Answers once BullMQ stored the job; a job id already stored is answered as it is, not queued again. */
  async enqueue(payload: EnqueueJobPayload, userId: string | null): Promise<EnqueuedJobView> {
    const job = await this.store(payload, userId);
    return { job_id: String(job.id), queue: payload.queue, name: payload.name };
  }

  /**
   * Stores the job, then waits up to `wait_ms` for it to finish: its result, or the failure of its last attempt
   * (422 with the job's own code and message when it said no retry would help; 503 otherwise), or 504.
   */
  async run(payload: RunJobPayload, userId: string | null): Promise<FinishedJobView> {
    const events = await this.queues.eventsOf(payload.queue);
    const job = await this.store(payload, userId);
    const view = { job_id: String(job.id), queue: payload.queue, name: payload.name };
    try {
      const result: unknown = await job.waitUntilFinished(events, payload.wait_ms);
      return { ...view, result };
    } catch {
      const state = await job.getState();
      if (state !== 'failed') {
        throw new ServiceError(ErrorCode.UpstreamTimeout, 'The job did not finish in time', view);
      }
      const stored = await this.queues.queue(payload.queue).getJob(String(job.id));
      const { final, ...error } = failureFromReason(stored?.failedReason);
      const code = final ? ErrorCode.ValidationFailed : ErrorCode.ServiceUnavailable;
      throw new ServiceError(code, error.message, { ...view, error });
    }
  }

  private async store(payload: EnqueueJobPayload, userId: string | null): Promise<Job> {
    const data = await validJobData(payload.queue, payload.name, payload.data);
    const envelope: JobEnvelope = { user_id: userId, data };
    const options = payload.options ?? {};
    const jobOptions: JobsOptions = {
      attempts: options.attempts ?? this.settings.attempts,
      backoff: { type: JOB_BACKOFF_TYPE },
      removeOnComplete: { age: this.settings.keepCompletedSeconds },
      removeOnFail: false,
      ...(options.job_id ? { jobId: options.job_id } : {}),
      ...(options.delay_ms ? { delay: options.delay_ms } : {}),
    };
    return this.queues.queue(payload.queue).add(payload.name, envelope, jobOptions);
  }
}
