import { Inject, Injectable, Logger } from '@nestjs/common';
import { openSecret, SealedSecretError } from '@shotcaller/auth';
import {
  JobQueues,
  notionIdOf,
  NotionFailureCodes,
  NotionJobNames,
  type NotionSyncResult,
  type SyncCharacterData,
} from '@shotcaller/contracts';
import { JobFailure } from '../queues/job-failure.js';
import type { JobRunner, QueueJob } from '../queues/job-runner.js';
import { isNotionCallError, notionCallFacts, notionFailure } from './notion-failure.rules.js';
import { notionPageProperties } from './notion-page.rules.js';
import { NotionPages } from './notion-pages.js';
import { NOTION_SETTINGS, type NotionSettings } from './notion-settings.js';
import { NotionSyncState } from './notion-sync-state.js';
import { notionSyncPlan } from './notion-sync.rules.js';

/** How long the lock outlives the one request a sync makes, for the Redis round trips around it. */
const LOCK_MARGIN_MS = 10_000;

/**
 * The `notion` queue: `sync_character` writes a character to its page in its campaign's Notion database, one sync
 * at a time per character, never older data over newer. Logs carry the job, campaign and character ids, the
 * outcome and failure code; never the token (plain or sealed) nor the character's data.
 */
@Injectable()
export class NotionJobs implements JobRunner {
  readonly queue = JobQueues.notion;
  private readonly logger = new Logger(NotionJobs.name);

  constructor(
    private readonly pages: NotionPages,
    private readonly state: NotionSyncState,
    @Inject(NOTION_SETTINGS) private readonly settings: NotionSettings,
  ) {}

  async run(job: QueueJob): Promise<NotionSyncResult> {
    if (job.name !== NotionJobNames.syncCharacter) {
      throw JobFailure.permanent('unknown_job', `The notion queue runs no "${job.name}" job`);
    }
    const sync = job as QueueJob<SyncCharacterData>;
    const context = {
      job_id: job.id,
      campaign_id: sync.data.campaign_id,
      character_id: sync.data.character_id,
      attempt: job.attemptsMade + 1,
    };
    try {
      const result = await this.syncCharacter(sync.data);
      this.logger.log({ ...context, outcome: result.outcome }, 'Character synced to Notion');
      return result;
    } catch (error) {
      if (error instanceof JobFailure) {
        this.logger.warn({ ...context, code: error.code, retry: error.retry }, error.message);
      }
      throw error;
    }
  }

  private async syncCharacter(data: SyncCharacterData): Promise<NotionSyncResult> {
    const token = this.openToken(data.sealed_token);
    const lock = await this.state.lock(data.character_id, this.settings.timeoutMs + LOCK_MARGIN_MS);
    if (lock === null) {
      throw JobFailure.transient(NotionFailureCodes.busy, 'Another sync of this character is running');
    }
    try {
      const plan = notionSyncPlan(data, await this.state.last(data.character_id));
      const identity = {
        campaign_id: data.campaign_id,
        character_id: data.character_id,
        database_id: notionIdOf(data.database_id),
      };
      if (plan.action === 'skip_stale') {
        return { ...identity, page_id: plan.last.page_id, synced_at: plan.last.synced_at, outcome: 'stale' };
      }
      const properties = notionPageProperties(data.character);
      const pageId = await this.call(() =>
        plan.action === 'create'
          ? this.pages.create(token, data.database_id, properties)
          : this.pages.update(token, plan.pageId, properties).then(() => plan.pageId),
      ).catch(async (error: unknown) => {
        // The page is gone: forget it, so a next job without page_id creates a new one instead of failing again.
        if (error instanceof JobFailure && error.code === NotionFailureCodes.notFound) {
          await this.state.forget(data.character_id);
        }
        throw error;
      });
      const syncedAt = new Date().toISOString();
      await this.state.remember(data.character_id, {
        database_id: data.database_id,
        page_id: pageId,
        updated_at: data.updated_at,
        synced_at: syncedAt,
      });
      return {
        ...identity,
        page_id: pageId,
        synced_at: syncedAt,
        outcome: plan.action === 'create' ? 'created' : 'updated',
      };
    } finally {
      await this.state.unlock(data.character_id, lock);
    }
  }

  private openToken(sealed: string): string {
    const key = this.settings.tokenKey;
    if (key === null) {
      throw JobFailure.permanent(
        NotionFailureCodes.unconfigured,
        'Notion tokens cannot be opened: NOTION_TOKEN_KEY is not configured',
      );
    }
    try {
      return openSecret(sealed, key);
    } catch (error) {
      if (!(error instanceof SealedSecretError)) throw error;
      throw JobFailure.permanent(
        NotionFailureCodes.tokenUnreadable,
        `The Notion token cannot be opened with NOTION_TOKEN_KEY (${error.code})`,
      );
    }
  }

  /** A Notion call, its failures turned into job failures; any other error is ours and left as it is. */
  private async call<T>(request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      if (!isNotionCallError(error)) throw error;
      throw notionFailure(notionCallFacts(error), new Date());
    }
  }
}
