import type { CampaignStanding } from '../campaigns/campaign-access.rules.js';
import { canManageCampaign, canViewCampaign } from '../campaigns/campaign-access.rules.js';

/*
 * Records a campaign's players own (vehicles; characters work the same way in the Rails app): its members read
 * them and make their own, a player changes only what they own, the gamemaster (or an admin) changes all.
 */

/** What a caller asks of an owned record: who they are, how they stand in its campaign. */
export interface OwnerCaller {
  userId: string;
  standing: CampaignStanding;
}

export type OwnerDecision = { ok: true; ownerId: string | null } | { ok: false };

/**
 * The owner of a new record: the one the body names (`user_id`; null for none), else its creator (when in the
 * campaign). A player may
 * name only themselves; the gamemaster anyone (whether they may own it is checked against the members).
 */
export function ownerOnCreate(caller: OwnerCaller, named: string | null | undefined): OwnerDecision {
  if (!canViewCampaign(caller.standing)) return { ok: false };
  // An admin outside the campaign makes records no one owns until the gamemaster gives them to someone.
  const inCampaign = caller.standing.isMember || caller.standing.isGamemaster;
  if (named === undefined) return { ok: true, ownerId: inCampaign ? caller.userId : null };
  if (canManageCampaign(caller.standing) || named === caller.userId) return { ok: true, ownerId: named };
  return { ok: false };
}

/** Whether the caller may change (or delete) a record owned by `ownerId`. */
export function mayChangeOwned(caller: OwnerCaller, ownerId: string | null): boolean {
  return canManageCampaign(caller.standing) || (caller.standing.isMember && ownerId === caller.userId);
}

/** Whether the caller may give a record they may change to `named` (`user_id` of an update): a player keeps it. */
export function mayGiveTo(caller: OwnerCaller, named: string | null): boolean {
  return canManageCampaign(caller.standing) || named === caller.userId;
}
