import { Inject, Injectable } from '@nestjs/common';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import type { Actor, OnboardingProgressChanges, OnboardingProgressResponse } from '@shotcaller/contracts';
import { unitOfWork } from '@shotcaller/persistence';
import { actingUser } from '../campaigns/campaigns.service.js';
import { OnboardingProgress } from './onboarding-progress.entity.js';
import { onboardingProgressView, onboardingTimestampsOf } from './onboarding.rules.js';

/** The entity property of each field the client may set. */
const PROPERTIES = {
  first_campaign_created_at: 'firstCampaignCreatedAt',
  first_campaign_activated_at: 'firstCampaignActivatedAt',
  first_character_created_at: 'firstCharacterCreatedAt',
  first_fight_created_at: 'firstFightCreatedAt',
  first_faction_created_at: 'firstFactionCreatedAt',
  first_party_created_at: 'firstPartyCreatedAt',
  first_site_created_at: 'firstSiteCreatedAt',
  congratulations_dismissed_at: 'congratulationsDismissedAt',
} as const satisfies Record<keyof OnboardingProgressChanges, keyof OnboardingProgress>;

/**
 * What the signed-in user does with their own onboarding checklist: dismiss the congratulations once every
 * milestone is reached, or set (and clear) milestones themselves, as the client's checklist does when it is
 * skipped. Milestones are otherwise reached by the writes themselves (OnboardingMilestones).
 */
@Injectable()
export class OnboardingService {
  constructor(@Inject(MikroORM) private readonly orm: MikroORM) {}

  dismissCongratulations(actor: Actor): Promise<OnboardingProgressResponse> {
    return this.change(actor, (progress) => {
      progress.congratulationsDismissedAt = new Date();
    });
  }

  update(actor: Actor, changes: OnboardingProgressChanges): Promise<OnboardingProgressResponse> {
    return this.change(actor, (progress) => {
      for (const [field, property] of Object.entries(PROPERTIES) as [
        keyof OnboardingProgressChanges,
        (typeof PROPERTIES)[keyof OnboardingProgressChanges],
      ][]) {
        const value = changes[field];
        if (value !== undefined) progress[property] = value === null ? null : new Date(value);
      }
    });
  }

  /** Changes the actor's progress (made if they have none yet) in one transaction, answering it as Rails did. */
  private async change(
    actor: Actor,
    apply: (progress: OnboardingProgress) => void,
  ): Promise<OnboardingProgressResponse> {
    const em = unitOfWork(this.orm);
    const progress = await em.transactional(async (tx) => {
      const user = await actingUser(tx, actor);
      const found = await this.progressOf(tx, user.id);
      apply(found);
      found.updatedAt = new Date();
      await tx.flush();
      return found;
    });
    return {
      success: true,
      onboarding_progress: onboardingProgressView(actor.id, onboardingTimestampsOf(progress)),
    };
  }

  /** The user's progress row, made first if they have none (safe against a concurrent first reach). */
  private async progressOf(tx: EntityManager, userId: string): Promise<OnboardingProgress> {
    await tx.execute(
      'insert into onboarding_progresses (user_id) values (?) on conflict do nothing',
      [userId],
      'run',
    );
    return tx.findOneOrFail(OnboardingProgress, { user: userId });
  }
}
