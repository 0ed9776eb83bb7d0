import { Migration } from '@mikro-orm/migrations';

/**
 * The campaign manager's records: characters, vehicles, weapons, schticks, factions, junctures, sites, parties and
 * their links, fights and the shot counter, image positions; on users the current character and the onboarding
 * checklist.
 *
 * Conventions: uuid keys made by the service; `campaign_id` on every record a campaign owns, removed with the
 * campaign; names unique per campaign regardless of case; JSON columns hold objects or arrays whose default keys the
 * service fills in; `image_id` is the media service's image (another database, so no foreign key). A record's child
 * rows (a fight's shots, a character's advancements, a link between two records) go with it; an optional reference
 * to a record that goes (a faction, a juncture, an equipped weapon) is cleared. Whether a referenced record may be
 * deleted at all (422 `associations_exist` unless `?force=true`) is the service's check, made before the delete.
 */
export class CampaignEntities extends Migration {
  override up(): void {
    this.addSql(`
      create table factions (
        id uuid primary key,
        campaign_id uuid not null constraint factions_campaign_id_fkey references campaigns (id) on delete cascade,
        name varchar(255) not null,
        description text null,
        image_id uuid null,
        active boolean not null default true,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      )`);
    this.addSql(`create unique index factions_campaign_name_unique on factions (campaign_id, lower(name))`);
    this.addSql(`create index factions_campaign_created_at_index on factions (campaign_id, created_at)`);

    this.addSql(`
      create table junctures (
        id uuid primary key,
        campaign_id uuid not null constraint junctures_campaign_id_fkey references campaigns (id) on delete cascade,
        -- A faction that goes leaves its junctures without one.
        faction_id uuid null constraint junctures_faction_id_fkey references factions (id) on delete set null,
        name varchar(255) not null,
        description text null,
        image_id uuid null,
        active boolean not null default true,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      )`);
    this.addSql(`create unique index junctures_campaign_name_unique on junctures (campaign_id, lower(name))`);
    this.addSql(`create index junctures_campaign_created_at_index on junctures (campaign_id, created_at)`);
    this.addSql(`create index junctures_faction_index on junctures (faction_id)`);

    this.addSql(`
      create table weapons (
        id uuid primary key,
        campaign_id uuid not null constraint weapons_campaign_id_fkey references campaigns (id) on delete cascade,
        name varchar(255) not null,
        description text null,
        damage integer not null,
        concealment integer null,
        reload_value integer null,
        -- The juncture by name, as the Rails app kept it: weapons are filtered by it, not linked.
        juncture varchar(100) null,
        mook_bonus integer not null default 0,
        category varchar(100) null,
        kachunk boolean not null default false,
        image_id uuid null,
        active boolean not null default true,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      )`);
    this.addSql(`create unique index weapons_campaign_name_unique on weapons (campaign_id, lower(name))`);
    this.addSql(`create index weapons_campaign_created_at_index on weapons (campaign_id, created_at)`);

    this.addSql(`
      create table schticks (
        id uuid primary key,
        campaign_id uuid not null constraint schticks_campaign_id_fkey references campaigns (id) on delete cascade,
        -- A schtick whose prerequisite goes no longer has one.
        prerequisite_id uuid null constraint schticks_prerequisite_id_fkey references schticks (id) on delete set null,
        name varchar(255) not null,
        description text null,
        category varchar(100) null,
        path varchar(100) null,
        color varchar(50) null,
        bonus boolean not null default false,
        archetypes jsonb not null default '[]'::jsonb,
        image_id uuid null,
        active boolean not null default true,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        -- Core schticks may name any category; the others one of the game's.
        constraint schticks_category_check check (
          path = 'Core' or category in ('Guns', 'Martial Arts', 'Driving', 'Sorcery', 'Creature',
            'Transformed Animal', 'Gene Freak', 'Cyborg', 'Foe')
        ),
        constraint schticks_prerequisite_check check (prerequisite_id <> id)
      )`);
    // Schticks without a category are one group for uniqueness, not each its own.
    this.addSql(`
      create unique index schticks_campaign_category_name_unique
        on schticks (campaign_id, category, lower(name)) nulls not distinct`);
    this.addSql(`create index schticks_campaign_created_at_index on schticks (campaign_id, created_at)`);
    this.addSql(`create index schticks_prerequisite_index on schticks (prerequisite_id)`);

    this.addSql(`
      create table sites (
        id uuid primary key,
        campaign_id uuid not null constraint sites_campaign_id_fkey references campaigns (id) on delete cascade,
        faction_id uuid null constraint sites_faction_id_fkey references factions (id) on delete set null,
        juncture_id uuid null constraint sites_juncture_id_fkey references junctures (id) on delete set null,
        name varchar(255) not null,
        description text null,
        image_id uuid null,
        active boolean not null default true,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      )`);
    this.addSql(`create unique index sites_campaign_name_unique on sites (campaign_id, lower(name))`);
    this.addSql(`create index sites_campaign_created_at_index on sites (campaign_id, created_at)`);
    this.addSql(`create index sites_faction_index on sites (faction_id)`);
    this.addSql(`create index sites_juncture_index on sites (juncture_id)`);

    this.addSql(`
      create table parties (
        id uuid primary key,
        campaign_id uuid not null constraint parties_campaign_id_fkey references campaigns (id) on delete cascade,
        faction_id uuid null constraint parties_faction_id_fkey references factions (id) on delete set null,
        juncture_id uuid null constraint parties_juncture_id_fkey references junctures (id) on delete set null,
        name varchar(255) not null,
        description text null,
        image_id uuid null,
        active boolean not null default true,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      )`);
    this.addSql(`create unique index parties_campaign_name_unique on parties (campaign_id, lower(name))`);
    this.addSql(`create index parties_campaign_created_at_index on parties (campaign_id, created_at)`);
    this.addSql(`create index parties_faction_index on parties (faction_id)`);
    this.addSql(`create index parties_juncture_index on parties (juncture_id)`);

    // The character's type (PC, Boss...) lives in action_values, as the client reads it: no column to check.
    this.addSql(`
      create table characters (
        id uuid primary key,
        campaign_id uuid not null constraint characters_campaign_id_fkey references campaigns (id) on delete cascade,
        -- A player who deletes their account leaves their characters to the campaign, without an owner.
        user_id uuid null constraint characters_user_id_fkey references users (id) on delete set null,
        faction_id uuid null constraint characters_faction_id_fkey references factions (id) on delete set null,
        juncture_id uuid null constraint characters_juncture_id_fkey references junctures (id) on delete set null,
        -- A deleted weapon is no longer equipped (its carries go with it).
        equipped_weapon_id uuid null
          constraint characters_equipped_weapon_id_fkey references weapons (id) on delete set null,
        name varchar(255) not null,
        impairments integer not null default 0,
        color varchar(50) null,
        wealth varchar(20) null,
        summary text null,
        task boolean not null default false,
        is_template boolean not null default false,
        action_values jsonb not null default '{}'::jsonb,
        description jsonb not null default '{}'::jsonb,
        skills jsonb not null default '{}'::jsonb,
        status jsonb not null default '[]'::jsonb,
        image_id uuid null,
        active boolean not null default true,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        constraint characters_impairments_check check (impairments >= 0),
        constraint characters_wealth_check check (wealth in ('Poor', 'Working Stiff', 'Rich'))
      )`);
    this.addSql(
      `create unique index characters_campaign_name_unique on characters (campaign_id, lower(name))`,
    );
    this.addSql(`create index characters_campaign_created_at_index on characters (campaign_id, created_at)`);
    this.addSql(`create index characters_user_index on characters (user_id)`);
    this.addSql(`create index characters_faction_index on characters (faction_id)`);
    this.addSql(`create index characters_juncture_index on characters (juncture_id)`);
    this.addSql(`create index characters_equipped_weapon_index on characters (equipped_weapon_id)`);

    this.addSql(`
      create table vehicles (
        id uuid primary key,
        campaign_id uuid not null constraint vehicles_campaign_id_fkey references campaigns (id) on delete cascade,
        user_id uuid null constraint vehicles_user_id_fkey references users (id) on delete set null,
        faction_id uuid null constraint vehicles_faction_id_fkey references factions (id) on delete set null,
        name varchar(255) not null,
        impairments integer not null default 0,
        color varchar(50) null,
        action_values jsonb not null default '{}'::jsonb,
        description jsonb not null default '{}'::jsonb,
        image_id uuid null,
        active boolean not null default true,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        constraint vehicles_impairments_check check (impairments >= 0)
      )`);
    this.addSql(`create unique index vehicles_campaign_name_unique on vehicles (campaign_id, lower(name))`);
    this.addSql(`create index vehicles_campaign_created_at_index on vehicles (campaign_id, created_at)`);
    this.addSql(`create index vehicles_user_index on vehicles (user_id)`);
    this.addSql(`create index vehicles_faction_index on vehicles (faction_id)`);

    // A character's advancements and links are part of it and go with it; a link also goes with the schtick,
    // weapon, site or party it names (`?force=true` removes the links; the service refuses the delete otherwise).
    this.addSql(`
      create table advancements (
        id uuid primary key,
        character_id uuid not null constraint advancements_character_id_fkey references characters (id) on delete cascade,
        description text not null,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      )`);
    this.addSql(
      `create index advancements_character_created_at_index on advancements (character_id, created_at)`,
    );

    this.addSql(`
      create table character_schticks (
        id uuid primary key,
        character_id uuid not null
          constraint character_schticks_character_id_fkey references characters (id) on delete cascade,
        schtick_id uuid not null
          constraint character_schticks_schtick_id_fkey references schticks (id) on delete cascade,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      )`);
    this.addSql(
      `create unique index character_schticks_unique on character_schticks (character_id, schtick_id)`,
    );
    this.addSql(`create index character_schticks_schtick_index on character_schticks (schtick_id)`);

    this.addSql(`
      create table carries (
        id uuid primary key,
        character_id uuid not null constraint carries_character_id_fkey references characters (id) on delete cascade,
        weapon_id uuid not null constraint carries_weapon_id_fkey references weapons (id) on delete cascade,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      )`);
    this.addSql(`create unique index carries_unique on carries (character_id, weapon_id)`);
    this.addSql(`create index carries_weapon_index on carries (weapon_id)`);

    this.addSql(`
      create table attunements (
        id uuid primary key,
        character_id uuid not null
          constraint attunements_character_id_fkey references characters (id) on delete cascade,
        site_id uuid not null constraint attunements_site_id_fkey references sites (id) on delete cascade,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      )`);
    this.addSql(`create unique index attunements_unique on attunements (character_id, site_id)`);
    this.addSql(`create index attunements_site_index on attunements (site_id)`);

    this.addSql(`
      create table party_memberships (
        id uuid primary key,
        party_id uuid not null constraint party_memberships_party_id_fkey references parties (id) on delete cascade,
        character_id uuid null
          constraint party_memberships_character_id_fkey references characters (id) on delete cascade,
        vehicle_id uuid null constraint party_memberships_vehicle_id_fkey references vehicles (id) on delete cascade,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        constraint party_memberships_member_check check ((character_id is null) <> (vehicle_id is null))
      )`);
    // A member belongs to a party once (each index leaves out the other kind's rows: their column is null).
    this.addSql(
      `create unique index party_memberships_character_unique on party_memberships (party_id, character_id)`,
    );
    this.addSql(
      `create unique index party_memberships_vehicle_unique on party_memberships (party_id, vehicle_id)`,
    );
    this.addSql(`create index party_memberships_character_index on party_memberships (character_id)`);
    this.addSql(`create index party_memberships_vehicle_index on party_memberships (vehicle_id)`);

    this.addSql(`
      create table fights (
        id uuid primary key,
        campaign_id uuid not null constraint fights_campaign_id_fkey references campaigns (id) on delete cascade,
        name varchar(255) not null,
        description text null,
        sequence integer not null default 0,
        archived boolean not null default false,
        started_at timestamptz null,
        ended_at timestamptz null,
        season integer null,
        session integer null,
        -- The client's id of the last action taken, so a repeated action is recognised; not a reference.
        action_id uuid null,
        image_id uuid null,
        active boolean not null default true,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        constraint fights_sequence_check check (sequence >= 0)
      )`);
    this.addSql(`create unique index fights_campaign_name_unique on fights (campaign_id, lower(name))`);
    this.addSql(`create index fights_campaign_created_at_index on fights (campaign_id, created_at)`);

    // A fight's shots, effects, events and chase relationships are the fight's and go with it. A combatant who is
    // deleted leaves the fight: their shots (and the effects on them) go too.
    this.addSql(`
      create table shots (
        id uuid primary key,
        fight_id uuid not null constraint shots_fight_id_fkey references fights (id) on delete cascade,
        character_id uuid null constraint shots_character_id_fkey references characters (id) on delete cascade,
        vehicle_id uuid null constraint shots_vehicle_id_fkey references vehicles (id) on delete cascade,
        -- null: hidden, not yet in the initiative.
        shot integer null,
        count integer not null default 0,
        impairments integer not null default 0,
        color varchar(50) null,
        location varchar(255) null,
        was_rammed_or_damaged boolean not null default false,
        -- On a vehicle's shot, its driver's shot; on the driver's shot, the vehicle's. A shot that goes unlinks.
        driver_id uuid null constraint shots_driver_id_fkey references shots (id) on delete set null,
        driving_id uuid null constraint shots_driving_id_fkey references shots (id) on delete set null,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        constraint shots_combatant_check check ((character_id is null) <> (vehicle_id is null)),
        constraint shots_shot_check check (shot >= -10 and shot <= 30),
        constraint shots_impairments_check check (impairments >= 0),
        constraint shots_driver_check check (driver_id is null or (vehicle_id is not null and driver_id <> id)),
        constraint shots_driving_check check (driving_id is null or (character_id is not null and driving_id <> id))
      )`);
    this.addSql(`create index shots_fight_index on shots (fight_id)`);
    this.addSql(`create index shots_character_index on shots (character_id)`);
    this.addSql(`create index shots_vehicle_index on shots (vehicle_id)`);
    this.addSql(`create index shots_driver_index on shots (driver_id)`);
    this.addSql(`create index shots_driving_index on shots (driving_id)`);

    this.addSql(`
      create table effects (
        id uuid primary key,
        fight_id uuid not null constraint effects_fight_id_fkey references fights (id) on delete cascade,
        name varchar(255) not null,
        description text null,
        severity varchar(10) not null default 'info',
        start_sequence integer null,
        end_sequence integer null,
        start_shot integer null,
        end_shot integer null,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        constraint effects_severity_check check (severity in ('error', 'info', 'success', 'warning'))
      )`);
    this.addSql(`create index effects_fight_index on effects (fight_id)`);

    this.addSql(`
      create table character_effects (
        id uuid primary key,
        shot_id uuid not null constraint character_effects_shot_id_fkey references shots (id) on delete cascade,
        name varchar(255) not null,
        description text null,
        severity varchar(10) not null default 'info',
        action_value varchar(100) null,
        change varchar(20) null,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        constraint character_effects_severity_check check (severity in ('error', 'info', 'success', 'warning'))
      )`);
    this.addSql(`create index character_effects_shot_index on character_effects (shot_id)`);

    this.addSql(`
      create table fight_events (
        id uuid primary key,
        fight_id uuid not null constraint fight_events_fight_id_fkey references fights (id) on delete cascade,
        event_type varchar(50) not null,
        description text not null,
        details jsonb not null default '{}'::jsonb,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      )`);
    this.addSql(`create index fight_events_fight_created_at_index on fight_events (fight_id, created_at)`);

    this.addSql(`
      create table chase_relationships (
        id uuid primary key,
        fight_id uuid not null constraint chase_relationships_fight_id_fkey references fights (id) on delete cascade,
        -- A vehicle that goes leaves the chase.
        pursuer_id uuid not null
          constraint chase_relationships_pursuer_id_fkey references vehicles (id) on delete cascade,
        evader_id uuid not null
          constraint chase_relationships_evader_id_fkey references vehicles (id) on delete cascade,
        position varchar(4) not null default 'far',
        active boolean not null default true,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        constraint chase_relationships_position_check check (position in ('near', 'far')),
        constraint chase_relationships_vehicles_check check (pursuer_id <> evader_id)
      )`);
    this.addSql(`
      create unique index chase_relationships_one_active
        on chase_relationships (fight_id, pursuer_id, evader_id) where active`);
    this.addSql(`create index chase_relationships_pursuer_index on chase_relationships (pursuer_id)`);
    this.addSql(`create index chase_relationships_evader_index on chase_relationships (evader_id)`);

    // Positions of any campaign record's image (polymorphic, so no foreign key to the record: the service removes
    // them with it); they go with the campaign.
    this.addSql(`
      create table image_positions (
        id uuid primary key,
        campaign_id uuid not null constraint image_positions_campaign_id_fkey references campaigns (id) on delete cascade,
        positionable_type varchar(20) not null,
        positionable_id uuid not null,
        context varchar(20) not null,
        x_position double precision not null default 0,
        y_position double precision not null default 0,
        style_overrides jsonb not null default '{}'::jsonb,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        constraint image_positions_positionable_type_check check (positionable_type in ('Campaign', 'Character',
          'Vehicle', 'Weapon', 'Schtick', 'Faction', 'Juncture', 'Site', 'Party', 'Fight')),
        constraint image_positions_context_check check (context in ('desktop_index', 'desktop_entity',
          'desktop_edit', 'desktop_encounter', 'mobile_index', 'mobile_entity', 'mobile_edit', 'mobile_encounter'))
      )`);
    this.addSql(`
      create unique index image_positions_unique
        on image_positions (positionable_type, positionable_id, context)`);
    this.addSql(`create index image_positions_campaign_index on image_positions (campaign_id)`);

    this.addSql(`alter table users add column current_character_id uuid null`);
    // The milestones of the client's onboarding checklist (first_campaign_created_at...): timestamps, filled in.
    this.addSql(`alter table users add column onboarding_progress jsonb not null default '{}'::jsonb`);
    // A deleted character is no longer anyone's current one.
    this.addSql(`
      alter table users add constraint users_current_character_fk
        foreign key (current_character_id) references characters (id) on delete set null`);
    this.addSql(`create index users_current_character_index on users (current_character_id)`);
  }

  override down(): void {
    this.addSql('alter table users drop column onboarding_progress');
    this.addSql('alter table users drop column current_character_id');
    this.addSql('drop table image_positions');
    this.addSql('drop table chase_relationships');
    this.addSql('drop table fight_events');
    this.addSql('drop table character_effects');
    this.addSql('drop table effects');
    this.addSql('drop table shots');
    this.addSql('drop table fights');
    this.addSql('drop table party_memberships');
    this.addSql('drop table attunements');
    this.addSql('drop table carries');
    this.addSql('drop table character_schticks');
    this.addSql('drop table advancements');
    this.addSql('drop table vehicles');
    this.addSql('drop table characters');
    this.addSql('drop table parties');
    this.addSql('drop table sites');
    this.addSql('drop table schticks');
    this.addSql('drop table weapons');
    this.addSql('drop table junctures');
    this.addSql('drop table factions');
  }
}
