import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  JobQueues,
  SeedingJobNames,
  Subjects,
  type CampaignSeededView,
  type SeedCampaignData,
} from '@shotcaller/contracts';
import { ServiceClient } from '@shotcaller/messaging';
import { JobFailure } from '../queues/job-failure.js';
import type { JobRunner, QueueJob } from '../queues/job-runner.js';
import { seedingFailure } from './seeding-failure.rules.js';

export const SEEDING_SETTINGS = Symbol('SEEDING_SETTINGS');

export interface SeedingSettings {
  /** How long the campaign service may take to seed one campaign (all its steps). */
  timeoutMs: number;
}

/**
 * The `seeding` queue: `seed_campaign` asks the campaign service to copy the master template into a new campaign
 * (`campaign.campaigns.seed`), which stores and announces its progress itself. The job's result is what it copied.
 */
@Injectable()
export class SeedingJobs implements JobRunner {
  readonly queue = JobQueues.seeding;
  private readonly logger = new Logger(SeedingJobs.name);

  constructor(
    private readonly services: ServiceClient,
    @Inject(SEEDING_SETTINGS) private readonly settings: SeedingSettings,
  ) {}

  async run(job: QueueJob): Promise<CampaignSeededView> {
    if (job.name === SeedingJobNames.seedCampaign)
      return this.seedCampaign(job as QueueJob<SeedCampaignData>);
    throw JobFailure.permanent('unknown_job', `The seeding queue runs no "${job.name}" job`);
  }

  private async seedCampaign(job: QueueJob<SeedCampaignData>): Promise<CampaignSeededView> {
    const context = { job_id: job.id, campaign_id: job.data.campaign_id, attempt: job.attemptsMade + 1 };
    try {
      return await this.services.request(
        Subjects.campaign.campaigns.seed,
        { campaign_id: job.data.campaign_id },
        { timeoutMs: this.settings.timeoutMs },
      );
    } catch (error) {
      const failure = seedingFailure(error);
      this.logger.warn({ ...context, code: failure.code, retry: failure.retry }, failure.message);
      throw failure;
    }
  }
}
