import { BadRequestException, NotFoundException } from '@nestjs/common';
import { ErrorCode, ServiceError } from '@shotcaller/contracts';
import { errorResponse, toClientError } from './http-errors.js';

describe('HTTP error mapping', () => {
  it('answers a field validation failure with 422 and the errors by field', () => {
    const body = errorResponse(ServiceError.validation({ email: ['has already been taken'] }));
    expect(body).toEqual({
      status: 422,
      code: 'validation_failed',
      message: 'Validation failed',
      error: 'Validation failed',
      errors: { email: ['has already been taken'] },
    });
  });

  it('carries retry_after for rate limits', () => {
    const body = errorResponse(
      new ServiceError(ErrorCode.RateLimited, 'Too many requests', { retry_after: 42 }),
    );
    expect(body).toMatchObject({ status: 429, code: 'rate_limited', retry_after: 42 });
  });

  it('turns body-parser failures into 400 and 413', () => {
    expect(
      toClientError(Object.assign(new SyntaxError('Unexpected token'), { type: 'entity.parse.failed' }))
        .status,
    ).toBe(400);
    expect(toClientError({ type: 'entity.too.large', status: 413 }).status).toBe(413);
    const wrapped = new BadRequestException('Unexpected end of JSON input', {
      cause: Object.assign(new SyntaxError('Unexpected end of JSON input'), { type: 'entity.parse.failed' }),
    });
    expect(toClientError(wrapped).message).toBe('The request body is not valid JSON');
  });

  it('answers a path that does not decode with 400, not 500', () => {
    const error = toClientError(new URIError('Failed to decode param'));
    expect({ status: error.status, code: error.code }).toEqual({ status: 400, code: 'malformed_request' });
  });

  it('tells an unknown route apart from a missing record', () => {
    expect(toClientError(new NotFoundException('Cannot GET /nope')).code).toBe('route_not_found');
    expect(toClientError(ServiceError.notFound()).code).toBe('not_found');
  });

  it('hides anything unexpected behind a bare 500 with the request id, and no stack', () => {
    const error = toClientError(new TypeError('secret internals at line 3'));
    const body = errorResponse(error, 'req-1');
    expect(body).toEqual({
      status: 500,
      code: 'internal_error',
      message: 'Internal server error',
      error: 'Internal server error',
      request_id: 'req-1',
    });
  });

  it('keeps the status of other HTTP exceptions', () => {
    expect(toClientError(new BadRequestException('nope')).status).toBe(400);
  });
});
