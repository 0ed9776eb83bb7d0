import { createHash } from 'node:crypto';
import { Injectable, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail, type ThrottlerOptions } from '@nestjs/throttler';
import { ErrorCode, ServiceError } from '@shotcaller/contracts';
import type { Request } from 'express';
import type { GatewayEnv } from '../config.js';

/** Routes with limits of their own, on top of the general per-client limit. */
export type LimitedAction = 'register' | 'sign-in';

const LIMITED_ACTION = 'shotcaller:limited-action';
const MINUTE_MS = 60_000;

/** Puts a route under the limits of an action (registration, sign-in). */
export const RateLimited = (action: LimitedAction) => SetMetadata(LIMITED_ACTION, action);

function actionOf(context: ExecutionContext): LimitedAction | undefined {
  return Reflect.getMetadata(LIMITED_ACTION, context.getHandler()) as LimitedAction | undefined;
}

function requestOf(context: ExecutionContext): Request {
  return context.switchToHttp().getRequest<Request>();
}

const byIp = (req: Record<string, unknown>) => `ip:${String((req as unknown as Request).ip ?? 'unknown')}`;

/**
 * The account an auth request is about: the email in its body, normalised as the campaign service stores it.
 * The body is not validated yet, so anything that is not a plausible email falls back to the client's address.
 * Hashed, so rate-limit keys never hold an email in clear.
 */
const byAccount = (req: Record<string, unknown>) => {
  const email = ((req as unknown as Request).body as { user?: { email?: unknown } } | undefined)?.user?.email;
  if (typeof email !== 'string' || email.length > 254 || !email.includes('@')) return byIp(req);
  return `account:${createHash('sha256').update(email.trim().toLowerCase()).digest('hex')}`;
};

/** Skips health, metrics and the API docs, which monitoring and browsers poll. */
function isOperational(context: ExecutionContext): boolean {
  return /^\/(health|metrics|docs)(\/|$)/.test(requestOf(context).path);
}

export function throttlers(config: GatewayEnv): ThrottlerOptions[] {
  const onlyFor = (action: LimitedAction) => (context: ExecutionContext) => actionOf(context) !== action;
  return [
    {
      name: 'api',
      ttl: MINUTE_MS,
      limit: config.RATE_LIMIT_API_PER_MINUTE,
      getTracker: byIp,
      skipIf: isOperational,
    },
    {
      name: 'register-ip',
      ttl: MINUTE_MS,
      limit: config.RATE_LIMIT_REGISTER_PER_MINUTE,
      getTracker: byIp,
      skipIf: onlyFor('register'),
    },
    {
      name: 'register-email',
      ttl: MINUTE_MS,
      limit: config.RATE_LIMIT_REGISTER_PER_MINUTE,
      getTracker: byAccount,
      skipIf: onlyFor('register'),
    },
    {
      name: 'sign-in-ip',
      ttl: MINUTE_MS,
      limit: config.RATE_LIMIT_SIGN_IN_PER_IP_PER_MINUTE,
      getTracker: byIp,
      skipIf: onlyFor('sign-in'),
    },
    {
      name: 'sign-in-account',
      ttl: MINUTE_MS,
      limit: config.RATE_LIMIT_SIGN_IN_PER_ACCOUNT_PER_MINUTE,
      getTracker: byAccount,
      skipIf: onlyFor('sign-in'),
    },
  ];
}

/** Counters are keyed by who is counted (client address or account), shared by every route of a limit. */
export const keyByTracker = (_context: ExecutionContext, tracker: string) => tracker;

/** @nestjs/throttler's guard, refusing with the API's error shape: 429, `rate_limited`, `retry_after`. */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override async throwThrottlingException(
    _context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const retryAfter = Math.max(1, detail.timeToBlockExpire);
    throw new ServiceError(ErrorCode.RateLimited, `Too many requests; try again in ${retryAfter} s`, {
      retry_after: retryAfter,
    });
  }
}
