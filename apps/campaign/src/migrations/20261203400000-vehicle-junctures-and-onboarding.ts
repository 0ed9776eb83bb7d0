import { Migration } from '@mikro-orm/migrations';

/**
 * Vehicles get what the Rails vehicles had and the client sends: a juncture (cleared when it goes) and the `task`
 * flag. The onboarding checklist moves from a JSON map on users to a row per user with a typed timestamp per
 * milestone, which the writes that reach a milestone set in their own transaction (first reach wins).
 */
export class VehicleJuncturesAndOnboarding extends Migration {
  override up(): void {
    this.addSql(`
      alter table vehicles
        add column juncture_id uuid null
          constraint vehicles_juncture_id_fkey references junctures (id) on delete set null,
        add column task boolean not null default false`);
    this.addSql(`create index vehicles_juncture_index on vehicles (juncture_id)`);

    this.addSql(`
      create table onboarding_progresses (
        user_id uuid primary key constraint onboarding_progresses_user_id_fkey references users (id) on delete cascade,
        first_campaign_created_at timestamptz null,
        first_campaign_activated_at timestamptz null,
        first_character_created_at timestamptz null,
        first_fight_created_at timestamptz null,
        first_faction_created_at timestamptz null,
        first_party_created_at timestamptz null,
        first_site_created_at timestamptz null,
        congratulations_dismissed_at timestamptz null,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      )`);
    // What the JSON map already held (ISO timestamps) carries over.
    this.addSql(`
      insert into onboarding_progresses (user_id, first_campaign_created_at, first_campaign_activated_at,
        first_character_created_at, first_fight_created_at, first_faction_created_at, first_party_created_at,
        first_site_created_at, congratulations_dismissed_at)
      select id, (onboarding_progress->>'first_campaign_created_at')::timestamptz,
        (onboarding_progress->>'first_campaign_activated_at')::timestamptz,
        (onboarding_progress->>'first_character_created_at')::timestamptz,
        (onboarding_progress->>'first_fight_created_at')::timestamptz,
        (onboarding_progress->>'first_faction_created_at')::timestamptz,
        (onboarding_progress->>'first_party_created_at')::timestamptz,
        (onboarding_progress->>'first_site_created_at')::timestamptz,
        (onboarding_progress->>'congratulations_dismissed_at')::timestamptz
      from users where onboarding_progress <> '{}'::jsonb`);
    this.addSql('alter table users drop column onboarding_progress');
  }

  override down(): void {
    this.addSql(`alter table users add column onboarding_progress jsonb not null default '{}'::jsonb`);
    this.addSql(`
      update users u set onboarding_progress = jsonb_strip_nulls(jsonb_build_object(
        'first_campaign_created_at', o.first_campaign_created_at,
        'first_campaign_activated_at', o.first_campaign_activated_at,
        'first_character_created_at', o.first_character_created_at,
        'first_fight_created_at', o.first_fight_created_at,
        'first_faction_created_at', o.first_faction_created_at,
        'first_party_created_at', o.first_party_created_at,
        'first_site_created_at', o.first_site_created_at,
        'congratulations_dismissed_at', o.congratulations_dismissed_at))
      from onboarding_progresses o where o.user_id = u.id`);
    this.addSql('drop table onboarding_progresses');
    this.addSql('drop index vehicles_juncture_index');
    this.addSql('alter table vehicles drop column task, drop column juncture_id');
  }
}
