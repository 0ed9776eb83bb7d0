import { sql } from 'kysely';
import type { Actor, SortOrder, Visibility, VehiclesIndexQuery } from '@shotcaller/contracts';
import {
  columnsOf,
  containsPattern,
  countOf,
  isAnyOf,
  jsonArrayFrom,
  jsonObjectFrom,
  preparedRead,
  readQueryBuilder,
  type PageWindow,
} from '@shotcaller/persistence';
import {
  actorColumn,
  actorValues,
  currentCampaignIdColumn,
  currentCampaignVisible,
  idFilters,
  presenceOf,
  signedIn,
  vehicleLiteColumns,
  type ActorValues,
  type CampaignRecordsReadSchema,
  type Presence,
} from '../shared/campaign-scope.queries.js';

/** The columns the vehicle reads use beyond the shared record schema. */
interface VehicleReadSchema extends CampaignRecordsReadSchema {
  vehicles: CampaignRecordsReadSchema['vehicles'] & {
    task: boolean;
    color: string | null;
    impairments: number;
  };
  shots: { id: string; fight_id: string; vehicle_id: string | null };
}

const reads = readQueryBuilder<VehicleReadSchema>();
const vehicle = columnsOf<VehicleReadSchema['vehicles']>('ve');

/** A key of the action_values of vehicle `ve`, as text ('' when missing). */
const actionValue = (key: 'Type' | 'Archetype') =>
  sql<string>`coalesce(${vehicle('action_values')}->>${sql.lit(key)}, '')`;

const SORT_COLUMNS = {
  name: sql<string>`lower(${vehicle('name')})`,
  type: actionValue('Type'),
  archetype: actionValue('Archetype'),
  created_at: vehicle('created_at'),
  updated_at: vehicle('updated_at'),
} as const;

type LinkColumn = 'faction_id' | 'juncture_id' | 'user_id';
const LINK_COLUMNS: readonly LinkColumn[] = ['faction_id', 'juncture_id', 'user_id'];

/** Filters on what a vehicle is in: a party (its memberships) or a fight (its shots). */
type MembershipFilter = 'party_id' | 'fight_id';
const MEMBERSHIP_FILTERS: readonly MembershipFilter[] = ['party_id', 'fight_id'];

/** What differs in the SQL of a vehicle index. */
export interface VehicleIndexShape {
  activeOnly: boolean;
  search: boolean;
  ids: boolean;
  links: Partial<Record<LinkColumn, Presence>>;
  /** `none`: in no party, or no fight (`__NONE__`). */
  memberships: Partial<Record<MembershipFilter, Presence>>;
  type: boolean;
  archetype?: Presence;
  sort: keyof typeof SORT_COLUMNS;
  direction: SortOrder;
}

export interface VehicleIndexValues
  extends ActorValues, Record<LinkColumn, string>, Record<MembershipFilter, string> {
  active: boolean;
  pattern: string;
  ids: string[];
  type: string;
  archetype: string;
  limit: number;
  offset: number;
}

export function vehicleIndexArguments(
  actor: Actor,
  query: VehiclesIndexQuery,
  window: PageWindow,
): [VehicleIndexShape, VehicleIndexValues] {
  const visibility: Visibility = query.show_hidden ? 'all' : (query.visibility ?? 'visible');
  const links = idFilters(query, LINK_COLUMNS);
  const memberships = idFilters(query, MEMBERSHIP_FILTERS);
  const type = query.type ?? query.vehicle_type;
  const archetype = query.archetype;
  return [
    {
      activeOnly: visibility !== 'all',
      search: Boolean(query.search),
      ids: query.ids !== undefined,
      links: links.presence,
      memberships: memberships.presence,
      type: type !== undefined,
      archetype: presenceOf(archetype),
      sort: query.sort ?? 'created_at',
      direction: query.order ?? 'desc',
    },
    {
      ...actorValues(actor),
      ...links.ids,
      ...memberships.ids,
      active: visibility === 'visible',
      pattern: containsPattern(query.search ?? ''),
      ids: query.ids ?? [],
      type: type ?? '',
      archetype: archetype ?? '',
      limit: window.limit,
      offset: window.offset,
    },
  ];
}

/** The vehicles of the actor's current campaign (none when they may not see it), as `ve`. */
function vehiclesInScope() {
  return reads
    .selectFrom('vehicles as ve')
    .where('ve.campaign_id', '=', actorColumn('current_campaign_id'))
    .where(currentCampaignVisible());
}

/** The vehicles of the index's filters. */
function vehiclesMatching(shape: VehicleIndexShape, $: VehicleIndexValues) {
  let query = vehiclesInScope()
    .$if(shape.activeOnly, (qb) => qb.where('ve.active', '=', $.active))
    .$if(shape.search, (qb) => qb.where('ve.name', 'ilike', $.pattern))
    .$if(shape.ids, (qb) => qb.where((eb) => isAnyOf(eb.ref('ve.id'), $.ids)))
    .$if(shape.type, (qb) => qb.where(actionValue('Type'), '=', $.type))
    .$if(shape.archetype === 'none', (qb) => qb.where(actionValue('Archetype'), '=', ''))
    .$if(shape.archetype === 'one', (qb) => qb.where(actionValue('Archetype'), '=', $.archetype));
  for (const [column, filter] of Object.entries(shape.links) as [LinkColumn, Presence][]) {
    query =
      filter === 'none'
        ? query.where(`ve.${column}`, 'is', null)
        : query.where(`ve.${column}`, '=', $[column]);
  }
  for (const [column, filter] of Object.entries(shape.memberships) as [MembershipFilter, Presence][]) {
    query =
      filter === 'none'
        ? query.where((eb) => eb.not(eb.exists(membershipsOf(column))))
        : query.where((eb) => eb.exists(membershipsOf(column, $[column])));
  }
  return query;
}

