import { Catch, Inject, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { Metrics, requestIdOf } from '@shotcaller/observability';
import type { Request, Response } from 'express';
import { errorResponse, toClientError } from './http-errors.js';

/** The one place HTTP errors are written: typed errors become their status and body; nothing leaks a stack. */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpErrorFilter');

  constructor(@Inject(Metrics) private readonly metrics: Metrics) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    const error = toClientError(exception);
    const requestId = requestIdOf(req, res);
    if (error.status >= 500) {
      // Something down behind the gateway (503) is reported where it is noticed; the request line says the rest.
      if (error.status !== 503) {
        this.logger.error({ err: exception, req_id: requestId, code: error.code }, 'Request failed');
      }
      this.metrics.errors.inc({ source: 'gateway', code: error.code });
    }
    if (res.headersSent) return;
    const retryAfter = error.details?.retry_after;
    if (typeof retryAfter === 'number') res.setHeader('Retry-After', String(retryAfter));
    res.status(error.status).json(errorResponse(error, requestId));
  }
}
