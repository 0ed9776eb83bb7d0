import { sql } from 'kysely';
import { CORE_SCHTICK_PATH, type SCHTICK_SORTS } from '@shotcaller/contracts';
import { columnsOf, isoTimestamp, jsonObjectFrom } from '@shotcaller/persistence';
import { imagePositionsOf, reads } from '../shared/campaign-scope.queries.js';
import {
  labelledBatchRead,
  labelledIndexReads,
  labelledRecordRead,
  labelsRead,
  labelValuesOf,
  recordsForLabels,
  type LabelledRecordRow,
  type LabelledRecords,
} from '../shared/labelled-record-index.queries.js';

/** The columns of the schticks table the reads use. */
export interface SchtickTableRow extends LabelledRecordRow {
  prerequisite_id: string | null;
  category: string | null;
  path: string | null;
  color: string | null;
  bonus: boolean;
  archetypes: string[];
}

const schtick = columnsOf<SchtickTableRow>('r');

/** Sorts as the Rails API had them: a label, then the name. */
const SCHTICKS: LabelledRecords<(typeof SCHTICK_SORTS)[number], 'category' | 'path'> = {
  table: 'schticks',
  labels: ['category', 'path'],
  holders: { table: 'character_schticks', column: 'schtick_id' },
  sorts: {
    name: [sql`lower(r.name)`],
    category: [sql`lower(r.category)`, sql`lower(r.name)`],
    path: [sql`lower(r.path)`, sql`lower(r.name)`],
    created_at: [sql`r.created_at`],
    updated_at: [sql`r.updated_at`],
  },
};

/** Schtick `r`'s columns as a list shows them, as SchtickRow (see schtick.serializer.ts). */
function schtickColumns() {
  return [
    schtick('id').as('id'),
    schtick('campaign_id').as('campaignId'),
    schtick('name').as('name'),
    schtick('image_id').as('imageId'),
    schtick('description').as('description'),
    schtick('category').as('category'),
    schtick('path').as('path'),
    schtick('color').as('color'),
    schtick('prerequisite_id').as('prerequisiteId'),
    schtick('active').as('active'),
    isoTimestamp(schtick('created_at')).as('createdAt'),
    isoTimestamp(schtick('updated_at')).as('updatedAt'),
    imagePositionsOf('Schtick', schtick('id')),
  ] as const;
}

/** The prerequisite of schtick `r`, as `{id, name}` (null when it has none). */
function prerequisiteColumn() {
  return jsonObjectFrom(
    reads
      .selectFrom(
        sql<{ id: string; name: string; image_id: string | null }>`${sql.table('schticks')}`.as('pr'),
      )
      .select(['pr.id', 'pr.name', 'pr.image_id as imageId'])
      .where('pr.id', '=', schtick('prerequisite_id')),
  ).as('prerequisite');
}

/** The schtick index of the actor's current campaign and its autocomplete, one statement each. */
export const schticksReads = labelledIndexReads(SCHTICKS, 'schticks', (page) =>
  page.select(schtickColumns()),
);

/** A schtick of the actor's current campaign with its prerequisite; `schtick` null when none. */
export const schtickRecordQuery = labelledRecordRead('schticks', 'schtick', (record) =>
  record.select([
    ...schtickColumns(),
    schtick('bonus').as('bonus'),
    schtick('archetypes').as('archetypes'),
    prerequisiteColumn(),
  ]),
);

/** Schticks of the actor's current campaign by id. */
export const schticksBatchQuery = labelledBatchRead('schticks', 'schticks', (records) =>
  records.select(schtickColumns()),
);

const onCorePath = sql<boolean>`r.path = ${sql.lit(CORE_SCHTICK_PATH)}`;
const offCorePath = sql<boolean>`r.path is distinct from ${sql.lit(CORE_SCHTICK_PATH)}`;

/** The categories of the current campaign's schticks that match the search: all, off and on the Core path. */
export const schtickCategoriesQuery = labelsRead<{ categories: string[]; general: string[]; core: string[] }>(
  (shape, $) => {
    const matching = () => recordsForLabels('schticks', 'category', shape, $);
    return [
      labelValuesOf(matching(), 'category').as('categories'),
      labelValuesOf(matching().where(offCorePath), 'category').as('general'),
      labelValuesOf(matching().where(onCorePath), 'category').as('core'),
    ];
  },
);

/** The paths of the current campaign's schticks that match the search (and are of the category asked for). */
export const schtickPathsQuery = labelsRead<{ paths: string[] }>((shape, $) => [
  labelValuesOf(recordsForLabels('schticks', 'path', shape, $), 'path').as('paths'),
]);
