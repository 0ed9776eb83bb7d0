import { Logger } from '@nestjs/common';
import { ErrorCode, ServiceError } from '@shotcaller/contracts';

/**
 * SQLSTATEs of a database that is not there or not taking work: connection exceptions (class 08), an
 * administrator or crash shutdown and a server still starting (57P01-57P03), too many connections (53300).
 */
const UNAVAILABLE_SQLSTATE = /^(08[0-9A-Z]{3}|57P0[1-3]|53300)$/;

/** Socket failures of a store that went away or cannot be reached. */
const UNREACHABLE_ERRNO = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** What the PostgreSQL driver says when its connection dies or cannot be made (it sets no code for these). */
const LOST_CONNECTION =
  /connection terminated|connection (is )?closed|timeout exceeded when trying to connect|client has encountered a connection error|terminating connection due to administrator command/i;

/** Seconds a caller should wait before retrying while a store is down: a restart usually takes about that. */
export const OUTAGE_RETRY_AFTER_SECONDS = 2;

/**
 * Whether a failure means a store the service depends on is unreachable (rather than a bug): a MikroORM
 * ConnectionException, a SQLSTATE of an unavailable server, a socket error, a dropped connection, or the service's
 * own 503 `dependency_unavailable` (a handler that found the store away before asking it), anywhere in the cause
 * chain.
 */
export function isDependencyOutage(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 5) return false;
  const { name, code, message, cause, errors } = error as {
    name?: unknown;
    code?: unknown;
    message?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  if (name === 'ConnectionException' || code === ErrorCode.DependencyUnavailable) return true;
  if (typeof code === 'string' && (UNAVAILABLE_SQLSTATE.test(code) || UNREACHABLE_ERRNO.has(code)))
    return true;
  if (typeof message === 'string' && LOST_CONNECTION.test(message)) return true;
  if (Array.isArray(errors) && errors.some((inner) => isDependencyOutage(inner, depth + 1))) return true;
  return isDependencyOutage(cause, depth + 1);
}

export function dependencyUnavailable(): ServiceError {
  return new ServiceError(
    ErrorCode.DependencyUnavailable,
    'A store this service needs is unavailable; try again shortly',
    {
      retry_after: OUTAGE_RETRY_AFTER_SECONDS,
    },
  );
}

/** How often an outage that goes on is logged again, with the number of requests it refused meanwhile. */
const REPORT_EVERY_MS = 30_000;

/**
 * Logs an outage once when it starts, then a line every 30 s with the requests refused since, instead of one
 * error with a stack per request: an unreachable store is an operational event, not a bug.
 */
export class OutageLog {
  private readonly logger = new Logger('Outage');
  private reportedAt = 0;
  private refusedSince = 0;

  refused(subject: string, now = Date.now()): void {
    this.refusedSince += 1;
    if (now - this.reportedAt < REPORT_EVERY_MS) return;
    this.logger.warn(
      { subject, refused: this.refusedSince },
      this.reportedAt === 0
        ? 'A store is unavailable: requests that need it are answered 503'
        : 'A store is still unavailable',
    );
    this.reportedAt = now;
    this.refusedSince = 0;
  }
}
