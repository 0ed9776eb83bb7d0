import { ErrorCode, SeedingFailureCodes, ServiceError } from '@shotcaller/contracts';
import { seedingFailure } from './seeding-failure.rules.js';

const answer = (code: ErrorCode) => new ServiceError(code, 'campaign service detail: secret row contents');

describe('seedingFailure', () => {
  it('ends the job when the campaign is gone', () => {
    expect(seedingFailure(answer(ErrorCode.NotFound))).toMatchObject({
      code: SeedingFailureCodes.campaignMissing,
      retry: false,
    });
  });

  it.each([ErrorCode.ValidationFailed, ErrorCode.InvalidPayload, ErrorCode.Forbidden])(
    'ends the job when the campaign service refuses it (%s)',
    (code) => {
      expect(seedingFailure(answer(code))).toMatchObject({ code: SeedingFailureCodes.refused, retry: false });
    },
  );

  it.each([ErrorCode.ServiceUnavailable, ErrorCode.UpstreamTimeout, ErrorCode.Internal, ErrorCode.Conflict])(
    'tries again when the campaign service did not finish (%s)',
    (code) => {
      expect(seedingFailure(answer(code))).toMatchObject({
        code: SeedingFailureCodes.unavailable,
        retry: true,
      });
    },
  );

  it('tries again after an error that is not an answer', () => {
    expect(seedingFailure(new Error('socket hang up'))).toMatchObject({ retry: true });
  });

  it("never passes the campaign service's message on", () => {
    for (const code of [ErrorCode.NotFound, ErrorCode.ValidationFailed, ErrorCode.Internal]) {
      expect(seedingFailure(answer(code)).message).not.toContain('secret');
    }
  });
});
