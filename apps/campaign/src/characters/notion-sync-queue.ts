import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { JobQueues, NotionJobNames, Subjects } from '@shotcaller/contracts';
import { ServiceClient, type Caller } from '@shotcaller/messaging';
import {
  NOTION_SYNC_ATTEMPTS,
  notionPageLockKey,
  notionSyncJob,
  type CampaignNotion,
  type SyncedCharacter,
} from './character-notion.rules.js';

/** Waits for (and then holds, until `tx` ends) the character's Notion page lock: see notionPageLockKey. */
export async function lockNotionPage(tx: EntityManager, characterId: string): Promise<void> {
  await tx.execute('select pg_advisory_xact_lock(hashtextextended(?, 0))', [notionPageLockKey(characterId)]);
}

/**
 * Hands a character's sync to the jobs service's `notion` queue when its campaign has a Notion integration; a
 * campaign without one asks nothing of the jobs service. Call it as the last step inside the transaction of the
 * change it syncs: any error (503 when the jobs service is not answering) is thrown on, so the change is rolled
 * back rather than left unsynced.
 */
@Injectable()
export class NotionSyncQueue {
  constructor(private readonly services: ServiceClient) {}

  /** Queues the sync inside the change's transaction `tx`, holding the character's page lock until it ends. */
  async enqueue(
    tx: EntityManager,
    campaign: CampaignNotion,
    character: SyncedCharacter,
    caller?: Caller,
  ): Promise<void> {
    const job = notionSyncJob(campaign, character);
    if (!job) return;
    await lockNotionPage(tx, character.id);
    await this.services.request(
      Subjects.jobs.enqueue,
      {
        queue: JobQueues.notion,
        name: NotionJobNames.syncCharacter,
        data: { ...job.data },
        options: { job_id: job.jobId, attempts: NOTION_SYNC_ATTEMPTS },
      },
      caller ? { caller } : {},
    );
  }
}
