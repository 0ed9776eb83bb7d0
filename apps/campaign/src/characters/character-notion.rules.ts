import { isUUID } from 'class-validator';
import {
  CHARACTER_TYPES,
  characterOfNotionSyncJob,
  isNotionId,
  NotionFailureCodes,
  notionDescriptionFrom,
  notionIdOf,
  NotionJobNames,
  notionSyncJobId,
  JobQueues,
  type CharacterType,
  type SyncCharacterData,
  type ValueMap,
} from '@shotcaller/contracts';

/** Attempts of a sync job: Notion's rate limits ask for patience, and each 429 is waited out (retry-after). */
export const NOTION_SYNC_ATTEMPTS = 8;

/** The Notion integration of a campaign, as stored. */
export interface CampaignNotion {
  id: string;
  notionDatabaseId?: string | null;
  notionTokenSealed?: string | null;
}

/** A character as its sync job needs it. */
export interface SyncedCharacter {
  id: string;
  name: string;
  isTemplate: boolean;
  actionValues: ValueMap;
  description: ValueMap;
  notionPageId?: string | null;
  updatedAt: Date;
}

/**
 * The `notion`/`sync_character` job that writes a character to its campaign's Notion database, or null when
 * the campaign has no Notion integration or the character is a template. Its id names the character and its
 * updated_at, so the same version is queued once whoever asks again.
 */
export function notionSyncJob(
  campaign: CampaignNotion,
  character: SyncedCharacter,
): { jobId: string; data: SyncCharacterData } | null {
  const { notionDatabaseId: databaseId, notionTokenSealed: sealedToken } = campaign;
  if (!databaseId || !sealedToken || character.isTemplate) return null;
  const type = character.actionValues.Type;
  return {
    jobId: notionSyncJobId(character.id, character.updatedAt),
    data: {
      campaign_id: campaign.id,
      character_id: character.id,
      database_id: databaseId,
      sealed_token: sealedToken,
      page_id: character.notionPageId ?? null,
      character: {
        name: character.name,
        type: CHARACTER_TYPES.includes(type as CharacterType) ? (type as CharacterType) : null,
        action_values: character.actionValues,
        description: notionDescriptionFrom(character.description),
      },
      updated_at: character.updatedAt.toISOString(),
    },
  };
}

/**
 * The advisory lock key of a character's Notion page: the change that queues a sync holds it until it commits,
 * and keeping the sync's outcome waits for it, so a job that ends before that commit still finds its character.
 */
export function notionPageLockKey(characterId: string): string {
  return `notion-page:${characterId}`;
}

/** What the end of a sync job tells the campaign service about a character's page. */
export type NotionSyncOutcome =
  /** The character's page was written: keep its id (if the campaign still syncs to that database). */
  | {
      kind: 'synced';
      campaignId: string;
      characterId: string;
      databaseId: string;
      pageId: string;
      syncedAt: Date;
    }
  /** Notion no longer has the page (or the database): forget it, so the next sync creates one. */
  | { kind: 'page_gone'; characterId: string };

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The outcome of a `jobs.job.completed` or `jobs.job.failed` event for the campaign service, or null when the
 * event is not a character sync's, or not whole: nothing in it is taken on trust beyond its shape.
 */
export function notionSyncOutcomeOf(event: unknown): NotionSyncOutcome | null {
  if (!isObject(event) || event.queue !== JobQueues.notion || event.name !== NotionJobNames.syncCharacter) {
    return null;
  }
  if (event.event === 'jobs.job.completed') {
    const result = event.result;
    if (!isObject(result)) return null;
    const { campaign_id, character_id, database_id, page_id, synced_at } = result;
    if (typeof campaign_id !== 'string' || !isUUID(campaign_id)) return null;
    if (typeof character_id !== 'string' || !isUUID(character_id)) return null;
    if (!isNotionId(database_id) || !isNotionId(page_id) || typeof synced_at !== 'string') return null;
    const syncedAt = new Date(synced_at);
    if (Number.isNaN(syncedAt.getTime())) return null;
    return {
      kind: 'synced',
      campaignId: campaign_id,
      characterId: character_id,
      databaseId: notionIdOf(database_id),
      pageId: notionIdOf(page_id),
      syncedAt,
    };
  }
  if (event.event === 'jobs.job.failed') {
    const error = event.error;
    if (!isObject(error) || error.code !== NotionFailureCodes.notFound) return null;
    const characterId = typeof event.job_id === 'string' ? characterOfNotionSyncJob(event.job_id) : undefined;
    return characterId ? { kind: 'page_gone', characterId } : null;
  }
  return null;
}
