import { SeedCampaignPayload } from '../campaigns/campaign-seeding.js';

/** The jobs of the `seeding` queue. */
export const SeedingJobNames = {
  /** Copies the master template into a new campaign (`campaign.campaigns.seed`). */
  seedCampaign: 'seed_campaign',
} as const;

/** The job id a campaign's seeding is queued under: one seeding job per campaign, however often it is asked. */
export const seedCampaignJobId = (campaignId: string): string => `seed-${campaignId}`;

/** `seeding` / `seed_campaign`: the campaign to fill from the master template. */
export class SeedCampaignData extends SeedCampaignPayload {}

/**
 * Why a seeding job failed (`jobs.job.failed` `error.code`). `retry` says whether BullMQ tries it again.
 */
export const SeedingFailureCodes = {
  /** The campaign does not exist (deleted, or its creation rolled back) (retry: no). */
  campaignMissing: 'seeding_campaign_missing',
  /** The campaign service refused the request (the master template itself, an invalid id) (retry: no). */
  refused: 'seeding_refused',
  /** The campaign service did not answer in time or at all, or failed inside (retry: yes). */
  unavailable: 'seeding_unavailable',
} as const;

export const SeedingJobShapes = {
  [SeedingJobNames.seedCampaign]: SeedCampaignData,
};
