import { Migration } from '@mikro-orm/migrations';

/**
 * A campaign may connect a Notion integration: the database its characters are synced to and the integration
 * token, sealed (never stored in the clear), both set or both unset. A character keeps the page it is synced to
 * and when that page was last written.
 */
export class NotionSync extends Migration {
  override up(): void {
    this.addSql(`
      alter table campaigns
        add column notion_database_id varchar(32) null,
        add column notion_token_sealed varchar(4096) null,
        add column notion_connected_at timestamptz null,
        add constraint campaigns_notion_connection_check check (
          (notion_database_id is null) = (notion_token_sealed is null)
          and (notion_database_id is null) = (notion_connected_at is null)
        )`);
    this.addSql(`
      alter table characters
        add column notion_page_id varchar(32) null,
        add column last_synced_to_notion_at timestamptz null`);
  }

  override down(): void {
    this.addSql(`alter table characters drop column last_synced_to_notion_at, drop column notion_page_id`);
    this.addSql(`
      alter table campaigns
        drop constraint campaigns_notion_connection_check,
        drop column notion_connected_at,
        drop column notion_token_sealed,
        drop column notion_database_id`);
  }
}
