import { createHash } from 'node:crypto';
import { Inject, Injectable, SetMetadata, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { ErrorCode, ServiceError } from '@shotcaller/contracts';
import type { AuthenticatedUser } from '@shotcaller/auth';
import type { Request } from 'express';
import type { GatewayEnv } from '../config.js';
import type { LimitBudget } from './limit-budget.js';

/** Routes with limits of their own, on top of the general per-client limit. */
export type LimitedAction = 'register' | 'sign-in' | 'invite';

const LIMITED_ACTION = 'shotcaller:limited-action';
export const MINUTE_MS = 60_000;

/** Puts a route under the limits of an action (registration, sign-in, inviting). */
export const RateLimited = (action: LimitedAction) => SetMetadata(LIMITED_ACTION, action);

export interface RateLimitRule {
  name: string;
  /** Requests a minute per client address, account or signed-in user. */
  limit: number;
  /** `api`: every route but the operational ones; otherwise the routes of that action. */
  appliesTo: 'api' | LimitedAction;
  /**
   * `user`: the verified user of the request's token, so these are counted after the token check (by
   * UserRateLimitGuard); the others before it.
   */
  countsBy: 'ip' | 'account' | 'user';
}

/** Invitations made or resent per user and minute, unless configured otherwise. */
export const DEFAULT_INVITE_PER_USER_PER_MINUTE = 5;

/** The limits, in the order they are counted: a refused request is not counted by the limits after it. */
export function rateLimitRules(
  config: Pick<
    GatewayEnv,
    | 'RATE_LIMIT_API_PER_MINUTE'
    | 'RATE_LIMIT_REGISTER_PER_MINUTE'
    | 'RATE_LIMIT_SIGN_IN_PER_IP_PER_MINUTE'
    | 'RATE_LIMIT_SIGN_IN_PER_ACCOUNT_PER_MINUTE'
  > &
    Partial<Pick<GatewayEnv, 'RATE_LIMIT_INVITE_PER_USER_PER_MINUTE'>>,
): RateLimitRule[] {
  return [
    { name: 'api', limit: config.RATE_LIMIT_API_PER_MINUTE, appliesTo: 'api', countsBy: 'ip' },
    {
      name: 'register-ip',
      limit: config.RATE_LIMIT_REGISTER_PER_MINUTE,
      appliesTo: 'register',
      countsBy: 'ip',
    },
    {
      name: 'register-email',
      limit: config.RATE_LIMIT_REGISTER_PER_MINUTE,
      appliesTo: 'register',
      countsBy: 'account',
    },
    {
      name: 'sign-in-ip',
      limit: config.RATE_LIMIT_SIGN_IN_PER_IP_PER_MINUTE,
      appliesTo: 'sign-in',
      countsBy: 'ip',
    },
    {
      name: 'sign-in-account',
      limit: config.RATE_LIMIT_SIGN_IN_PER_ACCOUNT_PER_MINUTE,
      appliesTo: 'sign-in',
      countsBy: 'account',
    },
    {
      name: 'invite-user',
      limit: config.RATE_LIMIT_INVITE_PER_USER_PER_MINUTE ?? DEFAULT_INVITE_PER_USER_PER_MINUTE,
      appliesTo: 'invite',
      countsBy: 'user',
    },
  ];
}

export interface ActiveLimit {
  rule: RateLimitRule;
  budget: LimitBudget;
}

export const ACTIVE_LIMITS = Symbol('ACTIVE_LIMITS');

/** Health, metrics and the API docs, which monitoring and browsers poll. */
const OPERATIONAL_PATH = /^\/(health|metrics|docs)(\/|$)/;

/**
 * The account an auth request is about: the email in its body, normalised as the campaign service stores it.
 * The body is not validated yet, so anything that is not a plausible email falls back to the client's address.
 * Hashed, so rate-limit keys never hold an email in clear.
 */
function accountKey(request: Request, ipKey: string): string {
  const email = (request.body as { user?: { email?: unknown } } | undefined)?.user?.email;
  if (typeof email !== 'string' || email.length > 254 || !email.includes('@')) return ipKey;
  return `account:${createHash('sha256').update(email.trim().toLowerCase()).digest('hex')}`;
}

function rateLimited(waitMs: number): ServiceError {
  const retryAfter = Math.max(1, Math.ceil(waitMs / 1000));
  return new ServiceError(ErrorCode.RateLimited, `Too many requests; try again in ${retryAfter} s`, {
    retry_after: retryAfter,
  });
}

/** The verified user of a request (set by the token check), keyed by id; the address where there is none. */
function userKey(request: Request, ipKey: string): string {
  const id = (request as Request & { user?: AuthenticatedUser }).user?.actor.id;
  return id === undefined ? ipKey : `user:${id}`;
}

/** The key a rule counts a request under. */
function keyOf(rule: RateLimitRule, request: Request, ipKey: string): string {
  if (rule.countsBy === 'ip') return ipKey;
  if (rule.countsBy === 'user') return userKey(request, ipKey);
  return accountKey(request, ipKey);
}

/** Counts the request against `limits` from `from` on, in order; throws the first refusal. */
function admit(
  limits: readonly ActiveLimit[],
  from: number,
  request: Request,
  ipKey: string,
): true | Promise<true> {
  for (let index = from; index < limits.length; index += 1) {
    const { rule, budget } = limits[index];
    const waitMs = budget.admit(keyOf(rule, request, ipKey));
    if (typeof waitMs !== 'number') {
      return waitMs.then((reservedWaitMs) => {
        if (reservedWaitMs > 0) throw rateLimited(reservedWaitMs);
        return admit(limits, index + 1, request, ipKey);
      });
    }
    if (waitMs > 0) throw rateLimited(waitMs);
  }
  return true;
}

/**
 * Refuses requests over the limits with the API's error shape: 429, `rate_limited`, `retry_after` (seconds until
 * the window ends). Budgets are spent locally and reserved from Redis in chunks (see LimitBudget).
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  /** The limits of each route handler, worked out on its first request. */
  private readonly limitsByHandler = new WeakMap<object, readonly ActiveLimit[]>();

  constructor(@Inject(ACTIVE_LIMITS) private readonly limits: readonly ActiveLimit[]) {}

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<Request>();
    const limits = this.limitsOf(context, request);
    if (limits.length === 0) return true;
    return admit(limits, 0, request, `ip:${request.ip ?? 'unknown'}`);
  }

  private limitsOf(context: ExecutionContext, request: Request): readonly ActiveLimit[] {
    const handler = context.getHandler();
    let limits = this.limitsByHandler.get(handler);
    if (limits === undefined) {
      const action = Reflect.getMetadata(LIMITED_ACTION, handler) as LimitedAction | undefined;
      // The route's pattern (`/health/live`), the same for every request of the handler.
      const operational = OPERATIONAL_PATH.test(String(request.route?.path ?? request.path));
      // Per-user limits wait for the token check (UserRateLimitGuard).
      limits = this.limits.filter(
        ({ rule }) =>
          rule.countsBy !== 'user' && (rule.appliesTo === 'api' ? !operational : rule.appliesTo === action),
      );
      this.limitsByHandler.set(handler, limits);
    }
    return limits;
  }
}

/**
 * The per-user limits (inviting): counted after the token check, by the verified user id, so a user cannot dodge
 * them by changing address and nobody can spend another user's budget. Registered after JwtAuthGuard.
 */
@Injectable()
export class UserRateLimitGuard implements CanActivate {
  private readonly limitsByHandler = new WeakMap<object, readonly ActiveLimit[]>();

  constructor(@Inject(ACTIVE_LIMITS) private readonly limits: readonly ActiveLimit[]) {}

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const handler = context.getHandler();
    let limits = this.limitsByHandler.get(handler);
    if (limits === undefined) {
      const action = Reflect.getMetadata(LIMITED_ACTION, handler) as LimitedAction | undefined;
      limits = this.limits.filter(({ rule }) => rule.countsBy === 'user' && rule.appliesTo === action);
      this.limitsByHandler.set(handler, limits);
    }
    if (limits.length === 0) return true;
    const request = context.switchToHttp().getRequest<Request>();
    return admit(limits, 0, request, `ip:${request.ip ?? 'unknown'}`);
  }
}
