import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Actor, FactionsIndexQuery, SortOrder, ValueMap, Visibility } from '@shotcaller/contracts';
import {
  columnsOf,
  containsPattern,
  countOf,
  isAnyOf,
  isoTimestamp,
  jsonArrayFrom,
  jsonObjectFrom,
  preparedRead,
  readQueryBuilder,
  type PageWindow,
} from '@shotcaller/persistence';
import type { CampaignReadSchema } from '../campaigns/campaign.queries.js';

// ---- Read queries (see libs/persistence/src/reads/read-queries.ts) ----

interface NamedRecordRow {
  id: string;
  campaign_id: string;
  name: string;
  description: string | null;
  active: boolean;
  created_at: Date;
  updated_at: Date;
}

/** The columns the faction reads use: the campaign service's tables, factions and what belongs to them. */
export interface FactionReadSchema extends CampaignReadSchema {
  factions: NamedRecordRow;
  junctures: NamedRecordRow & { faction_id: string | null };
  sites: NamedRecordRow & { faction_id: string | null; juncture_id: string | null };
  parties: NamedRecordRow & { faction_id: string | null; juncture_id: string | null };
  characters: Omit<NamedRecordRow, 'description'> & {
    faction_id: string | null;
    juncture_id: string | null;
    user_id: string | null;
    is_template: boolean;
    action_values: ValueMap;
    description: ValueMap;
  };
  vehicles: Omit<NamedRecordRow, 'description'> & {
    faction_id: string | null;
    user_id: string | null;
    action_values: ValueMap;
    description: ValueMap;
  };
  attunements: { id: string; character_id: string; site_id: string };
  party_memberships: {
    id: string;
    party_id: string;
    character_id: string | null;
    vehicle_id: string | null;
    created_at: Date;
  };
  image_positions: {
    id: string;
    positionable_type: string;
    positionable_id: string;
    context: string;
    x_position: number;
    y_position: number;
    style_overrides: Record<string, string | number>;
  };
}

type UsersRow = FactionReadSchema['users'];

const reads = readQueryBuilder<FactionReadSchema>();

interface ActorValues {
  actorId: string;
  tokenVersion: number;
}

function actorValues(actor: Actor): ActorValues {
  // A token without a version matches no account (-1 is never a version).
  return { actorId: actor.id, tokenVersion: actor.tokenVersion ?? -1 };
}

const actorColumn = columnsOf<UsersRow>('actor');

/** The actor's row, if the account exists, is active and the token is of its current version: else no row. */
function signedIn($: ActorValues) {
  return reads
    .selectFrom('users as actor')
    .where('actor.id', '=', $.actorId)
    .where('actor.active', '=', true)
    .where('actor.token_version', '=', $.tokenVersion);
}

/** The actor's current campaign, as `c`, if they may still see it (admin, gamemaster or member). */
function currentCampaign() {
  return reads
    .selectFrom('campaigns as c')
    .where('c.id', '=', actorColumn('current_campaign_id'))
    .where((eb) =>
      eb.or([
        sql<SqlBool>`${actorColumn('admin')}`,
        eb('c.user_id', '=', actorColumn('id')),
        eb.exists(
          eb
            .selectFrom('campaign_memberships as vm')
            .select('vm.id')
            .whereRef('vm.campaign_id', '=', 'c.id')
            .where('vm.user_id', '=', actorColumn('id')),
        ),
      ]),
    );
}

/** The current campaign's id when the actor may see it; null when none is set or it is not theirs to see. */
function currentCampaignIdColumn() {
  return currentCampaign().select('c.id').$asScalar().as('campaignId');
}

/** The factions of the actor's current campaign (none when they may not see it), as `f`. */
function factionsInScope() {
  return reads
    .selectFrom('factions as f')
    .where('f.campaign_id', '=', actorColumn('current_campaign_id'))
    .where(sql<SqlBool>`exists (${currentCampaign().select('c.id')})`);
}

/** The image positions of a record, by its entity class and id column. */
function imagePositionsOf(type: string, id: RawBuilder<string>) {
  return jsonArrayFrom(
    reads
      .selectFrom('image_positions as ip')
      .select(['ip.id', 'ip.context', 'ip.x_position', 'ip.y_position', 'ip.style_overrides'])
      .where('ip.positionable_type', '=', sql.lit(type))
      .where('ip.positionable_id', '=', id)
      .orderBy('ip.context'),
  ).as('imagePositions');
}

const faction = columnsOf<FactionReadSchema['factions']>('f');

