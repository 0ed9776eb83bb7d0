import { Migration } from '@mikro-orm/migrations';

/**
 * Uploaded images: one row per stored original, keyed by the random id its file is stored under. An image is
 * attached to at most one record of the campaign service (`entity_type`, `entity_id`, `attached_at` all set or
 * all null); the cleanup deletes uploads never attached, and asks the owner about attached ones (`checked_at`).
 * The two partial indexes serve the cleanup's two queries.
 */
export class Images extends Migration {
  override up(): void {
    this.addSql(`
      create table images (
        id uuid primary key,
        uploaded_by uuid not null,
        content_type varchar(20) not null,
        byte_size integer not null,
        width integer not null,
        height integer not null,
        checksum varchar(64) not null,
        entity_type varchar(20) null,
        entity_id uuid null,
        created_at timestamptz not null default now(),
        attached_at timestamptz null,
        checked_at timestamptz null,
        constraint images_content_type_check check (content_type in
          ('image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/avif')),
        constraint images_entity_type_check check (entity_type in
          ('Character', 'Vehicle', 'Weapon', 'Schtick', 'Faction', 'Juncture', 'Site', 'Party', 'Fight')),
        constraint images_entity_check check ((entity_type is null) = (entity_id is null)),
        constraint images_attached_check check ((entity_id is null) = (attached_at is null)),
        constraint images_measures_check check (byte_size > 0 and width > 0 and height > 0),
        constraint images_checksum_check check (checksum ~ '^[0-9a-f]{64}$')
      )`);
    // Uploads not attached, oldest first: the cleanup's first query.
    this.addSql('create index images_unattached_index on images (created_at) where entity_id is null');
    // Attached images, least recently checked first: the cleanup's second query.
    this.addSql(`
      create index images_attached_check_index on images (checked_at nulls first, attached_at)
        where entity_id is not null`);
  }

  override down(): void {
    this.addSql('drop table images');
  }
}
