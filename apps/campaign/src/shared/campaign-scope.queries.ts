import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import { NONE_FILTER, type Actor, type ValueMap } from '@shotcaller/contracts';
import {
  columnsOf,
  isoTimestamp,
  jsonArrayFrom,
  jsonObjectFrom,
  readQueryBuilder,
} from '@shotcaller/persistence';
import type { CampaignReadSchema } from '../campaigns/campaign.queries.js';

// ---- What every read of a campaign's records shares (see libs/persistence/src/reads/read-queries.ts) ----

interface NamedRecordRow {
  id: string;
  campaign_id: string;
  name: string;
  description: string | null;
  active: boolean;
  image_id: string | null;
  created_at: Date;
  updated_at: Date;
}

/** The columns the campaign record reads use: the campaign service's tables and the records of a campaign. */
export interface CampaignRecordsReadSchema extends CampaignReadSchema {
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
    juncture_id: string | null;
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

type UsersRow = CampaignRecordsReadSchema['users'];

export const reads = readQueryBuilder<CampaignRecordsReadSchema>();

export interface ActorValues {
  actorId: string;
  tokenVersion: number;
}

export function actorValues(actor: Actor): ActorValues {
  // A token without a version matches no account (-1 is never a version).
  return { actorId: actor.id, tokenVersion: actor.tokenVersion ?? -1 };
}

/** A column of the signed-in user's row, `actor`. */
export const actorColumn = columnsOf<UsersRow>('actor');

/** The actor's row, if the account exists, is active and the token is of its current version: else no row. */
export function signedIn($: ActorValues) {
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
export function currentCampaignIdColumn() {
  return currentCampaign().select('c.id').$asScalar().as('campaignId');
}

/** True when the actor may see their current campaign: the condition every record read of it is under. */
export function currentCampaignVisible() {
  return sql<SqlBool>`exists (${currentCampaign().select('c.id')})`;
}

/**
 * True when the actor may see character `alias` (the characters table under that alias): templates are for admins
 * only (canSeeTemplates in character.rules.ts), to anyone else they do not exist. Every read that lists or embeds
 * characters is under it.
 */
export function characterVisible(alias: string) {
  return sql<SqlBool>`(not ${sql.ref(`${alias}.is_template`)} or ${actorColumn('admin')})`;
}

/** How an index's shape keeps a filter it has: a value (`one`), or `__NONE__`, records without one (`none`). */
export type Presence = 'none' | 'one';

/** A filter of an index query as its shape keeps it: undefined when the query has none. */
export function presenceOf(filter: string | number | undefined): Presence | undefined {
  return filter === undefined ? undefined : filter === NONE_FILTER ? 'none' : 'one';
}

/** The id a filter binds: '' when the query has none or asks for `__NONE__` (whose SQL binds nothing). */
export function filterValue(filter: string | undefined): string {
  return filter === undefined || filter === NONE_FILTER ? '' : filter;
}

/** The filters among `columns` of an index query, as its shape keeps them, and the ids they bind. */
export function idFilters<C extends string>(query: Partial<Record<C, string>>, columns: readonly C[]) {
  const presence: Partial<Record<C, Presence>> = {};
  const ids = {} as Record<C, string>;
  for (const column of columns) {
    const asked = presenceOf(query[column]);
    if (asked !== undefined) presence[column] = asked;
    ids[column] = filterValue(query[column]);
  }
  return { presence, ids };
}

/** The image positions of a record, by its entity class and id column. */
export function imagePositionsOf<A extends string = 'imagePositions'>(
  type: string,
  id: RawBuilder<string>,
  alias: A = 'imagePositions' as A,
) {
  return jsonArrayFrom(
    reads
      .selectFrom('image_positions as ip')
      .select(['ip.id', 'ip.context', 'ip.x_position', 'ip.y_position', 'ip.style_overrides'])
      .where('ip.positionable_type', '=', sql.lit(type))
      .where('ip.positionable_id', '=', id)
      .orderBy('ip.context'),
  ).as(alias);
}

/**
 * The parts of an `image_url` a read that writes views in SQL takes as parameters (see imageUrlParts in
 * image-urls.ts): what comes before and after the image's id.
 */
export interface ImageUrlValues {
  imageUrlPrefix: string;
  imageUrlSuffix: string;
}

/** The `image_url` of an image id column, in SQL: null when there is no image. */
export function imageUrlColumn(imageId: Expression<string | null>, urls: ImageUrlValues) {
  return sql<
    string | null
  >`case when ${imageId} is null then null else ${urls.imageUrlPrefix}::text || ${imageId}::text || ${urls.imageUrlSuffix}::text end`;
}

const character = columnsOf<CampaignRecordsReadSchema['characters']>('ch');

/** Character `ch`'s columns as CharacterLiteRow has them (see record.serializer.ts). */
export function characterLiteColumns() {
  return [
    character('id').as('id'),
    character('name').as('name'),
    character('image_id').as('imageId'),
    character('active').as('active'),
    character('is_template').as('isTemplate'),
    character('faction_id').as('factionId'),
    character('juncture_id').as('junctureId'),
    character('user_id').as('userId'),
    character('action_values').as('actionValues'),
    character('description').as('description'),
    isoTimestamp(character('created_at')).as('createdAt'),
    isoTimestamp(character('updated_at')).as('updatedAt'),
    imagePositionsOf('Character', character('id')),
    jsonObjectFrom(
      reads
        .selectFrom('factions as chf')
        .select(['chf.id', 'chf.name', 'chf.image_id as imageId'])
        .where('chf.id', '=', character('faction_id')),
    ).as('faction'),
  ] as const;
}

/**
 * Character `ch` as its CharacterLiteView, built by PostgreSQL with the view's own keys (the answer of the
 * character index, passed on as text without being parsed): the same fields as toCharacterLiteView writes from
 * characterLiteColumns, which character-lite-view.int-spec.ts checks.
 */
export function characterLiteViewColumns(urls: ImageUrlValues) {
  return [
    character('id').as('id'),
    character('name').as('name'),
    sql.lit('Character').as('entity_class'),
    sql.lit('character').as('category'),
    imageUrlColumn(character('image_id'), urls).as('image_url'),
    imagePositionsOf('Character', character('id'), 'image_positions'),
    character('active').as('active'),
    character('is_template').as('is_template'),
    character('faction_id').as('faction_id'),
    jsonObjectFrom(
      reads
        .selectFrom('factions as chf')
        .select([
          'chf.id',
          'chf.name',
          imageUrlColumn(sql.ref<string | null>('chf.image_id'), urls).as('image_url'),
          sql.lit('Faction').as('entity_class'),
        ])
        .where('chf.id', '=', character('faction_id')),
    ).as('faction'),
    character('juncture_id').as('juncture_id'),
    character('user_id').as('user_id'),
    character('action_values').as('action_values'),
    character('description').as('description'),
    isoTimestamp(character('created_at')).as('created_at'),
    isoTimestamp(character('updated_at')).as('updated_at'),
  ] as const;
}

/**
 * The `{id, name}` of the records of `table` whose `link` is `id`, by name, as a list row shows its members (of
 * characters, those the actor may see).
 */
export function namesOf(
  table: 'characters' | 'vehicles' | 'junctures',
  link: 'faction_id' | 'juncture_id',
  id: RawBuilder<string>,
) {
  // The tables share these columns; Kysely cannot narrow a union of table names, hence the one cast.
  const named = reads.selectFrom(`${table} as named` as 'characters as named');
  return jsonArrayFrom(
    named
      .select(['named.id', 'named.name', 'named.image_id as imageId'])
      .where(`named.${link}`, '=', id)
      .$if(table === 'characters', (qb) => qb.where(characterVisible('named')))
      .orderBy('named.name')
      .orderBy('named.id'),
  ).as(table);
}

/**
 * The characters whose `faction_id` or `juncture_id` is `id`, or (`attunements`) attuned to site `id`, or
 * (`party_memberships`) in party `id`, that the actor may see, each as CharacterLiteView needs it.
 */
export function characterLitesOf(
  link: 'faction_id' | 'juncture_id' | 'attunements' | 'party_memberships',
  id: RawBuilder<string>,
) {
  return jsonArrayFrom(
    reads
      .selectFrom('characters as ch')
      .select(characterLiteColumns())
      .where((eb) =>
        link === 'party_memberships'
          ? eb.exists(
              reads
                .selectFrom('party_memberships as chm')
                .select('chm.id')
                .where('chm.character_id', '=', character('id'))
                .where('chm.party_id', '=', id),
            )
          : link === 'attunements'
            ? eb.exists(
                reads
                  .selectFrom('attunements as cha')
                  .select('cha.id')
                  .where('cha.character_id', '=', character('id'))
                  .where('cha.site_id', '=', id),
              )
            : eb(`ch.${link}`, '=', id),
      )
      .where(characterVisible('ch'))
      .orderBy('ch.name')
      .orderBy('ch.id'),
  ).as('characters');
}

const vehicle = columnsOf<CampaignRecordsReadSchema['vehicles']>('ve');

/** Vehicle `ve`'s columns as VehicleLiteRow has them (see record.serializer.ts). */
export function vehicleLiteColumns() {
  return [
    vehicle('id').as('id'),
    vehicle('name').as('name'),
    vehicle('image_id').as('imageId'),
    vehicle('active').as('active'),
    vehicle('faction_id').as('factionId'),
    vehicle('juncture_id').as('junctureId'),
    vehicle('user_id').as('userId'),
    vehicle('action_values').as('actionValues'),
    vehicle('description').as('description'),
    isoTimestamp(vehicle('created_at')).as('createdAt'),
    isoTimestamp(vehicle('updated_at')).as('updatedAt'),
    imagePositionsOf('Vehicle', vehicle('id')),
    jsonObjectFrom(
      reads
        .selectFrom('factions as vef')
        .select(['vef.id', 'vef.name', 'vef.image_id as imageId'])
        .where('vef.id', '=', vehicle('faction_id')),
    ).as('faction'),
  ] as const;
}

/** The vehicles in party `id`, each as VehicleLiteView needs it. */
export function vehicleLitesOfParty(id: RawBuilder<string>) {
  return jsonArrayFrom(
    reads
      .selectFrom('vehicles as ve')
      .select(vehicleLiteColumns())
      .where((eb) =>
        eb.exists(
          reads
            .selectFrom('party_memberships as vem')
            .select('vem.id')
            .where('vem.vehicle_id', '=', vehicle('id'))
            .where('vem.party_id', '=', id),
        ),
      )
      .orderBy('ve.name')
      .orderBy('ve.id'),
  ).as('vehicles');
}
