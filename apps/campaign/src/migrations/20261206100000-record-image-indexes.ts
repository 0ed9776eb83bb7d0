import { Migration } from '@mikro-orm/migrations';

const TABLES = [
  'characters',
  'vehicles',
  'weapons',
  'schticks',
  'factions',
  'junctures',
  'sites',
  'parties',
  'fights',
] as const;

/**
 * The records that carry an image are found by it: the media service's cleanup asks which of its images a record
 * still names, and a deleted image is dropped from the record naming it.
 */
export class RecordImageIndexes extends Migration {
  override up(): void {
    for (const table of TABLES) {
      this.addSql(`create index ${table}_image_index on ${table} (image_id)`);
    }
  }

  override down(): void {
    for (const table of TABLES) this.addSql(`drop index ${table}_image_index`);
  }
}
