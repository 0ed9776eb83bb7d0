import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  Allow,
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsObject,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { IndexQueryDto, Visibility } from '../pagination.js';
import { FlagFilter, Nullable, Optional, PartialDto } from '../input-rules.js';
import { Trim } from '../rules.js';
import { Messages } from '../validation.js';
import { NOTION_ID_MESSAGE, NOTION_ID_PATTERN } from '../jobs/notion.jobs.js';
import { DISCORD_WEBHOOK_URL_MAX, IsDiscordWebhookShape } from './discord-webhook.rules.js';
import { NOTION_TOKEN_MAX, NOTION_TOKEN_MESSAGE, NOTION_TOKEN_PATTERN } from './notion-connection.rules.js';

export const CAMPAIGN_NAME_MAX = 100;
export const CAMPAIGN_DESCRIPTION_MAX = 10_000;
export const CAMPAIGN_MEMBERS_MAX = 500;

/** The writable fields of a campaign, as a service accepts them over NATS. */
export class CampaignFieldsDto {
  @ApiProperty({ minLength: 1, maxLength: CAMPAIGN_NAME_MAX })
  @Trim()
  @IsString({ message: 'must be text' })
  @MinLength(1, { message: Messages.blank })
  @MaxLength(CAMPAIGN_NAME_MAX, { message: Messages.tooLong(CAMPAIGN_NAME_MAX) })
  name: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: CAMPAIGN_DESCRIPTION_MAX })
  @Optional({ nullable: true })
  @IsString({ message: 'must be text' })
  @MaxLength(CAMPAIGN_DESCRIPTION_MAX, { message: Messages.tooLong(CAMPAIGN_DESCRIPTION_MAX) })
  description?: string | null;

  @ApiPropertyOptional({ default: true })
  @Optional()
  @IsBoolean({ message: 'must be true or false' })
  active?: boolean;

  @ApiPropertyOptional({
    description: 'Admins only: the campaign new campaigns are seeded from (at most one)',
  })
  @Optional()
  @IsBoolean({ message: 'must be true or false' })
  is_master_template?: boolean;

  @ApiPropertyOptional({ type: [String], description: 'The complete member list (gamemaster only)' })
  @Optional()
  @IsArray({ message: 'must be a list' })
  @ArrayMaxSize(CAMPAIGN_MEMBERS_MAX)
  @IsUUID('all', { each: true, message: 'must be a list of user ids' })
  user_ids?: string[];

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: DISCORD_WEBHOOK_URL_MAX,
    example: 'https://discord.com/api/webhooks/123456789012345678/token',
    description:
      'Gamemaster only: the Discord webhook fights are posted to; null removes it. Never shown back (its token is a secret): views show discord_webhook',
  })
  @Optional({ nullable: true })
  @Trim()
  @IsString({ message: 'must be text' })
  @IsDiscordWebhookShape()
  discord_webhook_url?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '8a6f0c2e4b1d4e0f9a3b5c7d9e1f2a3b',
    description:
      'Gamemaster only: the Notion database characters are synced to (shared with the integration); null disconnects Notion. Connecting needs notion_token too, unless one is stored',
  })
  @Optional({ nullable: true })
  @Trim()
  @IsString({ message: 'must be text' })
  @Matches(NOTION_ID_PATTERN, { message: NOTION_ID_MESSAGE })
  notion_database_id?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: NOTION_TOKEN_MAX,
    description:
      'Gamemaster only: the Notion integration token, stored sealed and never shown back (views show notion); null disconnects Notion',
  })
  @Optional({ nullable: true })
  @Trim()
  @IsString({ message: 'must be text' })
  @Matches(NOTION_TOKEN_PATTERN, { message: NOTION_TOKEN_MESSAGE })
  notion_token?: string | null;
}

export class CampaignChangesDto extends PartialDto(CampaignFieldsDto) {}

/**
 * Fields of a campaign's own representation that the Rails-era client sends back on create and update. They
 * are read-only: accepted so a round-tripped record is not refused, and ignored. Any other field is refused.
 */
