import type { PositionableType } from '@shotcaller/contracts';
import { canManageCampaign } from '../campaigns/campaign-access.rules.js';
import { mayChangeOwned, type OwnerCaller } from '../shared/player-owned.rules.js';
import { IMAGE_TABLES } from '../images/record-image.tables.js';

/**
 * The records of a campaign whose images can be positioned, by their entity class, with their table. `User` (in
 * the contracts' list) is not one: a user's avatar belongs to no campaign, and positions are kept per campaign.
 */
export const POSITIONABLE_TABLES = { Campaign: 'campaigns', ...IMAGE_TABLES } as const;

export type CampaignPositionableType = keyof typeof POSITIONABLE_TABLES;

export function isCampaignPositionable(type: PositionableType): type is CampaignPositionableType {
  return Object.hasOwn(POSITIONABLE_TABLES, type);
}

/** Records their players own: the owner may position their image too. */
const PLAYER_OWNED: readonly CampaignPositionableType[] = ['Character', 'Vehicle'];

/**
 * Who may position a record's image: who may change the record. The gamemaster (or an admin) for every record
 * of the campaign; a player for the characters and vehicles they own.
 */
export function mayPositionImage(
  caller: OwnerCaller,
  type: CampaignPositionableType,
  ownerId: string | null,
): boolean {
  if (PLAYER_OWNED.includes(type)) return mayChangeOwned(caller, ownerId);
  return canManageCampaign(caller.standing);
}
