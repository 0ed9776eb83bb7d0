import {
  ONBOARDING_MILESTONES,
  type OnboardingMilestoneKey,
  type OnboardingProgressView,
  type OnboardingTimestampField,
} from '@shotcaller/contracts';

/** Every timestamp a user's onboarding progress keeps: the milestones', then the congratulations dismissed. */
export type OnboardingTimestamps = Record<
  OnboardingTimestampField | 'congratulations_dismissed_at',
  string | null
>;

export const NO_ONBOARDING_TIMESTAMPS: OnboardingTimestamps = Object.freeze({
  ...(Object.fromEntries(
    ONBOARDING_MILESTONES.map(({ timestamp_field }) => [timestamp_field, null]),
  ) as Record<OnboardingTimestampField, null>),
  congratulations_dismissed_at: null,
});

/** The timestamp field a milestone sets. */
export function milestoneField(milestone: OnboardingMilestoneKey): OnboardingTimestampField {
  const found = ONBOARDING_MILESTONES.find(({ key }) => key === milestone);
  if (!found) throw new Error(`Unknown onboarding milestone ${milestone}`);
  return found.timestamp_field;
}

/**
 * The checklist as the client reads it (OnboardingProgress in src/lib/onboarding.ts, the Rails model's methods):
 * the first milestone not reached yet, whether all are, and whether the congratulations are still to show. The
 * progress is the user's, one to one: its id is theirs.
 */
export function onboardingProgressView(
  userId: string,
  timestamps: OnboardingTimestamps,
): OnboardingProgressView {
  const next = ONBOARDING_MILESTONES.find(({ timestamp_field }) => timestamps[timestamp_field] === null);
  const allReached = next === undefined;
  const dismissed = timestamps.congratulations_dismissed_at !== null;
  return {
    id: userId,
    ...timestamps,
    all_milestones_complete: allReached,
    onboarding_complete: allReached && dismissed,
    ready_for_congratulations: allReached && !dismissed,
    next_milestone: next ? { key: next.key, timestamp_field: next.timestamp_field } : null,
  };
}

/** An onboarding progress row as the ORM loads it. */
export interface StoredOnboardingProgress {
  firstCampaignCreatedAt?: Date | null;
  firstCampaignActivatedAt?: Date | null;
  firstCharacterCreatedAt?: Date | null;
  firstFactionCreatedAt?: Date | null;
  firstFightCreatedAt?: Date | null;
  firstPartyCreatedAt?: Date | null;
  firstSiteCreatedAt?: Date | null;
  congratulationsDismissedAt?: Date | null;
}

/** The timestamps of an onboarding progress row, as its view has them. */
export function onboardingTimestampsOf(progress: StoredOnboardingProgress): OnboardingTimestamps {
  const iso = (at: Date | null | undefined) => at?.toISOString() ?? null;
  return {
    first_campaign_created_at: iso(progress.firstCampaignCreatedAt),
    first_campaign_activated_at: iso(progress.firstCampaignActivatedAt),
    first_character_created_at: iso(progress.firstCharacterCreatedAt),
    first_faction_created_at: iso(progress.firstFactionCreatedAt),
    first_fight_created_at: iso(progress.firstFightCreatedAt),
    first_party_created_at: iso(progress.firstPartyCreatedAt),
    first_site_created_at: iso(progress.firstSiteCreatedAt),
    congratulations_dismissed_at: iso(progress.congratulationsDismissedAt),
  };
}
