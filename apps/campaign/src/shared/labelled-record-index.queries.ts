import { sql, type AliasedExpression, type Compilable, type Expression, type RawBuilder } from 'kysely';
import type { Actor, RecordIndexQuery, SortOrder, Visibility } from '@shotcaller/contracts';
import {
  containsPattern,
  countOf,
  isAnyOf,
  jsonArrayFrom,
  jsonObjectFrom,
  preparedRead,
  type PageWindow,
} from '@shotcaller/persistence';
import {
  actorColumn,
  actorValues,
  currentCampaignIdColumn,
  currentCampaignVisible,
  filterValue,
  idFilters,
  presenceOf,
  reads,
  signedIn,
  type ActorValues,
  type Presence,
} from './campaign-scope.queries.js';

/*
 * The reads of a campaign's records filed under free-text labels rather than linked records (weapons: category
 * and juncture; schticks: category and path), which characters hold through a join table (carries,
 * character_schticks): index, autocomplete, batch by ids, one record, and the labels in use. One statement each,
 * on the recipe of libs/persistence/src/reads/read-queries.ts.
 */

/** The tables of such records. */
export type LabelledTable = 'weapons' | 'schticks';

/** The labels they are filed under. */
export type Label = 'category' | 'juncture' | 'path';

/** The list of a label's values in an index answer (`categories`, `junctures`, `paths`). */
export const LABEL_LISTS = { category: 'categories', juncture: 'junctures', path: 'paths' } as const;

/** The values of the labels a table lacks (its index never filters by them). */
const UNLABELLED: Record<Label, string> = { category: '', juncture: '', path: '' };

/** What every row of those tables has. */
export interface LabelledRecordRow {
  id: string;
  campaign_id: string;
  name: string;
  description: string | null;
  active: boolean;
  image_id: string | null;
  created_at: Date;
  updated_at: Date;
}

/** A kind of labelled record, as its reads see it. */
export interface LabelledRecords<Sort extends string, L extends Label = Label> {
  table: LabelledTable;
  labels: readonly L[];
  /** The join table of the characters that hold one, and its column naming the record. */
  holders: { table: 'carries' | 'character_schticks'; column: 'weapon_id' | 'schtick_id' };
  /** What each sort orders by (in the direction asked), before the id. */
  sorts: Record<Sort, readonly RawBuilder<unknown>[]>;
}

/** What differs in the SQL of an index: the filters present, the sort. */
export interface LabelledIndexShape {
  activeOnly: boolean;
  search: boolean;
  ids: boolean;
  labels: Partial<Record<Label, Presence>>;
  /** Only those a character holds (`one`), or that none holds (`none`, for `__NONE__`). */
  holder?: Presence;
  sort: string;
  direction: SortOrder;
}

export interface LabelledIndexValues extends ActorValues, Record<Label, string> {
  active: boolean;
  pattern: string;
  ids: string[];
  character_id: string;
  limit: number;
  offset: number;
}

/** The query an index of labelled records takes. */
export type LabelledIndexParameters = RecordIndexQuery &
  Partial<Record<Label, string>> & { sort?: string; character_id?: string };

export function labelledIndexArguments<Sort extends string>(
  records: LabelledRecords<Sort>,
  actor: Actor,
  query: LabelledIndexParameters,
  window: PageWindow,
): [LabelledIndexShape, LabelledIndexValues] {
  const visibility: Visibility = query.show_hidden ? 'all' : (query.visibility ?? 'visible');
  const labels = idFilters(query, records.labels);
  const sort = query.sort !== undefined && query.sort in records.sorts ? query.sort : 'created_at';
  return [
    {
      activeOnly: visibility !== 'all',
      search: Boolean(query.search),
      ids: query.ids !== undefined,
      labels: labels.presence,
      holder: presenceOf(query.character_id),
      sort,
      direction: query.order ?? 'desc',
    },
    {
      ...actorValues(actor),
      ...UNLABELLED,
      ...labels.ids,
      active: visibility === 'visible',
      pattern: containsPattern(query.search ?? ''),
      ids: query.ids ?? [],
      character_id: filterValue(query.character_id),
      limit: window.limit,
      offset: window.offset,
    },
  ];
}

/** A label column of record `r`. */
const labelOf = (label: Label) => sql<string | null>`${sql.ref(`r.${label}`)}`;

