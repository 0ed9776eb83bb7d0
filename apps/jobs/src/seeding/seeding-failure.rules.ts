import { ErrorCode, SeedingFailureCodes, ServiceError } from '@shotcaller/contracts';
import { JobFailure } from '../queues/job-failure.js';

/** Answers of the campaign service that a retry cannot change: the campaign is gone, or the request is refused. */
const REFUSALS: ReadonlySet<string> = new Set([
  ErrorCode.InvalidPayload,
  ErrorCode.ValidationFailed,
  ErrorCode.Forbidden,
  ErrorCode.Unauthenticated,
]);

/**
 * What a failed `campaign.campaigns.seed` request means for the job: a missing campaign or a refusal ends it; no
 * answer, a timeout or a failure inside the campaign service is tried again (seeding is idempotent, so a retry
 * finishes what the last attempt began). The message never carries the campaign service's details.
 */
export function seedingFailure(error: unknown): JobFailure {
  const code = error instanceof ServiceError ? error.code : undefined;
  if (code === ErrorCode.NotFound || code === ErrorCode.Gone) {
    return JobFailure.permanent(SeedingFailureCodes.campaignMissing, 'The campaign to seed does not exist');
  }
  if (code !== undefined && REFUSALS.has(code)) {
    return JobFailure.permanent(
      SeedingFailureCodes.refused,
      'The campaign service refused to seed the campaign',
    );
  }
  return JobFailure.transient(
    SeedingFailureCodes.unavailable,
    'The campaign service did not finish the seeding',
  );
}
