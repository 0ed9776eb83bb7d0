import type { Type } from '@nestjs/common';
import { AiJobData } from './ai.jobs.js';
import { MailJobDataShapes } from './mail.jobs.js';
import { CharacterSheetData, ImportSheetData, PdfJobNames } from './pdf.jobs.js';
import { MaintenanceJobShapes } from './maintenance.jobs.js';
import { NotionJobShapes } from './notion.jobs.js';
import { SeedingJobShapes } from './seeding.jobs.js';
import type { JobQueueName } from './queues.js';
import { DeliverWebhookData, DiscordFightData } from './webhook.jobs.js';

/**
 * The data each job takes, by queue and job name: `jobs.enqueue` validates `data` against the DTO class listed
 * here and refuses a name its queue does not list. Each queue's file adds its entry.
 */
export const JobDataShapes = {
  maintenance: MaintenanceJobShapes,
  seeding: SeedingJobShapes,
  notion: NotionJobShapes,
  ai: AiJobData,
  webhooks: { deliver: DeliverWebhookData, discord_fight: DiscordFightData },
  mail: MailJobDataShapes,
  pdf: { [PdfJobNames.characterSheet]: CharacterSheetData, [PdfJobNames.importSheet]: ImportSheetData },
} satisfies Partial<Record<JobQueueName, Record<string, Type<object>>>>;
