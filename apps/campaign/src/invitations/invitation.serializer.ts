import type { InvitationView, PublicInvitationView } from '@shotcaller/contracts';
import { fullName, isoString } from '../users/user.serializer.js';
import type { Invitation } from './invitation.entity.js';

/** What an invitation view is made of: a row of a read query (timestamps as ISO strings), or an entity's fields. */
export interface InvitationFields {
  id: string;
  email: string | null;
  maximumCount: number | null;
  remainingCount: number | null;
  redeemed: boolean;
  redeemedAt: Date | string | null;
  campaignId: string;
  inviterId: string;
  createdAt: Date | string;
  updatedAt: Date | string;
  campaign: { id: string; name: string; description: string | null };
  inviter: { id: string; firstName: string; lastName: string };
}

/** An invitation entity, its campaign and inviter loaded, as InvitationFields. */
export function invitationFields(invitation: Invitation): InvitationFields {
  return {
    id: invitation.id,
    email: invitation.email ?? null,
    maximumCount: invitation.maximumCount ?? null,
    remainingCount: invitation.remainingCount ?? null,
    redeemed: invitation.redeemed,
    redeemedAt: invitation.redeemedAt ?? null,
    campaignId: invitation.campaign.id,
    inviterId: invitation.inviter.id,
    createdAt: invitation.createdAt,
    updatedAt: invitation.updatedAt,
    campaign: {
      id: invitation.campaign.id,
      name: invitation.campaign.name,
      description: invitation.campaign.description ?? null,
    },
    inviter: {
      id: invitation.inviter.id,
      firstName: invitation.inviter.firstName,
      lastName: invitation.inviter.lastName,
    },
  };
}

/**
 * What anyone holding the invitation sees: the campaign, who invited (by name only) and the address or places.
 * `pending_user` is always null: whether an address has an account is not the invitation's to tell.
 */
export function toPublicInvitationView(invitation: InvitationFields): PublicInvitationView {
  return {
    id: invitation.id,
    entity_class: 'Invitation',
    email: invitation.email,
    maximum_count: invitation.maximumCount,
    remaining_count: invitation.remainingCount,
    campaign: {
      id: invitation.campaign.id,
      name: invitation.campaign.name,
      description: invitation.campaign.description,
      image_url: null,
      entity_class: 'Campaign',
    },
    gamemaster: {
      id: invitation.inviter.id,
      first_name: invitation.inviter.firstName,
      last_name: invitation.inviter.lastName,
      name: fullName(invitation.inviter),
      image_url: null,
      entity_class: 'User',
    },
    pending_user: null,
  };
}

/** The invitation as its campaign's gamemaster sees it. */
export function toInvitationView(invitation: InvitationFields): InvitationView {
  return {
    ...toPublicInvitationView(invitation),
    redeemed: invitation.redeemed,
    redeemed_at: invitation.redeemedAt === null ? null : isoString(invitation.redeemedAt),
    campaign_id: invitation.campaignId,
    user_id: invitation.inviterId,
    created_at: isoString(invitation.createdAt),
    updated_at: isoString(invitation.updatedAt),
  };
}
