import {
  notionIdOf,
  ServiceError,
  type CampaignChangesDto,
  type NotionConnectionView,
} from '@shotcaller/contracts';

/** What a campaign update does to its Notion integration. */
export type NotionConnectionChange =
  | { action: 'keep' }
  | { action: 'disconnect' }
  /** Connect, or change the database or token: `token` null keeps the stored one. */
  | { action: 'connect'; databaseId: string; token: string | null };

/**
 * How `notion_database_id` and `notion_token` change a campaign's Notion integration. Either null disconnects
 * (the other may only be absent or null too); connecting needs both, unless the campaign is connected already
 * (`storedDatabaseId` is set), when either alone replaces what is stored. Refusals are 422 field errors.
 */
export function notionConnectionChange(
  storedDatabaseId: string | null,
  changes: Pick<CampaignChangesDto, 'notion_database_id' | 'notion_token'>,
): NotionConnectionChange {
  const { notion_database_id: database, notion_token: token } = changes;
  if (database === undefined && token === undefined) return { action: 'keep' };
  if (database === null || token === null) {
    if (typeof database === 'string') {
      throw ServiceError.validation({ notion_database_id: ['must be null too to disconnect Notion'] });
    }
    if (typeof token === 'string') {
      throw ServiceError.validation({ notion_token: ['must be null too to disconnect Notion'] });
    }
    return { action: 'disconnect' };
  }
  if (database === undefined && storedDatabaseId === null) {
    throw ServiceError.validation({ notion_database_id: ['is required to connect Notion'] });
  }
  if (token === undefined && storedDatabaseId === null) {
    throw ServiceError.validation({ notion_token: ['is required to connect Notion'] });
  }
  return {
    action: 'connect',
    databaseId: database === undefined ? (storedDatabaseId as string) : notionIdOf(database),
    token: token ?? null,
  };
}

/** What a campaign's gamemaster is shown of its Notion integration: the database, never the token. */
export function toNotionConnectionView(
  databaseId: string | null | undefined,
  connectedAt: Date | string | null | undefined,
): NotionConnectionView | null {
  if (!databaseId || !connectedAt) return null;
  return {
    database_id: databaseId,
    connected_at: connectedAt instanceof Date ? connectedAt.toISOString() : connectedAt,
  };
}
