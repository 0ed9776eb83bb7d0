import { Migration } from '@mikro-orm/migrations';

/**
 * Location-sharing sessions and their anonymous participants. Live positions are not here: they live in Redis
 * for 30 s. A session is open while `ended_at` is null; the sweep ends it at `expires_at` or after inactivity.
 */
export class LocationSessions extends Migration {
  override up(): void {
    this.addSql(`
      create table location_sessions (
        id uuid primary key,
        name varchar(100) not null,
        creator_participant_id uuid null,
        max_participants integer not null,
        created_at timestamptz not null default now(),
        expires_at timestamptz not null,
        last_activity_at timestamptz not null default now(),
        ended_at timestamptz null,
        ended_reason varchar(20) null,
        constraint location_sessions_max_participants_check check (max_participants >= 1 and max_participants <= 50),
        constraint location_sessions_ended_check check ((ended_at is null) = (ended_reason is null))
      )`);
    this.addSql('create index location_sessions_open_index on location_sessions (ended_at, expires_at)');
    this.addSql(`
      create table location_participants (
        id uuid primary key,
        session_id uuid not null constraint location_participants_session_id_fkey
          references location_sessions (id) on delete cascade,
        display_name varchar(100) not null,
        color varchar(7) not null,
        is_creator boolean not null default false,
        joined_at timestamptz not null default now(),
        left_at timestamptz null,
        last_seen_at timestamptz null
      )`);
    this.addSql(
      'create index location_participants_session_index on location_participants (session_id, left_at)',
    );
  }

  override down(): void {
    this.addSql('drop table location_participants');
    this.addSql('drop table location_sessions');
  }
}
