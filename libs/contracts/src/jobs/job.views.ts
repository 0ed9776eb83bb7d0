import type { JobQueueName } from './queues.js';

/** `jobs.enqueue`'s answer: the job is stored in its queue. */
export interface EnqueuedJobView {
  job_id: string;
  queue: JobQueueName;
  name: string;
}

/** `jobs.run`'s answer: the job finished within the caller's deadline, with what its worker returned. */
export interface FinishedJobView extends EnqueuedJobView {
  result: unknown;
}

/** Why a job failed, as its requester is told (no stack, no data). */
export interface JobFailureView {
  code: string;
  message: string;
}

/** `jobs.job.completed`: published once a job's worker returned; also sent to its requester on `user:<id>`. */
export class JobCompletedEvent implements EnqueuedJobView {
  event: 'jobs.job.completed';
  job_id: string;
  queue: JobQueueName;
  name: string;
  /** The user whose request queued the job, when one did. */
  user_id: string | null;
  result: unknown;
}

/** `jobs.job.failed`: published once a job failed its last attempt (it stays in the failed set). */
export class JobFailedEvent implements EnqueuedJobView {
  event: 'jobs.job.failed';
  job_id: string;
  queue: JobQueueName;
  name: string;
  user_id: string | null;
  attempts_made: number;
  error: JobFailureView;
}
