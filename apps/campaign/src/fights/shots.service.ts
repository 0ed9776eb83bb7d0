import { Inject, Injectable } from '@nestjs/common';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { ServiceError, type Actor, type ShotChangesDto, type ShotUpdatedView } from '@shotcaller/contracts';
import { unitOfWork } from '@shotcaller/persistence';
import { canManageCampaign, type CampaignStanding } from '../campaigns/campaign-access.rules.js';
import { EncounterAnnouncer } from '../encounters/encounter-announcer.js';
import { CampaignRecordChanges } from '../shared/campaign-records.service.js';
import { Fight } from './fight.entity.js';
import { canChangeShot, canLinkDriver, driverLinkRefusal, type DriverLink } from './shots.rules.js';
import { Shot } from './shot.entity.js';

const GAMEMASTER_ONLY = 'Only the gamemaster can change this fight';

/** A shot's change, inside its transaction: the shot (of a fight of the actor's current campaign) and the actor's standing. */
interface ShotInFight {
  tx: EntityManager;
  fight: Fight;
  shot: Shot;
  standing: CampaignStanding;
}

/**
 * The shots (initiative entries) of the fights of the caller's current campaign. The gamemaster changes any; a
 * player changes the shots of their own characters and vehicles; only the gamemaster removes a shot or links a
 * driver to a vehicle. Each change is one transaction, and once committed the encounter is announced.
 */
