import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsISO8601,
  IsObject,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { Nullable } from '../input-rules.js';
import {
  CHARACTER_ACTION_VALUE_RULES,
  CHARACTER_DESCRIPTION_KEYS,
  CHARACTER_TYPES,
  type CharacterType,
} from '../characters/character-values.js';
import { RecordName } from '../characters/record-rules.js';
import { IsValueMap, type MapValue, type ValueMap } from '../characters/value-maps.js';

/** The jobs of the `notion` queue. */
export const NotionJobNames = {
  /** Creates or updates the Notion page of one character in its campaign's Notion database. */
  syncCharacter: 'sync_character',
} as const;

/**
 * The id a character's sync is queued under: its version (updated_at), so the same change is queued once
 * whoever asks again.
 */
export const notionSyncJobId = (characterId: string, updatedAt: Date): string =>
  `notion-${characterId}-${updatedAt.getTime()}`;

const NOTION_SYNC_JOB_ID =
  /^notion-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})-[0-9]{1,16}$/i;

/** The character a sync's job id names (see notionSyncJobId), or undefined for any other id. */
export const characterOfNotionSyncJob = (jobId: string): string | undefined =>
  NOTION_SYNC_JOB_ID.exec(jobId)?.[1];

/** A Notion object id: a UUID, with or without its dashes (as Notion's URLs show it; see notionIdOf). */
export const NOTION_ID_PATTERN =
  /^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$/;
export const NOTION_ID_MESSAGE = 'must be a Notion id (a UUID, dashes optional)';
/** The longest description synced: plain text, written to Notion in pieces of 2000 characters. */
export const NOTION_DESCRIPTION_MAX = 20_000;
/** Longest sealed token accepted (`v1.<iv>.<tag>.<ciphertext>`, see sealSecret in @shotcaller/auth). */
export const NOTION_SEALED_TOKEN_MAX = 4096;

/**
 * Why a notion job failed (`jobs.job.failed` `error.code`). `retry` says whether BullMQ tries it again.
 */
export const NotionFailureCodes = {
  /** The jobs service has no NOTION_TOKEN_KEY (retry: no). */
  unconfigured: 'notion_unconfigured',
  /** The sealed token cannot be opened with NOTION_TOKEN_KEY: altered, or sealed under another key (retry: no). */
  tokenUnreadable: 'notion_token_unreadable',
  /** Notion refused the token (401), or the database is not shared with the integration (403) (retry: no). */
  unauthorized: 'notion_unauthorized',
  /** The database or the page is gone, or not shared with the integration (404) (retry: no). */
  notFound: 'notion_not_found',
  /** Notion refused the request (400...): the database lacks a property, or has it with another type (retry: no). */
  rejected: 'notion_rejected',
  /** Notion answered 429; the message says when it asked to be called again (retry: yes). */
  rateLimited: 'notion_rate_limited',
  /** Notion answered 409: a write collided with another on the same page (retry: yes). */
  conflict: 'notion_conflict',
  /** Notion answered 5xx (retry: yes). */
  serverError: 'notion_server_error',
  /** No answer within NOTION_TIMEOUT_MS, or no connection (retry: yes). */
  unreachable: 'notion_unreachable',
  /** Another sync of the same character is running (retry: yes). */
  busy: 'notion_sync_busy',
} as const;

export type NotionFailureCode = (typeof NotionFailureCodes)[keyof typeof NotionFailureCodes];

/**
 * A character's `description` map (Background, Appearance... each the client's rich text) as the one text a
 * `sync_character` job carries: `Key: value` entries, the standard keys first in their usual order, separated by
 * blank lines, cut at NOTION_DESCRIPTION_MAX (never inside a surrogate pair). Null when no entry has text. The
 * runner turns the editor's HTML into plain text.
 */
