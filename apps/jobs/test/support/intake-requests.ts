import { ErrorCode, JobQueues, MaintenanceJobNames } from '@shotcaller/contracts';

/** A `jobs.enqueue` payload for a maintenance `noop` job with the given id (add `wait_ms` for `jobs.run`). */
export const noop = (jobId: string) => ({
  queue: JobQueues.maintenance,
  name: MaintenanceJobNames.noop,
  data: {},
  options: { job_id: jobId },
});

/** What `jobs.enqueue` and `jobs.run` answer when Redis does not take a job: 503 with `retry_after`. */
export const unavailable = {
  statusCode: 503,
  code: ErrorCode.DependencyUnavailable,
  details: { retry_after: expect.any(Number) },
};
