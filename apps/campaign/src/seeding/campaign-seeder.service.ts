import { Inject, Injectable, Logger } from '@nestjs/common';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import {
  RealtimeSubjects,
  ServiceError,
  type CampaignSeededView,
  type CampaignSeedingStatus,
} from '@shotcaller/contracts';
import { ServiceClient } from '@shotcaller/messaging';
import { unitOfWork } from '@shotcaller/persistence';
import { noCopies, seedingEvent, seedingSteps, statusAfter } from './campaign-seeding.rules.js';
import { copyKind, lockSeeding, type SeedingTarget } from './seeding-statements.js';

interface CampaignToSeed {
  id: string;
  user_id: string;
  is_master_template: boolean;
  template_id: string | null;
}

/**
 * Copies the master template into a campaign (`campaign.campaigns.seed`, sent by the jobs service's `seeding`
 * queue). A start, then one transaction per kind (see seedingSteps), each storing how far it got on the campaign
 * and then announcing it on the campaign's realtime topic, so progress is what is committed. Idempotent: a run
 * copies only what the campaign lacks (by name), so a retried job finishes what a failed one began. A failure
 * marks the seeding `failed` and is thrown on (the job is retried).
 */
@Injectable()
export class CampaignSeeder {
  private readonly logger = new Logger(CampaignSeeder.name);

  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    private readonly services: ServiceClient,
  ) {}

  async seed(campaignId: string): Promise<CampaignSeededView> {
    const em = unitOfWork(this.orm);
    const campaign = await em.transactional((tx) => this.start(tx, campaignId));
    const steps = seedingSteps(campaign.template_id !== null);
    const copied = noCopies();
    await this.announce(campaignId, statusAfter(0, steps.length), 0, steps.length);
    if (campaign.template_id === null) {
      this.logger.log({ campaign_id: campaignId }, 'No master template: the campaign is seeded with nothing');
      return { campaign_id: campaignId, status: 'done', template_id: null, copied };
    }
    const target: SeedingTarget = {
      campaignId,
      templateId: campaign.template_id,
      ownerId: campaign.user_id,
    };
    try {
      for (const [index, kind] of steps.entries()) {
        const done = index + 1;
        copied[kind] = await em.transactional(async (tx) => {
          await lockSeeding(tx, campaignId);
          const count = await copyKind(tx, kind, target);
          await this.record(tx, campaignId, statusAfter(done, steps.length), done);
          return count;
        });
        await this.announce(campaignId, statusAfter(done, steps.length), done, steps.length);
      }
    } catch (error) {
      await this.markFailed(em, campaignId, steps.length);
      throw error;
    }
    this.logger.log({ campaign_id: campaignId, copied }, 'Campaign seeded from the master template');
    return { campaign_id: campaignId, status: 'done', template_id: campaign.template_id, copied };
  }

  /**
   * Finds the campaign and the master template, once the campaign's creation is committed (the lock), and marks
   * the seeding started: `running`, or `done` at once when there is no template to copy.
   */
  private async start(tx: EntityManager, campaignId: string): Promise<CampaignToSeed> {
    await lockSeeding(tx, campaignId);
    const [campaign] = await tx.execute<CampaignToSeed[]>(
      `select c.id, c.user_id, c.is_master_template,
         (select t.id from campaigns t where t.is_master_template) as template_id
       from campaigns c where c.id = ?`,
      [campaignId],
    );
    if (!campaign) throw ServiceError.notFound('No campaign with that id');
    if (campaign.is_master_template) {
      throw ServiceError.validation({ campaign_id: ['is the master template, which is not seeded'] });
    }
    const total = seedingSteps(campaign.template_id !== null).length;
    await tx.execute(
      `update campaigns set seeding_status = ?, seeding_done = 0, seeding_total = ?,
         seeded_at = case when ? then now() else seeded_at end
       where id = ?`,
      [statusAfter(0, total), total, total === 0, campaignId],
    );
    return campaign;
  }

  /** Stores how far the seeding got, in the step's transaction; the last step stamps `seeded_at`. */
  private async record(
    tx: EntityManager,
    campaignId: string,
    status: CampaignSeedingStatus,
    done: number,
  ): Promise<void> {
    const updated = await tx.execute<{ id: string }[]>(
      `update campaigns set seeding_status = ?, seeding_done = ?,
         seeded_at = case when ? then now() else seeded_at end
       where id = ? returning id`,
      [status, done, status === 'done', campaignId],
    );
    if (updated.length === 0) throw ServiceError.notFound('No campaign with that id');
  }

  /** Best effort, after a failed step: the job's retry starts again, and its first step says `running`. */
  private async markFailed(em: EntityManager, campaignId: string, total: number): Promise<void> {
    try {
      const [row] = await em.execute<{ seeding_done: number }[]>(
        `update campaigns set seeding_status = 'failed' where id = ? returning seeding_done`,
        [campaignId],
      );
      if (row) await this.announce(campaignId, 'failed', row.seeding_done, total);
    } catch (error) {
      this.logger.warn({ err: error, campaign_id: campaignId }, 'Could not mark a seeding failed');
    }
  }

  /** Tells the campaign's clients how far it got: published in order, after the step's commit. */
  private async announce(
    campaignId: string,
    status: CampaignSeedingStatus,
    done: number,
    total: number,
  ): Promise<void> {
    try {
      await this.services.publishRealtime(
        RealtimeSubjects.campaign(campaignId),
        seedingEvent(campaignId, status, done, total),
      );
    } catch (error) {
      this.logger.warn({ err: error, campaign_id: campaignId }, 'Could not announce seeding progress');
    }
  }
}
