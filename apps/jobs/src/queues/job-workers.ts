import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { BullmqConnection } from '@shotcaller/persistence';
import type { JobEnvelope } from './job-envelope.js';
import { JobFailure } from './job-failure.js';
import { JobMetrics } from './job-metrics.js';
import { abandonedMarkKey, JOB_ABANDONED, mayHaveBeenAbandoned } from './job-intake.rules.js';
import { failedReasonOf, isFinalFailure } from './job-outcome.rules.js';
import { JOB_BACKOFF_TYPE, retryDelayMs } from './job-backoff.rules.js';
import { JobOutcomes } from './job-outcomes.js';
import type { JobRunner } from './job-runner.js';
import { JOB_SETTINGS, type JobSettings } from './job-settings.js';

export const JOB_RUNNERS = Symbol('JOB_RUNNERS');

/**
 * One BullMQ worker per queue that has a runner, started once the app is up. On shutdown the workers stop taking
 * jobs and the running ones may finish (within SHUTDOWN_TIMEOUT_MS, less a margin); whatever is still waiting stays queued
 * for the next start, and a job cut short is taken again by BullMQ's stalled-job check.
 */
@Injectable()
export class JobWorkers implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(JobWorkers.name);
  private readonly workers: Worker<JobEnvelope>[] = [];

  constructor(
    @Inject(JOB_RUNNERS) private readonly runners: JobRunner[],
    @Inject(BullmqConnection) private readonly bullmq: BullmqConnection,
    @Inject(JOB_SETTINGS) private readonly settings: JobSettings,
    private readonly outcomes: JobOutcomes,
    private readonly metrics: JobMetrics,
  ) {}

  onApplicationBootstrap(): void {
    for (const runner of this.runners) {
      const worker = new Worker<JobEnvelope>(runner.queue, (job) => this.run(runner, job), {
        connection: this.bullmq.connection,
        prefix: this.bullmq.prefix,
        concurrency: this.settings.concurrency[runner.queue],
        lockDuration: this.settings.stalledCheckMs,
        stalledInterval: this.settings.stalledCheckMs,
        settings: { backoffStrategy: (made, type, error) => this.retryDelay(made, type, error) },
        autorun: false,
      });
      worker.on('completed', (job, result) => this.outcomes.completed(job, result));
      worker.on('failed', (job, error) => {
        if (job && isFinalFailure(error, job.attemptsMade, job.opts.attempts ?? 1)) this.outcomes.failed(job);
      });
      worker.on('error', (error) => this.logger.warn({ err: error, queue: runner.queue }, 'Worker error'));
      this.workers.push(worker);
      void worker.run();
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    const closing = Promise.all(this.workers.map((worker) => worker.close()));
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), this.settings.shutdownGraceMs);
    });
    const ended = await Promise.race([closing.then(() => 'finished' as const), grace]);
    clearTimeout(timer);
    if (ended === 'late') {
      this.logger.warn('Jobs still running at the end of the shutdown grace; they will be taken again');
      await Promise.all(this.workers.map((worker) => worker.close(true)));
    }
  }

  private async run(runner: JobRunner, job: Job<JobEnvelope>): Promise<unknown> {
    const started = performance.now();
    let outcome = 'completed';
    try {
      if (await this.wasAbandoned(job)) {
        this.logger.warn(
          { job_id: job.id, queue: runner.queue },
          'A job stored after its intake gave up: not run',
        );
        throw JobFailure.permanent(
          JOB_ABANDONED,
          'The request that queued this job was answered with an error before the job was stored; it was not run',
        );
      }
      return await runner.run({
        id: String(job.id),
        name: job.name,
        data: job.data.data,
        attemptsMade: job.attemptsMade,
        attempts: job.opts.attempts ?? 1,
        userId: job.data.user_id,
      });
    } catch (error) {
      outcome = 'failed';
      const reason = failedReasonOf(error);
      if (!(error instanceof JobFailure)) {
        this.logger.warn({ err: error, job_id: job.id, queue: runner.queue }, 'A job failed');
      }
      if (error instanceof JobFailure && !error.retry) throw new UnrecoverableError(reason);
      throw Object.assign(new Error(reason), {
        retryAfterMs: error instanceof JobFailure ? error.retryAfterMs : undefined,
      });
    } finally {
      this.metrics.duration.observe({ queue: runner.queue, outcome }, (performance.now() - started) / 1000);
    }
  }

  /**
   * Whether the intake answered this job's request with an error and marked it abandoned (JobIntake): looked up
   * only for a first attempt that starts once the intake could have given up on it.
   */
  private async wasAbandoned(job: Job<JobEnvelope>): Promise<boolean> {
    const intake = job.data.intake;
    if (!intake || !mayHaveBeenAbandoned(intake, job.attemptsMade, Date.now())) return false;
    return (await this.bullmq.connection.exists(abandonedMarkKey(this.bullmq.prefix, intake.token))) === 1;
  }

  /** BullMQ's custom backoff: JOB_BACKOFF_TYPE, the only one jobs are queued with. */
  private retryDelay(attemptsMade: number, type: string | undefined, error: Error | undefined): number {
    if (type !== JOB_BACKOFF_TYPE) throw new Error(`Unknown backoff ${type}`);
    const asked = (error as { retryAfterMs?: number } | undefined)?.retryAfterMs;
    return retryDelayMs(attemptsMade, this.settings.backoffMs, asked);
  }
}
