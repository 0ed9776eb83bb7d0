import { Injectable, ValidationPipe, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import {
  assertAcceptableInput,
  ErrorCode,
  isStorableText,
  Messages,
  ServiceError,
  toFieldErrors,
} from '@shotcaller/contracts';

const refuse = (errors: Parameters<typeof toFieldErrors>[0]) =>
  ServiceError.validation(toFieldErrors(errors));

/** Bodies: unknown fields are refused, so a typo never passes silently. */
const bodies = new ValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  transform: true,
  exceptionFactory: refuse,
});

/** Query strings: unknown parameters are dropped, as browsers and caches add their own. */
const queries = new ValidationPipe({
  whitelist: true,
  forbidUnknownValues: true,
  transform: true,
  exceptionFactory: refuse,
});

/**
 * Checks every body, query and path parameter before any service is asked. The shape comes first (bounded
 * nesting and sizes, text without NUL or unpaired surrogates), then the DTO's rules. Field failures answer 422
 * with errors by field (what the existing clients show under form fields); a route that takes a body and got none
 * answers 422 too; a body that is not a JSON object, or a path segment holding characters no record id has,
 * answers 400.
 */
@Injectable()
export class RequestValidationPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'body') {
      if (value === undefined) {
        throw ServiceError.validation({ base: [Messages.bodyRequired] }, 'The request needs a JSON body');
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw new ServiceError(ErrorCode.MalformedRequest, 'The request body must be a JSON object');
      }
      assertAcceptableInput(value, ErrorCode.ValidationFailed);
      return bodies.transform(value, metadata);
    }
    if (metadata.type === 'query') {
      assertAcceptableInput(value ?? {}, ErrorCode.ValidationFailed);
      return queries.transform(value ?? {}, metadata);
    }
    if (metadata.type === 'param' && typeof value === 'string' && !isStorableText(value)) {
      throw new ServiceError(ErrorCode.MalformedRequest, 'The URL holds characters that are not allowed');
    }
    return value;
  }
}
