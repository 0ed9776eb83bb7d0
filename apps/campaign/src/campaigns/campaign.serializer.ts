import type {
  CampaignAutocompleteView,
  CampaignLiteView,
  CampaignSeedingStatus,
  CampaignView,
} from '@shotcaller/contracts';
import { isoString, toUserLiteView, type UserFields } from '../users/user.serializer.js';

/** What a campaign view is made of: a Campaign entity, or a row of a read query (timestamps already ISO strings). */
export interface CampaignFields {
  id: string;
  name: string;
  description?: string | null;
  active: boolean;
  isMasterTemplate: boolean;
  /** Absent on an entity made now and not yet read back: its column defaults (not seeded, 0 of 0). */
  seedingStatus?: string | null;
  seedingDone?: number;
  seedingTotal?: number;
  seededAt?: Date | string | null;
  gamemaster: UserFields;
  createdAt: Date | string;
  updatedAt: Date | string;
}

export function toCampaignLiteView(campaign: CampaignFields, memberIds: string[]): CampaignLiteView {
  return {
    id: campaign.id,
    name: campaign.name,
    description: campaign.description ?? null,
    active: campaign.active,
    is_master_template: campaign.isMasterTemplate,
    seeding_status: (campaign.seedingStatus ?? null) as CampaignSeedingStatus | null,
    seeding_progress: { done: campaign.seedingDone ?? 0, total: campaign.seedingTotal ?? 0 },
    seeded_at: campaign.seededAt ? isoString(campaign.seededAt) : null,
    entity_class: 'Campaign',
    image_url: null,
    gamemaster_id: campaign.gamemaster.id,
    user_id: campaign.gamemaster.id,
    gamemaster: toUserLiteView(campaign.gamemaster),
    user_ids: memberIds,
    player_ids: memberIds,
    created_at: isoString(campaign.createdAt),
    updated_at: isoString(campaign.updatedAt),
  };
}

export function toCampaignView(campaign: CampaignFields, members: UserFields[]): CampaignView {
  const users = members.map(toUserLiteView);
  return {
    ...toCampaignLiteView(
      campaign,
      members.map((member) => member.id),
    ),
    users,
    players: users,
    invitations: [],
    image_positions: [],
  };
}

export function toCampaignAutocompleteView(
  campaign: Pick<CampaignFields, 'id' | 'name'>,
): CampaignAutocompleteView {
  return { id: campaign.id, name: campaign.name, image_url: null, entity_class: 'Campaign' };
}
