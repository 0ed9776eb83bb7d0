import { Migration } from '@mikro-orm/migrations';

/**
 * A campaign may name a Discord webhook its fights are posted to (start, each new round, end). The URL holds the
 * webhook's secret token: views show only that one is set and its id.
 */
export class CampaignDiscordWebhooks extends Migration {
  override up(): void {
    this.addSql(`alter table campaigns add column discord_webhook_url varchar(2048) null`);
  }

  override down(): void {
    this.addSql(`alter table campaigns drop column discord_webhook_url`);
  }
}
