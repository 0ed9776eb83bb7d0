import { sql, type Expression } from 'kysely';
import type { Actor, RecordIndexQuery, SortOrder, Visibility } from '@shotcaller/contracts';
import {
  columnsOf,
  containsPattern,
  countOf,
  isAnyOf,
  isoTimestamp,
  jsonArrayFrom,
  jsonObjectFrom,
  preparedRead,
  type PageWindow,
} from '@shotcaller/persistence';
import {
  actorColumn,
  actorValues,
  characterVisible,
  currentCampaignIdColumn,
  currentCampaignVisible,
  idFilters,
  imagePositionsOf,
  reads,
  signedIn,
  type ActorValues,
  type CampaignRecordsReadSchema,
  type Presence,
} from './campaign-scope.queries.js';

/** The tables of a campaign's named records, which list alike. */
export type RecordTable = 'factions' | 'junctures' | 'sites' | 'parties';

/** The links an index filters by: an id, or `__NONE__` for records without one. */
export type LinkColumn = 'faction_id' | 'juncture_id';
const LINK_COLUMNS: readonly LinkColumn[] = ['faction_id', 'juncture_id'];

/**
 * The members an index filters by: a character (attuned to a site, in a party) or a vehicle (in a party); an id, or
 * `__NONE__` for records without a member of that kind (as the character index's party and site filters).
 */
type MemberColumn = 'character_id' | 'vehicle_id';
const MEMBER_COLUMNS: readonly MemberColumn[] = ['character_id', 'vehicle_id'];

/** A row of any of them, with the links some have (never filtered by on those without). */
type RecordRow = CampaignRecordsReadSchema['factions'] & Record<LinkColumn, string | null>;

const SORT_COLUMNS = {
  name: sql<string>`lower(r.name)`,
  created_at: sql<Date>`r.created_at`,
  updated_at: sql<Date>`r.updated_at`,
} as const;

/** What differs in the SQL of a record index: filters present, sort. */
export interface RecordIndexShape {
  activeOnly: boolean;
  search: boolean;
  ids: boolean;
  links: Partial<Record<LinkColumn, Presence>>;
  /**
   * Sites: those a character is attuned to (`one`) or that nobody is (`none`); parties: those a character or vehicle
   * belongs to, or without any character or vehicle member.
   */
  members: Partial<Record<MemberColumn, Presence>>;
  sort: keyof typeof SORT_COLUMNS;
  direction: SortOrder;
}

export interface RecordIndexValues extends ActorValues, Record<LinkColumn | MemberColumn, string> {
  active: boolean;
  pattern: string;
  ids: string[];
  limit: number;
  offset: number;
}

/** The query a record index takes: the common parameters, its sort and its link filters. */
export type RecordIndexParameters = RecordIndexQuery & {
  sort?: keyof typeof SORT_COLUMNS;
} & Partial<Record<LinkColumn | MemberColumn, string>>;

export function recordIndexArguments(
  actor: Actor,
  query: RecordIndexParameters,
  window: PageWindow,
): [RecordIndexShape, RecordIndexValues] {
  const visibility: Visibility = query.show_hidden ? 'all' : (query.visibility ?? 'visible');
  const links = idFilters(query, LINK_COLUMNS);
  const members = idFilters(query, MEMBER_COLUMNS);
  return [
    {
      activeOnly: visibility !== 'all',
      search: Boolean(query.search),
      ids: query.ids !== undefined,
      links: links.presence,
      members: members.presence,
      sort: query.sort ?? 'created_at',
      direction: query.order ?? 'desc',
    },
    {
      ...actorValues(actor),
      ...links.ids,
      ...members.ids,
      active: visibility === 'visible',
      pattern: containsPattern(query.search ?? ''),
      ids: query.ids ?? [],
      limit: window.limit,
      offset: window.offset,
    },
  ];
}

/** The records of a table in the actor's current campaign (none when they may not see it), as `r`. */
export function recordsInScope(table: RecordTable) {
  return reads
    .selectFrom(sql<RecordRow>`${sql.table(table)}`.as('r'))
    .where('r.campaign_id', '=', actorColumn('current_campaign_id'))
    .where(currentCampaignVisible());
}

/**
 * The rows that tie record `r` to a member of `column`'s kind: to member `linked` when given, else to any. Sites
 * tie characters only (attunements); parties characters and vehicles (party_memberships, one of the two set). A
 * character the actor may not see (a template, to anyone but an admin) ties nothing, as it is not in the record's
 * view either.
 */
function membersOf(table: 'sites' | 'parties', column: MemberColumn, linked?: string) {
  if (table === 'sites') {
    const rows = reads
      .selectFrom('attunements as rm')
      .innerJoin('characters as mc', 'mc.id', 'rm.character_id')
      .select('rm.id')
      .where('rm.site_id', '=', sql<string>`r.id`)
      .where(characterVisible('mc'));
    return linked === undefined ? rows : rows.where('rm.character_id', '=', linked);
  }
  const memberships = reads
    .selectFrom('party_memberships as rm')
    .select('rm.id')
    .where('rm.party_id', '=', sql<string>`r.id`);
  if (column === 'vehicle_id') {
    return linked === undefined
      ? memberships.where('rm.vehicle_id', 'is not', null)
      : memberships.where('rm.vehicle_id', '=', linked);
  }
  const rows = memberships
    .innerJoin('characters as mc', 'mc.id', 'rm.character_id')
    .where(characterVisible('mc'));
  return linked === undefined ? rows : rows.where('rm.character_id', '=', linked);
}

