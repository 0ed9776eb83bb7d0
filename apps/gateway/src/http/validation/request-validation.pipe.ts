import { Injectable, ValidationPipe, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { ErrorCode, ServiceError, toFieldErrors } from '@shotcaller/contracts';

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
 * Checks every body and query against its DTO before any service is asked. Failures answer 422 with errors by
 * field (what the existing clients show under form fields); a body that is not a JSON object answers 400.
 */
@Injectable()
export class RequestValidationPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'body') {
      const body = value ?? {};
      if (typeof body !== 'object' || Array.isArray(body)) {
        throw new ServiceError(ErrorCode.MalformedRequest, 'The request body must be a JSON object');
      }
      return bodies.transform(body, metadata);
    }
    if (metadata.type === 'query') return queries.transform(value ?? {}, metadata);
    return value;
  }
}
