/**
 * Error codes that cross service boundaries, and the one table that turns them into HTTP statuses. A service
 * throws a ServiceError; the RPC filter sends its payload over NATS; the gateway rebuilds it and answers with
 * the status below.
 */
export const ErrorCode = {
  /** The request could not be read at all (malformed JSON, a body that is not an object). */
  MalformedRequest: 'malformed_request',
  /** A NATS payload that breaks its contract: the gateway and a service disagree on a shape. */
  InvalidPayload: 'invalid_payload',
  /** Field values that break a rule; carries `errors: {field: [messages]}`. */
  ValidationFailed: 'validation_failed',
  Unauthenticated: 'unauthenticated',
  InvalidCredentials: 'invalid_credentials',
  AccountLocked: 'account_locked',
  Forbidden: 'forbidden',
  NotFound: 'not_found',
  RouteNotFound: 'route_not_found',
  Conflict: 'conflict',
  /** The thing existed and has ended (a location session): 410. */
  Gone: 'gone',
  PayloadTooLarge: 'payload_too_large',
  UnsupportedMediaType: 'unsupported_media_type',
  RateLimited: 'rate_limited',
  Internal: 'internal_error',
  ServiceUnavailable: 'service_unavailable',
  DependencyUnavailable: 'dependency_unavailable',
  UpstreamTimeout: 'upstream_timeout',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export const HTTP_STATUS_BY_ERROR_CODE: Record<ErrorCode, number> = {
  malformed_request: 400,
  invalid_payload: 400,
  validation_failed: 422,
  unauthenticated: 401,
  invalid_credentials: 401,
  account_locked: 401,
  forbidden: 403,
  not_found: 404,
  route_not_found: 404,
  conflict: 409,
  gone: 410,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal_error: 500,
  service_unavailable: 503,
  dependency_unavailable: 503,
  upstream_timeout: 504,
};

/** `{field: [messages]}`, keyed like the Rails API: the attribute name, dotted for nested values. */
export type FieldErrors = Record<string, string[]>;

export interface ErrorDetails {
  errors?: FieldErrors;
  retry_after?: number;
  [key: string]: unknown;
}

/** What crosses NATS when a handler fails. */
export interface ErrorPayload {
  statusCode: number;
  code: ErrorCode;
  message: string;
  details?: ErrorDetails;
}

const KNOWN_CODES = new Set<string>(Object.values(ErrorCode));

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && KNOWN_CODES.has(value);
}

export function isErrorPayload(value: unknown): value is ErrorPayload {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<ErrorPayload>;
  return isErrorCode(candidate.code) && typeof candidate.message === 'string';
}

/** A failure a caller should see as it is: a code, a human message and optional details. */
export class ServiceError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetails,
  ) {
    super(message);
    this.name = 'ServiceError';
  }

  get status(): number {
    return HTTP_STATUS_BY_ERROR_CODE[this.code];
  }

  toPayload(): ErrorPayload {
    return {
      statusCode: this.status,
      code: this.code,
      message: this.message,
      ...(this.details ? { details: this.details } : {}),
    };
  }

  static fromPayload(payload: ErrorPayload): ServiceError {
    return new ServiceError(payload.code, payload.message, payload.details);
  }

  static notFound(message = 'Record not found'): ServiceError {
    return new ServiceError(ErrorCode.NotFound, message);
  }

  static forbidden(message: string): ServiceError {
    return new ServiceError(ErrorCode.Forbidden, message);
  }

  static unauthenticated(message = 'Authentication required'): ServiceError {
    return new ServiceError(ErrorCode.Unauthenticated, message);
  }

  static conflict(message: string, details?: ErrorDetails): ServiceError {
    return new ServiceError(ErrorCode.Conflict, message, details);
  }

  static validation(errors: FieldErrors, message = 'Validation failed'): ServiceError {
    return new ServiceError(ErrorCode.ValidationFailed, message, { errors });
  }

  static invalidPayload(errors: FieldErrors): ServiceError {
    return new ServiceError(ErrorCode.InvalidPayload, 'The message does not match its contract', { errors });
  }
}
