/**
 * Why a job could not be done, as its requester is told (`jobs.job.failed`): a stable code and a message without
 * secrets or data. `retry: false` ends the job at once (bad input, a refusal that will not change); `true` lets
 * BullMQ try again with backoff until the job's attempts run out, after `retryAfterMs` when the other side said
 * when to come back (a 429's `retry-after`).
 */
export class JobFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly retry: boolean,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'JobFailure';
  }

  static permanent(code: string, message: string): JobFailure {
    return new JobFailure(code, message, false);
  }

  static transient(
    code: string,
    message: string,
    { retryAfterMs }: { retryAfterMs?: number } = {},
  ): JobFailure {
    return new JobFailure(code, message, true, retryAfterMs);
  }
}
