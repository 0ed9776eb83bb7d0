import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { requestIdOf } from './logging/logging.module.js';
import { runWithRequestId } from './request-context.js';

/** Makes the request id current for everything the request does, including the NATS calls it makes. */
@Injectable()
export class RequestContextMiddleware implements NestMiddleware {
  use(req: Request, res: Response, next: NextFunction): void {
    runWithRequestId(requestIdOf(req, res), next);
  }
}
