import type { JobQueueName } from '@shotcaller/contracts';

/** One job as a queue's runner sees it: its data was validated against its shape when it was enqueued. */
export interface QueueJob<TData = unknown> {
  id: string;
  name: string;
  data: TData;
  /** Attempts already made before this one (0 on the first). */
  attemptsMade: number;
  /** Attempts the job gets in all: this one is the last when `attemptsMade + 1 === attempts`. */
  attempts: number;
  /** The user whose request queued the job, when one did. */
  userId: string | null;
}

/**
 * The work of one queue: the BullMQ worker of `queue` hands each job to `run` and stores what it returns as the
 * job's result (plain JSON). Throwing a JobFailure decides whether the job is tried again; any other error is
 * retried with backoff until its attempts run out.
 */
export interface JobRunner {
  readonly queue: JobQueueName;
  run(job: QueueJob): Promise<unknown>;
}