/** Faction `f`'s own columns, as FactionRow (see faction.serializer.ts). */
function factionColumns() {
  return [
    faction('id').as('id'),
    faction('name').as('name'),
    faction('description').as('description'),
    faction('active').as('active'),
    isoTimestamp(faction('created_at')).as('createdAt'),
    isoTimestamp(faction('updated_at')).as('updatedAt'),
    imagePositionsOf('Faction', faction('id')),
  ] as const;
}

/** Names of the characters, vehicles and junctures of faction `f`, as a list row shows them. */
function memberNameColumns() {
  return [
    jsonArrayFrom(
      reads
        .selectFrom('characters as ch')
        .select(['ch.id', 'ch.name'])
        .where('ch.faction_id', '=', faction('id'))
        .orderBy('ch.name')
        .orderBy('ch.id'),
    ).as('characters'),
    jsonArrayFrom(
      reads
        .selectFrom('vehicles as v')
        .select(['v.id', 'v.name'])
        .where('v.faction_id', '=', faction('id'))
        .orderBy('v.name')
        .orderBy('v.id'),
    ).as('vehicles'),
    jsonArrayFrom(
      reads
        .selectFrom('junctures as j')
        .select(['j.id', 'j.name'])
        .where('j.faction_id', '=', faction('id'))
        .orderBy('j.name')
        .orderBy('j.id'),
    ).as('junctures'),
  ] as const;
}

const character = columnsOf<FactionReadSchema['characters']>('ch');
const vehicle = columnsOf<FactionReadSchema['vehicles']>('v');
const juncture = columnsOf<FactionReadSchema['junctures']>('j');
const site = columnsOf<FactionReadSchema['sites']>('s');
const party = columnsOf<FactionReadSchema['parties']>('p');

/** The characters of faction `f`, each as CharacterLiteView needs it. */
function charactersColumn() {
  return jsonArrayFrom(
    reads
      .selectFrom('characters as ch')
      .select([
        'ch.id',
        'ch.name',
        'ch.active',
        'ch.is_template as isTemplate',
        'ch.juncture_id as junctureId',
        'ch.user_id as userId',
        'ch.action_values as actionValues',
        'ch.description',
        isoTimestamp(character('created_at')).as('createdAt'),
        isoTimestamp(character('updated_at')).as('updatedAt'),
        imagePositionsOf('Character', character('id')),
      ])
      .where('ch.faction_id', '=', faction('id'))
      .orderBy('ch.name')
      .orderBy('ch.id'),
  ).as('characters');
}

function vehiclesColumn() {
  return jsonArrayFrom(
    reads
      .selectFrom('vehicles as v')
      .select([
        'v.id',
        'v.name',
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
        'j.description',
        'j.active',
        isoTimestamp(juncture('created_at')).as('createdAt'),
        isoTimestamp(juncture('updated_at')).as('updatedAt'),
        imagePositionsOf('Juncture', juncture('id')),
        jsonArrayFrom(
          reads
            .selectFrom('characters as jc')
            .select(['jc.id', 'jc.name'])
            .where('jc.juncture_id', '=', juncture('id'))
            .orderBy('jc.name')
            .orderBy('jc.id'),
        ).as('characters'),
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
        's.description',
        's.active',
        's.juncture_id as junctureId',
        isoTimestamp(site('created_at')).as('createdAt'),
        isoTimestamp(site('updated_at')).as('updatedAt'),
        imagePositionsOf('Site', site('id')),
        jsonArrayFrom(
          reads
            .selectFrom('attunements as sa')
            .innerJoin('characters as sc', 'sc.id', 'sa.character_id')
            .select(['sc.id', 'sc.name'])
            .where('sa.site_id', '=', site('id'))
            .orderBy('sc.name')
            .orderBy('sc.id'),
        ).as('characters'),
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
        'p.description',
        'p.active',
        'p.juncture_id as junctureId',
        isoTimestamp(party('created_at')).as('createdAt'),
        isoTimestamp(party('updated_at')).as('updatedAt'),
        imagePositionsOf('Party', party('id')),
        jsonObjectFrom(
          reads
            .selectFrom('junctures as pj')
            .select(['pj.id', 'pj.name'])
            .where('pj.id', '=', party('juncture_id')),
        ).as('juncture'),
        jsonArrayFrom(
          reads
            .selectFrom('party_memberships as pm')
            .innerJoin('characters as pc', 'pc.id', 'pm.character_id')
            .select(['pc.id', 'pc.name'])
            .where('pm.party_id', '=', party('id'))
            .orderBy('pm.created_at')
            .orderBy('pm.id'),
        ).as('characters'),
        jsonArrayFrom(
          reads
            .selectFrom('party_memberships as pm')
            .innerJoin('vehicles as pv', 'pv.id', 'pm.vehicle_id')
            .select(['pv.id', 'pv.name'])
            .where('pm.party_id', '=', party('id'))
            .orderBy('pm.created_at')
            .orderBy('pm.id'),
        ).as('vehicles'),
      ])
      .where('p.faction_id', '=', faction('id'))
      .orderBy('p.name')
      .orderBy('p.id'),
  ).as('parties');
}

