import { Migration } from '@mikro-orm/migrations';

export class AccountsAndCampaigns extends Migration {
  override up(): void {
    this.addSql(`
      create table users (
        id uuid primary key,
        email varchar(254) not null,
        first_name varchar(50) not null,
        last_name varchar(50) not null,
        password_hash text not null,
        admin boolean not null default false,
        gamemaster boolean not null default true,
        active boolean not null default true,
        current_campaign_id uuid null,
        failed_sign_in_attempts integer not null default 0,
        locked_until timestamptz null,
        last_sign_in_at timestamptz null,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      )`);
    this.addSql(`create unique index users_email_unique on users (lower(email))`);

    this.addSql(`
      create table campaigns (
        id uuid primary key,
        user_id uuid not null references users (id) on delete restrict,
        name varchar(100) not null,
        description text null,
        active boolean not null default true,
        is_master_template boolean not null default false,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      )`);
    this.addSql(`create unique index campaigns_gamemaster_name_unique on campaigns (user_id, lower(name))`);
    this.addSql(
      `create unique index campaigns_one_master_template on campaigns (is_master_template) where is_master_template`,
    );
    this.addSql(`create index campaigns_created_at_index on campaigns (created_at)`);

    this.addSql(`
      create table campaign_memberships (
        id uuid primary key,
        campaign_id uuid not null references campaigns (id) on delete cascade,
        user_id uuid not null references users (id) on delete cascade,
        created_at timestamptz not null default now()
      )`);
    this.addSql(
      `create unique index campaign_memberships_unique on campaign_memberships (campaign_id, user_id)`,
    );
    this.addSql(`create index campaign_memberships_user_index on campaign_memberships (user_id)`);

    this.addSql(`
      alter table users add constraint users_current_campaign_fk
        foreign key (current_campaign_id) references campaigns (id) on delete set null`);
  }

  override down(): void {
    this.addSql('alter table users drop constraint users_current_campaign_fk');
    this.addSql('drop table campaign_memberships');
    this.addSql('drop table campaigns');
    this.addSql('drop table users');
  }
}
