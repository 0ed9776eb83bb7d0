import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse } from '@nestjs/swagger';
import { ErrorResponse } from '../errors/http-errors.js';

const DESCRIPTIONS: Record<number, string> = {
  400: 'The body is not valid JSON, or not an object',
  401: 'Missing, invalid, expired or revoked token',
  403: 'Signed in, but not allowed',
  404: 'No such record (or not visible to you)',
  409: 'Conflicts with the current state',
  413: 'The body is too large: over the byte limit, or a list or object past its bounds',
  415: 'The body is not JSON',
  422: 'Field errors by field',
  429: 'Too many requests; see retry_after',
  503: 'The service behind this route is not answering',
  504: 'The service behind this route did not answer in time',
};

/** Documents the error answers a route can give, all in the ErrorResponse shape. */
export const ApiErrors = (...statuses: number[]) =>
  applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({ status, description: DESCRIPTIONS[status], type: ErrorResponse }),
    ),
  );

/** A route behind a bearer token, with the errors every such route can give. */
export const ApiSignedIn = () => applyDecorators(ApiBearerAuth(), ApiErrors(401, 429, 503, 504));
