import type { NextFunction, Request, Response } from 'express';
import { ErrorCode, ServiceError } from '@shotcaller/contracts';

/** Body types the API reads: JSON everywhere, multipart where a route takes a record with a file. */
const READABLE = ['application/json', 'multipart/form-data'];

function hasBody(req: Request): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/**
 * Refuses a body of a type the API does not read (text/plain, XML, form encoding) with 415, instead of letting
 * the route run as if no body had been sent.
 */
export function refuseUnreadableBodies(req: Request, _res: Response, next: NextFunction): void {
  if (hasBody(req) && !req.is(READABLE)) {
    next(
      new ServiceError(
        ErrorCode.UnsupportedMediaType,
        'Send the body as JSON (Content-Type: application/json)',
      ),
    );
    return;
  }
  next();
}
