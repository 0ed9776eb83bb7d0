import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type {
  Actor,
  CharactersIndexQuery,
  SortOrder,
  TemplateFilter,
  ValueMap,
  Visibility,
} from '@shotcaller/contracts';
import {
  columnsOf,
  containsPattern,
  isAnyOf,
  isoTimestamp,
  jsonArrayFrom,
  jsonObjectFrom,
  preparedRead,
  readQueryBuilder,
  type PageWindow,
} from '@shotcaller/persistence';
import { memberNameColumns, partyColumns } from '../parties/party.queries.js';
import {
  actorColumn,
  actorValues,
  characterLiteColumns,
  characterLiteViewColumns,
  characterVisible,
  currentCampaignIdColumn,
  currentCampaignVisible,
  idFilters,
  imagePositionsOf,
  presenceOf,
  signedIn,
  type ActorValues,
  type CampaignRecordsReadSchema,
  type ImageUrlValues,
  type Presence,
} from '../shared/campaign-scope.queries.js';
import { currentImageUrlParts } from '../shared/image-urls.js';
import { characterNamesColumn, siteColumns } from '../sites/site.queries.js';

/** The columns the character reads use beyond those every campaign record read knows. */
interface CharacterReadSchema extends CampaignRecordsReadSchema {
  characters: CampaignRecordsReadSchema['characters'] & {
    color: string | null;
    impairments: number;
    wealth: string | null;
    summary: string | null;
    task: boolean;
    skills: ValueMap;
    status: string[];
    equipped_weapon_id: string | null;
    notion_page_id: string | null;
    last_synced_to_notion_at: Date | null;
  };
  schticks: {
    id: string;
    campaign_id: string;
    name: string;
    description: string | null;
    category: string | null;
    path: string | null;
    color: string | null;
    prerequisite_id: string | null;
    active: boolean;
    image_id: string | null;
    created_at: Date;
    updated_at: Date;
  };
  weapons: {
    id: string;
    campaign_id: string;
    name: string;
    description: string | null;
    damage: number;
    concealment: number | null;
    reload_value: number | null;
    juncture: string | null;
    category: string | null;
    mook_bonus: number;
    kachunk: boolean;
    active: boolean;
    image_id: string | null;
    created_at: Date;
    updated_at: Date;
  };
  character_schticks: { id: string; character_id: string; schtick_id: string };
  carries: { id: string; character_id: string; weapon_id: string };
  advancements: { id: string; character_id: string; description: string; created_at: Date; updated_at: Date };
  shots: { id: string; fight_id: string; character_id: string | null };
}

const reads = readQueryBuilder<CharacterReadSchema>();
const character = columnsOf<CharacterReadSchema['characters']>('ch');

/** The links an index filters by (an id, or `__NONE__` for characters without one). */
const LINK_FILTERS = ['faction_id', 'juncture_id', 'user_id'] as const;
/** The records an index filters by membership: in a party, attuned to a site, in a fight (`__NONE__`: in none). */
const MEMBERSHIP_FILTERS = ['party_id', 'site_id', 'fight_id'] as const;
type LinkFilter = (typeof LINK_FILTERS)[number];
type MembershipFilter = (typeof MEMBERSHIP_FILTERS)[number];

const actionValue = (key: 'Type' | 'Archetype') =>
  sql<string>`coalesce(ch.action_values->>${sql.lit(key)}, '')`;
const linkedName = (table: 'factions' | 'junctures', column: 'faction_id' | 'juncture_id') =>
  sql<string>`coalesce((select lower(sn.name) from ${sql.table(table)} sn where sn.id = ${sql.ref(`ch.${column}`)}), '')`;

const SORT_COLUMNS = {
  name: sql<string>`lower(ch.name)`,
  type: actionValue('Type'),
  archetype: sql<string>`lower(${actionValue('Archetype')})`,
  faction: linkedName('factions', 'faction_id'),
  juncture: linkedName('junctures', 'juncture_id'),
  created_at: sql<Date>`ch.created_at`,
  updated_at: sql<Date>`ch.updated_at`,
} as const;

/** What differs in the SQL of a character index: the filters present, which templates, the sort. */
export interface CharacterIndexShape {
  activeOnly: boolean;
  search: boolean;
  ids: boolean;
  links: Partial<Record<LinkFilter, Presence>>;
  memberships: Partial<Record<MembershipFilter, Presence>>;
  type: boolean;
  archetype?: Presence;
  templates: TemplateFilter;
  sort: keyof typeof SORT_COLUMNS;
  direction: SortOrder;
}

