import type { JobFailureView } from '@shotcaller/contracts';
import { JobFailure } from './job-failure.js';

/**
 * BullMQ keeps only a failed job's message (`failedReason`), so the failure's code travels in it:
 * `<code>: <message>`, or `<code> (final): <message>` when no retry could help. Errors that are not JobFailures
 * are reported as `job_error` with a generic message, so nothing a library put in its message (an address, a
 * token) reaches the requester.
 */
export function failedReasonOf(error: unknown): string {
  if (error instanceof JobFailure) return `${error.code}${error.retry ? '' : ' (final)'}: ${error.message}`;
  return 'job_error: The job failed';
}

const FAILED_REASON = /^([a-z][a-z0-9_]{0,63})( \(final\))?: ([\s\S]*)$/;

/** What a `failedReason` says (see failedReasonOf): anything else is a `job_error` that a retry might fix. */
export function failureFromReason(reason: string | undefined): JobFailureView & { final: boolean } {
  const match = FAILED_REASON.exec(reason ?? '');
  if (!match) return { code: 'job_error', message: 'The job failed', final: false };
  return { code: match[1], message: match[3], final: match[2] !== undefined };
}

/** True when a failure ends the job now: it said no retry could help, or its attempts are spent. */
export function isFinalFailure(error: unknown, attemptsMade: number, attempts: number): boolean {
  if (error instanceof JobFailure && !error.retry) return true;
  if (error instanceof Error && error.name === 'UnrecoverableError') return true;
  return attemptsMade >= attempts;
}
