import { sql, type SqlBool } from 'kysely';
import type { Actor, FightsIndexQuery, FightStatus, SortOrder, Visibility } from '@shotcaller/contracts';
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
import { viewableCampaign } from '../campaigns/campaign.queries.js';
import {
  actorColumn,
  actorValues,
  characterLiteColumns,
  currentCampaignIdColumn,
  currentCampaignVisible,
  filterValue,
  imagePositionsOf,
  presenceOf,
  signedIn,
  vehicleLiteColumns,
  type ActorValues,
  type CampaignRecordsReadSchema,
  type Presence,
} from '../shared/campaign-scope.queries.js';

// ---- Fights in one statement per request (see libs/persistence/src/reads/read-queries.ts) ----

/** The columns the fight reads use, beyond those every campaign record read knows. */
export interface FightReadSchema extends CampaignRecordsReadSchema {
  fights: {
    id: string;
    campaign_id: string;
    name: string;
    description: string | null;
    sequence: number;
    archived: boolean;
    active: boolean;
    started_at: Date | null;
    ended_at: Date | null;
    season: number | null;
    session: number | null;
    action_id: string | null;
    image_id: string | null;
    created_at: Date;
    updated_at: Date;
  };
  shots: {
    id: string;
    fight_id: string;
    character_id: string | null;
    vehicle_id: string | null;
    created_at: Date;
  };
  effects: {
    id: string;
    fight_id: string;
    name: string;
    description: string | null;
    severity: string;
    start_sequence: number | null;
    end_sequence: number | null;
    start_shot: number | null;
    end_shot: number | null;
    created_at: Date;
  };
  character_effects: {
    id: string;
    shot_id: string;
    name: string;
    description: string | null;
    severity: string;
    action_value: string | null;
    change: string | null;
    created_at: Date;
  };
  fight_events: {
    id: string;
    fight_id: string;
    event_type: string;
    description: string;
    details: Record<string, unknown> | null;
    created_at: Date;
  };
}

const reads = readQueryBuilder<FightReadSchema>();
const fight = columnsOf<FightReadSchema['fights']>('f');

const SORT_COLUMNS = {
  name: sql<string>`lower(f.name)`,
  created_at: sql<Date>`f.created_at`,
  updated_at: sql<Date>`f.updated_at`,
  started_at: sql<Date>`f.started_at`,
  ended_at: sql<Date>`f.ended_at`,
  season: sql<number>`f.season`,
  session: sql<number>`f.session`,
} as const;

/** What differs in the SQL of a fight index: the filters present and the sort. */
interface FightIndexShape {
  activeOnly: boolean;
  search: boolean;
  ids: boolean;
  status: FightStatus | null;
  /** A season or session (`none`: fights without one). */
  season?: Presence;
  session?: Presence;
  /** Fights with this character, vehicle, player's character (`none`: with no character, vehicle, player's). */
  character?: Presence;
  vehicle?: Presence;
  user?: Presence;
  sort: keyof typeof SORT_COLUMNS;
  direction: SortOrder;
}

interface FightIndexValues extends ActorValues {
  active: boolean;
  pattern: string;
  ids: string[];
  season: number;
  session: number;
  characterId: string;
  vehicleId: string;
  userId: string;
  limit: number;
  offset: number;
}

function fightIndexArguments(
  actor: Actor,
  query: FightsIndexQuery,
  window: PageWindow,
): [FightIndexShape, FightIndexValues] {
  const visibility: Visibility =
    query.show_hidden || query.show_all ? 'all' : (query.visibility ?? 'visible');
  return [
    {
      activeOnly: visibility !== 'all',
      search: Boolean(query.search),
      ids: query.ids !== undefined,
      status: query.status ?? null,
      season: presenceOf(query.season),
      session: presenceOf(query.session),
      character: presenceOf(query.character_id),
      vehicle: presenceOf(query.vehicle_id),
      user: presenceOf(query.user_id),
      sort: query.sort ?? 'created_at',
      direction: query.order ?? 'desc',
    },
    {
      ...actorValues(actor),
      active: visibility === 'visible',
      pattern: containsPattern(query.search ?? ''),
      ids: query.ids ?? [],
      season: typeof query.season === 'number' ? query.season : 0,
      session: typeof query.session === 'number' ? query.session : 0,
      characterId: filterValue(query.character_id),
      vehicleId: filterValue(query.vehicle_id),
      userId: filterValue(query.user_id),
      limit: window.limit,
      offset: window.offset,
    },
  ];
}

