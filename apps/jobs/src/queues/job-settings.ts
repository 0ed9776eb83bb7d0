import { JOB_QUEUE_NAMES, type JobQueueName } from '@shotcaller/contracts';
import { ConfigError } from '@shotcaller/observability';
import type { JobsEnv } from '../config.js';

export const JOB_SETTINGS = Symbol('JOB_SETTINGS');

/** What the stop deadline keeps for closing queues, NATS and Redis once the workers are done. */
const SHUTDOWN_MARGIN_MS = 2000;

export interface JobSettings {
  attempts: number;
  backoffMs: number;
  keepCompletedSeconds: number;
  concurrency: Record<JobQueueName, number>;
  shutdownGraceMs: number;
  stalledCheckMs: number;
  /** The longest the intake waits for Redis to store a job (JOBS_INTAKE_TIMEOUT_MS). */
  intakeTimeoutMs: number;
}

/** `mail=8,pdf=1` read into a concurrency per queue; a queue not named takes `fallback`. */
export function concurrencyByQueue(spec: string, fallback: number): Record<JobQueueName, number> {
  const concurrency = Object.fromEntries(JOB_QUEUE_NAMES.map((queue) => [queue, fallback])) as Record<
    JobQueueName,
    number
  >;
  for (const entry of spec ? spec.split(',') : []) {
    const [queue, value] = entry.split('=');
    if (!(JOB_QUEUE_NAMES as string[]).includes(queue)) {
      throw new ConfigError([
        `JOBS_CONCURRENCY: there is no queue "${queue}" (${JOB_QUEUE_NAMES.join(', ')})`,
      ]);
    }
    const count = Number(value);
    if (count < 1 || count > 100) {
      throw new ConfigError([`JOBS_CONCURRENCY: ${queue} must run 1 to 100 jobs at once`]);
    }
    concurrency[queue as JobQueueName] = count;
  }
  return concurrency;
}

export function jobSettings(config: JobsEnv): JobSettings {
  return {
    attempts: config.JOBS_ATTEMPTS,
    backoffMs: config.JOBS_BACKOFF_MS,
    keepCompletedSeconds: config.JOBS_KEEP_COMPLETED_SECONDS,
    concurrency: concurrencyByQueue(config.JOBS_CONCURRENCY, config.JOBS_DEFAULT_CONCURRENCY),
    // Running jobs may finish within the process's own stop deadline, less a margin for closing the rest.
    shutdownGraceMs: Math.max(0, config.SHUTDOWN_TIMEOUT_MS - SHUTDOWN_MARGIN_MS),
    stalledCheckMs: config.JOBS_STALLED_CHECK_MS,
    intakeTimeoutMs: config.JOBS_INTAKE_TIMEOUT_MS,
  };
}
