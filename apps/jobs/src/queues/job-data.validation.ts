import { ValidationPipe, type Type } from '@nestjs/common';
import { ValidationError } from 'class-validator';
import {
  JobDataShapes,
  ServiceError,
  toFieldErrors,
  type FieldErrors,
  type JobQueueName,
} from '@shotcaller/contracts';

const SHAPES: Partial<Record<JobQueueName, Record<string, Type<object>>>> = JobDataShapes;

/** The DTO a job's data must pass, or undefined when its queue runs no job of that name. */
export function jobDataShape(queue: JobQueueName, name: string): Type<object> | undefined {
  const names = SHAPES[queue];
  return names && Object.hasOwn(names, name) ? names[name] : undefined;
}

/**
 * Field errors under `data.`, as the caller sent them. Nesting the tree under `data` also keeps nested keys whole:
 * at the root, a key like `character` would be read as a request body's envelope and dropped.
 */
function underData(errors: ValidationError[]): FieldErrors {
  const data = Object.assign(new ValidationError(), { property: 'data', children: errors });
  return toFieldErrors([data]);
}

const validation = new ValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  exceptionFactory: (errors) => ServiceError.invalidPayload(underData(errors)),
});

/**
 * A job's data checked against the shape its queue and name require, unknown fields refused; answers the data as
 * it will be stored (plain JSON). A name the queue does not run is refused like a bad field.
 */
export async function validJobData(
  queue: JobQueueName,
  name: string,
  data: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const shape = jobDataShape(queue, name);
  if (!shape) throw ServiceError.invalidPayload({ name: [`is not a job of the ${queue} queue`] });
  const checked: unknown = await validation.transform(data, { type: 'body', metatype: shape });
  return JSON.parse(JSON.stringify(checked)) as Record<string, unknown>;
}
