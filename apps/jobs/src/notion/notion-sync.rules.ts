/** What the service remembers of a character's last sync (in Redis, see NotionSyncState). */
export interface LastNotionSync {
  database_id: string;
  page_id: string;
  /** The character's updated_at that sync wrote (ISO 8601). */
  updated_at: string;
  /** When it was written (ISO 8601). */
  synced_at: string;
}

/** What a sync job has to do. */
export type NotionSyncPlan =
  | { action: 'create' }
  | { action: 'update'; pageId: string }
  | { action: 'skip_stale'; last: LastNotionSync };

/** A Notion id compared the way Notion does: without dashes, lower case. */
export function sameNotionId(a: string, b: string): boolean {
  return a.replaceAll('-', '').toLowerCase() === b.replaceAll('-', '').toLowerCase();
}

/**
 * What a sync of a character changed at `updatedAt` into `databaseId` must do, given the last sync of that
 * character (if any): nothing when that one wrote newer data to the same database (out-of-order runs never
 * overwrite newer data; the same updated_at is written again, harmless); else update the page the job names, or
 * the one the last sync wrote in that database (so a second "create" never makes a second page), or create one.
 * A last sync into another database says nothing: the campaign switched databases.
 */
export function notionSyncPlan(
  job: { database_id: string; page_id: string | null; updated_at: string },
  last: LastNotionSync | null,
): NotionSyncPlan {
  const sameDatabase = last !== null && sameNotionId(last.database_id, job.database_id);
  if (sameDatabase && Date.parse(job.updated_at) < Date.parse(last.updated_at)) {
    return { action: 'skip_stale', last };
  }
  const pageId = job.page_id ?? (sameDatabase ? last.page_id : null);
  return pageId === null ? { action: 'create' } : { action: 'update', pageId };
}

/** The last sync read back from its Redis hash, or null when there is none or it is not whole. */
export function lastNotionSyncFrom(fields: Record<string, string>): LastNotionSync | null {
  const { database_id, page_id, updated_at, synced_at } = fields;
  if (!database_id || !page_id || !updated_at || !synced_at || Number.isNaN(Date.parse(updated_at)))
    return null;
  return { database_id, page_id, updated_at, synced_at };
}