export interface CharacterIndexValues
  extends ActorValues, ImageUrlValues, Record<LinkFilter | MembershipFilter, string> {
  active: boolean;
  pattern: string;
  ids: string[];
  type: string;
  archetype: string;
  limit: number;
  offset: number;
}

/** The parts of this process's image URLs, as the index's SQL writes them. */
function imageUrlValues(): ImageUrlValues {
  const { prefix, suffix } = currentImageUrlParts();
  return { imageUrlPrefix: prefix, imageUrlSuffix: suffix };
}

/** Which templates a query asks for: the client's template_filter, or the older is_template flag. */
function templatesAsked(query: CharactersIndexQuery): TemplateFilter {
  if (query.template_filter) return query.template_filter;
  if (query.is_template !== undefined) return query.is_template ? 'templates' : 'non-templates';
  return 'non-templates';
}

export function characterIndexArguments(
  actor: Actor,
  query: CharactersIndexQuery,
  window: PageWindow,
): [CharacterIndexShape, CharacterIndexValues] {
  const visibility: Visibility = query.show_hidden ? 'all' : (query.visibility ?? 'visible');
  const links = idFilters(query, LINK_FILTERS);
  const memberships = idFilters(query, MEMBERSHIP_FILTERS);
  const type = query.character_type ?? query.type;
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
      templates: templatesAsked(query),
      sort: query.sort ?? 'created_at',
      direction: query.order ?? 'desc',
    },
    {
      ...actorValues(actor),
      ...imageUrlValues(),
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

/** Templates are for admins: anyone else sees only the characters that are not. */
function templateCondition(templates: TemplateFilter): RawBuilder<SqlBool> {
  switch (templates) {
    case 'templates':
      return sql<SqlBool>`(ch.is_template and ${actorColumn('admin')})`;
    case 'all':
      return characterVisible('ch');
    case 'non-templates':
      return sql<SqlBool>`not ch.is_template`;
  }
}

/** The characters of the actor's current campaign (none when they may not see it), as `ch`. */
function charactersInScope() {
  return reads
    .selectFrom('characters as ch')
    .where('ch.campaign_id', '=', actorColumn('current_campaign_id'))
    .where(currentCampaignVisible());
}

/** The rows that tie character `ch` to a party, a site or a fight: to `linked` when given, else to any. */
function membershipsOf(filter: MembershipFilter, linked?: string) {
  switch (filter) {
    case 'party_id': {
      const rows = reads
        .selectFrom('party_memberships as fm')
        .select('fm.id')
        .where('fm.character_id', '=', character('id'));
      return linked === undefined ? rows : rows.where('fm.party_id', '=', linked);
    }
    case 'site_id': {
      const rows = reads
        .selectFrom('attunements as fa')
        .select('fa.id')
        .where('fa.character_id', '=', character('id'));
      return linked === undefined ? rows : rows.where('fa.site_id', '=', linked);
    }
    case 'fight_id': {
      const rows = reads
        .selectFrom('shots as fs')
        .select('fs.id')
        .where('fs.character_id', '=', character('id'));
      return linked === undefined ? rows : rows.where('fs.fight_id', '=', linked);
    }
  }
}

/** The characters of the index's filters. */
function charactersMatching(shape: CharacterIndexShape, $: CharacterIndexValues) {
  let query = charactersInScope()
    .where(templateCondition(shape.templates))
    .$if(shape.activeOnly, (qb) => qb.where('ch.active', '=', $.active))
    .$if(shape.search, (qb) => qb.where('ch.name', 'ilike', $.pattern))
    .$if(shape.ids, (qb) => qb.where((eb) => isAnyOf(eb.ref('ch.id'), $.ids)))
    .$if(shape.type, (qb) => qb.where(actionValue('Type'), '=', $.type))
    .$if(shape.archetype === 'one', (qb) => qb.where(actionValue('Archetype'), '=', $.archetype))
    .$if(shape.archetype === 'none', (qb) => qb.where(actionValue('Archetype'), '=', ''));
  for (const [column, filter] of Object.entries(shape.links) as [LinkFilter, Presence][]) {
    query =
      filter === 'none'
        ? query.where(`ch.${column}`, 'is', null)
        : query.where(`ch.${column}`, '=', $[column]);
  }
  for (const [column, filter] of Object.entries(shape.memberships) as [MembershipFilter, Presence][]) {
    query =
      filter === 'none'
        ? query.where((eb) => eb.not(eb.exists(membershipsOf(column))))
        : query.where((eb) => eb.exists(membershipsOf(column, $[column])));
  }
  return query;
}

/** The page of them, sorted (then by id, so that pages never overlap). */
function charactersPage(shape: CharacterIndexShape, $: CharacterIndexValues) {
  return charactersMatching(shape, $)
    .orderBy(SORT_COLUMNS[shape.sort], shape.direction)
    .orderBy('ch.id', 'asc')
    .limit($.limit)
    .offset($.offset);
}

/**
 * The count, faction ids and archetypes of the matching characters, in one pass over them (joined to the actor's
 * row as `heading`: the page itself is read apart, sorted and cut).
 */
function matchingSummary(shape: CharacterIndexShape, $: CharacterIndexValues) {
  return reads
    .selectFrom(
      charactersMatching(shape, $)
        .select(['ch.faction_id', actionValue('Archetype').as('archetype')])
        .as('mc'),
    )
    .select([
      sql<number>`count(*)::int`.as('total'),
      sql<string[] | null>`array_agg(distinct mc.faction_id) filter (where mc.faction_id is not null)`.as(
        'factionIds',
      ),
      sql<
        string[]
      >`coalesce(json_agg(distinct mc.archetype order by mc.archetype) filter (where mc.archetype <> ''), '[]')`.as(
        'archetypes',
      ),
    ])
    .as('heading');
}

/** What heads an index: the campaign, the count, and the factions and archetypes of the matching characters. */
function indexHeading() {
  return [
    currentCampaignIdColumn(),
    'heading.total',
    jsonArrayFrom(
      reads
        .selectFrom('factions as mf')
        .select(['mf.id', 'mf.name', 'mf.image_id as imageId'])
        .where(sql<SqlBool>`mf.id = any(heading."factionIds")`)
        .orderBy(sql`lower(mf.name)`)
        .orderBy('mf.id'),
    ).as('factions'),
    'heading.archetypes',
  ] as const;
}

/** The actor's row (see signedIn) with the summary of the characters the index matches. */
function signedInWithSummary(shape: CharacterIndexShape, $: CharacterIndexValues) {
  return signedIn($).innerJoinLateral(matchingSummary(shape, $), (join) => join.onTrue());
}

/** The index: its heading, and its page of characters as their views' JSON text (see characterLiteViewColumns). */
const indexRead = preparedRead((shape: CharacterIndexShape, $: CharacterIndexValues) =>
  signedInWithSummary(shape, $).select([
    ...indexHeading(),
    sql<string>`(${jsonArrayFrom(charactersPage(shape, $).select(characterLiteViewColumns($)))})::text`.as(
      'charactersJson',
    ),
  ]),
);

const autocompleteRead = preparedRead((shape: CharacterIndexShape, $: CharacterIndexValues) =>
  signedInWithSummary(shape, $).select([
    ...indexHeading(),
    jsonArrayFrom(charactersPage(shape, $).select(['ch.id', 'ch.name', 'ch.image_id as imageId'])).as(
      'characters',
    ),
  ]),
);

/**
 * The character index of the actor's current campaign, one statement: the heading, and the page of characters as
 * the JSON text of their CharacterLiteViews, built by PostgreSQL.
 */
export function charactersIndexQuery(actor: Actor, query: CharactersIndexQuery, window: PageWindow) {
  return indexRead(...characterIndexArguments(actor, query, window));
}

/** With `autocomplete` (and `/names`): the same page, of ids and names only. */
export function characterNamesQuery(actor: Actor, query: CharactersIndexQuery, window: PageWindow) {
  return autocompleteRead(...characterIndexArguments(actor, query, window));
}

/** The user who plays character `ch`. */
function ownerColumn() {
  return jsonObjectFrom(
    reads
      .selectFrom('users as ow')
      .select(['ow.id', 'ow.first_name as firstName', 'ow.last_name as lastName', 'ow.email'])
      .where('ow.id', '=', character('user_id')),
  ).as('user');
}

/** Its schticks, weapons, attuned sites, parties and advancements, each as its list view needs it. */
function characterLinkColumns() {
  return [
    jsonArrayFrom(
      reads
        .selectFrom('schticks as sc')
        .select([
          'sc.id',
          'sc.name',
          'sc.image_id as imageId',
          'sc.description',
          'sc.category',
          'sc.path',
          'sc.color',
          'sc.prerequisite_id as prerequisiteId',
          'sc.active',
          isoTimestamp(sql.ref('sc.created_at')).as('createdAt'),
          isoTimestamp(sql.ref('sc.updated_at')).as('updatedAt'),
          imagePositionsOf('Schtick', sql<string>`sc.id`),
        ])
        .where((eb) =>
          eb.exists(
            reads
              .selectFrom('character_schticks as cs')
              .select('cs.id')
              .where('cs.schtick_id', '=', sql<string>`sc.id`)
              .where('cs.character_id', '=', character('id')),
          ),
        )
        .orderBy('sc.category')
        .orderBy('sc.name')
        .orderBy('sc.id'),
    ).as('schticks'),
    jsonArrayFrom(
      reads
        .selectFrom('weapons as wp')
        .select([
          'wp.id',
          'wp.name',
          'wp.image_id as imageId',
          'wp.description',
          'wp.damage',
          'wp.concealment',
          'wp.reload_value as reloadValue',
          'wp.juncture',
          'wp.category',
          'wp.mook_bonus as mookBonus',
          'wp.kachunk',
          'wp.active',
          isoTimestamp(sql.ref('wp.created_at')).as('createdAt'),
          isoTimestamp(sql.ref('wp.updated_at')).as('updatedAt'),
          imagePositionsOf('Weapon', sql<string>`wp.id`),
        ])
        .where((eb) =>
          eb.exists(
            reads
              .selectFrom('carries as cw')
              .select('cw.id')
              .where('cw.weapon_id', '=', sql<string>`wp.id`)
              .where('cw.character_id', '=', character('id')),
          ),
        )
        .orderBy('wp.name')
        .orderBy('wp.id'),
    ).as('weapons'),
    jsonArrayFrom(
      reads
        .selectFrom('sites as r')
        .select([...siteColumns(), characterNamesColumn()])
        .where((eb) =>
          eb.exists(
            reads
              .selectFrom('attunements as ca')
              .select('ca.id')
              .where('ca.site_id', '=', sql<string>`r.id`)
              .where('ca.character_id', '=', character('id')),
          ),
        )
        .orderBy(sql`lower(r.name)`)
        .orderBy('r.id'),
    ).as('sites'),
    jsonArrayFrom(
      reads
        .selectFrom('parties as r')
        .select([...partyColumns(), ...memberNameColumns()])
        .where((eb) =>
          eb.exists(
            reads
              .selectFrom('party_memberships as cp')
              .select('cp.id')
              .where('cp.party_id', '=', sql<string>`r.id`)
              .where('cp.character_id', '=', character('id')),
          ),
        )
        .orderBy(sql`lower(r.name)`)
        .orderBy('r.id'),
    ).as('parties'),
    jsonArrayFrom(
      reads
        .selectFrom('advancements as ad')
        .select([
          'ad.id',
          'ad.character_id as characterId',
          'ad.description',
          isoTimestamp(sql.ref('ad.created_at')).as('createdAt'),
          isoTimestamp(sql.ref('ad.updated_at')).as('updatedAt'),
        ])
        .where('ad.character_id', '=', character('id'))
        .orderBy('ad.created_at')
        .orderBy('ad.id'),
    ).as('advancements'),
  ] as const;
}

const recordRead = preparedRead((_: object, $: ActorValues & { id: string }) =>
  signedIn($).select([
    currentCampaignIdColumn(),
    jsonObjectFrom(
      charactersInScope()
        .where('ch.id', '=', $.id)
        .where(templateCondition('all'))
        .select([
          ...characterLiteColumns(),
          'ch.color',
          'ch.impairments',
          'ch.wealth',
          'ch.summary',
          'ch.task',
          'ch.skills',
          'ch.status',
          'ch.equipped_weapon_id as equippedWeaponId',
          'ch.notion_page_id as notionPageId',
          isoTimestamp(character('last_synced_to_notion_at').$castTo<Date>())
            .$castTo<string | null>()
            .as('lastSyncedToNotionAt'),
          jsonObjectFrom(
            reads
              .selectFrom('junctures as cj')
              .select(['cj.id', 'cj.name', 'cj.image_id as imageId'])
              .where('cj.id', '=', character('juncture_id')),
          ).as('juncture'),
          ownerColumn(),
          ...characterLinkColumns(),
        ]),
    ).as('character'),
  ]),
);

/** A character of the actor's current campaign with everything it has; `character` null when none (or a template, for anyone but an admin). */
export function characterRecordQuery(actor: Actor, id: string) {
  return recordRead({}, { ...actorValues(actor), id });
}
