import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Job, JobsOptions } from 'bullmq';
import {
  ErrorCode,
  ServiceError,
  type EnqueuedJobView,
  type EnqueueJobPayload,
  type FinishedJobView,
  type RunJobPayload,
} from '@shotcaller/contracts';
import { dependencyUnavailable } from '@shotcaller/messaging';
import { JOB_BACKOFF_TYPE } from './job-backoff.rules.js';
import { validJobData } from './job-data.validation.js';
import type { JobEnvelope, JobIntakeMark } from './job-envelope.js';
import { ABANDONED_MARK_KEPT_MS, abandonedMarkKey, intakeDeadline } from './job-intake.rules.js';
import { failureFromReason } from './job-outcome.rules.js';
import { JobQueueSet } from './job-queue-set.js';
import { JOB_SETTINGS, type JobSettings } from './job-settings.js';
import { QueueConnection } from './queue-connection.js';

/**
 * Takes jobs in: validates their data, stores them in BullMQ, and (for `jobs.run`) waits for their outcome.
 *
 * A job is stored before its caller is answered, or not at all as far as the caller can tell: while Redis is
 * unreachable the intake answers 503 `dependency_unavailable` at once, sending nothing (the queues' connection has
 * no offline queue); when Redis has not stored the job by the intake's deadline (JOBS_INTAKE_TIMEOUT_MS, or sooner
 * when the caller stops waiting sooner) it answers 503 and marks the attempt abandoned, so a job Redis stores
 * afterwards anyway is failed by its worker (`job_abandoned`) instead of run.
 */
@Injectable()
export class JobIntake {
  private readonly logger = new Logger(JobIntake.name);

  constructor(
    private readonly queues: JobQueueSet,
    @Inject(JOB_SETTINGS) private readonly settings: JobSettings,
    @Inject(QueueConnection) private readonly connection: QueueConnection,
  ) {}

  /**
   * Answers once BullMQ stored the job; a job id already stored is answered as it is, not queued again.
   * `callerDeadline` is when the caller stops waiting (epoch ms, from its request), when it said.
   */
  async enqueue(
    payload: EnqueueJobPayload,
    userId: string | null,
    callerDeadline?: number,
  ): Promise<EnqueuedJobView> {
    const answerBy = this.answerBy(callerDeadline);
    const data = await validJobData(payload.queue, payload.name, payload.data);
    const job = await this.store(payload, data, userId, answerBy);
    return { job_id: String(job.id), queue: payload.queue, name: payload.name };
  }

  /**
   * Stores the job, then waits up to `wait_ms` for it to finish: its result, or the failure of its last attempt
   * (422 with the job's own code and message when it said no retry would help; 503 otherwise), or 504.
   */
  async run(
    payload: RunJobPayload,
    userId: string | null,
    callerDeadline?: number,
  ): Promise<FinishedJobView> {
    const answerBy = this.answerBy(callerDeadline);
    const data = await validJobData(payload.queue, payload.name, payload.data);
    this.assertConnected();
    // Listening before the job is stored, so its end cannot be missed; bounded like storing it.
    const events = await this.beforeDeadline(this.queues.eventsOf(payload.queue), answerBy).catch(
      (error: unknown) => {
        throw this.unavailable(error);
      },
    );
    const job = await this.store(payload, data, userId, answerBy);
    const view = { job_id: String(job.id), queue: payload.queue, name: payload.name };
    try {
      const result: unknown = await job.waitUntilFinished(events, payload.wait_ms);
      return { ...view, result };
    } catch {
      const { state, failedReason } = await this.endOf(payload, String(job.id));
      if (state !== 'failed') {
        throw new ServiceError(ErrorCode.UpstreamTimeout, 'The job did not finish in time', view);
      }
      const { final, ...error } = failureFromReason(failedReason);
      const code = final ? ErrorCode.ValidationFailed : ErrorCode.ServiceUnavailable;
      throw new ServiceError(code, error.message, { ...view, error });
    }
  }