/** The records of the index's filters. */
export function recordsMatching(table: RecordTable, shape: RecordIndexShape, $: RecordIndexValues) {
  let query = recordsInScope(table)
    .$if(shape.activeOnly, (qb) => qb.where('r.active', '=', $.active))
    .$if(shape.search, (qb) => qb.where('r.name', 'ilike', $.pattern))
    .$if(shape.ids, (qb) => qb.where((eb) => isAnyOf(eb.ref('r.id'), $.ids)));
  for (const [column, filter] of Object.entries(shape.members) as [MemberColumn, Presence][]) {
    // Only sites and parties take member filters, and sites no vehicle filter.
    if (table !== 'sites' && table !== 'parties') continue;
    if (table === 'sites' && column !== 'character_id') continue;
    query =
      filter === 'none'
        ? query.where((eb) => eb.not(eb.exists(membersOf(table, column))))
        : query.where((eb) => eb.exists(membersOf(table, column, $[column])));
  }

  for (const [column, filter] of Object.entries(shape.links) as [LinkColumn, Presence][]) {
    query =
      filter === 'none' ? query.where(`r.${column}`, 'is', null) : query.where(`r.${column}`, '=', $[column]);
  }
  return query;
}

/** The page of them, sorted (then by id, so that pages never overlap). */
export function recordsPage(table: RecordTable, shape: RecordIndexShape, $: RecordIndexValues) {
  return recordsMatching(table, shape, $)
    .orderBy(SORT_COLUMNS[shape.sort], shape.direction)
    .orderBy('r.id', 'asc')
    .limit($.limit)
    .offset($.offset);
}

/** The factions of the page's records, by name: the index's `factions`, as the Rails API had them. */
export function pageFactionsColumn(table: RecordTable, shape: RecordIndexShape, $: RecordIndexValues) {
  return jsonArrayFrom(
    reads
      .selectFrom('factions as pf')
      .select(['pf.id', 'pf.name', 'pf.image_id as imageId'])
      .where(
        'pf.id',
        'in',
        reads
          .selectFrom(recordsPage(table, shape, $).select('r.faction_id').as('page'))
          .select('page.faction_id'),
      )
      .orderBy('pf.name')
      .orderBy('pf.id'),
  ).as('factions');
}

const record = columnsOf<RecordRow>('r');

/** Record `r`'s own columns, as the serializers' rows name them. */
export function recordColumns(entityClass: 'Faction' | 'Juncture' | 'Site' | 'Party') {
  return [
    record('id').as('id'),
    record('name').as('name'),
    record('image_id').as('imageId'),
    record('description').as('description'),
    record('active').as('active'),
    isoTimestamp(record('created_at')).as('createdAt'),
    isoTimestamp(record('updated_at')).as('updatedAt'),
    imagePositionsOf(entityClass, record('id')),
  ] as const;
}

/** Record `r`'s faction or juncture, as `{id, name}` (null when it has none). */
export function linkedRecordColumn<A extends 'faction' | 'juncture'>(link: A) {
  const table = link === 'faction' ? 'factions' : 'junctures';
  return jsonObjectFrom(
    reads
      .selectFrom(sql<{ id: string; name: string; image_id: string | null }>`${sql.table(table)}`.as('lk'))
      .select(['lk.id', 'lk.name', 'lk.image_id as imageId'])
      .where('lk.id', '=', record(`${link}_id`)),
  ).as(link);
}

/** The page query of a record index, for a resource to choose its columns. */
export type RecordsPageQuery = ReturnType<typeof recordsPage>;

/**
 * The index and autocomplete reads of records that belong to factions (junctures, sites, parties), in one statement
 * each: the actor's row (none when the token is no longer good), the campaign's id (null when none is set or the
 * actor may not see it), the number of matching records, the page of them as `key` (`columns` of each, or ids and
 * names), and the page's factions.
 */
export function factionRecordIndexReads<K extends string, Row>(
  table: RecordTable,
  key: K,
  columns: (page: RecordsPageQuery) => Expression<Row>,
) {
  const heading = (shape: RecordIndexShape, $: RecordIndexValues) =>
    [
      currentCampaignIdColumn(),
      countOf(recordsMatching(table, shape, $)).as('total'),
      pageFactionsColumn(table, shape, $),
    ] as const;
  const index = preparedRead((shape: RecordIndexShape, $: RecordIndexValues) =>
    signedIn($).select([...heading(shape, $), jsonArrayFrom(columns(recordsPage(table, shape, $))).as(key)]),
  );
  const autocomplete = preparedRead((shape: RecordIndexShape, $: RecordIndexValues) =>
    signedIn($).select([
      ...heading(shape, $),
      jsonArrayFrom(recordsPage(table, shape, $).select(['r.id', 'r.name', 'r.image_id as imageId'])).as(key),
    ]),
  );
  return {
    index: (actor: Actor, query: RecordIndexParameters, window: PageWindow) =>
      index(...recordIndexArguments(actor, query, window)),
    /** With `autocomplete`: the same page, of ids and names only. */
    autocomplete: (actor: Actor, query: RecordIndexParameters, window: PageWindow) =>
      autocomplete(...recordIndexArguments(actor, query, window)),
  };
}

/** The read of one record of the actor's current campaign as `key`, with `columns`: null when there is none. */
export function recordRead<K extends string, Row>(
  table: RecordTable,
  key: K,
  columns: (record: ReturnType<typeof recordsInScope>) => Expression<Row>,
) {
  const read = preparedRead((_: object, $: ActorValues & { id: string }) =>
    signedIn($).select([
      currentCampaignIdColumn(),
      jsonObjectFrom(columns(recordsInScope(table).where('r.id', '=', $.id))).as(key),
    ]),
  );
  return (actor: Actor, id: string) => read({}, { ...actorValues(actor), id });
}
