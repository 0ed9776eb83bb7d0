import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { EntityManager } from '@mikro-orm/postgresql';
import { JobQueues, SeedingJobNames, seedCampaignJobId, Subjects } from '@shotcaller/contracts';
import { ServiceClient, type Caller } from '@shotcaller/messaging';
import type { CampaignEnv } from '../config.js';
import { seedsOnCreate } from './campaign-seeding.rules.js';
import { lockSeeding } from './seeding-statements.js';

/**
 * Hands a new campaign's seeding to the jobs service's `seeding` queue (CAMPAIGN_SEEDING=job). Called as the last
 * step of the transaction that creates the campaign: any error is thrown on, so the creation fails (503 when the
 * jobs service is not answering) with nothing written. The job id is the campaign's, so it is queued once.
 */
@Injectable()
export class SeedingQueue {
  private readonly mode: CampaignEnv['CAMPAIGN_SEEDING'];

  constructor(
    private readonly services: ServiceClient,
    config: ConfigService<CampaignEnv, true>,
  ) {
    this.mode = config.get('CAMPAIGN_SEEDING', { infer: true });
  }

  /** Whether a campaign created now (the master template or not) is to be seeded. */
  seedsOnCreate(isMasterTemplate: boolean): boolean {
    return seedsOnCreate(this.mode, isMasterTemplate);
  }

  /**
   * Queues the campaign's seeding, inside the creating transaction `tx`. It holds the campaign's seeding lock
   * until it commits, so a job that starts at once waits for the campaign to be there.
   */
  async enqueue(tx: EntityManager, campaignId: string, caller?: Caller): Promise<void> {
    await lockSeeding(tx, campaignId);
    await this.services.request(
      Subjects.jobs.enqueue,
      {
        queue: JobQueues.seeding,
        name: SeedingJobNames.seedCampaign,
        data: { campaign_id: campaignId },
        options: { job_id: seedCampaignJobId(campaignId) },
      },
      caller ? { caller } : {},
    );
  }
}
