/**
 * A campaign's Notion integration: the integration token (a secret, stored sealed and never shown back) and the
 * id of the database its characters are synced to.
 */
import { NOTION_ID_PATTERN } from '../jobs/notion.jobs.js';

/** Longest integration token accepted; Notion's are about 50 characters (`secret_…`, `ntn_…`). */
export const NOTION_TOKEN_MAX = 512;
/** An integration token: URL-safe characters only, so it is never mistaken for anything but a token. */
export const NOTION_TOKEN_PATTERN = /^[A-Za-z0-9_-]{20,512}$/;
export const NOTION_TOKEN_MESSAGE = 'must be a Notion integration token (secret_… or ntn_…)';

/** A Notion id as stored and compared: 32 lower-case hex digits, without dashes. */
export function notionIdOf(text: string): string {
  return text.replaceAll('-', '').toLowerCase();
}

/** Whether `text` is a Notion id (a UUID, dashes optional). */
export function isNotionId(text: unknown): text is string {
  return typeof text === 'string' && NOTION_ID_PATTERN.test(text);
}
