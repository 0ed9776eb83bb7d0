import { sql, type SqlBool } from 'kysely';
import type { Actor, ValueMap } from '@shotcaller/contracts';
import {
  columnsOf,
  jsonArrayFrom,
  jsonObjectFrom,
  preparedRead,
  readQueryBuilder,
} from '@shotcaller/persistence';
import {
  actorColumn,
  actorValues,
  signedIn,
  type ActorValues,
  type CampaignRecordsReadSchema,
} from '../shared/campaign-scope.queries.js';

// ---- The encounter (a fight's shot counter) in one statement (see libs/persistence/src/reads/read-queries.ts) ----

/** The columns the encounter read uses, beyond those every campaign record read knows. */
export interface EncounterReadSchema extends CampaignRecordsReadSchema {
  characters: CampaignRecordsReadSchema['characters'] & {
    skills: ValueMap;
    status: string[];
    impairments: number;
    color: string | null;
    task: boolean;
  };
  vehicles: CampaignRecordsReadSchema['vehicles'] & { impairments: number; color: string | null };
  fights: {
    id: string;
    campaign_id: string;
    name: string;
    description: string | null;
    sequence: number;
    started_at: Date | null;
    ended_at: Date | null;
    action_id: string | null;
    image_id: string | null;
    created_at: Date;
  };
  shots: {
    id: string;
    fight_id: string;
    character_id: string | null;
    vehicle_id: string | null;
    shot: number | null;
    count: number;
    impairments: number;
    color: string | null;
    location: string | null;
    was_rammed_or_damaged: boolean;
    driver_id: string | null;
    driving_id: string | null;
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
  chase_relationships: {
    id: string;
    fight_id: string;
    pursuer_id: string;
    evader_id: string;
    position: string;
    active: boolean;
    created_at: Date;
  };
}

const reads = readQueryBuilder<EncounterReadSchema>();

const fight = columnsOf<EncounterReadSchema['fights']>('f');
const shot = columnsOf<EncounterReadSchema['shots']>('s');
const character = columnsOf<EncounterReadSchema['characters']>('ch');
const vehicle = columnsOf<EncounterReadSchema['vehicles']>('ve');

/** A nullable timestamptz as an ISO string (see isoTimestamp), null stays null. */
function isoOrNull(column: ReturnType<typeof fight<'started_at' | 'ended_at'>>) {
  return sql<string | null>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

/** The ids of a character's carried weapons or schticks, as a JSON list (empty when none). */
function idsOf(table: 'carries' | 'character_schticks', column: 'weapon_id' | 'schtick_id') {
  return sql<
    string[]
  >`coalesce((select json_agg(${sql.ref(`lk.${column}`)} order by lk.created_at, lk.id) from ${sql.table(table)} as lk where lk.character_id = ${character('id')}), '[]'::json)`;
}

/** The character on shot `s`, with what the encounter shows of it. */
function shotCharacter() {
  return jsonObjectFrom(
    reads
      .selectFrom('characters as ch')
      .select([
        'ch.id',
        'ch.name',
        'ch.image_id as imageId',
        'ch.action_values as actionValues',
        'ch.skills',
        'ch.faction_id as factionId',
        'ch.color',
        'ch.impairments',
        'ch.status',
        'ch.task',
        'ch.user_id as userId',
        jsonObjectFrom(
          reads
            .selectFrom('factions as chf')
            .select(['chf.id', 'chf.name', 'chf.image_id as imageId'])
            .where('chf.id', '=', character('faction_id')),
        ).as('faction'),
        jsonObjectFrom(
          reads
            .selectFrom('users as chu')
            .select(['chu.id', 'chu.first_name as firstName', 'chu.last_name as lastName', 'chu.email'])
            .where('chu.id', '=', character('user_id')),
        ).as('user'),
        idsOf('carries', 'weapon_id').as('weaponIds'),
        idsOf('character_schticks', 'schtick_id').as('schtickIds'),
      ])
      .where('ch.id', '=', shot('character_id')),
  ).as('character');
}

/** The vehicle on shot `s`. */
function shotVehicle() {
  return jsonObjectFrom(
    reads
      .selectFrom('vehicles as ve')
      .select([
        've.id',
        've.name',
        've.image_id as imageId',
        've.action_values as actionValues',
        've.faction_id as factionId',
        've.color',
        've.impairments',
        've.user_id as userId',
        jsonObjectFrom(
          reads
            .selectFrom('factions as vef')
            .select(['vef.id', 'vef.name', 'vef.image_id as imageId'])
            .where('vef.id', '=', vehicle('faction_id')),
        ).as('faction'),
      ])
      .where('ve.id', '=', shot('vehicle_id')),
  ).as('vehicle');
}

/** The vehicle a character on shot `s` drives, through the vehicle's shot. */
function drivingColumn() {
  return jsonObjectFrom(
    reads
      .selectFrom('shots as ds')
      .innerJoin('vehicles as dv', 'dv.id', 'ds.vehicle_id')
      .select([
        'dv.id',
        'dv.name',
        'dv.image_id as imageId',
        'ds.id as shotId',
        'dv.action_values as actionValues',
        'dv.color',
        'ds.impairments',
        'dv.faction_id as factionId',
        jsonObjectFrom(
          reads
            .selectFrom('factions as dvf')
            .select(['dvf.id', 'dvf.name', 'dvf.image_id as imageId'])
            .where('dvf.id', '=', sql<string>`dv.faction_id`),
        ).as('faction'),
      ])
      .where('ds.id', '=', shot('driving_id')),
  ).as('driving');
}

/** The character driving the vehicle on shot `s`, through the driver's shot. */
function driverColumn() {
  return jsonObjectFrom(
    reads
      .selectFrom('shots as dr')
      .innerJoin('characters as dc', 'dc.id', 'dr.character_id')
      .select([
        'dc.id',
        'dc.name',
        'dr.id as shotId',
        'dc.action_values as actionValues',
        'dc.skills',
        sql<number>`case when coalesce(dc.action_values->>'Type', 'PC') in ('', 'PC') then dc.impairments else dr.impairments end`.as(
          'impairments',
        ),
      ])
      .where('dr.id', '=', shot('driver_id')),
  ).as('driver');
}

/** The effects on shot `s`, oldest first. */
function shotEffectsColumn() {
  return jsonArrayFrom(
    reads
      .selectFrom('character_effects as ce')
      .select(['ce.id', 'ce.name', 'ce.description', 'ce.severity', 'ce.action_value', 'ce.change'])
      .where('ce.shot_id', '=', shot('id'))
      .orderBy('ce.created_at')
      .orderBy('ce.id'),
  ).as('effects');
}

/** The active chases the vehicle on shot `s` is in, in this fight. */
function chaseRelationshipsColumn() {
  return jsonArrayFrom(
    reads
      .selectFrom('chase_relationships as cr')
      .select(['cr.id', 'cr.position', 'cr.pursuer_id as pursuerId', 'cr.evader_id as evaderId'])
      .where('cr.fight_id', '=', shot('fight_id'))
      .where('cr.active', '=', true)
      .where((eb) =>
        eb.or([eb('cr.pursuer_id', '=', shot('vehicle_id')), eb('cr.evader_id', '=', shot('vehicle_id'))]),
      )
      .orderBy('cr.created_at')
      .orderBy('cr.id'),
  ).as('chaseRelationships');
}

/** Every shot of fight `f`, in the order they were added (the view groups and orders them, see the serializer). */
function shotsColumn() {
  return jsonArrayFrom(
    reads
      .selectFrom('shots as s')
      .select([
        's.id',
        's.shot',
        's.count',
        's.impairments',
        's.color',
        's.location',
        's.was_rammed_or_damaged as wasRammedOrDamaged',
        's.character_id as characterId',
        's.vehicle_id as vehicleId',
        's.driver_id as driverId',
        's.driving_id as drivingId',
        shotCharacter(),
        shotVehicle(),
        drivingColumn(),
        driverColumn(),
        shotEffectsColumn(),
        chaseRelationshipsColumn(),
      ])
      .where('s.fight_id', '=', fight('id'))
      .orderBy('s.created_at')
      .orderBy('s.id'),
  ).as('shots');
}

/** The fight-wide effects of fight `f` (the serializer keeps those active now). */
function fightEffectsColumn() {
  return jsonArrayFrom(
    reads
      .selectFrom('effects as e')
      .select([
        'e.id',
        'e.name',
        'e.description',
        'e.severity',
        'e.start_sequence',
        'e.end_sequence',
        'e.start_shot',
        'e.end_shot',
      ])
      .where('e.fight_id', '=', fight('id'))
      .orderBy('e.created_at')
      .orderBy('e.id'),
  ).as('effects');
}

/** Fight `f` as EncounterRow (see encounter.serializer.ts). */
function encounterColumns() {
  return [
    fight('id').as('id'),
    fight('campaign_id').as('campaignId'),
    fight('name').as('name'),
    fight('image_id').as('imageId'),
    fight('description').as('description'),
    fight('sequence').as('sequence'),
    isoOrNull(fight('started_at')).as('startedAt'),
    isoOrNull(fight('ended_at')).as('endedAt'),
    fight('action_id').as('actionId'),
    fightEffectsColumn(),
    shotsColumn(),
  ] as const;
}

/** Fights the signed-in actor may see: an admin any, a gamemaster their campaigns', a player their campaigns'. */
function visibleToActor() {
  return sql<SqlBool>`(${actorColumn('admin')} or exists (${reads
    .selectFrom('campaigns as vc')
    .select('vc.id')
    .where('vc.id', '=', fight('campaign_id'))
    .where((eb) =>
      eb.or([
        eb('vc.user_id', '=', actorColumn('id')),
        eb.exists(
          reads
            .selectFrom('campaign_memberships as vm')
            .select('vm.id')
            .where('vm.campaign_id', '=', sql<string>`vc.id`)
            .where('vm.user_id', '=', actorColumn('id')),
        ),
      ]),
    )}))`;
}

const encounterForActor = preparedRead((_: object, $: ActorValues & { id: string }) =>
  signedIn($).select([
    jsonObjectFrom(
      reads
        .selectFrom('fights as f')
        .select(encounterColumns())
        .where('f.id', '=', $.id)
        .where(visibleToActor()),
    ).as('encounter'),
  ]),
);

/** The encounter of fight `id` if the actor may see it (`encounter` null otherwise); no row for a dead token. */
export function encounterForActorQuery(actor: Actor, id: string) {
  return encounterForActor({}, { ...actorValues(actor), id });
}

const encounterVisibility = preparedRead((_: object, $: ActorValues & { id: string }) =>
  signedIn($).select(
    sql<boolean>`exists (${reads.selectFrom('fights as f').select('f.id').where('f.id', '=', $.id).where(visibleToActor())})`.as(
      'visible',
    ),
  ),
);

/** Whether the actor may see fight `id` (the check of a kept encounter); no row for a dead token. */
export function encounterVisibilityQuery(actor: Actor, id: string) {
  return encounterVisibility({}, { ...actorValues(actor), id });
}

const encounterRead = preparedRead((_: object, $: { id: string }) =>
  reads.selectFrom('fights as f').select(encounterColumns()).where('f.id', '=', $.id),
);

/** The encounter of fight `id`, whoever asks: for broadcasts, and answers once access is settled. */
export function encounterQuery(id: string) {
  return encounterRead({}, { id });
}
