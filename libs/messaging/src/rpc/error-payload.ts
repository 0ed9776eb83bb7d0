import { HttpException } from '@nestjs/common';
import { ErrorCode, HTTP_STATUS_BY_ERROR_CODE, ServiceError, type ErrorPayload } from '@shotcaller/contracts';

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: ErrorCode.MalformedRequest,
  401: ErrorCode.Unauthenticated,
  403: ErrorCode.Forbidden,
  404: ErrorCode.NotFound,
  409: ErrorCode.Conflict,
  413: ErrorCode.PayloadTooLarge,
  415: ErrorCode.UnsupportedMediaType,
  422: ErrorCode.ValidationFailed,
  429: ErrorCode.RateLimited,
  503: ErrorCode.ServiceUnavailable,
  504: ErrorCode.UpstreamTimeout,
};

/** Any failure as the typed error a caller may see. Unknown failures become a bare internal error. */
export function toServiceError(error: unknown): ServiceError {
  if (error instanceof ServiceError) return error;
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const code = CODE_BY_STATUS[status] ?? (status >= 500 ? ErrorCode.Internal : ErrorCode.MalformedRequest);
    return new ServiceError(code, status >= 500 ? 'Internal server error' : error.message);
  }
  return new ServiceError(ErrorCode.Internal, 'Internal server error');
}

export function toErrorPayload(error: unknown): ErrorPayload {
  return toServiceError(error).toPayload();
}

export function isServerFailure(error: ServiceError): boolean {
  return HTTP_STATUS_BY_ERROR_CODE[error.code] >= 500;
}
