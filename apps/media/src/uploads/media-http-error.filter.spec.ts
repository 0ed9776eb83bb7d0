import { NotFoundException, PayloadTooLargeException } from '@nestjs/common';
import { ErrorCode, ServiceError } from '@shotcaller/contracts';
import { toErrorPayload } from './media-http-error.filter.js';

describe('toErrorPayload', () => {
  it('gives a typed error as it is', () => {
    expect(toErrorPayload(ServiceError.validation({ image: ['is too large'] }))).toEqual({
      statusCode: 422,
      code: ErrorCode.ValidationFailed,
      message: 'Validation failed',
      details: { errors: { image: ['is too large'] } },
    });
  });

  it('gives a framework error its code', () => {
    expect(toErrorPayload(new NotFoundException('Cannot GET /nowhere'))).toMatchObject({
      statusCode: 404,
      code: ErrorCode.NotFound,
    });
    expect(toErrorPayload(new PayloadTooLargeException())).toMatchObject({ code: ErrorCode.PayloadTooLarge });
  });

  it('says nothing of an unexpected failure', () => {
    expect(
      toErrorPayload(new Error('relation "images" does not exist: select checksum from images')),
    ).toEqual({
      statusCode: 500,
      code: ErrorCode.Internal,
      message: 'Internal server error',
    });
  });
});
