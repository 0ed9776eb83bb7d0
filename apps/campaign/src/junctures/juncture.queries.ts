import { columnsOf, jsonArrayFrom } from '@shotcaller/persistence';
import { characterLitesOf, reads, type CampaignRecordsReadSchema } from '../shared/campaign-scope.queries.js';
import {
  linkedRecordColumn,
  factionRecordIndexReads,
  recordColumns,
  recordRead,
} from '../shared/record-index.queries.js';

const juncture = columnsOf<CampaignRecordsReadSchema['junctures']>('r');

/** Juncture `r`'s own columns and its faction, as JunctureRow (see juncture.serializer.ts). */
function junctureColumns() {
  return [
    ...recordColumns('Juncture'),
    juncture('faction_id').as('factionId'),
    linkedRecordColumn('faction'),
  ] as const;
}

/** Names of the characters of juncture `r`, as a list row shows them. */
function characterNamesColumn() {
  return jsonArrayFrom(
    reads
      .selectFrom('characters as ch')
      .select(['ch.id', 'ch.name'])
      .where('ch.juncture_id', '=', juncture('id'))
      .orderBy('ch.name')
      .orderBy('ch.id'),
  ).as('characters');
}

/**
 * The juncture index of the actor's current campaign and its autocomplete, one statement each (see
 * factionRecordIndexReads): each juncture with its own columns, its links and the names of its characters.
 */
export const juncturesReads = factionRecordIndexReads('junctures', 'junctures', (page) =>
  page.select([...junctureColumns(), characterNamesColumn()]),
);

/** A juncture of the actor's current campaign with its characters in full; `juncture` null when none. */
export const junctureRecordQuery = recordRead('junctures', 'juncture', (record) =>
  record.select([...junctureColumns(), characterLitesOf('juncture_id', juncture('id'))]),
);
