import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type {
  Actor,
  CampaignsIndexQuery,
  SortOrder,
  UsersIndexQuery,
  Visibility,
} from '@shotcaller/contracts';
import {
  columnsOf,
  containsPattern,
  countOf,
  isAnyOf,
  isAnyOfQuery,
  isoTimestamp,
  jsonArrayFrom,
  jsonBuildObject,
  jsonObjectFrom,
  preparedRead,
  readQueryBuilder,
  type PageWindow,
} from '@shotcaller/persistence';
import { User } from '../users/user.entity.js';
import { onboardingProgressColumn } from '../users/onboarding.queries.js';
import { Campaign, CampaignMembership } from './campaign.entity.js';
import type { CampaignStanding } from './campaign-access.rules.js';

// ---- ORM helpers, for the write paths ----

/** Ids of the campaigns a user plays in (not the ones they run). */
export async function memberCampaignIds(em: EntityManager, userId: string): Promise<string[]> {
  const memberships = await em.find(CampaignMembership, { user: userId }, { fields: ['campaign'] });
  return memberships.map((membership) => membership.campaign.id);
}

/** The campaigns a user runs or plays in. */
export async function visibleCampaigns(em: EntityManager, userId: string): Promise<FilterQuery<Campaign>> {
  const memberOf = await memberCampaignIds(em, userId);
  return { $or: [{ gamemaster: userId }, { id: { $in: memberOf } }] };
}

export async function standingOf(
  em: EntityManager,
  user: User,
  campaign: Campaign,
): Promise<CampaignStanding> {
  const isGamemaster = campaign.gamemaster.id === user.id;
  const isMember = !isGamemaster && (await em.count(CampaignMembership, { campaign, user: user.id })) > 0;
  return { isAdmin: user.admin, isGamemaster, isMember };
}

/** A campaign's members, in joining order. */
export async function membersOf(em: EntityManager, campaignId: string): Promise<User[]> {
  const memberships = await em.find(
    CampaignMembership,
    { campaign: campaignId },
    { populate: ['user'], orderBy: { createdAt: 'asc', id: 'asc' } },
  );
  return memberships.map((membership) => membership.user);
}

// ---- Read queries (see libs/persistence/src/reads/read-queries.ts) ----

/** The columns the campaign service's reads use. */
export interface CampaignReadSchema {
  users: {
    id: string;
    email: string;
    first_name: string;
    last_name: string;
    admin: boolean;
    gamemaster: boolean;
    active: boolean;
    current_campaign_id: string | null;
    token_version: number;
    created_at: Date;
    updated_at: Date;
  };
  campaigns: {
    id: string;
    user_id: string;
    name: string;
    description: string | null;
    active: boolean;
    is_master_template: boolean;
    discord_webhook_url: string | null;
    notion_database_id: string | null;
    notion_connected_at: Date | null;
    seeding_status: string | null;
    seeding_done: number;
    seeding_total: number;
    seeded_at: Date | null;
    created_at: Date;
    updated_at: Date;
  };
  campaign_memberships: {
    id: string;
    campaign_id: string;
    user_id: string;
    created_at: Date;
  };
}

type UsersRow = CampaignReadSchema['users'];
type CampaignsRow = CampaignReadSchema['campaigns'];

const reads = readQueryBuilder<CampaignReadSchema>();

/** Who asks: the values every read that starts from the signed-in actor binds. */
interface ActorValues {
  actorId: string;
  tokenVersion: number;
}

function actorValues(actor: Actor): ActorValues {
  // A token without a version matches no account (-1 is never a version).
  return { actorId: actor.id, tokenVersion: actor.tokenVersion ?? -1 };
}

/** The signed-in user's row, `actor`, which every read starts from and its subqueries refer to. */
const actorColumn = columnsOf<UsersRow>('actor');

/** The actor's row, if the account exists, is active and the token is of its current version: else no row. */
function signedIn($: ActorValues) {
  return reads
    .selectFrom('users as actor')
    .where('actor.id', '=', $.actorId)
    .where('actor.active', '=', true)
    .where('actor.token_version', '=', $.tokenVersion);
}

const accountRead = preparedRead((_: object, $: { id: string }) =>
  reads.selectFrom('users').select(['active', 'token_version as tokenVersion']).where('id', '=', $.id),
);

/** What the account behind an actor is like, to say why a read found no signed-in row. */
export function actorAccountQuery(actorId: string) {
  return accountRead({}, { id: actorId });
}

