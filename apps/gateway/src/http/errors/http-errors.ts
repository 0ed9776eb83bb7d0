import { HttpException, NotFoundException } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ErrorCode, ServiceError, type FieldErrors } from '@shotcaller/contracts';
import { toServiceError } from '@shotcaller/messaging';

/**
 * Every error body the API sends. `error` and `message` carry the same text because the existing clients read
 * one or the other (`error` for Rails' `{error: ...}` responses, `message` for sign-in); `errors` holds field
 * errors, as Rails' 422 did.
 */
export class ErrorResponse {
  @ApiProperty({ example: 422 }) status: number;
  @ApiProperty({ enum: Object.values(ErrorCode) }) code: string;
  @ApiProperty() message: string;
  @ApiProperty() error: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } })
  errors?: FieldErrors;
  @ApiPropertyOptional({ description: 'Seconds to wait before retrying (429, locked accounts)' })
  retry_after?: number;
  @ApiPropertyOptional({ description: 'Quote it when reporting a server error' })
  request_id?: string;
}

/** Failures of Express' body parser, by their `type`. */
const BODY_PARSER_FAILURES: Record<string, ServiceError> = {
  'entity.parse.failed': new ServiceError(ErrorCode.MalformedRequest, 'The request body is not valid JSON'),
  'entity.too.large': new ServiceError(ErrorCode.PayloadTooLarge, 'The request body is too large'),
  'encoding.unsupported': new ServiceError(
    ErrorCode.UnsupportedMediaType,
    'The request body encoding is not supported',
  ),
  'charset.unsupported': new ServiceError(
    ErrorCode.UnsupportedMediaType,
    'The request body charset is not supported',
  ),
  'request.aborted': new ServiceError(ErrorCode.MalformedRequest, 'The request body was cut off'),
};

/** Whatever went wrong, as the typed error the client will see. */
export function toClientError(exception: unknown): ServiceError {
  if (exception instanceof ServiceError) return exception;
  // Express hands parser failures to Nest, which wraps them in an HttpException with the original as `cause`.
  const parserError = (exception instanceof HttpException ? exception.cause : exception) as {
    type?: string;
  } | null;
  const parserFailure = BODY_PARSER_FAILURES[parserError?.type ?? ''];
  if (parserFailure) return parserFailure;
  // The router could not decode a path segment (malformed percent-encoding, bytes that are not UTF-8).
  if (exception instanceof URIError) {
    return new ServiceError(ErrorCode.MalformedRequest, 'The URL is not valid (malformed percent-encoding)');
  }
  if (exception instanceof NotFoundException && /^Cannot [A-Z]+ /.test(exception.message)) {
    return new ServiceError(ErrorCode.RouteNotFound, 'No such route');
  }
  if (exception instanceof HttpException) return toServiceError(exception);
  return new ServiceError(ErrorCode.Internal, 'Internal server error');
}

export function errorResponse(error: ServiceError, requestId?: string): ErrorResponse {
  const { errors, retry_after, ...otherDetails } = error.details ?? {};
  return {
    ...otherDetails,
    status: error.status,
    code: error.code,
    message: error.message,
    error: error.message,
    ...(errors ? { errors } : {}),
    ...(retry_after !== undefined ? { retry_after } : {}),
    ...(error.status >= 500 && requestId ? { request_id: requestId } : {}),
  };
}
