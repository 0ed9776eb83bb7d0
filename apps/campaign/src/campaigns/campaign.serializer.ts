import type { CampaignAutocompleteView, CampaignLiteView, CampaignView } from '@shotcaller/contracts';
import type { User } from '../users/user.entity.js';
import { toUserLiteView } from '../users/user.serializer.js';
import type { Campaign } from './campaign.entity.js';

export function toCampaignLiteView(campaign: Campaign, memberIds: string[]): CampaignLiteView {
  return {
    id: campaign.id,
    name: campaign.name,
    description: campaign.description ?? null,
    active: campaign.active,
    is_master_template: campaign.isMasterTemplate,
    entity_class: 'Campaign',
    image_url: null,
    gamemaster_id: campaign.gamemaster.id,
    user_id: campaign.gamemaster.id,
    gamemaster: toUserLiteView(campaign.gamemaster),
    user_ids: memberIds,
    player_ids: memberIds,
    created_at: campaign.createdAt.toISOString(),
    updated_at: campaign.updatedAt.toISOString(),
  };
}

export function toCampaignView(campaign: Campaign, members: User[]): CampaignView {
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

export function toCampaignAutocompleteView(campaign: Campaign): CampaignAutocompleteView {
  return { id: campaign.id, name: campaign.name, image_url: null, entity_class: 'Campaign' };
}