/** The records of a table in the actor's current campaign (none when they may not see it), as `r`. */
export function labelledRecordsInScope(table: LabelledTable) {
  return reads
    .selectFrom(sql<LabelledRecordRow>`${sql.table(table)}`.as('r'))
    .where('r.campaign_id', '=', actorColumn('current_campaign_id'))
    .where(currentCampaignVisible());
}

type InScope = ReturnType<typeof labelledRecordsInScope>;

/** The rows of the join table that hold record `r`, as `h` (to add conditions to). */
function heldBy(records: LabelledRecords<string>) {
  const { table, column } = records.holders;
  return sql`select 1 from ${sql.table(table)} h where h.${sql.ref(column)} = r.id`;
}

/** The records of the index's filters. `__NONE__` on a label matches records without one (null or blank). */
export function labelledRecordsMatching<Sort extends string>(
  records: LabelledRecords<Sort>,
  shape: LabelledIndexShape,
  $: LabelledIndexValues,
): InScope {
  let query = labelledRecordsInScope(records.table)
    .$if(shape.activeOnly, (qb) => qb.where('r.active', '=', $.active))
    .$if(shape.search, (qb) => qb.where('r.name', 'ilike', $.pattern))
    .$if(shape.ids, (qb) => qb.where((eb) => isAnyOf(eb.ref('r.id'), $.ids)))
    .$if(shape.holder === 'one', (qb) =>
      qb.where(sql<boolean>`exists (${heldBy(records)} and h.character_id = ${$.character_id})`),
    )
    .$if(shape.holder === 'none', (qb) => qb.where(sql<boolean>`not exists (${heldBy(records)})`));
  for (const [label, filter] of Object.entries(shape.labels) as [Label, Presence][]) {
    query =
      filter === 'none'
        ? query.where(sql<boolean>`coalesce(${labelOf(label)}, '') = ''`)
        : query.where(labelOf(label), '=', $[label]);
  }
  return query;
}

/** The page of them, sorted (then by id, so that pages never overlap). */
export function labelledRecordsPage<Sort extends string>(
  records: LabelledRecords<Sort>,
  shape: LabelledIndexShape,
  $: LabelledIndexValues,
): InScope {
  let query = labelledRecordsMatching(records, shape, $);
  for (const column of records.sorts[shape.sort as Sort] ?? []) {
    query = query.orderBy(column as Expression<unknown>, shape.direction);
  }
  return query.orderBy('r.id', 'asc').limit($.limit).offset($.offset);
}

/**
 * The distinct values of a label among `records` (blanks left out), sorted without regard to case, as a JSON
 * list of text.
 */
export function labelValuesOf(records: InScope, label: Label): RawBuilder<string[]> {
  const values = records
    .select(labelOf(label).as('v'))
    .distinct()
    .where(sql<boolean>`coalesce(${labelOf(label)}, '') <> ''`);
  return sql<
    string[]
  >`coalesce((select json_agg(l.v order by lower(l.v), l.v) from (${values}) as l), '[]'::json)`;
}

type PageQuery = InScope;

/**
 * The index and autocomplete reads of a kind of labelled record: the actor's row (none when the token is no
 * longer good), the campaign's id (null when none is set or the actor may not see it), the number of matching
 * records, the page of them as `key` (`columns` of each, or ids and names), and each label's values among the
 * matching records (the whole match, not the page: a client's filter menus offer them).
 */
export function labelledIndexReads<K extends string, Row, Sort extends string, L extends Label>(
  records: LabelledRecords<Sort, L>,
  key: K,
  columns: (page: PageQuery) => Expression<Row>,
) {
  const heading = (shape: LabelledIndexShape, $: LabelledIndexValues) => {
    const matching = labelledRecordsMatching(records, shape, $);
    return [
      currentCampaignIdColumn(),
      countOf(matching).as('total'),
      ...records.labels.map((label) => labelValuesOf(matching, label).as(LABEL_LISTS[label])),
    ] as const;
  };
  const index = preparedRead((shape: LabelledIndexShape, $: LabelledIndexValues) =>
    signedIn($).select([
      ...heading(shape, $),
      jsonArrayFrom(columns(labelledRecordsPage(records, shape, $))).as(key),
    ]),
  );
  const autocomplete = preparedRead((shape: LabelledIndexShape, $: LabelledIndexValues) =>
    signedIn($).select([
      ...heading(shape, $),
      jsonArrayFrom(
        labelledRecordsPage(records, shape, $).select(['r.id', 'r.name', 'r.image_id as imageId']),
      ).as(key),
    ]),
  );
  // Columns aliased by a type parameter (`key`, the label lists) are untyped to Kysely: the row is stated here.
  type Answer = { campaignId: string | null; total: number } & Record<(typeof LABEL_LISTS)[L], string[]>;
  return {
    index: (actor: Actor, query: LabelledIndexParameters, window: PageWindow) =>
      index(...labelledIndexArguments(records, actor, query, window)) as unknown as Compilable<
        Answer & Record<K, Row[]>
      >,
    /** With `autocomplete`: the same page, of ids and names only. */
    autocomplete: (actor: Actor, query: LabelledIndexParameters, window: PageWindow) =>
      autocomplete(...labelledIndexArguments(records, actor, query, window)) as unknown as Compilable<
        Answer & Record<K, { id: string; name: string; imageId: string | null }[]>
      >,
  };
}

