import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  ErrorCode,
  ServiceError,
  type Actor,
  type VehicleArchetypeView,
  type VehicleChangesDto,
  type VehicleChaseStateDto,
  type VehicleChaseStateView,
  type VehicleFieldsDto,
  type VehiclesIndexQuery,
  type VehiclesIndexView,
  type VehicleView,
} from '@shotcaller/contracts';
import { SqlReads } from '@shotcaller/persistence';
import { CampaignMembership, type Campaign } from '../campaigns/campaign.entity.js';
import { readAsActor, type VisibleCampaign } from '../campaigns/campaigns.service.js';
import { Shot } from '../fights/shot.entity.js';
import { PartyMembership } from '../parties/party-membership.entity.js';
import { Party } from '../parties/party.entity.js';
import { deletionRefusal } from '../shared/association.rules.js';
import {
  CampaignRecordChanges,
  indexMeta,
  indexWindow,
  readInCampaign,
  type RecordKind,
} from '../shared/campaign-records.service.js';
import { mayChangeOwned, mayGiveTo, ownerOnCreate, type OwnerCaller } from '../shared/player-owned.rules.js';
import { factionLink } from '../shared/record.serializer.js';
import type { RuleResult } from '../shared/values.rules.js';
import { User } from '../users/user.entity.js';
import { VEHICLE_ARCHETYPES } from './vehicle-archetypes.js';
import { Vehicle } from './vehicle.entity.js';
import { vehicleRecordQuery, vehiclesAutocompleteQuery, vehiclesIndexQuery } from './vehicle.queries.js';
import { chaseStateActionValues, mergeVehicleActionValues, vehicleValuesToStore } from './vehicle.rules.js';
import {
  toVehicleAutocompleteView,
  toVehicleChaseStateView,
  toVehicleIndexView,
  toVehicleView,
} from './vehicle.serializer.js';

const NOT_YOURS = 'Only the gamemaster or its owner can change this vehicle';

export const VEHICLE: RecordKind = {
  entity: 'vehicle',
  plural: 'vehicles',
  nameUnique: 'vehicles_campaign_name_unique',
  gamemasterOnly: NOT_YOURS,
  // Its party memberships and shots are counted and removed by this service (see delete).
  members: { property: 'vehicle', entities: {} },
  writableLists: [],
};

function valueOf<T>(result: RuleResult<T>): T {
  if (!result.ok) throw ServiceError.validation(result.errors);
  return result.value;
}

/**
 * The vehicles of the caller's current campaign. Its members read them and make their own; a player changes only
 * the vehicles they own, the gamemaster (or an admin) all of them. Links (owner, faction, juncture, parties) are
 * the campaign's own; an owner is its gamemaster or a member. To anyone else the vehicles do not exist (404).
 */
@Injectable()
export class VehiclesService {
  constructor(
    private readonly reads: SqlReads,
    private readonly records: CampaignRecordChanges,
  ) {}

  async list(actor: Actor, query: VehiclesIndexQuery): Promise<VehiclesIndexView> {
    const window = indexWindow(query);
    const extras = (row: {
      factions: { id: string; name: string; imageId: string | null }[];
      types: string[];
      archetypes: string[];
    }) => ({
      factions: row.factions.map(factionLink),
      archetypes: row.archetypes,
      types: row.types,
    });
    if (query.autocomplete) {
      const row = await readInCampaign(this.reads, actor, vehiclesAutocompleteQuery(actor, query, window));
      return {
        vehicles: row.vehicles.map(toVehicleAutocompleteView),
        ...extras(row),
        meta: indexMeta(row.total, window),
      };
    }
    const row = await readInCampaign(this.reads, actor, vehiclesIndexQuery(actor, query, window));
    return {
      vehicles: row.vehicles.map(toVehicleIndexView),
      ...extras(row),
      meta: indexMeta(row.total, window),
    };
  }

