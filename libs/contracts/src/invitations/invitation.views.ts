import { ApiProperty } from '@nestjs/swagger';
import { CampaignView } from '../campaigns/campaign.views.js';
import { AccessTokenClaims } from '../users/access-token.js';
import { RegistrationGrant } from '../users/user.dtos.js';
import { UserView } from '../users/user.views.js';

/** The campaign an invitation is to, as much as an invitee may see before joining. */
export class InvitationCampaignView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty({ type: String, nullable: true }) image_url: string | null;
  @ApiProperty({ enum: ['Campaign'] }) entity_class: 'Campaign';
}

/** Who invited: a name to show, without their address. */
export class InvitationGamemasterView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() first_name: string;
  @ApiProperty() last_name: string;
  @ApiProperty({ description: 'First and last name' }) name: string;
  @ApiProperty({ type: String, nullable: true }) image_url: string | null;
  @ApiProperty({ enum: ['User'] }) entity_class: 'User';
}

/** What anyone holding an invitation's link sees before redeeming it (`GET /api/v2/invitations/:id`). */
export class PublicInvitationView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['Invitation'] }) entity_class: 'Invitation';
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The invited address; null for a counted invitation',
  })
  email: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Places a counted invitation offers' })
  maximum_count: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Places left on a counted invitation' })
  remaining_count: number | null;
  @ApiProperty({ type: InvitationCampaignView }) campaign: InvitationCampaignView;
  @ApiProperty({ type: InvitationGamemasterView }) gamemaster: InvitationGamemasterView;
  @ApiProperty({
    type: Object,
    nullable: true,
    description: 'Always null: an invitation never tells whether its address has an account',
  })
  pending_user: null;
}

/** An invitation as its campaign's gamemaster sees it (create, index, resend). */
export class InvitationView extends PublicInvitationView {
  @ApiProperty() redeemed: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) redeemed_at: string | null;
  @ApiProperty({ format: 'uuid' }) campaign_id: string;
  @ApiProperty({ format: 'uuid', description: 'Who invited (Rails column name)' }) user_id: string;
  @ApiProperty({ format: 'date-time' }) created_at: string;
  @ApiProperty({ format: 'date-time' }) updated_at: string;
}

/** `GET /api/v2/invitations`: the current campaign's pending invitations, newest first. */
export class InvitationsIndexView {
  @ApiProperty({ type: [InvitationView] }) invitations: InvitationView[];
}

/** A redeemed invitation: the campaign joined, and a message to show (201). */
export class InvitationRedeemedView {
  @ApiProperty({ type: CampaignView }) campaign: CampaignView;
  @ApiProperty({ example: 'Successfully joined Hong Kong Nights!' }) message: string;
}

/** What `campaign` answers to a registration through an invitation: the new account signed in, and the campaign. */
export class InvitationRegistration extends RegistrationGrant {
  @ApiProperty({ type: CampaignView }) campaign: CampaignView;
  @ApiProperty() message: string;
}

/** The new account as the Rails API described it after a registration through an invitation. */
export class InvitationRegisteredUser {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty() first_name: string;
  @ApiProperty() last_name: string;
}

/**
 * `POST /api/v2/invitations/:id/register` (201): the Rails body (`message`, `requires_confirmation`, `user`) and
 * the registration body (`code`, `data`, `payload`), with the campaign joined. The token is in the Authorization
 * header: the account is signed in at once, no confirmation email is needed.
 */
export class InvitationRegistrationResponse {
  @ApiProperty({ example: 201 }) code: number;
  @ApiProperty() message: string;
  @ApiProperty({
    example: false,
    description: 'The address must be confirmed (the mailed link) before signing in: then no token',
  })
  requires_confirmation: boolean;
  @ApiProperty({ type: InvitationRegisteredUser }) user: InvitationRegisteredUser;
  @ApiProperty({ type: UserView }) data: UserView;
  @ApiProperty({ type: AccessTokenClaims, nullable: true }) payload: AccessTokenClaims | null;
  @ApiProperty({ type: CampaignView }) campaign: CampaignView;
}
