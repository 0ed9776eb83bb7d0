import { Inject, Injectable } from '@nestjs/common';
import { LockMode, MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import {
  ServiceError,
  type Actor,
  type ActPayload,
  type ApplyChaseActionPayload,
  type ApplyCombatActionPayload,
  type CharacterUpdateDto,
  type CombatEventDto,
  type EncounterView,
  type FieldErrors,
  type UpdateInitiativesPayload,
  type VehicleUpdateDto,
} from '@shotcaller/contracts';
import { JsonText, ServiceClient, type Caller } from '@shotcaller/messaging';
import { SqlReads, unitOfWork } from '@shotcaller/persistence';
import { canViewCampaign } from '../campaigns/campaign-access.rules.js';
import { Campaign } from '../campaigns/campaign.entity.js';
import { standingOf } from '../campaigns/campaign.queries.js';
import { actingUser, readAsActor } from '../campaigns/campaigns.service.js';
import type { NamedValues } from '../characters/character.entity.js';
import { CharacterEffect } from '../fights/character-effect.entity.js';
import { ChaseRelationship } from '../fights/chase-relationship.entity.js';
import { postFightToDiscord } from '../fights/discord-fight.jobs.js';
import { FightEvent } from '../fights/fight-event.entity.js';
import { Fight } from '../fights/fight.entity.js';
import {
  act,
  applyChaseUpdate,
  applyCombatUpdate,
  boost,
  characterTypeOf,
  DEFAULT_CHARACTER_TYPE,
  DEFAULT_SHOT_COST,
  resolveBossUpCheck,
  resolveUpCheck,
  shotPositionInput,
  spendShots,
  storedInteger,
  type ChaseVehicle,
  type Combatant,
  type FightEventDraft,
} from '../fights/rules/index.js';
import { Shot } from '../fights/shot.entity.js';
import { EncounterAnnouncer } from './encounter-announcer.js';
import {
  encounterActor,
  mayChangeCombatant,
  mayStartSequence,
  type EncounterActor,
} from './encounter-access.rules.js';
import { encounterForActorQuery, encounterQuery, encounterVisibilityQuery } from './encounter.queries.js';
import { EncounterCache } from './encounter-cache.js';
import { toEncounterView } from './encounter.serializer.js';

const NOT_IN_FIGHT = 'is not a combatant of this fight';
const NOT_YOURS = 'Players can act only on their own characters and vehicles';

/** What a change to the shot counter works on, inside its transaction. */
interface FightChange {
  tx: EntityManager;
  fight: Fight;
  campaign: Campaign;
  actor: EncounterActor;
  /** Every shot of the fight with its character or vehicle (and a vehicle's driver), oldest first. */
  shots: Shot[];
  /** Queues an entry of the fight's log. */
  log: (event: FightEventDraft) => void;
  /** Queues a step for the end of the transaction, once the change is written and read back. */
  lastly: (step: () => Promise<void>) => void;
}

/** The rules' view of a shot: its character (or vehicle) on it. */
function combatantOf(shot: Shot): Combatant {
  const owner = shot.character ?? shot.vehicle;
  const actionValues = (owner?.actionValues ?? {}) as NamedValues;
  const type = characterTypeOf(actionValues) ?? DEFAULT_CHARACTER_TYPE;
  return {
    name: owner?.name ?? '',
    type,
    actionValues,
    count: shot.count,
    impairments: shot.character && type === 'PC' ? shot.character.impairments : shot.impairments,
    status: shot.character?.status ?? [],
    shot: shot.shot ?? null,
  };
}

/** Writes what the rules changed back to the shot and its character. */
function writeBack(shot: Shot, next: Combatant): void {
  shot.shot = next.shot;
  shot.count = next.count;
  const character = shot.character;
  if (character) {
    if (next.type === 'PC') character.impairments = next.impairments;
    else shot.impairments = next.impairments;
    character.actionValues = { ...(next.actionValues as NamedValues) };
    character.status = [...next.status];
  } else {
    shot.impairments = next.impairments;
  }
}

/** The owner of a shot's character or vehicle, for mayChangeCombatant. */
function ownerOf(shot: Shot): { userId: string | null } {
  const owner = shot.character ?? shot.vehicle;
  return { userId: owner?.user?.id ?? null };
}

/** The ids an event's details name, beside what the client or the rules put there. */
function combatantIds(shot: Shot): Record<string, string> {
  return shot.character
    ? { shot_id: shot.id, character_id: shot.character.id }
    : { shot_id: shot.id, vehicle_id: shot.vehicle?.id ?? '' };
}

function withIds(event: FightEventDraft, shot: Shot): FightEventDraft {
  return { ...event, details: { ...combatantIds(shot), ...event.details } };
}

function clientEvent(event: CombatEventDto): FightEventDraft {
  return { event_type: event.type, description: event.description, details: { ...(event.details ?? {}) } };
}

/** Field errors of one entry of a list (`character_updates.1.wounds`). */
function prefixed(errors: FieldErrors, prefix: string): FieldErrors {
  return Object.fromEntries(
    Object.entries(errors).map(([field, messages]) => [`${prefix}.${field}`, messages]),
  );
}

/**
 * The shot counter of a fight (the Rails "encounter"): read by the members of its campaign; changed by its
 * gamemaster, and by players on their own characters' and vehicles' entries. Each change is one transaction
 * (the fight's row locked, so two actions on one fight apply one after the other), answers the encounter as it
 * then reads, and is announced once, after commit. An ended fight takes no more actions.
 */
@Injectable()
export class EncountersService {
  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    private readonly reads: SqlReads,
    private readonly announcer: EncounterAnnouncer,
    private readonly cache: EncounterCache,
    private readonly services: ServiceClient,
  ) {}

  /**
   * The encounter of fight `id` for a member of its campaign: as kept since the last change announced in the
   * campaign (checking only that the actor may see it, one small statement), else read in one statement and kept.
   * Tagged, so that a gateway holding the same bytes is answered without them.
   */
  async get(actor: Actor, id: string): Promise<JsonText<EncounterView>> {
    if (this.cache.get(id)) {
      const { visible } = await readAsActor(this.reads, actor, encounterVisibilityQuery(actor, id));
      if (!visible) throw ServiceError.notFound();
      // Read again: the statement's wait may have seen the campaign change.
      const kept = this.cache.get(id);
      if (kept) return new JsonText(kept.json, kept.tag);
    }
    const ticket = this.cache.startRead();
    try {
      const { encounter } = await readAsActor(this.reads, actor, encounterForActorQuery(actor, id));
      if (!encounter) throw ServiceError.notFound();
      const answer = JsonText.tagged<EncounterView>(JSON.stringify(toEncounterView(encounter)));
      this.cache.keep(ticket, id, { campaignId: encounter.campaignId, json: answer.text, tag: answer.tag });
      return answer;
    } finally {
      this.cache.finishRead();
    }
  }

  /**
   * Sets the initiative of the shots named and starts the next sequence, which is posted to the campaign's
   * Discord webhook (if it has one) as the change's last step: when that cannot be queued, nothing changes.
   */
  updateInitiatives(
    actor: Actor,
    { id, shots }: UpdateInitiativesPayload,
    caller?: Caller,
  ): Promise<EncounterView> {
    return this.change(
      actor,
      id,
      ({ tx, fight, campaign, actor: acting, shots: fightShots, log, lastly }) => {
        if (!mayStartSequence(acting)) {
          throw ServiceError.forbidden('Only the gamemaster sets the initiative and starts a sequence');
        }
        const errors: FieldErrors = {};
        const byId = new Map(fightShots.map((shot) => [shot.id, shot]));
        shots.forEach((entry, index) => {
          const shot = byId.get(entry.id);
          if (!shot) errors[`shots.${index}.id`] = [NOT_IN_FIGHT];
          else shot.shot = entry.shot;
        });
        if (Object.keys(errors).length > 0) throw ServiceError.validation(errors);
        fight.sequence += 1;
        log({
          event_type: 'sequence',
          description: `Sequence ${fight.sequence} begins`,
          details: { sequence: fight.sequence, shots_set: shots.length },
        });
        lastly(() =>
          postFightToDiscord(this.services, tx, {
            event: 'fight_round',
            campaign,
            fight,
            shots: fightShots,
            caller,
          }),
        );
        return Promise.resolve();
      },
    );
  }

  /** One combatant acts: it spends the cost (3 unless said, never below -10), and the fight records action_id. */
  act(actor: Actor, { id, shot_id, shots: cost, action_id }: ActPayload): Promise<EncounterView> {
    return this.change(actor, id, ({ fight, shots, actor: acting, log }) => {
      const shot = shots.find((candidate) => candidate.id === shot_id);
      if (!shot) throw ServiceError.validation({ shot_id: [NOT_IN_FIGHT] });
      this.authorize(acting, shot);
      const outcome = act(combatantOf(shot), cost ?? DEFAULT_SHOT_COST);
      shot.shot = outcome.next.shot;
      // As in Rails, an action without an id (the spend-shots panel sends null) leaves the last one recorded.
      if (action_id) fight.actionId = action_id;
      for (const event of outcome.events) log(withIds(event, shot));
      return Promise.resolve();
    });
  }

  /** `{character_updates}`, a boost or an up check: all in one transaction, one broadcast. */
  applyCombatAction(actor: Actor, payload: ApplyCombatActionPayload): Promise<EncounterView> {
    return this.change(actor, payload.id, async (change) => {
      if (payload.action_type === 'boost') return this.boost(change, payload);
      if (payload.action_type === 'up_check') return this.upCheck(change, payload);
      (payload.character_updates ?? []).forEach((update, index) => this.combatUpdate(change, update, index));
      return Promise.resolve();
    });
  }

  /** `{vehicle_updates}`: chase and condition points, rams, positions, defeats; one transaction, one broadcast. */
  applyChaseAction(actor: Actor, { id, vehicle_updates }: ApplyChaseActionPayload): Promise<EncounterView> {
    return this.change(actor, id, async (change) => {
      for (const [index, update] of vehicle_updates.entries()) await this.chaseUpdate(change, update, index);
    });
  }

  // ---- One transaction per action ----

  private async change(
    actor: Actor,
    fightId: string,
    write: (change: FightChange) => Promise<void>,
  ): Promise<EncounterView> {
    const em = unitOfWork(this.orm);
    const { campaignId, view } = await em.transactional(async (tx) => {
      const user = await actingUser(tx, actor);
      const fight = await tx.findOne(Fight, fightId, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!fight) throw ServiceError.notFound();
      const campaign = await tx.findOneOrFail(Campaign, fight.campaign.id);
      const standing = await standingOf(tx, user, campaign);
      if (!canViewCampaign(standing)) throw ServiceError.notFound();
      if (fight.endedAt) throw ServiceError.validation({ fight: ['has ended'] });
      const shots = await tx.find(
        Shot,
        { fight },
        {
          populate: ['character', 'vehicle', 'driver', 'driver.character'],
          orderBy: { createdAt: 'asc', id: 'asc' },
        },
      );
      const events: FightEventDraft[] = [];
      const lastSteps: (() => Promise<void>)[] = [];
      await write({
        tx,
        fight,
        campaign,
        actor: encounterActor(user.id, standing),
        shots,
        log: (e) => events.push(e),
        lastly: (step) => lastSteps.push(step),
      });
      // A millisecond apart, so that the log (read by created_at) keeps the order the action took.
      const loggedAt = Date.now();
      events.forEach((event, index) => {
        tx.create(FightEvent, {
          fight,
          eventType: event.event_type,
          description: event.description,
          details: event.details,
          createdAt: new Date(loggedAt + index),
        });
      });
      fight.updatedAt = new Date();
      await tx.flush();
      const row = await this.reads.first(encounterQuery(fight.id));
      if (!row) throw ServiceError.notFound();
      for (const step of lastSteps) await step();
      return { campaignId: campaign.id, view: toEncounterView(row) };
    });
    this.announcer.publishAfterCommit(em, campaignId, view);
    return view;
  }

  private authorize(actor: EncounterActor, shot: Shot): void {
    if (!mayChangeCombatant(actor, ownerOf(shot))) throw ServiceError.forbidden(NOT_YOURS);
  }

  // ---- Combat ----

  /** The shot an update names: its shot_id, else the first shot of its character_id or vehicle_id. */
  private target(shots: Shot[], update: CharacterUpdateDto): Shot | undefined {
    if (update.shot_id !== undefined) return shots.find((shot) => shot.id === update.shot_id);
    if (update.character_id !== undefined)
      return shots.find((shot) => shot.character?.id === update.character_id);
    return shots.find((shot) => shot.vehicle?.id === update.vehicle_id);
  }

  private combatUpdate({ shots, actor, log }: FightChange, update: CharacterUpdateDto, index: number): void {
    const prefix = `character_updates.${index}`;
    const shot = this.target(shots, update);
    if (!shot) {
      const field = update.shot_id ? 'shot_id' : update.character_id ? 'character_id' : 'vehicle_id';
      throw ServiceError.validation({ [`${prefix}.${field}`]: [NOT_IN_FIGHT] });
    }
    this.authorize(actor, shot);
    if (shot.vehicle) this.vehicleCombatUpdate(shot, update, prefix);
    else {
      const outcome = applyCombatUpdate(combatantOf(shot), update);
      if (!outcome.ok) throw ServiceError.validation(prefixed(outcome.errors, prefix));
      writeBack(shot, outcome.value.next);
      for (const event of outcome.value.events) log(withIds(event, shot));
    }
    if (update.event) log(withIds(clientEvent(update.event), shot));
  }

  /** A vehicle in a combat action: its shot, count and impairments; wounds and statuses are a character's. */
  private vehicleCombatUpdate(shot: Shot, update: CharacterUpdateDto, prefix: string): void {
    const errors: FieldErrors = {};
    for (const field of ['wounds', 'smackdown', 'add_status', 'remove_status'] as const) {
      if (update[field] !== undefined) errors[`${prefix}.${field}`] = ['does not apply to a vehicle'];
    }
    if (update.shot !== undefined && update.shot_cost !== undefined) {
      errors[`${prefix}.shot`] = ['cannot be sent with shot_cost'];
    }
    if (Object.keys(errors).length > 0) throw ServiceError.validation(errors);
    if (update.shot !== undefined) {
      const position = shotPositionInput('shot', update.shot);
      if (!position.ok) throw ServiceError.validation(prefixed(position.errors, prefix));
      shot.shot = position.value;
    }
    if (update.shot_cost !== undefined) shot.shot = spendShots(shot.shot ?? null, update.shot_cost);
    if (update.count !== undefined) shot.count = update.count;
    if (update.impairments !== undefined) shot.impairments = update.impairments;
    if (update.action_values !== undefined && shot.vehicle) {
      shot.vehicle.actionValues = { ...shot.vehicle.actionValues, ...update.action_values };
    }
  }

  private boost({ tx, shots, actor, log }: FightChange, payload: ApplyCombatActionPayload): Promise<void> {
    const find = (id: string | undefined) => shots.find((shot) => shot.character?.id === id);
    const booster = find(payload.booster_id);
    const target = find(payload.target_id);
    const errors: FieldErrors = {};
    if (!booster) errors.booster_id = [NOT_IN_FIGHT];
    if (!target) errors.target_id = [NOT_IN_FIGHT];
    if (!booster || !target) throw ServiceError.validation(errors);
    this.authorize(actor, booster);
    const outcome = boost(combatantOf(booster), combatantOf(target), {
      boost_type: payload.boost_type,
      use_fortune: payload.use_fortune,
    });
    if (!outcome.ok) throw ServiceError.validation(outcome.errors);
    writeBack(booster, outcome.value.booster);
    const { effect } = outcome.value;
    tx.create(CharacterEffect, {
      shot: target,
      name: effect.name,
      description: effect.description,
      severity: effect.severity,
      actionValue: effect.action_value,
      change: effect.change,
    });
    for (const event of outcome.value.events) {
      log({
        ...event,
        details: { booster_shot_id: booster.id, target_shot_id: target.id, ...event.details },
      });
    }
    return Promise.resolve();
  }

  private upCheck({ shots, actor, log }: FightChange, payload: ApplyCombatActionPayload): Promise<void> {
    const shot = shots.find((candidate) => candidate.character?.id === payload.character_id);
    if (!shot) throw ServiceError.validation({ character_id: [NOT_IN_FIGHT] });
    this.authorize(actor, shot);
    const combatant = combatantOf(shot);
    const outcome =
      combatant.type === 'Boss' || combatant.type === 'Uber-Boss'
        ? resolveBossUpCheck(combatant, (payload.swerve ?? 0) > 0)
        : resolveUpCheck(combatant, { swerve: payload.swerve, fortune: payload.fortune });
    if (!outcome.ok) throw ServiceError.validation(outcome.errors);
    writeBack(shot, outcome.value.next);
    for (const event of outcome.value.events) log(withIds(event, shot));
    return Promise.resolve();
  }

  // ---- Chase ----

  private async chaseUpdate(change: FightChange, update: VehicleUpdateDto, index: number): Promise<void> {
    const { shots, actor, log } = change;
    const prefix = `vehicle_updates.${index}`;
    const shot = shots.find((candidate) => candidate.vehicle?.id === update.vehicle_id);
    const vehicle = shot?.vehicle;
    if (!shot || !vehicle) throw ServiceError.validation({ [`${prefix}.vehicle_id`]: [NOT_IN_FIGHT] });
    this.authorize(actor, shot);

    if (update.character_id !== undefined) {
      const driver = shots.find((candidate) => candidate.character?.id === update.character_id);
      if (!driver?.character) throw ServiceError.validation({ [`${prefix}.character_id`]: [NOT_IN_FIGHT] });
      this.authorize(actor, driver);
      if (update.shot_cost !== undefined)
        driver.shot = spendShots(driver.shot ?? null, update.shot_cost ?? DEFAULT_SHOT_COST);
      if (update.fortune_spent) {
        const fortune = storedInteger(driver.character.actionValues.Fortune);
        if (fortune < 1) {
          throw ServiceError.validation({
            [`${prefix}.fortune_spent`]: ['the driver has no Fortune points left to spend'],
          });
        }
        driver.character.actionValues = { ...driver.character.actionValues, Fortune: fortune - 1 };
      }
    } else if (update.shot_cost !== undefined && update.shot_cost !== null) {
      throw ServiceError.validation({
        [`${prefix}.character_id`]: ['is needed to spend the driver’s shots'],
      });
    }

    if (update.position !== undefined) {
      if (update.target_vehicle_id === undefined) {
        throw ServiceError.validation({ [`${prefix}.target_vehicle_id`]: ['is needed to set a position'] });
      }
      await this.setChasePosition(change, vehicle.id, update, prefix);
    }

    const chase: ChaseVehicle = {
      name: vehicle.name,
      actionValues: vehicle.actionValues,
      wasRammedOrDamaged: shot.wasRammedOrDamaged,
      driverType: shot.driver?.character
        ? (characterTypeOf(shot.driver.character.actionValues) ?? null)
        : null,
    };
    const outcome = applyChaseUpdate(chase, {
      action_type: update.action_type,
      action_values: update.action_values,
    });
    if (!outcome.ok) throw ServiceError.validation(prefixed(outcome.errors, prefix));
    vehicle.actionValues = { ...(outcome.value.next.actionValues as NamedValues) };
    shot.wasRammedOrDamaged = outcome.value.next.wasRammedOrDamaged;
    if (update.event) log(withIds(clientEvent(update.event), shot));
    for (const event of outcome.value.events) log(withIds(event, shot));
  }

  /**
   * The position between two vehicles of the chase: their active relationship (either way round) takes it, or a
   * new one is made, this vehicle the pursuer unless its role is `evader`.
   */
  private async setChasePosition(
    { tx, fight, shots }: FightChange,
    vehicleId: string,
    update: VehicleUpdateDto,
    prefix: string,
  ): Promise<void> {
    const other = shots.find((shot) => shot.vehicle?.id === update.target_vehicle_id)?.vehicle;
    if (!other || other.id === vehicleId) {
      throw ServiceError.validation({ [`${prefix}.target_vehicle_id`]: [NOT_IN_FIGHT] });
    }
    const position = update.position ?? 'far';
    const existing = await tx.findOne(ChaseRelationship, {
      fight,
      active: true,
      $or: [
        { pursuer: vehicleId, evader: other.id },
        { pursuer: other.id, evader: vehicleId },
      ],
    });
    if (existing) {
      existing.position = position;
      return;
    }
    const [pursuer, evader] = update.role === 'evader' ? [other.id, vehicleId] : [vehicleId, other.id];
    tx.create(ChaseRelationship, { fight, pursuer, evader, position, active: true });
  }
}