/** The fights of the actor's current campaign (none when they may not see it), as `f`. */
function fightsInScope() {
  return reads
    .selectFrom('fights as f')
    .where('f.campaign_id', '=', actorColumn('current_campaign_id'))
    .where(currentCampaignVisible());
}

/** A shot of fight `f` that `where` picks. */
function hasShot(where: (shots: ReturnType<typeof shotsOfFight>) => ReturnType<typeof shotsOfFight>) {
  return sql<SqlBool>`exists (${where(shotsOfFight())})`;
}

/** No shot of fight `f` that `where` picks. */
function noShot(where: (shots: ReturnType<typeof shotsOfFight>) => ReturnType<typeof shotsOfFight>) {
  return sql<SqlBool>`not exists (${where(shotsOfFight())})`;
}

function shotsOfFight() {
  return reads.selectFrom('shots as fs').select('fs.id').where('fs.fight_id', '=', fight('id'));
}

/** The shots of fight `f` with a character of some player (`userId` given: of that player). */
function playerShots(shots: ReturnType<typeof shotsOfFight>, userId?: string) {
  const owned = shots.innerJoin('characters as fsc', 'fsc.id', 'fs.character_id');
  return userId === undefined
    ? owned.where('fsc.user_id', 'is not', null)
    : owned.where('fsc.user_id', '=', userId);
}

/** The fights of the index's filters. `__NONE__`: without a season or session, or without such a combatant. */
function fightsMatching(shape: FightIndexShape, $: FightIndexValues) {
  return fightsInScope()
    .$if(shape.activeOnly, (qb) => qb.where('f.active', '=', $.active))
    .$if(shape.search, (qb) => qb.where('f.name', 'ilike', $.pattern))
    .$if(shape.ids, (qb) => qb.where((eb) => isAnyOf(eb.ref('f.id'), $.ids)))
    .$if(shape.status === 'Unstarted', (qb) => qb.where('f.started_at', 'is', null))
    .$if(shape.status === 'Started', (qb) =>
      qb.where('f.started_at', 'is not', null).where('f.ended_at', 'is', null),
    )
    .$if(shape.status === 'Ended', (qb) => qb.where('f.ended_at', 'is not', null))
    .$if(shape.season === 'one', (qb) => qb.where('f.season', '=', $.season))
    .$if(shape.season === 'none', (qb) => qb.where('f.season', 'is', null))
    .$if(shape.session === 'one', (qb) => qb.where('f.session', '=', $.session))
    .$if(shape.session === 'none', (qb) => qb.where('f.session', 'is', null))
    .$if(shape.character === 'one', (qb) =>
      qb.where(hasShot((shots) => shots.where('fs.character_id', '=', $.characterId))),
    )
    .$if(shape.character === 'none', (qb) =>
      qb.where(noShot((shots) => shots.where('fs.character_id', 'is not', null))),
    )
    .$if(shape.vehicle === 'one', (qb) =>
      qb.where(hasShot((shots) => shots.where('fs.vehicle_id', '=', $.vehicleId))),
    )
    .$if(shape.vehicle === 'none', (qb) =>
      qb.where(noShot((shots) => shots.where('fs.vehicle_id', 'is not', null))),
    )
    .$if(shape.user === 'one', (qb) => qb.where(hasShot((shots) => playerShots(shots, $.userId))))
    .$if(shape.user === 'none', (qb) => qb.where(noShot((shots) => playerShots(shots))));
}

/** The page of them, sorted (then by id, so that pages never overlap). */
function fightsPage(shape: FightIndexShape, $: FightIndexValues) {
  // Fights without a start, end, season or session come last whichever the direction.
  return fightsMatching(shape, $)
    .orderBy(sql`${SORT_COLUMNS[shape.sort]} ${shape.direction === 'asc' ? sql`asc` : sql`desc`} nulls last`)
    .orderBy('f.id', 'asc')
    .limit($.limit)
    .offset($.offset);
}