@Injectable()
export class ShotsService {
  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    private readonly records: CampaignRecordChanges,
    private readonly encounters: EncounterAnnouncer,
  ) {}

  /** Changes a shot: its place on the track (-10..30, null hides it), count, impairments, color, location, driver. */
  update(actor: Actor, fightId: string, id: string, changes: ShotChangesDto): Promise<ShotUpdatedView> {
    return this.inShot(actor, fightId, id, async ({ tx, fight, shot, standing }) => {
      const owner = shot.character?.user?.id ?? shot.vehicle?.user?.id ?? null;
      if (!canChangeShot(standing, actor.id, owner)) throw ServiceError.forbidden(GAMEMASTER_ONLY);
      const mayLink = (link: DriverLink) => canLinkDriver(standing, actor.id, link);
      if (changes.shot !== undefined) shot.shot = changes.shot;
      if (changes.count !== undefined) shot.count = changes.count;
      if (changes.impairments !== undefined) shot.impairments = changes.impairments;
      if (changes.color !== undefined) shot.color = changes.color;
      if (changes.location !== undefined) shot.location = changes.location;
      if (changes.driver_id !== undefined) {
        if (!shot.vehicle)
          throw ServiceError.validation({ driver_id: ["only a vehicle's shot has a driver"] });
        if (changes.driver_id === null) await this.unlinkDriver(tx, shot);
        else await this.linkDriver(tx, fight, shot, changes.driver_id, 'driver_id', mayLink);
      }
      if (changes.driving_id !== undefined) {
        if (!shot.character)
          throw ServiceError.validation({ driving_id: ["only a character's shot drives"] });
        if (changes.driving_id === null) {
          if (shot.driving) await this.unlinkDriver(tx, shot.driving);
        } else {
          const vehicle = await tx.findOne(
            Shot,
            { id: changes.driving_id, fight },
            { populate: ['vehicle'] },
          );
          if (!vehicle?.vehicle)
            throw ServiceError.validation({ driving_id: ["is not a vehicle's shot in this fight"] });
          await this.linkDriver(tx, fight, vehicle, shot.id, 'driving_id', mayLink);
        }
      }
      shot.updatedAt = new Date();
      await tx.flush();
      return { success: true };
    });
  }

  /** Removes a combatant's shot from the fight (the gamemaster). */
  async delete(actor: Actor, fightId: string, id: string): Promise<{ deleted: true }> {
    await this.inShot(actor, fightId, id, async ({ tx, shot, standing }) => {
      if (!canManageCampaign(standing)) throw ServiceError.forbidden(GAMEMASTER_ONLY);
      await tx.nativeDelete(Shot, { id: shot.id });
      return { success: true };
    });
    return { deleted: true };
  }

  /** Makes the character of shot `driverShotId` drive the vehicle of shot `id`, both in the fight (the gamemaster). */
  assignDriver(actor: Actor, fightId: string, id: string, driverShotId: string): Promise<ShotUpdatedView> {
    return this.inShot(actor, fightId, id, async ({ tx, fight, shot, standing }) => {
      if (!canManageCampaign(standing)) throw ServiceError.forbidden(GAMEMASTER_ONLY);
      if (!shot.vehicle) throw ServiceError.validation({ id: ["is not a vehicle's shot"] });
      await this.linkDriver(tx, fight, shot, driverShotId, 'driver_shot_id', () => true);
      await tx.flush();
      return { success: true, message: 'Driver assigned successfully' };
    });
  }

  /** The vehicle of shot `id` has no driver any more (the gamemaster). */
  removeDriver(actor: Actor, fightId: string, id: string): Promise<ShotUpdatedView> {
    return this.inShot(actor, fightId, id, async ({ tx, shot, standing }) => {
      if (!canManageCampaign(standing)) throw ServiceError.forbidden(GAMEMASTER_ONLY);
      if (!shot.vehicle) throw ServiceError.validation({ id: ["is not a vehicle's shot"] });
      await this.unlinkDriver(tx, shot);
      await tx.flush();
      return { success: true, message: 'Driver removed successfully' };
    });
  }

  /**
   * Runs a change of one shot of one fight of the actor's current campaign in one transaction (404 when there is
   * no such fight or shot), and announces the encounter once committed.
   */
  private async inShot<R>(
    actor: Actor,
    fightId: string,
    id: string,
    change: (shot: ShotInFight) => Promise<R>,
  ): Promise<R> {
    const em = unitOfWork(this.orm);
    return em.transactional(async (tx) => {
      const { campaign, standing } = await this.records.visibleCurrentCampaign(tx, actor);
      const fight = await tx.findOne(Fight, { id: fightId, campaign });
      if (!fight) throw ServiceError.notFound();
      const shot = await tx.findOne(
        Shot,
        { id, fight },
        { populate: ['character', 'vehicle', 'driver', 'driving'] },
      );
      if (!shot) throw ServiceError.notFound();
      const result = await change({ tx, fight, shot, standing });
      this.encounters.announceAfterCommit(tx, campaign.id, fight.id);
      return result;
    });
  }

  /**
   * Links a vehicle's shot and its driver's shot (both ways): the vehicle's former driver and the vehicles the
   * driver drove before lose their links (a character drives one vehicle at a time). 422 on `field` when the
   * driver's shot is not a character's shot in this fight; 403 when `mayLink` refuses the owners of the two.
   */
  private async linkDriver(
    tx: EntityManager,
    fight: Fight,
    vehicleShot: Shot,
    driverShotId: string,
    field: string,
    mayLink: (link: DriverLink) => boolean,
  ): Promise<void> {
    const driverShot = await tx.findOne(Shot, { id: driverShotId, fight }, { populate: ['character'] });
    const refusal = driverLinkRefusal(driverShot && { hasCharacter: Boolean(driverShot.character) });
    if (refusal || !driverShot) throw ServiceError.validation({ [field]: [refusal ?? 'is invalid'] });
    const link = {
      vehicleOwner: vehicleShot.vehicle?.user?.id ?? null,
      driverOwner: driverShot.character?.user?.id ?? null,
    };
    if (!mayLink(link)) throw ServiceError.forbidden('Only the gamemaster can link these combatants');
    await tx.nativeUpdate(
      Shot,
      { fight, driving: vehicleShot.id, id: { $ne: driverShot.id } },
      { driving: null },
    );
    await tx.nativeUpdate(
      Shot,
      { fight, driver: driverShot.id, id: { $ne: vehicleShot.id } },
      { driver: null },
    );
    vehicleShot.driver = driverShot;
    driverShot.driving = vehicleShot;
    await tx.flush();
  }

  /** The vehicle of this shot has no driver, and nobody drives it. */
  private async unlinkDriver(tx: EntityManager, vehicleShot: Shot): Promise<void> {
    await tx.nativeUpdate(Shot, { driving: vehicleShot.id }, { driving: null });
    vehicleShot.driver = null;
    await tx.flush();
  }
}