  private answerBy(callerDeadline: number | undefined): number {
    return intakeDeadline(Date.now(), this.settings.intakeTimeoutMs, callerDeadline);
  }

  private async store(
    payload: EnqueueJobPayload,
    data: Record<string, unknown>,
    userId: string | null,
    answerBy: number,
  ): Promise<Job> {
    const intake: JobIntakeMark = { token: randomUUID(), answer_by: answerBy };
    const envelope: JobEnvelope = { user_id: userId, data, intake };
    const options = payload.options ?? {};
    const jobOptions: JobsOptions = {
      attempts: options.attempts ?? this.settings.attempts,
      backoff: { type: JOB_BACKOFF_TYPE },
      removeOnComplete: { age: this.settings.keepCompletedSeconds },
      removeOnFail: false,
      ...(options.job_id ? { jobId: options.job_id } : {}),
      ...(options.delay_ms ? { delay: options.delay_ms } : {}),
    };
    this.assertConnected();
    if (answerBy <= Date.now()) {
      throw new ServiceError(
        ErrorCode.UpstreamTimeout,
        'The caller stops waiting before the job could be stored',
      );
    }
    const adding = this.queues.queue(payload.queue).add(payload.name, envelope, jobOptions);
    try {
      return await this.beforeDeadline(adding, answerBy);
    } catch (error) {
      this.abandon(payload, intake, options.delay_ms ?? 0, adding);
      throw this.unavailable(error);
    }
  }

  /**
   * The caller is about to be answered 503, yet the job may still be stored: Redis got the command and answers
   * late, or the connection broke after sending it. The mark goes on the same connection, and Redis runs one
   * connection's commands in order, so if Redis stores the job it stores the mark right after; the worker that
   * takes the job then finds the mark and fails it without running it. (Should the connection break between the
   * two, or Redis have stored the job in time and only its answer be late, the job may run: see docs/jobs.md.)
   */
  private abandon(payload: EnqueueJobPayload, intake: JobIntakeMark, delayMs: number, adding: Promise<Job>) {
    const where = { queue: payload.queue, name: payload.name };
    this.connection.redis
      .set(
        abandonedMarkKey(this.connection.prefix, intake.token),
        '1',
        'PX',
        delayMs + ABANDONED_MARK_KEPT_MS,
      )
      .catch((error: unknown) =>
        this.logger.warn(
          { err: error, ...where },
          'Could not mark a job abandoned; if Redis stored it, it runs',
        ),
      );
    adding.then(
      (job) =>
        this.logger.warn(
          { job_id: job.id, ...where },
          'A job was stored after its request was answered 503: its worker fails it as abandoned, unrun',
        ),
      // Its failure is what the caller was answered (503) already.
      () => undefined,
    );
  }

  /** Redis is not connected now: answered at once, with nothing sent. */
  private assertConnected(): void {
    if (!this.connection.ready) {
      throw this.unavailable(new Error(`Redis connection is ${this.connection.redis.status}`));
    }
  }

  /** How a job that did not finish in time ended (or not), read from Redis. */
  private async endOf(payload: RunJobPayload, jobId: string) {
    try {
      const stored = await this.queues.queue(payload.queue).getJob(jobId);
      return { state: stored ? await stored.getState() : 'unknown', failedReason: stored?.failedReason };
    } catch (error) {
      throw this.connection.ready ? error : this.unavailable(error);
    }
  }

  /** `work`, or an error once `answerBy` comes first. */
  private async beforeDeadline<T>(work: Promise<T>, answerBy: number): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      const passed = () => reject(new Error('Redis did not answer before the intake deadline'));
      timer = setTimeout(passed, Math.max(0, answerBy - Date.now()));
    });
    try {
      return await Promise.race([work, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** 503 `dependency_unavailable` (with `retry_after`), the shape every service answers an unreachable store with. */
  private unavailable(cause: unknown): ServiceError {
    const error = dependencyUnavailable();
    error.cause = cause;
    return error;
  }
}