  async get(actor: Actor, id: string): Promise<VehicleView> {
    const { vehicle } = await readInCampaign(this.reads, actor, vehicleRecordQuery(actor, id));
    if (!vehicle) throw ServiceError.notFound();
    return toVehicleView(vehicle);
  }

  /** The vehicle catalogue: the same for everyone signed in. */
  archetypes(): VehicleArchetypeView[] {
    return [...VEHICLE_ARCHETYPES];
  }

  async chaseState(actor: Actor, id: string): Promise<VehicleChaseStateView> {
    const { vehicle } = await readInCampaign(this.reads, actor, vehicleRecordQuery(actor, id));
    if (!vehicle) throw ServiceError.notFound();
    return toVehicleChaseStateView(vehicle.id, vehicle.actionValues);
  }

  create(actor: Actor, fields: VehicleFieldsDto): Promise<VehicleView> {
    return this.change(actor, async (tx, current, caller) => {
      const owner = ownerOnCreate(caller, fields.user_id);
      if (!owner.ok) throw ServiceError.forbidden('A player makes vehicles of their own only');
      const values = valueOf(vehicleValuesToStore(fields));
      const vehicle = tx.create(Vehicle, {
        campaign: current.campaign,
        name: fields.name,
        active: fields.active ?? true,
        task: fields.task ?? false,
        color: fields.color ?? null,
        impairments: fields.impairments ?? 0,
        actionValues: values.action_values,
        description: values.description,
        user: await this.owner(tx, current.campaign, owner.ownerId),
        updatedAt: new Date(),
      });
      await this.records.setLinks(tx, current.campaign, vehicle, fields);
      await tx.flush();
      await this.joinParties(tx, current.campaign, vehicle.id, fields.party_ids);
      return vehicle.id;
    });
  }

  update(actor: Actor, id: string, changes: VehicleChangesDto): Promise<VehicleView> {
    return this.change(actor, async (tx, current, caller) => {
      const vehicle = await this.changeable(tx, current.campaign, caller, id);
      if (changes.user_id !== undefined) {
        if (!mayGiveTo(caller, changes.user_id)) {
          throw ServiceError.forbidden('Only the gamemaster can give a vehicle to someone else');
        }
        vehicle.user = await this.owner(tx, current.campaign, changes.user_id);
      }
      const values = valueOf(
        vehicleValuesToStore(changes, {
          action_values: vehicle.actionValues,
          description: vehicle.description,
        }),
      );
      vehicle.actionValues = values.action_values;
      vehicle.description = values.description;
      if (changes.name !== undefined) vehicle.name = changes.name;
      if (changes.active !== undefined) vehicle.active = changes.active;
      if (changes.task !== undefined) vehicle.task = changes.task;
      if (changes.color !== undefined) vehicle.color = changes.color;
      if (changes.impairments !== undefined) vehicle.impairments = changes.impairments;
      vehicle.updatedAt = new Date();
      await this.records.setLinks(tx, current.campaign, vehicle, changes);
      await tx.flush();
      await this.joinParties(tx, current.campaign, vehicle.id, changes.party_ids);
      return vehicle.id;
    });
  }

  /** Sets the chase numbers a change sends (merged into action_values), as an update of the vehicle. */
  setChaseState(actor: Actor, id: string, changes: VehicleChaseStateDto): Promise<VehicleView> {
    return this.change(actor, async (tx, current, caller) => {
      const vehicle = await this.changeable(tx, current.campaign, caller, id);
      vehicle.actionValues = valueOf(
        mergeVehicleActionValues(chaseStateActionValues(changes), vehicle.actionValues),
      );
      vehicle.updatedAt = new Date();
      await tx.flush();
      return vehicle.id;
    });
  }

