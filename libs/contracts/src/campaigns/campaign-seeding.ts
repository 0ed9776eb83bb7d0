import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

/**
 * Where a campaign's copy of the master template stands: `pending` (queued with the campaign's creation),
 * `running`, `done` or `failed` (a retry of the job starts it again). A campaign that is not seeded (the master
 * template itself, one made before seeding existed or with CAMPAIGN_SEEDING=off) has none (`null`).
 */
export const CAMPAIGN_SEEDING_STATUSES = ['pending', 'running', 'done', 'failed'] as const;
export type CampaignSeedingStatus = (typeof CAMPAIGN_SEEDING_STATUSES)[number];

/** What a seeding copies, in its order: each kind is one step, committed on its own. */
export const CAMPAIGN_SEEDING_KINDS = [
  'factions',
  'junctures',
  'schticks',
  'weapons',
  'characters',
  'vehicles',
] as const;
export type CampaignSeedingKind = (typeof CAMPAIGN_SEEDING_KINDS)[number];

/** How far a seeding got: steps done of the steps it has (0 of 0 when there is no master template). */
export class CampaignSeedingProgressView {
  @ApiProperty({ minimum: 0 }) done: number;
  @ApiProperty({ minimum: 0 }) total: number;
}

/** `campaign.campaigns.seed`: copies the master template into a campaign (sent by the jobs service). */
export class SeedCampaignPayload {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  campaign_id: string;
}

/** The answer of `campaign.campaigns.seed`: what this run copied (nothing for records the campaign had already). */
export interface CampaignSeededView {
  campaign_id: string;
  status: CampaignSeedingStatus;
  /** The master template it copied from; null when there is none (nothing was copied). */
  template_id: string | null;
  copied: Record<CampaignSeedingKind, number>;
}

/**
 * Announced on the campaign's realtime topic (`rt.campaign.<id>`, the client's `campaign:<id>`) as the seeding
 * starts, after each step and when it ends: `{campaign_seeding: {status, done, total}}`.
 */
export interface CampaignSeedingEvent {
  campaign_seeding: { campaign_id: string; status: CampaignSeedingStatus } & CampaignSeedingProgressView;
}
