import type { Actor, FactionsIndexQuery } from '@shotcaller/contracts';
import {
  columnsOf,
  countOf,
  isoTimestamp,
  jsonArrayFrom,
  jsonObjectFrom,
  preparedRead,
  type PageWindow,
} from '@shotcaller/persistence';
import { memberNameColumns as partyMemberNameColumns } from '../parties/party.queries.js';
import {
  actorValues,
  characterLitesOf,
  namesOf,
  currentCampaignIdColumn,
  imagePositionsOf,
  reads,
  signedIn,
  type ActorValues,
  type CampaignRecordsReadSchema,
} from '../shared/campaign-scope.queries.js';
import {
  recordColumns,
  recordIndexArguments,
  recordsInScope,
  recordsMatching,
  recordsPage,
  type RecordIndexShape,
  type RecordIndexValues,
} from '../shared/record-index.queries.js';
import { characterNamesColumn } from '../sites/site.queries.js';

/** The columns the faction reads use (see shared/campaign-scope.queries.ts). */
export type FactionReadSchema = CampaignRecordsReadSchema;

const faction = columnsOf<FactionReadSchema['factions']>('r');

/** Faction `r`'s own columns, as FactionRow (see faction.serializer.ts). */
function factionColumns() {
  return recordColumns('Faction');
}

/** Names of the characters, vehicles and junctures of faction `r`, as a list row shows them. */
function memberNameColumns() {
  const id = faction('id');
  return [
    namesOf('characters', 'faction_id', id),
    namesOf('vehicles', 'faction_id', id),
    namesOf('junctures', 'faction_id', id),
  ] as const;
}

const vehicle = columnsOf<FactionReadSchema['vehicles']>('v');
const juncture = columnsOf<FactionReadSchema['junctures']>('j');
const site = columnsOf<FactionReadSchema['sites']>('s');
const party = columnsOf<FactionReadSchema['parties']>('p');

function vehiclesColumn() {
  return jsonArrayFrom(
    reads
      .selectFrom('vehicles as v')
      .select([
        'v.id',
        'v.name',
        'v.image_id as imageId',
        'v.active',
        'v.user_id as userId',
        'v.action_values as actionValues',
        'v.description',
        isoTimestamp(vehicle('created_at')).as('createdAt'),
        isoTimestamp(vehicle('updated_at')).as('updatedAt'),
        imagePositionsOf('Vehicle', vehicle('id')),
      ])
      .where('v.faction_id', '=', faction('id'))
      .orderBy('v.name')
      .orderBy('v.id'),
  ).as('vehicles');
}

function juncturesColumn() {
  return jsonArrayFrom(
    reads
      .selectFrom('junctures as j')
      .select([
        'j.id',
        'j.name',
        'j.image_id as imageId',
        'j.description',
        'j.active',
        isoTimestamp(juncture('created_at')).as('createdAt'),
        isoTimestamp(juncture('updated_at')).as('updatedAt'),
        imagePositionsOf('Juncture', juncture('id')),
        namesOf('characters', 'juncture_id', juncture('id')),
      ])
      .where('j.faction_id', '=', faction('id'))
      .orderBy('j.name')
      .orderBy('j.id'),
  ).as('junctures');
}

function sitesColumn() {
  return jsonArrayFrom(
    reads
      .selectFrom('sites as s')
      .select([
        's.id',
        's.name',
        's.image_id as imageId',
        's.description',
        's.active',
        's.juncture_id as junctureId',
        isoTimestamp(site('created_at')).as('createdAt'),
        isoTimestamp(site('updated_at')).as('updatedAt'),
        imagePositionsOf('Site', site('id')),
        characterNamesColumn(site('id')),
      ])
      .where('s.faction_id', '=', faction('id'))
      .orderBy('s.name')
      .orderBy('s.id'),
  ).as('sites');
}

function partiesColumn() {
  return jsonArrayFrom(
    reads
      .selectFrom('parties as p')
      .select([
        'p.id',
        'p.name',
        'p.image_id as imageId',
        'p.description',
        'p.active',
        'p.juncture_id as junctureId',
        isoTimestamp(party('created_at')).as('createdAt'),
        isoTimestamp(party('updated_at')).as('updatedAt'),
        imagePositionsOf('Party', party('id')),
        jsonObjectFrom(
          reads
            .selectFrom('junctures as pj')
            .select(['pj.id', 'pj.name', 'pj.image_id as imageId'])
            .where('pj.id', '=', party('juncture_id')),
        ).as('juncture'),
        ...partyMemberNameColumns(party('id')),
      ])
      .where('p.faction_id', '=', faction('id'))
      .orderBy('p.name')
      .orderBy('p.id'),
  ).as('parties');
}

const factionsIndexRead = preparedRead((shape: RecordIndexShape, $: RecordIndexValues) =>
  signedIn($).select([
    currentCampaignIdColumn(),
    countOf(recordsMatching('factions', shape, $)).as('total'),
    jsonArrayFrom(recordsPage('factions', shape, $).select([...factionColumns(), ...memberNameColumns()])).as(
      'factions',
    ),
  ]),
);

const factionsAutocompleteRead = preparedRead((shape: RecordIndexShape, $: RecordIndexValues) =>
  signedIn($).select([
    currentCampaignIdColumn(),
    countOf(recordsMatching('factions', shape, $)).as('total'),
    jsonArrayFrom(recordsPage('factions', shape, $).select(['r.id', 'r.name', 'r.image_id as imageId'])).as(
      'factions',
    ),
  ]),
);

/**
 * The faction index of the actor's current campaign in one statement: the actor's row (none when the token is no
 * longer good), the campaign's id (null when none is set or the actor may not see it), the number of matching
 * factions and the page of them, each with the names of its characters, vehicles and junctures.
 */
export function factionsIndexQuery(actor: Actor, query: FactionsIndexQuery, window: PageWindow) {
  return factionsIndexRead(...recordIndexArguments(actor, query, window));
}

/** The index with `autocomplete`: the same page, of ids and names only. */
export function factionsAutocompleteQuery(actor: Actor, query: FactionsIndexQuery, window: PageWindow) {
  return factionsAutocompleteRead(...recordIndexArguments(actor, query, window));
}

const factionRecordRead = preparedRead((_: object, $: ActorValues & { id: string }) =>
  signedIn($).select([
    currentCampaignIdColumn(),
    jsonObjectFrom(
      recordsInScope('factions')
        .where('r.id', '=', $.id)
        .select([
          ...factionColumns(),
          characterLitesOf('faction_id', faction('id')),
          vehiclesColumn(),
          juncturesColumn(),
          sitesColumn(),
          partiesColumn(),
        ]),
    ).as('faction'),
  ]),
);

/** A faction of the actor's current campaign with everything that belongs to it; `faction` null when none. */
export function factionRecordQuery(actor: Actor, id: string) {
  return factionRecordRead({}, { ...actorValues(actor), id });
}
