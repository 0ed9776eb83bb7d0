import { sql } from 'kysely';
import { preparedRead, readQueryBuilder } from '@shotcaller/persistence';
import { IMAGE_TABLES } from './record-image.tables.js';

const reads = readQueryBuilder<object>();

/** Some record of a kind names image `a.id` (by the index of its image ids). */
const namedBy = (table: string) => sql`exists (select from ${sql.table(table)} r where r.image_id = a.id)`;

const referencedRead = preparedRead((_: object, $: { ids: string[] }) =>
  reads.selectNoFrom(
    sql<
      string[]
    >`coalesce((select json_agg(distinct a.id order by a.id) from unnest(${$.ids}::uuid[]) as a(id)
      where ${sql.join(Object.values(IMAGE_TABLES).map(namedBy), sql` or `)}), '[]'::json)`.as('imageIds'),
  ),
);

/**
 * Of the image ids asked about, those some record of any campaign names (characters, vehicles, weapons, schticks,
 * factions, junctures, sites, parties, fights), in one statement.
 */
export function referencedImagesQuery(ids: string[]) {
  return referencedRead({}, { ids });
}
