import { sql, type Expression } from 'kysely';
import { ONBOARDING_MILESTONES } from '@shotcaller/contracts';
import { isoTimestamp } from '@shotcaller/persistence';
import type { OnboardingTimestamps } from './onboarding.rules.js';

const FIELDS = [
  ...ONBOARDING_MILESTONES.map(({ timestamp_field }) => timestamp_field),
  'congratulations_dismissed_at',
] as const;

/**
 * The onboarding timestamps of user `userId` as an `onboardingProgress` column of a read: ISO strings or null,
 * the whole column null while they have reached nothing.
 */
export function onboardingProgressColumn(userId: Expression<string>) {
  const pairs = FIELDS.map((field) => sql`${sql.lit(field)}, ${isoTimestamp(sql.ref(`op.${field}`))}`);
  return sql<OnboardingTimestamps | null>`(select json_build_object(${sql.join(pairs)}) from onboarding_progresses op where op.user_id = ${userId})`.as(
    'onboardingProgress',
  );
}
