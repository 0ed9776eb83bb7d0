import { Migration } from '@mikro-orm/migrations';

/**
 * Invitations to a campaign, made by its gamemaster: for one address (`email`), or a link good for
 * `maximum_count` people (`remaining_count` of them left). An invitation is pending until it is redeemed: an email
 * invitation by its one invitee, a counted one when its last place is taken. At most one pending invitation per
 * campaign and address (case-insensitive). Invitations go with their campaign, and with the account that made them.
 */
export class Invitations extends Migration {
  override up(): void {
    this.addSql(`
      create table invitations (
        id uuid primary key,
        campaign_id uuid not null constraint invitations_campaign_id_fkey references campaigns (id) on delete cascade,
        user_id uuid not null constraint invitations_user_id_fkey references users (id) on delete cascade,
        email varchar(254) null,
        maximum_count integer null,
        remaining_count integer null,
        redeemed boolean not null default false,
        redeemed_at timestamptz null,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        constraint invitations_email_or_count_check check ((email is null) <> (maximum_count is null)),
        constraint invitations_maximum_count_check check (maximum_count >= 1),
        constraint invitations_remaining_count_check check (
          (remaining_count is null) = (maximum_count is null)
          and remaining_count >= 0
          and remaining_count <= maximum_count
        ),
        constraint invitations_redeemed_at_check check (redeemed = (redeemed_at is not null))
      )`);
    this.addSql(
      `create unique index invitations_pending_email_unique on invitations (campaign_id, lower(email)) where not redeemed`,
    );
    this.addSql(
      `create index invitations_campaign_created_at_index on invitations (campaign_id, created_at)`,
    );
    this.addSql(`create index invitations_user_index on invitations (user_id)`);
  }

  override down(): void {
    this.addSql('drop table invitations');
  }
}
