import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { requestIdOf } from './logging/logging.module.js';
import { ErrorCode, ServiceError } from '@shotcaller/contracts';
import { runWithRequestId } from './request-context.js';

/** Visible ASCII without spaces, as Stripe takes keys; the IETF draft's quoted form (`"abc"`) is unquoted first. */
const IDEMPOTENCY_KEY = /^[\x21-\x7E]{1,255}$/;

/**
 * The Idempotency-Key of a state-changing request: absent, or a key of at most 255 visible characters. A bad one
 * is refused (400) rather than ignored, since its client counts on it to make a retry safe.
 */
export function idempotencyKeyOf(req: Request): string | undefined {
  const raw = req.headers['idempotency-key'];
  if (raw === undefined || req.method !== 'POST') return undefined;
  const key = typeof raw === 'string' ? raw.replace(/^"(.*)"$/, '$1') : undefined;
  if (key === undefined || !IDEMPOTENCY_KEY.test(key)) {
    throw new ServiceError(
      ErrorCode.MalformedRequest,
      'The Idempotency-Key header must be 1 to 255 visible characters without spaces',
    );
  }
  return key;
}

/**
 * Makes the request id (and a POST's Idempotency-Key) current for everything the request does, including the
 * NATS calls it makes.
 */
@Injectable()
export class RequestContextMiddleware implements NestMiddleware {
  use(req: Request, res: Response, next: NextFunction): void {
    let key: string | undefined;
    try {
      key = idempotencyKeyOf(req);
    } catch (error) {
      next(error);
      return;
    }
    runWithRequestId(requestIdOf(req, res), next, key);
  }
}