/** What differs in the SQL of a faction index: filters present, sort. */
interface FactionsIndexShape {
  activeOnly: boolean;
  search: boolean;
  ids: boolean;
  sort: keyof typeof FACTION_SORT_COLUMNS;
  direction: SortOrder;
}

interface FactionsIndexValues extends ActorValues {
  active: boolean;
  pattern: string;
  ids: string[];
  limit: number;
  offset: number;
}

const FACTION_SORT_COLUMNS = {
  name: sql<string>`lower(f.name)`,
  created_at: sql<Date>`f.created_at`,
  updated_at: sql<Date>`f.updated_at`,
} as const;

function factionsIndexArguments(
  actor: Actor,
  query: FactionsIndexQuery,
  window: PageWindow,
): [FactionsIndexShape, FactionsIndexValues] {
  const visibility: Visibility = query.show_hidden ? 'all' : (query.visibility ?? 'visible');
  return [
    {
      activeOnly: visibility !== 'all',
      search: Boolean(query.search),
      ids: query.ids !== undefined,
      sort: query.sort ?? 'created_at',
      direction: query.order ?? 'desc',
    },
    {
      ...actorValues(actor),
      active: visibility === 'visible',
      pattern: containsPattern(query.search ?? ''),
      ids: query.ids ?? [],
      limit: window.limit,
      offset: window.offset,
    },
  ];
}

function factionsMatching(shape: FactionsIndexShape, $: FactionsIndexValues) {
  return factionsInScope()
    .$if(shape.activeOnly, (qb) => qb.where('f.active', '=', $.active))
    .$if(shape.search, (qb) => qb.where('f.name', 'ilike', $.pattern))
    .$if(shape.ids, (qb) => qb.where((eb) => isAnyOf(eb.ref('f.id'), $.ids)));
}

function factionsPage(shape: FactionsIndexShape, $: FactionsIndexValues) {
  return factionsMatching(shape, $)
    .orderBy(FACTION_SORT_COLUMNS[shape.sort], shape.direction)
    .orderBy('f.id', 'asc')
    .limit($.limit)
    .offset($.offset);
}

const factionsIndexRead = preparedRead((shape: FactionsIndexShape, $: FactionsIndexValues) =>
  signedIn($).select([
    currentCampaignIdColumn(),
    countOf(factionsMatching(shape, $)).as('total'),
    jsonArrayFrom(factionsPage(shape, $).select([...factionColumns(), ...memberNameColumns()])).as(
      'factions',
    ),
  ]),
);

const factionsAutocompleteRead = preparedRead((shape: FactionsIndexShape, $: FactionsIndexValues) =>
  signedIn($).select([
    currentCampaignIdColumn(),
    countOf(factionsMatching(shape, $)).as('total'),
    jsonArrayFrom(factionsPage(shape, $).select(['f.id', 'f.name'])).as('factions'),
  ]),
);

/**
 * The faction index of the actor's current campaign in one statement: the actor's row (none when the token is no
 * longer good), the campaign's id (null when none is set or the actor may not see it), the number of matching
 * factions and the page of them, each with the names of its characters, vehicles and junctures.
 */
export function factionsIndexQuery(actor: Actor, query: FactionsIndexQuery, window: PageWindow) {
  return factionsIndexRead(...factionsIndexArguments(actor, query, window));
}

/** The index with `autocomplete`: the same page, of ids and names only. */
export function factionsAutocompleteQuery(actor: Actor, query: FactionsIndexQuery, window: PageWindow) {
  return factionsAutocompleteRead(...factionsIndexArguments(actor, query, window));
}

const factionRecordRead = preparedRead((_: object, $: ActorValues & { id: string }) =>
  signedIn($).select([
    currentCampaignIdColumn(),
    jsonObjectFrom(
      factionsInScope()
        .where('f.id', '=', $.id)
        .select([
          ...factionColumns(),
          charactersColumn(),
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
