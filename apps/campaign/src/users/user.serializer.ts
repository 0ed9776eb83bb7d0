import type {
  AccessTokenUserClaims,
  TokenState,
  UserCampaignView,
  UserLiteView,
  UserView,
} from '@shotcaller/contracts';
import type { User } from './user.entity.js';

/** What a user view is made of: a User entity, or a row of a read query (timestamps already ISO strings). */
export interface UserFields {
  id: string;
  firstName: string;
  lastName: string;
  email: string;
  gamemaster: boolean;
  admin: boolean;
  active: boolean;
  currentCampaignId?: string | null;
  createdAt: Date | string;
  updatedAt: Date | string;
}

/** A campaign as a user's campaign lists show it: a Campaign entity, or a row of a read query. */
export interface UserCampaignFields {
  id: string;
  name: string;
  description?: string | null;
  active: boolean;
  gamemaster: { id: string };
  createdAt: Date | string;
  updatedAt: Date | string;
}

/** A timestamp as the views write it. */
export function isoString(at: Date | string): string {
  return typeof at === 'string' ? at : at.toISOString();
}

/** First and last name, as the Rails `name` attribute. */
export function fullName(user: Pick<UserFields, 'firstName' | 'lastName'>): string {
  return `${user.firstName} ${user.lastName}`.trim();
}

export function toUserLiteView(user: UserFields): UserLiteView {
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
    created_at: isoString(user.createdAt),
    updated_at: isoString(user.updatedAt),
  };
}

export function toUserView(user: UserFields): UserView {
  return { ...toUserLiteView(user), image_positions: [] };
}

export function toUserCampaignView(campaign: UserCampaignFields): UserCampaignView {
  return {
    id: campaign.id,
    name: campaign.name,
    description: campaign.description ?? null,
    active: campaign.active,
    gamemaster_id: campaign.gamemaster.id,
    image_url: null,
    entity_class: 'Campaign',
    created_at: isoString(campaign.createdAt),
    updated_at: isoString(campaign.updatedAt),
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
