import { ApiProperty } from '@nestjs/swagger';
import { PaginationMetaView } from '../pagination.js';
import { OnboardingProgressView } from './onboarding.views.js';

/** A user as every record embeds it (a campaign's gamemaster, its players). */
export class UserLiteView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() first_name: string;
  @ApiProperty() last_name: string;
  @ApiProperty({ description: 'First and last name' }) name: string;
  @ApiProperty() email: string;
  @ApiProperty() gamemaster: boolean;
  @ApiProperty() admin: boolean;
  @ApiProperty() active: boolean;
  @ApiProperty({ type: String, nullable: true }) image_url: string | null;
  @ApiProperty({ enum: ['User'] }) entity_class: 'User';
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) current_campaign_id: string | null;
  @ApiProperty({ format: 'date-time' }) created_at: string;
  @ApiProperty({ format: 'date-time' }) updated_at: string;
}

/** A user record as `GET /api/v2/users/:id`-style endpoints return it. */
export class UserView extends UserLiteView {
  @ApiProperty({ type: [Object], description: 'Image focal positions; empty until images exist' })
  image_positions: unknown[];
}

/** A campaign as listed inside a user record. */
export class UserCampaignView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty() active: boolean;
  @ApiProperty({ format: 'uuid' }) gamemaster_id: string;
  @ApiProperty({ type: String, nullable: true }) image_url: string | null;
  @ApiProperty({ enum: ['Campaign'] }) entity_class: 'Campaign';
  @ApiProperty({ format: 'date-time' }) created_at: string;
  @ApiProperty({ format: 'date-time' }) updated_at: string;
}

/** The signed-in user with the campaigns they run and the ones they play in. */
export class CurrentUserView extends UserView {
  @ApiProperty({ type: [UserCampaignView], description: 'Campaigns this user runs as gamemaster' })
  campaigns: UserCampaignView[];

  @ApiProperty({ type: [UserCampaignView], description: 'Campaigns this user plays in' })
  player_campaigns: UserCampaignView[];

  @ApiProperty({ type: () => OnboardingProgressView, description: 'The onboarding checklist of this user' })
  onboarding_progress: OnboardingProgressView;
}

export class UsersIndexView {
  @ApiProperty({ type: [UserLiteView] }) users: UserLiteView[];
  @ApiProperty({ type: PaginationMetaView }) meta: PaginationMetaView;
}
