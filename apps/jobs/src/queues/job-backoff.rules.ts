/** The backoff every job is queued with: exponential, unless the last failure said when to come back. */
export const JOB_BACKOFF_TYPE = 'exponential_or_retry_after';

/** The longest wait a `retry-after` may ask for: past it the exponential delay is used. */
export const RETRY_AFTER_MAX_MS = 60 * 60 * 1000;

/**
 * The delay before attempt `attemptsMade + 1`: what the failure asked for (`retryAfterMs`, from a 429's
 * `retry-after`), or `baseMs` doubled for each attempt already made after the first.
 */
export function retryDelayMs(attemptsMade: number, baseMs: number, retryAfterMs?: number): number {
  if (retryAfterMs !== undefined && retryAfterMs >= 0 && retryAfterMs <= RETRY_AFTER_MAX_MS) {
    return Math.ceil(retryAfterMs);
  }
  return baseMs * 2 ** Math.max(0, attemptsMade - 1);
}
