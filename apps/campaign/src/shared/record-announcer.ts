import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { RealtimeSubjects } from '@shotcaller/contracts';
import { ServiceClient } from '@shotcaller/messaging';
import { AfterCommit } from '@shotcaller/persistence';
import { EncounterCache } from '../encounters/encounter-cache.js';

/** How realtime names a kind of record: `{<entity>: view}`, then `{<plural>: "reload"}`. */
export interface AnnouncedKind {
  /** `campaign`, `faction`, `juncture`... */
  entity: string;
  /** `campaigns`, `factions`, `junctures`... */
  plural: string;
}

/**
 * Tells a campaign's clients on `rt.campaign.<campaignId>` that one of its records (or the campaign itself) changed,
 * once the change is committed: the record as it now is (none after a delete), then that their lists of its kind are
 * stale. Nothing when the transaction rolls back. The campaign's encounters kept by this replica are dropped at the
 * commit itself, before the answer leaves (other replicas drop theirs when the announcement reaches them).
 */
@Injectable()
export class RecordAnnouncer {
  private readonly logger = new Logger(RecordAnnouncer.name);

  constructor(
    private readonly services: ServiceClient,
    private readonly afterCommit: AfterCommit,
    private readonly encounters: EncounterCache,
  ) {}

  /**
   * Once the outermost transaction `em` is in commits (at once when it is in none; see AfterCommit). Best effort:
   * the answer does not wait for it, and a failure is logged.
   */
  announce(em: EntityManager, campaignId: string, kind: AnnouncedKind, view?: unknown): void {
    this.afterCommit.run(em, () => {
      this.encounters.campaignChanged(campaignId);
      const subject = RealtimeSubjects.campaign(campaignId);
      const reload = () => this.services.publishRealtime(subject, { [kind.plural]: 'reload' });
      const published = view
        ? this.services.publishRealtime(subject, { [kind.entity]: view }).then(reload)
        : reload();
      published.catch((error: unknown) => {
        this.logger.warn(
          { err: error, campaign_id: campaignId },
          `Could not announce a ${kind.entity} change`,
        );
      });
    });
  }

  /** The same for records changed together: each as it now is, in order, then one reload of their kind. */
  announceMany(em: EntityManager, campaignId: string, kind: AnnouncedKind, views: readonly unknown[]): void {
    this.afterCommit.run(em, () => {
      this.encounters.campaignChanged(campaignId);
      const subject = RealtimeSubjects.campaign(campaignId);
      const published = views
        .reduce<Promise<void>>(
          (previous, view) =>
            previous.then(() => this.services.publishRealtime(subject, { [kind.entity]: view })),
          Promise.resolve(),
        )
        .then(() => this.services.publishRealtime(subject, { [kind.plural]: 'reload' }));
      published.catch((error: unknown) => {
        this.logger.warn(
          { err: error, campaign_id: campaignId },
          `Could not announce a ${kind.plural} change`,
        );
      });
    });
  }
}
