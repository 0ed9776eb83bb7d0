import type { EntityManager } from '@mikro-orm/postgresql';
import type { OnboardingMilestoneKey } from '@shotcaller/contracts';
import { milestoneField } from './onboarding.rules.js';

/**
 * Marks the milestones of a user's onboarding checklist, inside the transaction of the write that reached them
 * (so a write that fails marks nothing).
 */
export const OnboardingMilestones = {
  /**
   * Records that `userId` reached `milestone` now, unless they reached it before: the first time stays. One
   * statement, safe against concurrent writes reaching the same milestone.
   */
  async reach(tx: EntityManager, userId: string, milestone: OnboardingMilestoneKey): Promise<void> {
    // The column comes from the fixed milestone table, never from input.
    const column = milestoneField(milestone);
    await tx.execute(
      `insert into onboarding_progresses (user_id, ${column}) values (?, now())
       on conflict (user_id) do update set ${column} = now(), updated_at = now()
       where onboarding_progresses.${column} is null`,
      [userId],
      'run',
    );
  },
};
