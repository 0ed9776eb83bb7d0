import { columnsOf } from '@shotcaller/persistence';
import {
  characterLitesOf,
  namesOf,
  type CampaignRecordsReadSchema,
} from '../shared/campaign-scope.queries.js';
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

/**
 * The juncture index of the actor's current campaign and its autocomplete, one statement each (see
 * factionRecordIndexReads): each juncture with its own columns, its links and the names of its characters.
 */
export const juncturesReads = factionRecordIndexReads('junctures', 'junctures', (page) =>
  page.select([...junctureColumns(), namesOf('characters', 'juncture_id', juncture('id'))]),
);

/** A juncture of the actor's current campaign with its characters in full; `juncture` null when none. */
export const junctureRecordQuery = recordRead('junctures', 'juncture', (record) =>
  record.select([...junctureColumns(), characterLitesOf('juncture_id', juncture('id'))]),
);
