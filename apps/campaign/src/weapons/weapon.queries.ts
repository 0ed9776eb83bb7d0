import { sql } from 'kysely';
import type { WEAPON_SORTS } from '@shotcaller/contracts';
import { columnsOf, isoTimestamp } from '@shotcaller/persistence';
import { imagePositionsOf } from '../shared/campaign-scope.queries.js';
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

/** The columns of the weapons table the reads use. */
export interface WeaponTableRow extends LabelledRecordRow {
  damage: number;
  concealment: number | null;
  reload_value: number | null;
  juncture: string | null;
  mook_bonus: number;
  category: string | null;
  kachunk: boolean;
}

const weapon = columnsOf<WeaponTableRow>('r');

/** Sorts as the Rails API had them: a label or a number, then the name. */
const WEAPONS: LabelledRecords<(typeof WEAPON_SORTS)[number]> = {
  table: 'weapons',
  labels: ['category', 'juncture'],
  holders: { table: 'carries', column: 'weapon_id' },
  sorts: {
    name: [sql`lower(r.name)`],
    category: [sql`lower(r.category)`, sql`lower(r.name)`],
    juncture: [sql`lower(r.juncture)`, sql`lower(r.name)`],
    damage: [sql`r.damage`, sql`lower(r.name)`],
    concealment: [sql`r.concealment`, sql`lower(r.name)`],
    reload_value: [sql`r.reload_value`, sql`lower(r.name)`],
    created_at: [sql`r.created_at`],
    updated_at: [sql`r.updated_at`],
  },
};

/** Weapon `r`'s columns, as WeaponRow (see weapon.serializer.ts). */
function weaponColumns() {
  return [
    weapon('id').as('id'),
    weapon('campaign_id').as('campaignId'),
    weapon('name').as('name'),
    weapon('image_id').as('imageId'),
    weapon('description').as('description'),
    weapon('damage').as('damage'),
    weapon('concealment').as('concealment'),
    weapon('reload_value').as('reloadValue'),
    weapon('juncture').as('juncture'),
    weapon('category').as('category'),
    weapon('mook_bonus').as('mookBonus'),
    weapon('kachunk').as('kachunk'),
    weapon('active').as('active'),
    isoTimestamp(weapon('created_at')).as('createdAt'),
    isoTimestamp(weapon('updated_at')).as('updatedAt'),
    imagePositionsOf('Weapon', weapon('id')),
  ] as const;
}

/** The weapon index of the actor's current campaign and its autocomplete, one statement each. */
export const weaponsReads = labelledIndexReads(WEAPONS, 'weapons', (page) => page.select(weaponColumns()));

/** A weapon of the actor's current campaign; `weapon` null when none. */
export const weaponRecordQuery = labelledRecordRead('weapons', 'weapon', (record) =>
  record.select(weaponColumns()),
);

/** Weapons of the actor's current campaign by id. */
export const weaponsBatchQuery = labelledBatchRead('weapons', 'weapons', (records) =>
  records.select(weaponColumns()),
);

/** The categories of the current campaign's weapons that match the search. */
export const weaponCategoriesQuery = labelsRead<{ categories: string[] }>((shape, $) => [
  labelValuesOf(recordsForLabels('weapons', 'category', shape, $), 'category').as('categories'),
]);

/** The junctures (by name) of the current campaign's weapons that match the search. */
export const weaponJuncturesQuery = labelsRead<{ junctures: string[] }>((shape, $) => [
  labelValuesOf(recordsForLabels('weapons', 'juncture', shape, $), 'juncture').as('junctures'),
]);