export function notionDescriptionFrom(
  description: Record<string, MapValue> | null | undefined,
): string | null {
  if (!description) return null;
  const standard: readonly string[] = CHARACTER_DESCRIPTION_KEYS;
  const keys = [
    ...standard.filter((key) => key in description),
    ...Object.keys(description).filter((key) => !standard.includes(key)),
  ];
  const entries = keys.flatMap((key) => {
    const value = description[key];
    return typeof value === 'string' && value.trim() !== '' ? [`${key}: ${value.trim()}`] : [];
  });
  if (entries.length === 0) return null;
  let text = entries.join('\n\n');
  if (text.length > NOTION_DESCRIPTION_MAX) {
    const last = text.charCodeAt(NOTION_DESCRIPTION_MAX - 1);
    text = text.slice(
      0,
      last >= 0xd800 && last <= 0xdbff ? NOTION_DESCRIPTION_MAX - 1 : NOTION_DESCRIPTION_MAX,
    );
  }
  return text;
}

/** The character as its Notion page shows it. */
export class NotionCharacter {
  @ApiProperty({ maxLength: 255 })
  @RecordName()
  name: string;

  @ApiProperty({ enum: CHARACTER_TYPES, nullable: true, description: "The character's action_values.Type" })
  @Nullable()
  @IsIn(CHARACTER_TYPES)
  type: CharacterType | null;

  @ApiProperty({
    type: Object,
    description:
      "The character's action_values as stored (same rules): the standard whole-number ones, Type and Archetype are synced",
  })
  @IsValueMap(CHARACTER_ACTION_VALUE_RULES)
  action_values: ValueMap;

  @ApiProperty({
    type: String,
    nullable: true,
    maxLength: NOTION_DESCRIPTION_MAX,
    description: 'Text, or the HTML of the description editor: see notionDescriptionFrom',
  })
  @Nullable()
  @IsString()
  @MaxLength(NOTION_DESCRIPTION_MAX)
  description: string | null;
}

/**
 * `notion` / `sync_character`: writes `character` to its page in the Notion database `database_id`, creating the
 * page when `page_id` is null (and the service knows none for this character and database). `updated_at` orders
 * syncs: a job older than the last one synced for the character does nothing.
 */
export class SyncCharacterData {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  campaign_id: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  character_id: string;

  @ApiProperty({ example: '8a6f0c2e4b1d4e0f9a3b5c7d9e1f2a3b' })
  @IsString()
  @Matches(NOTION_ID_PATTERN, { message: NOTION_ID_MESSAGE })
  database_id: string;

  @ApiProperty({ description: 'The integration token, sealed with NOTION_TOKEN_KEY (v1.<iv>.<tag>.<data>)' })
  @IsString()
  @MaxLength(NOTION_SEALED_TOKEN_MAX)
  sealed_token: string;

  @ApiProperty({ type: String, nullable: true, description: "The character's page, when it has one" })
  @Nullable()
  @IsString()
  @Matches(NOTION_ID_PATTERN, { message: NOTION_ID_MESSAGE })
  page_id: string | null;

  @ApiProperty({ type: NotionCharacter })
  @IsObject()
  @ValidateNested()
  @Type(() => NotionCharacter)
  character: NotionCharacter;

  @ApiProperty({ format: 'date-time', description: "The character's updated_at when the job was queued" })
  @IsISO8601({ strict: true })
  @MaxLength(40)
  updated_at: string;
}

/** What a `sync_character` job did: `stale` when a newer sync had already been written (Notion not called). */
export type NotionSyncOutcome = 'created' | 'updated' | 'stale';

/** A `sync_character` job's result: the page the character is synced to, which the campaign keeps. */
export interface NotionSyncResult {
  campaign_id: string;
  character_id: string;
  /** The database the page is in, as the job named it (32 lower-case hex digits). */
  database_id: string;
  /** Null only when a stale job found no page known for the character. */
  page_id: string | null;
  /** When the page was written (ISO 8601); for a stale job, when the newer sync was. */
  synced_at: string | null;
  outcome: NotionSyncOutcome;
}

export const NotionJobShapes = { [NotionJobNames.syncCharacter]: SyncCharacterData };
