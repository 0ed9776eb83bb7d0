import { sql, type SqlBool } from 'kysely';
import type { Actor } from '@shotcaller/contracts';
import {
  columnsOf,
  isoTimestamp,
  jsonArrayFrom,
  jsonObjectFrom,
  preparedRead,
} from '@shotcaller/persistence';
import {
  actorColumn,
  actorValues,
  currentCampaignIdColumn,
  signedIn,
  vehicleLiteColumns,
  type ActorValues,
} from '../shared/campaign-scope.queries.js';
import { fightExtrasReads as reads, type FightExtrasReadSchema } from './effects.queries.js';

// ---- Chase relationships, each read in one statement (see libs/persistence/src/reads/read-queries.ts) ----

const chase = columnsOf<FightExtrasReadSchema['chase_relationships']>('cr');

/** Chase relationship `cr`'s own columns, as ChaseRelationshipRow has them. */
function chaseColumns() {
  return [
    'cr.id',
    'cr.pursuer_id',
    'cr.evader_id',
    'cr.fight_id',
    'cr.position',
    'cr.active',
    isoTimestamp(chase('created_at')).as('created_at'),
    isoTimestamp(chase('updated_at')).as('updated_at'),
  ] as const;
}

/** The vehicle `column` of `cr` names, as VehicleLiteRow has it. */
function chaseVehicle(column: 'pursuer_id' | 'evader_id', alias: 'pursuer' | 'evader') {
  return jsonObjectFrom(
    reads.selectFrom('vehicles as ve').select(vehicleLiteColumns()).where('ve.id', '=', chase(column)),
  )
    .$notNull() // the vehicles' foreign keys cascade: a chase never outlives them
    .as(alias);
}

/** `cr` with its two vehicles. */
function chaseDetail() {
  return reads
    .selectFrom('chase_relationships as cr')
    .select([...chaseColumns(), chaseVehicle('pursuer_id', 'pursuer'), chaseVehicle('evader_id', 'evader')]);
}

/** `cr` belongs to a fight of the actor's current campaign. */
function inActorsCampaign() {
  return sql<SqlBool>`exists (${reads
    .selectFrom('fights as crf')
    .select('crf.id')
    .where('crf.id', '=', chase('fight_id'))
    .where('crf.campaign_id', '=', actorColumn('current_campaign_id'))})`;
}

const chaseRelationshipRead = preparedRead((_: object, $: { id: string }) =>
  chaseDetail().where('cr.id', '=', $.id),
);

/** Chase relationship `id` with its vehicles: the answer of its change, read inside its transaction. */
export function chaseRelationshipQuery(id: string) {
  return chaseRelationshipRead({}, { id });
}

const chaseRelationshipForActor = preparedRead((_: object, $: ActorValues & { id: string }) =>
  signedIn($).select([
    currentCampaignIdColumn(),
    jsonObjectFrom(chaseDetail().where('cr.id', '=', $.id).where(inActorsCampaign())).as('chaseRelationship'),
  ]),
);

/** Chase relationship `id` if it is of the actor's current campaign, which they may see; no row for a dead token. */
export function chaseRelationshipForActorQuery(actor: Actor, id: string) {
  return chaseRelationshipForActor({}, { ...actorValues(actor), id });
}

interface ChaseIndexShape {
  fight: boolean;
  vehicle: boolean;
}

const chaseRelationshipsIndex = preparedRead(
  (shape: ChaseIndexShape, $: ActorValues & { fightId: string; vehicleId: string; active: boolean }) =>
    signedIn($).select([
      currentCampaignIdColumn(),
      jsonArrayFrom(
        reads
          .selectFrom('chase_relationships as cr')
          .select(chaseColumns())
          .where(inActorsCampaign())
          .where('cr.active', '=', $.active)
          .$if(shape.fight, (query) => query.where('cr.fight_id', '=', $.fightId))
          .$if(shape.vehicle, (query) =>
            query.where((eb) =>
              eb.or([eb('cr.pursuer_id', '=', $.vehicleId), eb('cr.evader_id', '=', $.vehicleId)]),
            ),
          )
          .orderBy('cr.created_at')
          .orderBy('cr.id'),
      ).as('chaseRelationships'),
    ]),
);

/** The chase relationships of the actor's current campaign, by fight and vehicle, active or ended. */
export function chaseRelationshipsIndexQuery(
  actor: Actor,
  filters: { fightId?: string; vehicleId?: string; active: boolean },
) {
  const shape = { fight: filters.fightId !== undefined, vehicle: filters.vehicleId !== undefined };
  return chaseRelationshipsIndex(shape, {
    ...actorValues(actor),
    fightId: filters.fightId ?? '',
    vehicleId: filters.vehicleId ?? '',
    active: filters.active,
  });
}