class CampaignRepresentationFields {
  @Allow() id?: unknown;
  @Allow() entity_class?: unknown;
  @Allow() gamemaster?: unknown;
  @Allow() gamemaster_id?: unknown;
  @Allow() user_id?: unknown;
  @Allow() users?: unknown;
  @Allow() players?: unknown;
  @Allow() invitations?: unknown;
  @Allow() image_url?: unknown;
  @Allow() image_positions?: unknown;
  @Allow() created_at?: unknown;
  @Allow() updated_at?: unknown;
  @Allow() faction_id?: unknown;
  @Allow() new?: unknown;
  @Allow() discord_webhook?: unknown;
  @Allow() notion?: unknown;
  @Allow() seeding_status?: unknown;
  @Allow() seeding_progress?: unknown;
  @Allow() seeded_at?: unknown;

  @ApiPropertyOptional({ type: [String], description: 'Older name of user_ids' })
  @Optional()
  @IsArray({ message: 'must be a list' })
  @ArrayMaxSize(CAMPAIGN_MEMBERS_MAX)
  @IsUUID('all', { each: true, message: 'must be a list of user ids' })
  player_ids?: string[];
}

/** The `campaign` of a create body: the writable fields plus the tolerated read-only ones. */
export class CreateCampaignInput extends IntersectionType(CampaignFieldsDto, CampaignRepresentationFields) {}

/** The `campaign` of an update body: any writable fields plus the tolerated read-only ones. */
export class UpdateCampaignInput extends IntersectionType(CampaignChangesDto, CampaignRepresentationFields) {}

export class CreateCampaignBody {
  @ApiProperty({ type: CampaignFieldsDto })
  @IsDefined({ message: Messages.blank })
  @IsObject({ message: 'must be an object' })
  @ValidateNested()
  @Type(() => CreateCampaignInput)
  campaign: CreateCampaignInput;
}

export class UpdateCampaignBody {
  @ApiProperty({ type: CampaignChangesDto })
  @IsDefined({ message: Messages.blank })
  @IsObject({ message: 'must be an object' })
  @ValidateNested()
  @Type(() => UpdateCampaignInput)
  campaign: UpdateCampaignInput;
}

/** NATS payload of `campaign.campaigns.create`. */
export class CreateCampaignPayload {
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => CampaignFieldsDto)
  campaign: CampaignFieldsDto;
}

/** NATS payload of `campaign.campaigns.update`. */
export class UpdateCampaignPayload {
  @IsUUID()
  id: string;

  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => CampaignChangesDto)
  campaign: CampaignChangesDto;
}

/** NATS payload naming one campaign (get; a delete is `DeleteRecordPayload`, with `force`). */
export class CampaignIdPayload {
  @IsUUID()
  id: string;
}

/** `POST /api/v2/campaigns/current` and `PATCH /api/v2/campaigns/set`; `id: null` clears it. */
export class SetCurrentCampaignBody {
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  @Nullable()
  @IsUUID('all', { message: Messages.invalid })
  id: string | null;
}

export const CAMPAIGN_SORTS = ['name', 'created_at', 'updated_at'] as const;

export class CampaignsIndexQuery extends IndexQueryDto {
  @ApiPropertyOptional({ enum: CAMPAIGN_SORTS, description: 'Default created_at' })
  @Optional()
  @IsIn(CAMPAIGN_SORTS)
  sort?: (typeof CAMPAIGN_SORTS)[number];

  @ApiPropertyOptional({ enum: Visibility, description: 'visible (active, the default), hidden or all' })
  @Optional()
  @IsIn(Visibility)
  visibility?: Visibility;

  @ApiPropertyOptional({ description: 'Older form of visibility=all' })
  @FlagFilter()
  show_all?: boolean;
}

/**
 * The gamemaster adds a member by user id. Adding by email is left to invitations: an immediate add would tell the
 * gamemaster whether an address has an account.
 */
export class MembershipDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: Messages.invalid })
  campaign_id: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: Messages.invalid })
  user_id: string;
}

export class MembershipBody {
  @ApiProperty({ type: MembershipDto })
  @IsDefined({ message: Messages.blank })
  @IsObject({ message: 'must be an object' })
  @ValidateNested()
  @Type(() => MembershipDto)
  membership: MembershipDto;
}

/** `DELETE /api/v2/campaign_memberships?campaign_id=&user_id=`: the gamemaster removes a member, or a member leaves. */
export class RemoveMembershipQuery {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: Messages.invalid })
  campaign_id: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: Messages.invalid })
  user_id: string;
}

/** `campaign.membership.ended`: user `user_id` no longer plays in campaign `campaign_id`. */
export class MembershipEndedEvent extends RemoveMembershipQuery {}