  /**
   * Deletes a vehicle that is in no party and no fight; with `force`, its party memberships and its shots (its
   * place in fights and chases) go with it.
   */
  delete(actor: Actor, id: string, force = false): Promise<{ deleted: true }> {
    return this.records.inCurrentCampaign(VEHICLE, actor, async (tx, current) => {
      const vehicle = await this.changeable(tx, current.campaign, this.caller(actor, current), id);
      const shots = await tx.find(Shot, { vehicle: vehicle.id }, { fields: ['fight'] });
      const counts = {
        parties: await tx.count(PartyMembership, { vehicle: vehicle.id }),
        fights: new Set(shots.map((shot) => shot.fight.id)).size,
      };
      const refusal = deletionRefusal({ type: VEHICLE.entity, id: vehicle.id }, counts, force);
      if (refusal) {
        throw new ServiceError(ErrorCode.ValidationFailed, 'Other records refer to this vehicle', {
          ...refusal,
        });
      }
      // Memberships, shots and chase relationships go with it (on delete cascade).
      await tx.nativeDelete(Vehicle, { id: vehicle.id });
      return { deleted: true as const };
    });
  }

  /**
   * A create or update in one transaction in the current campaign the actor may see, answered with the vehicle
   * as it then reads (inside the transaction, so with its writes) and announced once committed.
   */
  private change(
    actor: Actor,
    write: (tx: EntityManager, current: VisibleCampaign, caller: OwnerCaller) => Promise<string>,
  ): Promise<VehicleView> {
    return this.records.inCurrentCampaign(
      VEHICLE,
      actor,
      async (tx, current) => {
        const id = await write(tx, current, this.caller(actor, current));
        const { vehicle } = await readAsActor(this.reads, actor, vehicleRecordQuery(actor, id));
        if (!vehicle) throw ServiceError.notFound();
        return toVehicleView(vehicle);
      },
      (view) => view,
    );
  }

  private caller(actor: Actor, current: VisibleCampaign): OwnerCaller {
    return { userId: actor.id, standing: current.standing };
  }

  /** A vehicle of the campaign the caller may change: 404 when there is none, 403 when it is not theirs. */
  private async changeable(
    tx: EntityManager,
    campaign: Campaign,
    caller: OwnerCaller,
    id: string,
  ): Promise<Vehicle> {
    const vehicle = await tx.findOne(Vehicle, { id, campaign });
    if (!vehicle) throw ServiceError.notFound();
    if (!mayChangeOwned(caller, vehicle.user?.id ?? null)) throw ServiceError.forbidden(NOT_YOURS);
    return vehicle;
  }

  /** The owner to set: the campaign's gamemaster or one of its members (422 on `user_id` otherwise), or none. */
  private async owner(tx: EntityManager, campaign: Campaign, userId: string | null): Promise<User | null> {
    if (userId === null) return null;
    const member =
      campaign.gamemaster.id === userId ||
      (await tx.count(CampaignMembership, { campaign, user: userId })) > 0;
    if (!member) throw ServiceError.validation({ user_id: ['is not a member of this campaign'] });
    return tx.getReference(User, userId);
  }

  /** Makes `party_ids`, when sent, exactly the parties the vehicle is in: the campaign's own. */
  private async joinParties(
    tx: EntityManager,
    campaign: Campaign,
    vehicleId: string,
    partyIds: string[] | undefined,
  ): Promise<void> {
    if (!partyIds) return;
    const ids = await this.records.campaignIds(tx, campaign, 'parties', Party, partyIds);
    const kept = await tx.find(
      PartyMembership,
      { vehicle: vehicleId, party: { $in: ids } },
      { fields: ['party'] },
    );
    const already = new Set(kept.map((membership) => membership.party.id));
    await tx.nativeDelete(PartyMembership, { vehicle: vehicleId, party: { $nin: ids } });
    for (const partyId of ids.filter((id) => !already.has(id))) {
      tx.create(PartyMembership, { party: partyId, vehicle: vehicleId });
    }
    await tx.flush();
  }
}
