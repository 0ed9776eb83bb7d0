import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601 } from 'class-validator';
import { Optional } from '../input-rules.js';
import { RecordBody } from '../records/record-shapes.js';

const TIMESTAMP = { type: String, format: 'date-time', nullable: true } as const;

/** A milestone's timestamp as the client sets it: an ISO 8601 date-time, or null to clear it. */
function OptionalTimestamp(): PropertyDecorator {
  return (target, property) => {
    Optional({ nullable: true })(target, property);
    IsISO8601({ strict: true }, { message: 'must be an ISO 8601 date and time' })(target, property);
  };
}

/**
 * The milestones the client may set itself (authClient.updateOnboardingProgress: `{onboarding_progress: {...}}`),
 * the Rails `onboarding_progress_params`. Each is a date-time, or null to clear it.
 */
export class OnboardingProgressChanges {
  @ApiPropertyOptional(TIMESTAMP) @OptionalTimestamp() first_campaign_created_at?: string | null;
  @ApiPropertyOptional(TIMESTAMP) @OptionalTimestamp() first_campaign_activated_at?: string | null;
  @ApiPropertyOptional(TIMESTAMP) @OptionalTimestamp() first_character_created_at?: string | null;
  @ApiPropertyOptional(TIMESTAMP) @OptionalTimestamp() first_fight_created_at?: string | null;
  @ApiPropertyOptional(TIMESTAMP) @OptionalTimestamp() first_faction_created_at?: string | null;
  @ApiPropertyOptional(TIMESTAMP) @OptionalTimestamp() first_party_created_at?: string | null;
  @ApiPropertyOptional(TIMESTAMP) @OptionalTimestamp() first_site_created_at?: string | null;
  @ApiPropertyOptional(TIMESTAMP) @OptionalTimestamp() congratulations_dismissed_at?: string | null;
}

/** `PATCH /api/v2/onboarding`, and the NATS payload of `campaign.onboarding.update`. */
export class UpdateOnboardingProgressBody extends RecordBody(
  'onboarding_progress',
  OnboardingProgressChanges,
  OnboardingProgressChanges,
) {}
