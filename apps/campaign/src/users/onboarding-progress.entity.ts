import { defineEntity, p } from '@mikro-orm/core';
import { User } from './user.entity.js';

const OnboardingProgressSchema = defineEntity({
  name: 'OnboardingProgress',
  tableName: 'onboarding_progresses',
  properties: {
    /** One row per user, made when they first reach a milestone; it goes with the account. */
    user: () =>
      p
        .oneToOne(User)
        .primary()
        .owner()
        .foreignKeyName('onboarding_progresses_user_id_fkey')
        .deleteRule('cascade')
        .updateRule('no action'),
    firstCampaignCreatedAt: p.datetime().nullable(),
    firstCampaignActivatedAt: p.datetime().nullable(),
    firstCharacterCreatedAt: p.datetime().nullable(),
    firstFightCreatedAt: p.datetime().nullable(),
    firstFactionCreatedAt: p.datetime().nullable(),
    firstPartyCreatedAt: p.datetime().nullable(),
    firstSiteCreatedAt: p.datetime().nullable(),
    congratulationsDismissedAt: p.datetime().nullable(),
    createdAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});

/** When a user first reached each milestone of the client's onboarding checklist. */
export class OnboardingProgress extends OnboardingProgressSchema.class {}
OnboardingProgressSchema.setClass(OnboardingProgress);

export { OnboardingProgressSchema };
