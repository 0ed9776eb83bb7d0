import { Inject, Injectable, Logger } from '@nestjs/common';
import { TransactionContext } from '@mikro-orm/core';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { RealtimeSubjects, type EncounterView } from '@shotcaller/contracts';
import { ServiceClient } from '@shotcaller/messaging';
import { AfterCommit, SqlReads } from '@shotcaller/persistence';
import { EncounterCache } from './encounter-cache.js';
import { encounterQuery } from './encounter.queries.js';
import { toEncounterView } from './encounter.serializer.js';

/**
 * Tells a fight's followers that its shot counter changed, once the change is committed (never when it is rolled
 * back): `{encounter: <view>}` on `rt.campaign.<campaignId>` and `{fight: "updated"}` on `rt.fight.<fightId>`.
 * Best effort: the caller's answer does not wait for it, and a failure is logged. The campaign's encounters kept by
 * this replica are dropped at the commit itself, before the answer leaves.
 */
@Injectable()
export class EncounterAnnouncer {
  private readonly logger = new Logger(EncounterAnnouncer.name);

  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    private readonly reads: SqlReads,
    private readonly services: ServiceClient,
    private readonly afterCommit: AfterCommit,
    private readonly cache: EncounterCache,
  ) {}

  /**
   * Once the transaction `em` is in commits (at once when it is in none): reads the encounter of `fightId` as
   * committed (one statement) and publishes it. Call it inside the transaction of the change, with the
   * unit-of-work `em` (or `tx`) it runs on.
   */
  announceAfterCommit(em: EntityManager, campaignId: string, fightId: string): void {
    this.afterCommit.run(em, () => {
      this.cache.campaignChanged(campaignId);
      this.readCommitted(fightId)
        .then((view) => (view ? this.publish(campaignId, fightId, view) : undefined))
        .catch((error: unknown) => this.failed(error, campaignId, fightId));
    });
  }

  /** Once `em`'s transaction commits: publishes `view`, an encounter already read inside it (with its writes). */
  publishAfterCommit(em: EntityManager, campaignId: string, view: EncounterView): void {
    this.afterCommit.run(em, () => {
      this.cache.campaignChanged(campaignId);
      this.publish(campaignId, view.id, view).catch((error: unknown) =>
        this.failed(error, campaignId, view.id),
      );
    });
  }

  /** The encounter of `fightId` as it reads now, or null when the fight is gone. */
  async read(fightId: string): Promise<EncounterView | null> {
    const row = await this.reads.first(encounterQuery(fightId));
    return row ? toEncounterView(row) : null;
  }

  /**
   * The read runs on a fresh context: the work runs while the committed transaction is still the async context's,
   * and a read there would go to its (finished) connection.
   */
  private readCommitted(fightId: string): Promise<EncounterView | null> {
    return TransactionContext.create(this.orm.em.fork(), () => this.read(fightId));
  }

  private async publish(campaignId: string, fightId: string, view: EncounterView): Promise<void> {
    await this.services.publishRealtime(RealtimeSubjects.campaign(campaignId), { encounter: view });
    await this.services.publishRealtime(RealtimeSubjects.fight(fightId), { fight: 'updated' });
  }

  private failed(error: unknown, campaignId: string, fightId: string): void {
    this.logger.warn(
      { err: error, campaign_id: campaignId, fight_id: fightId },
      'Could not announce an encounter change',
    );
  }
}