/**
 * Ids of the campaigns the actor runs or plays in, for isAnyOfQuery. By the id parameter, not the actor row's
 * column: a subquery that refers to the outer row runs again for every candidate row.
 */
function actorCampaignIds(actorId: string) {
  return reads
    .selectFrom('campaign_memberships as am')
    .select('am.campaign_id as id')
    .where('am.user_id', '=', actorId)
    .unionAll(reads.selectFrom('campaigns as ac').select('ac.id').where('ac.user_id', '=', actorId));
}

/** The campaign with this id if the actor may see it (admin, gamemaster or member), as `c`. */
export function viewableCampaign(id: string | RawBuilder<string | null>) {
  return reads
    .selectFrom('campaigns as c')
    .where('c.id', '=', id)
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

/** A user as UserFields (see user.serializer.ts). */
function userColumns(alias: string) {
  const user = columnsOf<UsersRow>(alias);
  return [
    user('id').as('id'),
    user('first_name').as('firstName'),
    user('last_name').as('lastName'),
    user('email').as('email'),
    user('gamemaster').as('gamemaster'),
    user('admin').as('admin'),
    user('active').as('active'),
    user('current_campaign_id').as('currentCampaignId'),
    isoTimestamp(user('created_at')).as('createdAt'),
    isoTimestamp(user('updated_at')).as('updatedAt'),
  ] as const;
}

const campaign = columnsOf<CampaignsRow>('c');

/** Campaign `c` with its gamemaster, as CampaignFields (see campaign.serializer.ts). */
function campaignColumns() {
  return [
    campaign('id').as('id'),
    campaign('name').as('name'),
    campaign('description').as('description'),
    campaign('active').as('active'),
    campaign('is_master_template').as('isMasterTemplate'),
    campaign('seeding_status').as('seedingStatus'),
    campaign('seeding_done').as('seedingDone'),
    campaign('seeding_total').as('seedingTotal'),
    isoTimestamp(campaign('seeded_at').$castTo<Date>()).$castTo<string | null>().as('seededAt'),
    isoTimestamp(campaign('created_at')).as('createdAt'),
    isoTimestamp(campaign('updated_at')).as('updatedAt'),
    jsonObjectFrom(
      reads.selectFrom('users as g').select(userColumns('g')).where('g.id', '=', campaign('user_id')),
    )
      .$notNull()
      .as('gamemaster'),
  ] as const;
}

/**
 * Whether the actor manages campaign `c` (its gamemaster, or an admin), and then its Discord webhook URL and
 * Notion database: read only for them (null for anyone else), so a player's view cannot carry them. The Notion
 * token is never read here.
 */
function managedSettingsColumns() {
  const manages = sql<boolean>`(${actorColumn('admin')} or ${campaign('user_id')} = ${actorColumn('id')})`;
  const onlyForManagers = <T>(column: unknown) => sql<T | null>`case when ${manages} then ${column} end`;
  return [
    manages.as('managesCampaign'),
    onlyForManagers<string>(campaign('discord_webhook_url')).as('discordWebhookUrl'),
    onlyForManagers<string>(campaign('notion_database_id')).as('notionDatabaseId'),
    onlyForManagers<string>(isoTimestamp(campaign('notion_connected_at').$castTo<Date>())).as(
      'notionConnectedAt',
    ),
  ] as const;
}

/** The member ids of campaign `c`, in joining order (null when it has none). */
function memberIdsColumn() {
  return reads
    .selectFrom('campaign_memberships as m')
    .select((eb) => eb.fn.jsonAgg('m.user_id').orderBy('m.created_at').orderBy('m.id').as('ids'))
    .where('m.campaign_id', '=', campaign('id'))
    .as('memberIds');
}

/** The members of campaign `c`, in joining order. */
function membersColumn() {
  return jsonArrayFrom(
    reads
      .selectFrom('campaign_memberships as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select(userColumns('u'))
      .where('m.campaign_id', '=', campaign('id'))
      .orderBy('m.created_at')
      .orderBy('m.id'),
  ).as('members');
}

/** What differs in the SQL of a campaign index: filters present, sort. */
interface CampaignsIndexShape {
  activeOnly: boolean;
  search: boolean;
  ids: boolean;
  sort: 'c.name' | 'c.created_at' | 'c.updated_at';
  direction: SortOrder;
}

interface CampaignsIndexValues extends ActorValues {
  active: boolean;
  pattern: string;
  ids: string[];
  limit: number;
  offset: number;
}

const CAMPAIGN_SORT_COLUMNS = {
  name: 'c.name',
  created_at: 'c.created_at',
  updated_at: 'c.updated_at',
} as const;

function campaignsIndexArguments(
  actor: Actor,
  query: CampaignsIndexQuery,
  window: PageWindow,
): [CampaignsIndexShape, CampaignsIndexValues] {
  const visibility: Visibility = query.show_all ? 'all' : (query.visibility ?? 'visible');
  return [
    {
      activeOnly: visibility !== 'all',
      search: Boolean(query.search),
      ids: query.ids !== undefined,
      sort: CAMPAIGN_SORT_COLUMNS[query.sort ?? 'created_at'],
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

/** The campaigns of the index's filters, as `c`: those the actor runs or plays in. */
function campaignsMatching(shape: CampaignsIndexShape, $: CampaignsIndexValues) {
  return reads
    .selectFrom('campaigns as c')
    .where((eb) => isAnyOfQuery(eb.ref('c.id'), actorCampaignIds($.actorId)))
    .$if(shape.activeOnly, (qb) => qb.where('c.active', '=', $.active))
    .$if(shape.search, (qb) => qb.where('c.name', 'ilike', $.pattern))
    .$if(shape.ids, (qb) => qb.where((eb) => isAnyOf(eb.ref('c.id'), $.ids)));
}

function campaignsPage(shape: CampaignsIndexShape, $: CampaignsIndexValues) {
  return campaignsMatching(shape, $)
    .orderBy(shape.sort, shape.direction)
    .orderBy('c.id', 'asc')
    .limit($.limit)
    .offset($.offset);
}

const campaignsIndexRead = preparedRead((shape: CampaignsIndexShape, $: CampaignsIndexValues) =>
  signedIn($).select([
    countOf(campaignsMatching(shape, $)).as('total'),
    jsonArrayFrom(campaignsPage(shape, $).select([...campaignColumns(), memberIdsColumn()])).as('campaigns'),
  ]),
);

const campaignsAutocompleteRead = preparedRead((shape: CampaignsIndexShape, $: CampaignsIndexValues) =>
  signedIn($).select([
    countOf(campaignsMatching(shape, $)).as('total'),
    jsonArrayFrom(campaignsPage(shape, $).select(['c.id', 'c.name'])).as('campaigns'),
  ]),
);

/**
 * The campaign index in one statement: the actor's row (none when the token is no longer good), the number of
 * matching campaigns, and the page of them, each with its gamemaster and member ids.
 */
export function campaignsIndexQuery(actor: Actor, query: CampaignsIndexQuery, window: PageWindow) {
  return campaignsIndexRead(...campaignsIndexArguments(actor, query, window));
}

/** The index with `autocomplete`: the same page, of ids and names only. */
export function campaignsAutocompleteQuery(actor: Actor, query: CampaignsIndexQuery, window: PageWindow) {
  return campaignsAutocompleteRead(...campaignsIndexArguments(actor, query, window));
}

const campaignRecordRead = preparedRead((_: object, $: ActorValues & { id: string }) =>
  signedIn($).select(
    jsonObjectFrom(
      viewableCampaign($.id).select([...campaignColumns(), membersColumn(), ...managedSettingsColumns()]),
    ).as('campaign'),
  ),
);

/** A campaign the actor may see, with its members; `campaign` is null when there is none. */
export function campaignRecordQuery(actor: Actor, id: string) {
  return campaignRecordRead({}, { ...actorValues(actor), id });
}

const currentCampaignRead = preparedRead((_: object, $: ActorValues) =>
  signedIn($).select([
    'actor.current_campaign_id as currentCampaignId',
    jsonObjectFrom(
      viewableCampaign(actorColumn('current_campaign_id')).select([
        ...campaignColumns(),
        membersColumn(),
        ...managedSettingsColumns(),
      ]),
    ).as('campaign'),
  ]),
);

/** The actor's current campaign, if they may still see it, with the id they have set. */
export function currentCampaignQuery(actor: Actor) {
  return currentCampaignRead({}, actorValues(actor));
}

const currentUserRead = preparedRead((_: object, $: ActorValues) =>
  signedIn($).select([
    ...userColumns('actor'),
    onboardingProgressColumn(actorColumn('id')),
    jsonArrayFrom(
      reads
        .selectFrom('campaigns as c')
        .select([
          'c.id',
          'c.name',
          'c.description',
          'c.active',
          jsonBuildObject({ id: campaign('user_id') }).as('gamemaster'),
          isoTimestamp(campaign('created_at')).as('createdAt'),
          isoTimestamp(campaign('updated_at')).as('updatedAt'),
        ])
        .where((eb) => isAnyOfQuery(eb.ref('c.id'), actorCampaignIds($.actorId)))
        .orderBy('c.created_at', 'desc')
        .orderBy('c.id', 'asc'),
    ).as('campaigns'),
  ]),
);

/** The actor with every campaign they run or play in, newest first. */
export function currentUserQuery(actor: Actor) {
  return currentUserRead({}, actorValues(actor));
}

/** What differs in the SQL of a users index. */
interface UsersIndexShape {
  byCampaign: boolean;
  search: boolean;
  ids: boolean;
  sort: keyof typeof USER_SORT_COLUMNS;
  direction: SortOrder;
}

interface UsersIndexValues extends ActorValues {
  campaignId: string;
  pattern: string;
  ids: string[];
  limit: number;
  offset: number;
}

const USER_SORT_COLUMNS = {
  name: ['u.first_name', 'u.last_name'],
  email: ['u.email'],
  created_at: ['u.created_at'],
  updated_at: ['u.updated_at'],
} as const;

/** The gamemasters and members of the campaigns `inScope` accepts (given the column holding a campaign id). */
function peopleOf(inScope: (campaignId: 'pc.id' | 'pm.campaign_id') => RawBuilder<SqlBool>) {
  return reads
    .selectFrom('campaigns as pc')
    .select('pc.user_id as id')
    .where(inScope('pc.id'))
    .unionAll(
      reads
        .selectFrom('campaign_memberships as pm')
        .select('pm.user_id as id')
        .where(inScope('pm.campaign_id')),
    );
}

const usersIndexRead = preparedRead((shape: UsersIndexShape, $: UsersIndexValues) => {
  const matching = reads
    .selectFrom('users as u')
    .where((eb) =>
      shape.byCampaign
        ? isAnyOfQuery(
            eb.ref('u.id'),
            peopleOf((column) => sql<SqlBool>`${sql.ref(column)} = ${$.campaignId}`),
          )
        : eb.or([
            sql<SqlBool>`${actorColumn('admin')}`,
            eb('u.id', '=', actorColumn('id')),
            isAnyOfQuery(
              eb.ref('u.id'),
              peopleOf((column) => isAnyOfQuery(sql.ref(column), actorCampaignIds($.actorId))),
            ),
          ]),
    )
    .$if(shape.ids, (qb) => qb.where((eb) => isAnyOf(eb.ref('u.id'), $.ids)))
    .$if(shape.search, (qb) =>
      qb.where((eb) =>
        eb.or([
          eb('u.first_name', 'ilike', $.pattern),
          eb('u.last_name', 'ilike', $.pattern),
          eb('u.email', 'ilike', $.pattern),
        ]),
      ),
    );
  let page = matching;
  for (const column of USER_SORT_COLUMNS[shape.sort]) page = page.orderBy(column, shape.direction);
  page = page.orderBy('u.id', 'asc').limit($.limit).offset($.offset);
  const campaignVisible = shape.byCampaign
    ? sql<boolean>`exists (${viewableCampaign($.campaignId).select('c.id')})`
    : sql<boolean>`true`;
  return signedIn($).select([
    campaignVisible.as('campaignVisible'),
    countOf(matching).as('total'),
    jsonArrayFrom(page.select(userColumns('u'))).as('users'),
  ]);
});

/**
 * The users index in one statement: the actor's row, whether the campaign asked for (if any) is one the actor
 * may see, the number of matching users and the page of them. Admins see everyone; others see the people they
 * share a campaign with, and themselves; `campaign_id` narrows to that campaign's gamemaster and members.
 */
export function usersIndexQuery(actor: Actor, query: UsersIndexQuery, window: PageWindow) {
  const sort = query.sort ?? 'created_at';
  return usersIndexRead(
    {
      byCampaign: query.campaign_id !== undefined,
      search: Boolean(query.search),
      ids: query.ids !== undefined,
      sort,
      direction: query.order ?? (sort === 'name' || sort === 'email' ? 'asc' : 'desc'),
    },
    {
      ...actorValues(actor),
      campaignId: query.campaign_id ?? '',
      pattern: containsPattern(query.search ?? ''),
      ids: query.ids ?? [],
      limit: window.limit,
      offset: window.offset,
    },
  );
}
