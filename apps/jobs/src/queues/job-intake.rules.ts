import type { JobIntakeMark } from './job-envelope.js';

/**
 * What the intake keeps of its caller's deadline (NATS `x-deadline`): the time its answer needs to get back over
 * NATS, and for the clocks of two hosts to disagree.
 */
export const ANSWER_MARGIN_MS = 500;

/** How far a worker's clock may be behind the intake's before a job stored late could escape the check. */
export const CLOCK_SKEW_MARGIN_MS = 1000;

/** How long an abandoned mark outlives its job's delay: a backlog of a week is beyond any use of this service. */
export const ABANDONED_MARK_KEPT_MS = 7 * 24 * 3600 * 1000;

/** The failure code of a job stored after its intake answered an error, and failed without being run. */
export const JOB_ABANDONED = 'job_abandoned';

/**
 * When the intake stops waiting for Redis to store a job (epoch ms): `timeoutMs` from now, or sooner when the caller
 * stops waiting sooner (its deadline less ANSWER_MARGIN_MS). At or before `now`, no time is left.
 */
export function intakeDeadline(now: number, timeoutMs: number, callerDeadline?: number): number {
  const own = now + timeoutMs;
  if (callerDeadline === undefined || !Number.isFinite(callerDeadline) || callerDeadline <= 0) return own;
  return Math.min(own, callerDeadline - ANSWER_MARGIN_MS);
}

/** The key that marks an intake token abandoned, under the service's BullMQ prefix. */
export function abandonedMarkKey(prefix: string, token: string): string {
  return `${prefix}:intake-abandoned:${token}`;
}

/**
 * Whether a worker must look for an abandoned mark before running a job: only on its first attempt, and only once
 * the intake could have given up on it. A job that starts before its intake's deadline was stored in time (the
 * usual case: no lookup at all).
 */
export function mayHaveBeenAbandoned(intake: JobIntakeMark, attemptsMade: number, now: number): boolean {
  return attemptsMade === 0 && now >= intake.answer_by - CLOCK_SKEW_MARGIN_MS;
}
