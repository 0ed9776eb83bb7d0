import type {
  AccessTokenUserClaims,
  TokenState,
  UserCampaignView,
  UserLiteView,
  UserView,
} from '@shotcaller/contracts';
import type { Campaign } from '../campaigns/campaign.entity.js';
import type { User } from './user.entity.js';

/** First and last name, as the Rails `name` attribute. */
export function fullName(user: Pick<User, 'firstName' | 'lastName'>): string {
  return `${user.firstName} ${user.lastName}`.trim();
}

export function toUserLiteView(user: User): UserLiteView {
  return {
    id: user.id,
    first_name: user.firstName,
    last_name: user.lastName,
    name: fullName(user),
    email: user.email,
    gamemaster: user.gamemaster,
    admin: user.admin,
    active: user.active,
    image_url: null,
    entity_class: 'User',
    current_campaign_id: user.currentCampaignId ?? null,
    created_at: user.createdAt.toISOString(),
    updated_at: user.updatedAt.toISOString(),
  };
}

export function toUserView(user: User): UserView {
  return { ...toUserLiteView(user), image_positions: [] };
}

export function toUserCampaignView(campaign: Campaign): UserCampaignView {
  return {
    id: campaign.id,
    name: campaign.name,
    description: campaign.description ?? null,
    active: campaign.active,
    gamemaster_id: campaign.gamemaster.id,
    image_url: null,
    entity_class: 'Campaign',
    created_at: campaign.createdAt.toISOString(),
    updated_at: campaign.updatedAt.toISOString(),
  };
}

/** The user summary an access token carries. */
export function toTokenUserClaims(user: User): AccessTokenUserClaims {
  return {
    email: user.email,
    admin: user.admin,
    first_name: user.firstName,
    last_name: user.lastName,
    gamemaster: user.gamemaster,
    current_campaign: user.currentCampaignId ?? null,
    image_url: null,
  };
}

/** Which of a user's tokens are still good. */
export function tokenStateOf(user: Pick<User, 'tokenVersion' | 'active'>): TokenState {
  return { token_version: user.tokenVersion, active: user.active };
}
