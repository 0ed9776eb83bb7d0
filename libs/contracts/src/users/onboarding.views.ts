import { ApiProperty } from '@nestjs/swagger';

/** The onboarding checklist, in the order the client walks it (src/lib/onboarding.ts ONBOARDING_MILESTONES). */
export const ONBOARDING_MILESTONES = [
  { key: 'campaign', timestamp_field: 'first_campaign_created_at' },
  { key: 'activate-campaign', timestamp_field: 'first_campaign_activated_at' },
  { key: 'character', timestamp_field: 'first_character_created_at' },
  { key: 'faction', timestamp_field: 'first_faction_created_at' },
  { key: 'fight', timestamp_field: 'first_fight_created_at' },
  { key: 'party', timestamp_field: 'first_party_created_at' },
  { key: 'site', timestamp_field: 'first_site_created_at' },
] as const;
export type OnboardingMilestoneKey = (typeof ONBOARDING_MILESTONES)[number]['key'];
export type OnboardingTimestampField = (typeof ONBOARDING_MILESTONES)[number]['timestamp_field'];

/**
 * The next milestone to reach, as the Rails server sent it. The client types this `OnboardingMilestone` with
 * titles and target pages, but it takes those from its own table and decides the current milestone from the
 * timestamps (getCurrentMilestone), so only the key matters.
 */
export class OnboardingMilestoneView {
  @ApiProperty({ enum: ONBOARDING_MILESTONES.map((milestone) => milestone.key) }) key: OnboardingMilestoneKey;
  @ApiProperty({ enum: ONBOARDING_MILESTONES.map((milestone) => milestone.timestamp_field) })
  timestamp_field: OnboardingTimestampField;
}

/**
 * A user's onboarding checklist: when each milestone was first reached (null until then). To be embedded in the
 * user view as `onboarding_progress`. Client: `OnboardingProgress` in src/lib/onboarding.ts (`User` in
 * src/types/resources.ts), read by the onboarding prompts and the congratulations banner.
 */
export class OnboardingProgressView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) first_campaign_created_at:
    string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) first_campaign_activated_at:
    string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) first_character_created_at:
    string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) first_fight_created_at: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) first_faction_created_at: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) first_party_created_at: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) first_site_created_at: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) congratulations_dismissed_at:
    string | null;
  @ApiProperty({ description: 'Every milestone reached' }) all_milestones_complete: boolean;
  @ApiProperty({ description: 'Every milestone reached and the congratulations dismissed' })
  onboarding_complete: boolean;
  @ApiProperty({ description: 'Every milestone reached, congratulations not yet dismissed' })
  ready_for_congratulations: boolean;
  @ApiProperty({ type: () => OnboardingMilestoneView, nullable: true })
  next_milestone: OnboardingMilestoneView | null;
}

/** `POST /api/v2/onboarding/dismiss_congratulations` and `PATCH /api/v2/onboarding` (the Rails shape). */
export class OnboardingProgressResponse {
  @ApiProperty({ example: true }) success: boolean;
  @ApiProperty({ type: OnboardingProgressView }) onboarding_progress: OnboardingProgressView;
}