/** The seasons of the current campaign's fights, ascending: the index's `seasons`. */
function seasonsColumn() {
  return reads
    .selectFrom(fightsInScope().select('f.season').distinct().where('f.season', 'is not', null).as('fss'))
    .select(sql<number[]>`coalesce(json_agg(fss.season order by fss.season), '[]'::json)`.as('seasons'))
    .$asScalar()
    .as('seasons');
}

/** Fight `f`'s own columns, as FightOwnRow names them (see fight.serializer.ts). */
function fightColumns() {
  return [
    fight('id').as('id'),
    fight('campaign_id').as('campaignId'),
    fight('name').as('name'),
    fight('image_id').as('imageId'),
    fight('description').as('description'),
    fight('active').as('active'),
    fight('archived').as('archived'),
    fight('sequence').as('sequence'),
    fight('season').as('season'),
    fight('session').as('session'),
    fight('action_id').as('actionId'),
    sql<
      string | null
    >`case when f.started_at is null then null else ${isoTimestamp(sql<Date>`f.started_at`)} end`.as(
      'startedAt',
    ),
    sql<
      string | null
    >`case when f.ended_at is null then null else ${isoTimestamp(sql<Date>`f.ended_at`)} end`.as('endedAt'),
    isoTimestamp(fight('created_at')).as('createdAt'),
    isoTimestamp(fight('updated_at')).as('updatedAt'),
    imagePositionsOf('Fight', fight('id')),
  ] as const;
}

/** The characters (each once) and vehicles with a shot in fight `f`, by name, as a list row names them. */
function combatantNameColumns() {
  return [
    jsonArrayFrom(
      reads
        .selectFrom('characters as fc')
        .select(['fc.id', 'fc.name', 'fc.image_id as imageId'])
        .where(hasShot((shots) => shots.where('fs.character_id', '=', sql<string>`fc.id`)))
        .orderBy('fc.name')
        .orderBy('fc.id'),
    ).as('characters'),
    jsonArrayFrom(
      reads
        .selectFrom('vehicles as fv')
        .select(['fv.id', 'fv.name', 'fv.image_id as imageId'])
        .where(hasShot((shots) => shots.where('fs.vehicle_id', '=', sql<string>`fv.id`)))
        .orderBy('fv.name')
        .orderBy('fv.id'),
    ).as('vehicles'),
  ] as const;
}

/** Everything the record of fight `f` shows: its combatants in full, one id per shot, effects. */
function fightRecordColumns() {
  return [
    ...fightColumns(),
    jsonArrayFrom(
      reads
        .selectFrom('characters as ch')
        .select(characterLiteColumns())
        .where(hasShot((shots) => shots.where('fs.character_id', '=', sql<string>`ch.id`)))
        .orderBy('ch.name')
        .orderBy('ch.id'),
    ).as('characters'),
    jsonArrayFrom(
      reads
        .selectFrom('vehicles as ve')
        .select(vehicleLiteColumns())
        .where(hasShot((shots) => shots.where('fs.vehicle_id', '=', sql<string>`ve.id`)))
        .orderBy('ve.name')
        .orderBy('ve.id'),
    ).as('vehicles'),
    shotIdsColumn('character_id').as('characterIds'),
    shotIdsColumn('vehicle_id').as('vehicleIds'),
    jsonArrayFrom(
      reads
        .selectFrom('effects as fe')
        .select([
          'fe.id',
          'fe.name',
          'fe.description',
          'fe.severity',
          'fe.start_sequence',
          'fe.end_sequence',
          'fe.start_shot',
          'fe.end_shot',
        ])
        .where('fe.fight_id', '=', fight('id'))
        .orderBy('fe.created_at')
        .orderBy('fe.id'),
    ).as('effects'),
    jsonArrayFrom(
      reads
        .selectFrom('character_effects as ce')
        .innerJoin('shots as ces', 'ces.id', 'ce.shot_id')
        .select([
          'ce.id',
          'ce.name',
          'ce.description',
          'ce.severity',
          'ce.action_value',
          'ce.change',
          'ce.shot_id',
          'ces.character_id',
          'ces.vehicle_id',
        ])
        .where('ces.fight_id', '=', fight('id'))
        .orderBy('ce.created_at')
        .orderBy('ce.id'),
    ).as('characterEffects'),
  ] as const;
}

