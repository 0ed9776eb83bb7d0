import { Module, type DynamicModule } from '@nestjs/common';
import { NotionPages } from './notion-pages.js';
import { NOTION_SETTINGS, notionSettingsFrom, type NotionConfig } from './notion-settings.js';
import { NotionSyncState } from './notion-sync-state.js';
import { NotionJobs } from './notion.jobs.js';

/**
 * The `notion` queue's runner, the Notion pages it writes through and the per-character sync state it keeps in
 * the service's BullMQ Redis (BullmqConnection, provided globally by BullmqModule).
 */
@Module({})
export class NotionJobsModule {
  static forRoot(config: NotionConfig): DynamicModule {
    return {
      module: NotionJobsModule,
      providers: [
        { provide: NOTION_SETTINGS, useValue: notionSettingsFrom(config) },
        NotionPages,
        NotionSyncState,
        NotionJobs,
      ],
      exports: [NotionJobs],
    };
  }
}
