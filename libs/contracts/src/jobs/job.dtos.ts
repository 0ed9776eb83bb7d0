import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsObject, IsString, Matches, Max, Min, ValidateNested } from 'class-validator';
import { Optional } from '../input-rules.js';
import { JOB_QUEUE_NAMES, type JobQueueName } from './queues.js';

/** A job name within its queue: `welcome`, `character_sheet`... */
export const JOB_NAME_PATTERN = /^[a-z][a-z0-9_]{0,63}$/;
/**
 * A caller-chosen job id, which makes enqueueing idempotent: letters, digits, `_`, `-` and `.`, up to 128
 * (BullMQ refuses `:` in custom ids and reads an all-digit id as one of its own).
 */
export const JOB_ID_PATTERN = /^(?![0-9]+$)[A-Za-z0-9_.-]{1,128}$/;
export const JOB_ATTEMPTS_MAX = 10;
/** The longest a job may be delayed: 7 days. */
export const JOB_DELAY_MAX_MS = 7 * 24 * 60 * 60 * 1000;
/** The longest `jobs.run` waits for a job to finish. */
export const JOB_WAIT_MAX_MS = 60_000;

export class EnqueueJobOptions {
  @ApiPropertyOptional({
    description: 'Makes the call idempotent: a job id already queued is not queued again',
  })
  @Optional()
  @IsString()
  @Matches(JOB_ID_PATTERN, { message: 'must be 1 to 128 letters, digits, "_", "-" or ".", not only digits' })
  job_id?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: JOB_ATTEMPTS_MAX, default: 3 })
  @Optional()
  @IsInt()
  @Min(1)
  @Max(JOB_ATTEMPTS_MAX)
  attempts?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: JOB_DELAY_MAX_MS })
  @Optional()
  @IsInt()
  @Min(0)
  @Max(JOB_DELAY_MAX_MS)
  delay_ms?: number;
}

/**
 * `jobs.enqueue`: stores a job in a queue and answers its id once BullMQ has it. `data` is checked against the
 * shape its queue and name require (see JobDataShapes) before anything is stored.
 */
export class EnqueueJobPayload {
  @ApiProperty({ enum: JOB_QUEUE_NAMES })
  @IsIn(JOB_QUEUE_NAMES)
  queue: JobQueueName;

  @ApiProperty({ pattern: JOB_NAME_PATTERN.source })
  @IsString()
  @Matches(JOB_NAME_PATTERN, { message: 'must be a lower-case job name' })
  name: string;

  @ApiProperty({ type: Object })
  @IsObject()
  data: Record<string, unknown>;

  @ApiPropertyOptional({ type: EnqueueJobOptions })
  @Optional()
  @ValidateNested()
  @Type(() => EnqueueJobOptions)
  options?: EnqueueJobOptions;
}

/** `jobs.run`: enqueues like `jobs.enqueue`, then waits up to `wait_ms` for the job's result. */
export class RunJobPayload extends EnqueueJobPayload {
  @ApiProperty({ minimum: 1, maximum: JOB_WAIT_MAX_MS })
  @IsInt()
  @Min(1)
  @Max(JOB_WAIT_MAX_MS)
  wait_ms: number;
}
