import { createParamDecorator, type ExecutionContext, type PipeTransform, type Type } from '@nestjs/common';
import { assertAcceptableInput, ErrorCode, Messages, ServiceError } from '@shotcaller/contracts';
import type { Request } from 'express';
import { RequestValidationPipe } from '../validation/request-validation.pipe.js';

const validation = new RequestValidationPipe();

/**
 * A body a route may go without (the Rails-era client sends none to some actions): absent, or a JSON object valid
 * for `dto`, checked as any body is (bounded shape, storable text, unknown fields refused). Without a `dto` the
 * route takes no fields: nothing, or `{}`. A form body is a type these routes do not read: 415.
 */
export const OptionalBody = <T extends object>(dto?: Type<T>) => RawBody(new OptionalBodyPipe<T>(dto));

/** The request's body as the parsers left it; a custom parameter, so the global pipe lets it through untouched. */
const RawBody = createParamDecorator((_: unknown, context: ExecutionContext): unknown => {
  const request = context.switchToHttp().getRequest<Request>();
  if (request.is('multipart/form-data')) {
    throw new ServiceError(
      ErrorCode.UnsupportedMediaType,
      'Send the body as JSON (Content-Type: application/json)',
    );
  }
  return request.body as unknown;
});

class OptionalBodyPipe<T extends object> implements PipeTransform<unknown, T | undefined> {
  constructor(private readonly dto?: Type<T>) {}

  transform(value: unknown): T | undefined {
    if (value === undefined) return undefined;
    if (this.dto) return validation.transform(value, { type: 'body', metatype: this.dto }) as T;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new ServiceError(ErrorCode.MalformedRequest, 'The request body must be a JSON object');
    }
    assertAcceptableInput(value, ErrorCode.ValidationFailed);
    const fields = Object.keys(value);
    if (fields.length > 0) {
      throw ServiceError.validation(
        Object.fromEntries(fields.map((field) => [field, [Messages.notPermitted]])),
      );
    }
    return undefined;
  }
}
