import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  ServiceError,
  type Actor,
  type ChaseRelationshipAnswerView,
  type ChaseRelationshipChangesDto,
  type ChaseRelationshipFieldsDto,
  type ChaseRelationshipsIndexQuery,
  type ChaseRelationshipsIndexView,
} from '@shotcaller/contracts';
import { isUniqueViolation, SqlReads } from '@shotcaller/persistence';
import { readInCampaign } from '../shared/campaign-records.service.js';
import { Vehicle } from '../vehicles/vehicle.entity.js';
import { ChaseRelationship } from './chase-relationship.entity.js';
import {
  chaseRelationshipForActorQuery,
  chaseRelationshipQuery,
  chaseRelationshipsIndexQuery,
} from './chase-relationships.queries.js';
import { chasePairErrors } from './chase-relationships.rules.js';
import { toChaseRelationshipDetailView, toChaseRelationshipView } from './chase-relationships.serializer.js';
import type { Fight } from './fight.entity.js';
import { ManagedFightChanges } from './managed-fight.js';
import { Shot } from './shot.entity.js';

const ONE_ACTIVE = 'chase_relationships_one_active';
const ALREADY_CHASING = 'already has an active relationship with this evader in this fight';

/**
 * Who chases whom in the fights of the caller's current campaign, and how near (near | far). Members read them;
 * the gamemaster (or an admin) starts, changes and ends them. One chase per pursuer, evader and fight is active at
 * a time: a second one is refused (422 on pursuer_id, as Rails), and so is taking up an ended one while another
 * is active. DELETE ends a chase (active false) as Rails did; the record stays for the fight's history. Each
 * change is one transaction, then one encounter broadcast.
 */
@Injectable()
export class ChaseRelationshipsService {
  constructor(
    private readonly reads: SqlReads,
    private readonly fights: ManagedFightChanges,
  ) {}

  async list(actor: Actor, query: ChaseRelationshipsIndexQuery): Promise<ChaseRelationshipsIndexView> {
    const filters = { fightId: query.fight_id, vehicleId: query.vehicle_id, active: query.active ?? true };
    const row = await readInCampaign(this.reads, actor, chaseRelationshipsIndexQuery(actor, filters));
    return { chase_relationships: row.chaseRelationships.map(toChaseRelationshipView) };
  }

  async get(actor: Actor, id: string): Promise<ChaseRelationshipAnswerView> {
    const row = await readInCampaign(this.reads, actor, chaseRelationshipForActorQuery(actor, id));
    if (!row.chaseRelationship) throw ServiceError.notFound();
    return { chase_relationship: toChaseRelationshipDetailView(row.chaseRelationship) };
  }

  create(actor: Actor, fields: ChaseRelationshipFieldsDto): Promise<ChaseRelationshipAnswerView> {
    const pair = { pursuerId: fields.pursuer_id.toLowerCase(), evaderId: fields.evader_id.toLowerCase() };
    const notAFight = () => ServiceError.validation({ fight_id: ['is not a fight of this campaign'] });
    return oneActiveAtATime(
      this.fights.inFight(
        actor,
        fields.fight_id,
        async ({ tx, fight }) => {
          const inFight = await vehiclesInFight(tx, fight, [pair.pursuerId, pair.evaderId]);
          const errors = chasePairErrors(pair, inFight);
          if (errors) throw ServiceError.validation(errors);
          const active = fields.active ?? true;
          if (active) await refuseSecondActive(tx, fight, pair);
          const chase = tx.create(ChaseRelationship, {
            fight,
            pursuer: tx.getReference(Vehicle, pair.pursuerId),
            evader: tx.getReference(Vehicle, pair.evaderId),
            position: fields.position ?? 'far',
            active,
            updatedAt: new Date(),
          });
          await tx.flush();
          return this.answer(chase.id);
        },
        notAFight,
      ),
    );
  }

  update(
    actor: Actor,
    id: string,
    changes: ChaseRelationshipChangesDto,
  ): Promise<ChaseRelationshipAnswerView> {
    return oneActiveAtATime(
      this.fights.inCampaign(actor, async (tx, campaign) => {
        const chase = await tx.findOne(
          ChaseRelationship,
          { id, fight: { campaign } },
          { populate: ['fight'] },
        );
        if (!chase) throw ServiceError.notFound();
        if (changes.active === true && !chase.active) {
          await refuseSecondActive(tx, chase.fight, {
            pursuerId: chase.pursuer.id,
            evaderId: chase.evader.id,
          });
        }
        if (changes.position !== undefined) chase.position = changes.position;
        if (changes.active !== undefined) chase.active = changes.active;
        chase.updatedAt = new Date();
        await tx.flush();
        return { fight: chase.fight, result: await this.answer(chase.id) };
      }),
    );
  }

  /** Ends the chase (active false); ending an ended one changes nothing. */
  async delete(actor: Actor, id: string): Promise<{ deleted: true }> {
    await this.fights.inCampaign(actor, async (tx, campaign) => {
      const chase = await tx.findOne(ChaseRelationship, { id, fight: { campaign } }, { populate: ['fight'] });
      if (!chase) throw ServiceError.notFound();
      if (chase.active) {
        chase.active = false;
        chase.updatedAt = new Date();
        await tx.flush();
      }
      return { fight: chase.fight, result: undefined };
    });
    return { deleted: true };
  }

  /** The chase as it reads inside the transaction of its change (so with its writes). */
  private async answer(id: string): Promise<ChaseRelationshipAnswerView> {
    const row = await this.reads.first(chaseRelationshipQuery(id));
    if (!row) throw ServiceError.notFound();
    return { chase_relationship: toChaseRelationshipDetailView(row) };
  }
}

/** Which of `vehicleIds` have a shot in `fight` (so are vehicles of its campaign, in the fight). */
async function vehiclesInFight(tx: EntityManager, fight: Fight, vehicleIds: string[]): Promise<Set<string>> {
  const shots = await tx.find(Shot, { fight, vehicle: { $in: vehicleIds } }, { fields: ['vehicle'] });
  return new Set(shots.flatMap((shot) => (shot.vehicle ? [shot.vehicle.id] : [])));
}

/** 422 when the pair already has an active chase in the fight. */
async function refuseSecondActive(
  tx: EntityManager,
  fight: Fight,
  pair: { pursuerId: string; evaderId: string },
): Promise<void> {
  const existing = await tx.count(ChaseRelationship, {
    fight,
    pursuer: pair.pursuerId,
    evader: pair.evaderId,
    active: true,
  });
  if (existing > 0) throw ServiceError.validation({ pursuer_id: [ALREADY_CHASING] });
}

/** Two requests racing past refuseSecondActive: the partial unique index refuses the second, answered the same. */
async function oneActiveAtATime<R>(change: Promise<R>): Promise<R> {
  try {
    return await change;
  } catch (error) {
    if (isUniqueViolation(error, ONE_ACTIVE))
      throw ServiceError.validation({ pursuer_id: [ALREADY_CHASING] });
    throw error;
  }
}
