import type { RawBuilder } from 'kysely';
import { columnsOf, jsonArrayFrom } from '@shotcaller/persistence';
import {
  characterLitesOf,
  characterVisible,
  reads,
  vehicleLitesOfParty,
  type CampaignRecordsReadSchema,
} from '../shared/campaign-scope.queries.js';
import {
  linkedRecordColumn,
  factionRecordIndexReads,
  recordColumns,
  recordRead,
} from '../shared/record-index.queries.js';

const party = columnsOf<CampaignRecordsReadSchema['parties']>('r');

/** Party `r`'s own columns, its faction and juncture, as PartyRow (see party.serializer.ts). */
export function partyColumns() {
  return [
    ...recordColumns('Party'),
    party('campaign_id').as('campaignId'),
    party('faction_id').as('factionId'),
    party('juncture_id').as('junctureId'),
    linkedRecordColumn('faction'),
    linkedRecordColumn('juncture'),
  ] as const;
}

/**
 * Names of the characters (those the actor may see) and vehicles in party `id` (`r`), in the order they joined, as
 * a list row shows them.
 */
export function memberNameColumns(id: RawBuilder<string> = party('id')) {
  return [
    jsonArrayFrom(
      reads
        .selectFrom('party_memberships as pm')
        .innerJoin('characters as pc', 'pc.id', 'pm.character_id')
        .select(['pc.id', 'pc.name', 'pc.image_id as imageId'])
        .where('pm.party_id', '=', id)
        .where(characterVisible('pc'))
        .orderBy('pm.created_at')
        .orderBy('pm.id'),
    ).as('characters'),
    jsonArrayFrom(
      reads
        .selectFrom('party_memberships as pm')
        .innerJoin('vehicles as pv', 'pv.id', 'pm.vehicle_id')
        .select(['pv.id', 'pv.name', 'pv.image_id as imageId'])
        .where('pm.party_id', '=', id)
        .orderBy('pm.created_at')
        .orderBy('pm.id'),
    ).as('vehicles'),
  ] as const;
}

/**
 * The party index of the actor's current campaign and its autocomplete, one statement each (see
 * factionRecordIndexReads): each party with its own columns, its links and the names of its members.
 */
export const partiesReads = factionRecordIndexReads('parties', 'parties', (page) =>
  page.select([...partyColumns(), ...memberNameColumns()]),
);

/** A party of the actor's current campaign with its characters and vehicles in full; `party` null when none. */
export const partyRecordQuery = recordRead('parties', 'party', (record) =>
  record.select([
    ...partyColumns(),
    characterLitesOf('party_memberships', party('id')),
    vehicleLitesOfParty(party('id')),
  ]),
);