/** The read of one record of the actor's current campaign as `key`, with `columns`: null when there is none. */
export function labelledRecordRead<K extends string, Row>(
  table: LabelledTable,
  key: K,
  columns: (record: InScope) => Expression<Row>,
) {
  const read = preparedRead((_: object, $: ActorValues & { id: string }) =>
    signedIn($).select([
      currentCampaignIdColumn(),
      jsonObjectFrom(columns(labelledRecordsInScope(table).where('r.id', '=', $.id))).as(key),
    ]),
  );
  return (actor: Actor, id: string) => read({}, { ...actorValues(actor), id });
}

/**
 * Records of the actor's current campaign by id (a batch: an encounter's weapons or schticks at once), by name,
 * a page of them; ids of other campaigns, or of none, are left out.
 */
export function labelledBatchRead<K extends string, Row>(
  table: LabelledTable,
  key: K,
  columns: (records: InScope) => Expression<Row>,
) {
  const read = preparedRead((_: object, $: ActorValues & { ids: string[]; limit: number; offset: number }) =>
    signedIn($).select([
      currentCampaignIdColumn(),
      jsonArrayFrom(
        columns(
          labelledRecordsInScope(table)
            .where((eb) => isAnyOf(eb.ref('r.id'), $.ids))
            .orderBy(sql`lower(r.name)`)
            .orderBy('r.id')
            .limit($.limit)
            .offset($.offset),
        ),
      ).as(key),
    ]),
  );
  return (actor: Actor, ids: string[], window: PageWindow) =>
    read(
      {},
      { ...actorValues(actor), ids, limit: window.limit, offset: window.offset },
    ) as unknown as Compilable<{ campaignId: string | null } & Record<K, Row[]>>;
}

/** What a read of the labels in use filters by: a search in them, and (schtick paths) one category. */
export interface LabelsShape {
  search: boolean;
  category: boolean;
}

export interface LabelsValues extends ActorValues {
  pattern: string;
  category: string;
}

/** The arguments of a labels read from its query (`search`, `category`). */
export function labelsArguments(
  actor: Actor,
  query: { search?: string; category?: string },
): [LabelsShape, LabelsValues] {
  return [
    { search: Boolean(query.search), category: query.category !== undefined },
    {
      ...actorValues(actor),
      pattern: containsPattern(query.search ?? ''),
      category: query.category ?? '',
    },
  ];
}

/** The records of the current campaign whose `label` matches the search (and of the category asked for). */
export function recordsForLabels(table: LabelledTable, label: Label, shape: LabelsShape, $: LabelsValues) {
  return labelledRecordsInScope(table)
    .$if(shape.search, (qb) => qb.where(labelOf(label), 'ilike', $.pattern))
    .$if(shape.category, (qb) => qb.where(labelOf('category'), '=', $.category));
}

/** The select of a labels read: the campaign's id and `columns`. */
export function labelsRead<R>(
  columns: (shape: LabelsShape, $: LabelsValues) => readonly AliasedExpression<unknown, string>[],
) {
  const read = preparedRead((shape: LabelsShape, $: LabelsValues) =>
    signedIn($).select([currentCampaignIdColumn(), ...columns(shape, $)]),
  );
  return (actor: Actor, query: { search?: string; category?: string }) =>
    read(...labelsArguments(actor, query)) as unknown as Compilable<{ campaignId: string | null } & R>;
}

/** The reads of an index of labelled records (see labelledIndexReads). */
export type LabelledIndexReads<K extends string, Row, L extends Label> = ReturnType<
  typeof labelledIndexReads<K, Row, string, L>
>;

/** The read of a batch of labelled records (see labelledBatchRead). */
export type LabelledBatchRead<K extends string, Row> = ReturnType<typeof labelledBatchRead<K, Row>>;
