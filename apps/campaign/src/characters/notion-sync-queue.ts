import { Injectable } from '@nestjs/common';
import { JobQueues, NotionJobNames, Subjects } from '@shotcaller/contracts';
import { ServiceClient, type Caller } from '@shotcaller/messaging';
import {
  NOTION_SYNC_ATTEMPTS,
  notionSyncJob,
  type CampaignNotion,
  type SyncedCharacter,
} from './character-notion.rules.js';

/**
 * Hands a character's sync to the jobs service's `notion` queue when its campaign has a Notion integration; a
 * campaign without one asks nothing of the jobs service. Call it as the last step inside the transaction of the
 * change it syncs: any error (503 when the jobs service is not answering) is thrown on, so the change is rolled
 * back rather than left unsynced.
 */
@Injectable()
export class NotionSyncQueue {
  constructor(private readonly services: ServiceClient) {}

  async enqueue(campaign: CampaignNotion, character: SyncedCharacter, caller?: Caller): Promise<void> {
    const job = notionSyncJob(campaign, character);
    if (!job) return;
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
