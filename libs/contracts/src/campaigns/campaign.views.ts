import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PaginationMetaView } from '../pagination.js';
import { UserLiteView } from '../users/user.views.js';
import {
  CAMPAIGN_SEEDING_STATUSES,
  CampaignSeedingProgressView,
  type CampaignSeedingStatus,
} from './campaign-seeding.js';

/** A campaign in a list: enough to show and pick it. */
export class CampaignLiteView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty() active: boolean;
  @ApiProperty() is_master_template: boolean;
  @ApiProperty({
    enum: CAMPAIGN_SEEDING_STATUSES,
    nullable: true,
    description: 'The copy of the master template into it; null when it is not seeded',
  })
  seeding_status: CampaignSeedingStatus | null;
  @ApiProperty({ type: CampaignSeedingProgressView, description: 'Seeding steps done of its total' })
  seeding_progress: CampaignSeedingProgressView;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When seeding last finished',
  })
  seeded_at: string | null;
  @ApiProperty({ enum: ['Campaign'] }) entity_class: 'Campaign';
  @ApiProperty({ type: String, nullable: true }) image_url: string | null;
  @ApiProperty({ format: 'uuid' }) gamemaster_id: string;
  @ApiProperty({ format: 'uuid', description: 'Same as gamemaster_id (Rails name)' }) user_id: string;
  @ApiProperty({ type: UserLiteView }) gamemaster: UserLiteView;
  @ApiProperty({ type: [String], description: 'Member (player) ids' }) user_ids: string[];
  @ApiProperty({ type: [String], description: 'Same as user_ids (older Rails name)' }) player_ids: string[];
  @ApiProperty({ format: 'date-time' }) created_at: string;
  @ApiProperty({ format: 'date-time' }) updated_at: string;
}

/** A campaign's Discord webhook as its gamemaster sees it: that one is set, and its id, never its token. */
export class DiscordWebhookView {
  @ApiProperty({ enum: [true] }) configured: true;
  @ApiProperty({ description: 'The webhook id (the part of the URL before its secret token)' }) id: string;
}

/** A campaign's Notion integration as its gamemaster sees it: the database, never the token. */
export class NotionConnectionView {
  @ApiProperty({ description: 'The Notion database characters are synced to (32 hex digits)' })
  database_id: string;
  @ApiProperty({ format: 'date-time', description: 'When the integration was connected' })
  connected_at: string;
}

/** A campaign with its members, as show, create, update and current return it. */
export class CampaignView extends CampaignLiteView {
  @ApiPropertyOptional({
    type: DiscordWebhookView,
    nullable: true,
    description:
      'Only for the gamemaster (and admins): the Discord webhook fights are posted to, or null; absent for players',
  })
  discord_webhook?: DiscordWebhookView | null;

  @ApiPropertyOptional({
    type: NotionConnectionView,
    nullable: true,
    description:
      'Only for the gamemaster (and admins): the Notion integration characters are synced to, or null; absent for players',
  })
  notion?: NotionConnectionView | null;

  @ApiProperty({ type: [UserLiteView], description: 'Members (players)' }) users: UserLiteView[];
  @ApiProperty({ type: [UserLiteView], description: 'Same as users (older Rails name)' })
  players: UserLiteView[];
  @ApiProperty({ type: [Object], description: 'Pending invitations; empty until invitations exist' })
  invitations: unknown[];
  @ApiProperty({ type: [Object], description: 'Image focal positions; empty until images exist' })
  image_positions: unknown[];
}

/** `?autocomplete=true`: the minimum a picker needs. */
export class CampaignAutocompleteView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) image_url: string | null;
  @ApiProperty({ enum: ['Campaign'] }) entity_class: 'Campaign';
}

export class CampaignsIndexView {
  @ApiProperty({
    type: [CampaignLiteView],
    description: 'CampaignAutocompleteView items with ?autocomplete=true',
  })
  campaigns: (CampaignLiteView | CampaignAutocompleteView)[];

  @ApiProperty({ type: PaginationMetaView }) meta: PaginationMetaView;
}