/** The character (or vehicle) of each shot of fight `f`, one entry per shot, in the order they joined. */
function shotIdsColumn(column: 'character_id' | 'vehicle_id') {
  return reads
    .selectFrom('shots as fsi')
    .select(
      sql<
        string[]
      >`coalesce(json_agg(${sql.ref(`fsi.${column}`)} order by fsi.created_at, fsi.id), '[]'::json)`.as(
        'ids',
      ),
    )
    .where('fsi.fight_id', '=', fight('id'))
    .where(`fsi.${column}`, 'is not', null)
    .$asScalar();
}

const fightIndex = preparedRead((shape: FightIndexShape, $: FightIndexValues) =>
  signedIn($).select([
    currentCampaignIdColumn(),
    countOf(fightsMatching(shape, $)).as('total'),
    seasonsColumn(),
    jsonArrayFrom(fightsPage(shape, $).select([...fightColumns(), ...combatantNameColumns()])).as('fights'),
  ]),
);

const fightAutocomplete = preparedRead((shape: FightIndexShape, $: FightIndexValues) =>
  signedIn($).select([
    currentCampaignIdColumn(),
    countOf(fightsMatching(shape, $)).as('total'),
    seasonsColumn(),
    jsonArrayFrom(fightsPage(shape, $).select(['f.id', 'f.name', 'f.image_id as imageId'])).as('fights'),
  ]),
);

/** The fight index of the actor's current campaign, one statement: a page of fights with their combatants' names. */
export function fightsIndexQuery(actor: Actor, query: FightsIndexQuery, window: PageWindow) {
  return fightIndex(...fightIndexArguments(actor, query, window));
}

/** The same page with ids and names only (`autocomplete`). */
export function fightsAutocompleteQuery(actor: Actor, query: FightsIndexQuery, window: PageWindow) {
  return fightAutocomplete(...fightIndexArguments(actor, query, window));
}

const fightRecord = preparedRead((_: object, $: ActorValues & { id: string }) =>
  signedIn($).select([
    currentCampaignIdColumn(),
    jsonObjectFrom(fightsInScope().where('f.id', '=', $.id).select(fightRecordColumns())).as('fight'),
  ]),
);

/** A fight of the actor's current campaign with everything its record shows; `fight` null when there is none. */
export function fightRecordQuery(actor: Actor, id: string) {
  return fightRecord({}, { ...actorValues(actor), id });
}

const currentFight = preparedRead((_: object, $: ActorValues & { campaignId: string }) =>
  signedIn($).select([
    sql<boolean>`exists (${viewableCampaign($.campaignId).select('c.id')})`.as('visible'),
    jsonObjectFrom(
      reads
        .selectFrom('fights as f')
        .where('f.campaign_id', '=', $.campaignId)
        .where(sql<SqlBool>`exists (${viewableCampaign($.campaignId).select('c.id')})`)
        .where('f.started_at', 'is not', null)
        .where('f.ended_at', 'is', null)
        .select(fightRecordColumns())
        .orderBy('f.started_at', 'desc')
        .orderBy('f.id', 'desc')
        .limit(1),
    ).as('fight'),
  ]),
);

/**
 * The latest started fight of campaign `campaignId` that has not ended, with everything its record shows (null when
 * none), and whether the actor may see that campaign at all.
 */
export function currentFightQuery(actor: Actor, campaignId: string) {
  return currentFight({}, { ...actorValues(actor), campaignId });
}

const fightEvents = preparedRead((_: object, $: ActorValues & { id: string }) =>
  signedIn($).select([
    currentCampaignIdColumn(),
    sql<boolean>`exists (${fightsInScope().where('f.id', '=', $.id).select('f.id')})`.as('found'),
    jsonArrayFrom(
      reads
        .selectFrom('fight_events as fev')
        .select([
          'fev.id',
          'fev.fight_id',
          'fev.event_type',
          'fev.description',
          'fev.details',
          isoTimestamp(sql<Date>`fev.created_at`).as('created_at'),
        ])
        .where('fev.fight_id', '=', $.id)
        .where(sql<SqlBool>`exists (${fightsInScope().where('f.id', '=', $.id).select('f.id')})`)
        .orderBy('fev.created_at')
        .orderBy('fev.id'),
    ).as('events'),
  ]),
);

/** The log of a fight of the actor's current campaign, oldest first; `found` false when there is no such fight. */
export function fightEventsQuery(actor: Actor, id: string) {
  return fightEvents({}, { ...actorValues(actor), id });
}