/** The rows that put vehicle `ve` in a party or a fight: `linked` when given, else any. */
function membershipsOf(filter: MembershipFilter, linked?: string) {
  switch (filter) {
    case 'party_id': {
      const rows = reads
        .selectFrom('party_memberships as vpm')
        .select('vpm.id')
        .where('vpm.vehicle_id', '=', vehicle('id'));
      return linked === undefined ? rows : rows.where('vpm.party_id', '=', linked);
    }
    case 'fight_id': {
      const rows = reads.selectFrom('shots as vs').select('vs.id').where('vs.vehicle_id', '=', vehicle('id'));
      return linked === undefined ? rows : rows.where('vs.fight_id', '=', linked);
    }
  }
}

/** The page of them, sorted (then by id, so that pages never overlap). */
function vehiclesPage(shape: VehicleIndexShape, $: VehicleIndexValues) {
  return vehiclesMatching(shape, $)
    .orderBy(SORT_COLUMNS[shape.sort], shape.direction)
    .orderBy('ve.id', 'asc')
    .limit($.limit)
    .offset($.offset);
}

/** The distinct non-blank values of an action_values key among the matching vehicles, sorted. */
function distinctActionValues(matching: ReturnType<typeof vehiclesMatching>, key: 'Type' | 'Archetype') {
  const values = matching.select(actionValue(key).as('value')).distinct();
  return sql<
    string[]
  >`coalesce((select json_agg(d.value order by d.value) from (${values}) d where d.value <> ''), '[]'::json)`;
}

/** The index's extras: the factions, types and archetypes of every matching vehicle (as the Rails index had them). */
function indexExtras(shape: VehicleIndexShape, $: VehicleIndexValues) {
  return [
    currentCampaignIdColumn(),
    countOf(vehiclesMatching(shape, $)).as('total'),
    jsonArrayFrom(
      reads
        .selectFrom('factions as pf')
        .select(['pf.id', 'pf.name', 'pf.image_id as imageId'])
        .where((eb) =>
          eb.exists(
            vehiclesMatching(shape, $)
              .select('ve.id')
              .where('ve.faction_id', '=', sql<string>`pf.id`),
          ),
        )
        .orderBy(sql`lower(pf.name)`)
        .orderBy('pf.id'),
    ).as('factions'),
    distinctActionValues(vehiclesMatching(shape, $), 'Type').as('types'),
    distinctActionValues(vehiclesMatching(shape, $), 'Archetype').as('archetypes'),
  ] as const;
}

const indexRead = preparedRead((shape: VehicleIndexShape, $: VehicleIndexValues) =>
  signedIn($).select([
    ...indexExtras(shape, $),
    jsonArrayFrom(vehiclesPage(shape, $).select(vehicleLiteColumns())).as('vehicles'),
  ]),
);

const autocompleteRead = preparedRead((shape: VehicleIndexShape, $: VehicleIndexValues) =>
  signedIn($).select([
    ...indexExtras(shape, $),
    jsonArrayFrom(vehiclesPage(shape, $).select(['ve.id', 've.name', 've.image_id as imageId'])).as(
      'vehicles',
    ),
  ]),
);

/**
 * The vehicle index of the actor's current campaign, in one statement: the actor's row (none when the token is no
 * longer good), the campaign's id (null when none is set or not theirs to see), the number of matching vehicles,
 * the page of them, and the factions, types and archetypes of the matching ones.
 */
export function vehiclesIndexQuery(actor: Actor, query: VehiclesIndexQuery, window: PageWindow) {
  return indexRead(...vehicleIndexArguments(actor, query, window));
}

/** The same page, of ids and names only (`autocomplete`). */
export function vehiclesAutocompleteQuery(actor: Actor, query: VehiclesIndexQuery, window: PageWindow) {
  return autocompleteRead(...vehicleIndexArguments(actor, query, window));
}

const recordRead = preparedRead((_: object, $: ActorValues & { id: string }) =>
  signedIn($).select([
    currentCampaignIdColumn(),
    jsonObjectFrom(
      vehiclesInScope()
        .where('ve.id', '=', $.id)
        .select([
          ...vehicleLiteColumns(),
          vehicle('campaign_id').as('campaignId'),
          vehicle('color').as('color'),
          vehicle('impairments').as('impairments'),
          vehicle('task').as('task'),
          jsonObjectFrom(
            reads
              .selectFrom('users as vu')
              .select(['vu.id', 'vu.first_name as firstName', 'vu.last_name as lastName', 'vu.email'])
              .where('vu.id', '=', vehicle('user_id')),
          ).as('user'),
          jsonObjectFrom(
            reads
              .selectFrom('junctures as vj')
              .select(['vj.id', 'vj.name', 'vj.image_id as imageId'])
              .where('vj.id', '=', vehicle('juncture_id')),
          ).as('juncture'),
          sql<
            string[]
          >`coalesce((select json_agg(vpm.party_id order by vpm.created_at, vpm.id) from party_memberships vpm where vpm.vehicle_id = ${vehicle('id')}), '[]'::json)`.as(
            'partyIds',
          ),
        ]),
    ).as('vehicle'),
  ]),
);

/** A vehicle of the actor's current campaign with what it links to; `vehicle` null when there is none. */
export function vehicleRecordQuery(actor: Actor, id: string) {
  return recordRead({}, { ...actorValues(actor), id });
}
