import { Inject, Injectable } from '@nestjs/common';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { ServiceError, type Actor } from '@shotcaller/contracts';
import { unitOfWork } from '@shotcaller/persistence';
import { canManageCampaign } from '../campaigns/campaign-access.rules.js';
import type { Campaign } from '../campaigns/campaign.entity.js';
import { EncounterAnnouncer } from '../encounters/encounter-announcer.js';
import { CampaignRecordChanges } from '../shared/campaign-records.service.js';
import { Fight } from './fight.entity.js';

/** Where a change of a fight's effects or chases runs: its transaction and the fight of the current campaign. */
export interface ManagedFight {
  tx: EntityManager;
  campaign: Campaign;
  fight: Fight;
}

/**
 * Changes to what the gamemaster keeps on a fight (effects, chases): each runs in one transaction in the actor's
 * current campaign, which they must manage, and once committed the fight's encounter is announced once.
 */
@Injectable()
export class ManagedFightChanges {
  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    private readonly records: CampaignRecordChanges,
    private readonly encounters: EncounterAnnouncer,
  ) {}

  /**
   * Runs `work` on fight `fightId` of the actor's current campaign: 404 when they have no current campaign to see,
   * 403 to its players, and `missing` (404 by default) when the campaign has no such fight.
   */
  inFight<R>(
    actor: Actor,
    fightId: string,
    work: (managed: ManagedFight) => Promise<R>,
    missing: () => ServiceError = () => ServiceError.notFound(),
  ): Promise<R> {
    return this.inCampaign(actor, async (tx, campaign) => {
      const fight = await tx.findOne(Fight, { id: fightId, campaign });
      if (!fight) throw missing();
      return { fight, result: await work({ tx, campaign, fight }) };
    });
  }

  /**
   * Runs `work` in the actor's current campaign, which they must manage; `work` finds the fight its change
   * belongs to, and that fight's encounter is announced once committed.
   */
  async inCampaign<R>(
    actor: Actor,
    work: (tx: EntityManager, campaign: Campaign) => Promise<{ fight: Fight; result: R }>,
  ): Promise<R> {
    const em = unitOfWork(this.orm);
    return em.transactional(async (tx) => {
      const { campaign, standing } = await this.records.visibleCurrentCampaign(tx, actor);
      if (!canManageCampaign(standing))
        throw ServiceError.forbidden('Only the gamemaster can change this fight');
      const { fight, result } = await work(tx, campaign);
      this.encounters.announceAfterCommit(tx, campaign.id, fight.id);
      return result;
    });
  }
}
