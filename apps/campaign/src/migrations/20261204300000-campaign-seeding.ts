import { Migration } from '@mikro-orm/migrations';

/**
 * A new campaign is filled from the master template by a job, in steps: where it stands (null: not seeded, as
 * every campaign made before), how many steps of how many are done, and when it last finished.
 */
export class CampaignSeeding extends Migration {
  override up(): void {
    this.addSql(`
      alter table campaigns
        add column seeding_status varchar(10) null
          constraint campaigns_seeding_status_check
          check (seeding_status in ('pending', 'running', 'done', 'failed')),
        add column seeding_done integer not null default 0,
        add column seeding_total integer not null default 0,
        add column seeded_at timestamptz null`);
  }

  override down(): void {
    this.addSql(`
      alter table campaigns
        drop column seeded_at,
        drop column seeding_total,
        drop column seeding_done,
        drop column seeding_status`);
  }
}
