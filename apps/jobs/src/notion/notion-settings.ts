import { sealingKeyFrom } from '@shotcaller/auth';
import type { JobsEnv } from '../config.js';

/** What the notion queue needs of the jobs configuration. */
export interface NotionSettings {
  /** Opens the campaigns' sealed tokens; null when NOTION_TOKEN_KEY is unset (notion jobs are refused). */
  tokenKey: Buffer | null;
  /** Notion's API origin, without a trailing slash (the client adds `/v1/`). */
  baseUrl: string;
  timeoutMs: number;
}

export const NOTION_SETTINGS = Symbol('NotionSettings');

export type NotionConfig = Pick<JobsEnv, 'NOTION_TOKEN_KEY' | 'NOTION_API_BASE_URL' | 'NOTION_TIMEOUT_MS'>;

export function notionSettingsFrom(config: NotionConfig): NotionSettings {
  return {
    tokenKey: config.NOTION_TOKEN_KEY === '' ? null : sealingKeyFrom(config.NOTION_TOKEN_KEY),
    baseUrl: config.NOTION_API_BASE_URL.replace(/\/+$/, ''),
    timeoutMs: config.NOTION_TIMEOUT_MS,
  };
}
