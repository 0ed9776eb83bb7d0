import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import type { Subscription } from '@nats-io/transport-node';
import { ServiceName, Subjects } from '@shotcaller/contracts';
import { NamespacedNatsClient } from '@shotcaller/messaging';
import { unitOfWork } from '@shotcaller/persistence';
import { notionSyncOutcomeOf, type NotionSyncOutcome } from './character-notion.rules.js';
import { lockNotionPage } from './notion-sync-queue.js';

/**
 * Keeps each character's Notion page from the ends of its sync jobs: `jobs.job.completed` gives the page (kept
 * only while the campaign still syncs to that database, and never over a later sync), a `notion_not_found`
 * failure forgets it. One replica handles each event (the service's queue group). Only the jobs service may
 * publish these subjects (nats-access.json). An event missed while this service is away loses nothing: the jobs
 * service remembers each character's page and updates it on the next sync.
 */
@Injectable()
export class NotionSyncOutcomes implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(NotionSyncOutcomes.name);
  private readonly subscriptions: Subscription[] = [];

  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    private readonly nats: NamespacedNatsClient,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const subject of [Subjects.jobs.events.jobCompleted, Subjects.jobs.events.jobFailed]) {
      this.subscriptions.push(
        await this.nats.listen(
          subject,
          (event) => {
            const outcome = notionSyncOutcomeOf(event);
            if (outcome) void this.keep(outcome);
          },
          { queue: ServiceName.Campaign },
        ),
      );
    }
  }

  onModuleDestroy(): void {
    for (const subscription of this.subscriptions) subscription.unsubscribe();
  }

  /**
   * Writes what the outcome says about the character's page; never its updated_at (that is not a change of it).
   * It first waits for the change that queued the sync to commit (lockNotionPage): a job may end before that.
   */
  async keep(outcome: NotionSyncOutcome): Promise<void> {
    try {
      await unitOfWork(this.orm).transactional(async (tx) => {
        await lockNotionPage(tx, outcome.characterId);
        if (outcome.kind === 'synced') {
          await tx.execute(
            `update characters c
                set notion_page_id = ?, last_synced_to_notion_at = ?
               from campaigns cp
              where c.id = ? and c.campaign_id = ? and cp.id = c.campaign_id and cp.notion_database_id = ?
                and (c.last_synced_to_notion_at is null or c.last_synced_to_notion_at <= ?)`,
            [
              outcome.pageId,
              outcome.syncedAt,
              outcome.characterId,
              outcome.campaignId,
              outcome.databaseId,
              outcome.syncedAt,
            ],
          );
        } else {
          await tx.execute(
            `update characters set notion_page_id = null where id = ? and notion_page_id is not null`,
            [outcome.characterId],
          );
        }
      });
    } catch (error) {
      this.logger.warn(
        { err: error, character_id: outcome.characterId, outcome: outcome.kind },
        "A character's Notion page could not be kept",
      );
    }
  }
}
