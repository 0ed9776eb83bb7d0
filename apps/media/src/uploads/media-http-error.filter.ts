import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { ErrorCode, HTTP_STATUS_BY_ERROR_CODE, type ErrorPayload } from '@shotcaller/contracts';
import { dependencyUnavailable, isDependencyOutage, toServiceError } from '@shotcaller/messaging';
import { requestIdOf } from '@shotcaller/observability';
import type { Request, Response } from 'express';
import { answerThenLinger } from './lingering-close.js';

/** Any failure as the ErrorPayload a client of the service reads; unknown failures say nothing of themselves. */
export function toErrorPayload(exception: unknown): ErrorPayload {
  // The database unreachable: 503 with retry_after, as the NATS handlers answer it.
  if (isDependencyOutage(exception)) return dependencyUnavailable().toPayload();
  return toServiceError(exception).toPayload();
}

/**
 * Writes the media routes' errors as `{statusCode, code, message, details?}` with the status the contracts give
 * the code. A request whose body was not read to its end (refused early: too large, not an image, no token) has
 * its connection closed shortly after the answer (see answerThenLinger): the rest of the body is not stored.
 */
@Catch()
export class MediaHttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('MediaHttpErrorFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    const payload = toErrorPayload(exception);
    if (payload.statusCode >= 500 && payload.code !== ErrorCode.DependencyUnavailable) {
      this.logger.error({ err: exception, req_id: requestIdOf(req, res) }, 'Media request failed');
    }
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const retryAfter = payload.details?.retry_after;
    if (typeof retryAfter === 'number') res.setHeader('Retry-After', String(retryAfter));
    answerThenLinger(req, res, () => res.status(HTTP_STATUS_BY_ERROR_CODE[payload.code]).json(payload));
  }
}
