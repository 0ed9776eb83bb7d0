import { Inject, Injectable, Logger } from '@nestjs/common';
import { MikroORM, type EntityClass, type EntityManager } from '@mikro-orm/postgresql';
import {
  ServiceError,
  Subjects,
  type Actor,
  type ImageEntityType,
  type RecordImageView,
  type ReferencedImagesView,
  type SetRecordImagePayload,
} from '@shotcaller/contracts';
import { ServiceClient, type Caller } from '@shotcaller/messaging';
import { SqlReads, unitOfWork } from '@shotcaller/persistence';
import { readAsActor } from '../campaigns/campaigns.service.js';
import { characterRecordQuery } from '../characters/character.queries.js';
import { toCharacterView } from '../characters/character.serializer.js';
import { CHARACTER } from '../characters/characters.service.js';
import { factionRecordQuery } from '../factions/faction.queries.js';
import { toFactionView } from '../factions/faction.serializer.js';
import { FACTION } from '../factions/factions.service.js';
import { fightRecordQuery } from '../fights/fight.queries.js';
import { toFightView } from '../fights/fight.serializer.js';
import { FIGHT } from '../fights/fights.service.js';
import { junctureRecordQuery } from '../junctures/juncture.queries.js';
import { toJunctureView } from '../junctures/juncture.serializer.js';
import { JUNCTURE } from '../junctures/junctures.service.js';
import { PARTY } from '../parties/parties.service.js';
import { partyRecordQuery } from '../parties/party.queries.js';
import { toPartyView } from '../parties/party.serializer.js';
import { schtickRecordQuery } from '../schticks/schtick.queries.js';
import { toSchtickView } from '../schticks/schtick.serializer.js';
import { SCHTICK } from '../schticks/schticks.service.js';
import { CampaignRecordChanges, type RecordKind } from '../shared/campaign-records.service.js';
import { ImagePosition } from '../image-positions/image-position.entity.js';
import { imageUrl } from '../shared/image-urls.js';
import { RecordAnnouncer } from '../shared/record-announcer.js';
import { siteRecordQuery } from '../sites/site.queries.js';
import { toSiteView } from '../sites/site.serializer.js';
import { SITE } from '../sites/sites.service.js';
import { vehicleRecordQuery } from '../vehicles/vehicle.queries.js';
import { toVehicleView } from '../vehicles/vehicle.serializer.js';
import { VEHICLE } from '../vehicles/vehicles.service.js';
import { weaponRecordQuery } from '../weapons/weapon.queries.js';
import { toWeaponView } from '../weapons/weapon.serializer.js';
import { WEAPON } from '../weapons/weapons.service.js';
import {
  imageChange,
  isGamemasterOnly,
  mayChangeRecordImage,
  maySeeImageRecord,
  type ImageRecordFacts,
} from './record-image.rules.js';
import { referencedImagesQuery } from './record-image.queries.js';
import { IMAGE_TABLES } from './record-image.tables.js';
import { Fight } from '../fights/fight.entity.js';
import { Party } from '../parties/party.entity.js';
import { Site } from '../sites/site.entity.js';
import { Juncture } from '../junctures/juncture.entity.js';
import { Faction } from '../factions/faction.entity.js';
import { Schtick } from '../schticks/schtick.entity.js';
import { Weapon } from '../weapons/weapon.entity.js';
import { Vehicle } from '../vehicles/vehicle.entity.js';
import { Character } from '../characters/character.entity.js';

/** What every record with an image has, as its entity writes it. */
interface ImageRecord {
  id: string;
  imageId?: string | null;
  updatedAt: Date;
}

/** How a kind of record is announced (as its update announces it) and read back as its view. */
interface ImageKind {
  records: RecordKind;
  entity: EntityClass<ImageRecord>;
  /** The record as its own `get` answers it, read as the actor (inside a transaction: with its writes). */
  view: (reads: SqlReads, actor: Actor, id: string) => Promise<unknown>;
}

const IMAGE_KINDS: Record<ImageEntityType, ImageKind> = {
  Character: {
    records: CHARACTER,
    entity: Character,
    view: async (reads, actor, id) => {
      const { character } = await readAsActor(reads, actor, characterRecordQuery(actor, id));
      return character && toCharacterView(character);
    },
  },
  Vehicle: {
    records: VEHICLE,
    entity: Vehicle,
    view: async (reads, actor, id) => {
      const { vehicle } = await readAsActor(reads, actor, vehicleRecordQuery(actor, id));
      return vehicle && toVehicleView(vehicle);
    },
  },
  Weapon: {
    records: WEAPON,
    entity: Weapon,
    view: async (reads, actor, id) => {
      const { weapon } = await readAsActor(reads, actor, weaponRecordQuery(actor, id));
      return weapon && toWeaponView(weapon);
    },
  },
  Schtick: {
    records: SCHTICK,
    entity: Schtick,
    view: async (reads, actor, id) => {
      const { schtick } = await readAsActor(reads, actor, schtickRecordQuery(actor, id));
      return schtick && toSchtickView(schtick);
    },
  },
  Faction: {
    records: FACTION,
    entity: Faction,
    view: async (reads, actor, id) => {
      const { faction } = await readAsActor(reads, actor, factionRecordQuery(actor, id));
      return faction && toFactionView(faction);
    },
  },
  Juncture: {
    records: JUNCTURE,
    entity: Juncture,
    view: async (reads, actor, id) => {
      const { juncture } = await readAsActor(reads, actor, junctureRecordQuery(actor, id));
      return juncture && toJunctureView(juncture);
    },
  },
  Site: {
    records: SITE,
    entity: Site,
    view: async (reads, actor, id) => {
      const { site } = await readAsActor(reads, actor, siteRecordQuery(actor, id));
      return site && toSiteView(site);
    },
  },
  Party: {
    records: PARTY,
    entity: Party,
    view: async (reads, actor, id) => {
      const { party } = await readAsActor(reads, actor, partyRecordQuery(actor, id));
      return party && toPartyView(party);
    },
  },
  Fight: {
    records: FIGHT,
    entity: Fight,
    view: async (reads, actor, id) => {
      const { fight } = await readAsActor(reads, actor, fightRecordQuery(actor, id));
      return fight && toFightView(fight);
    },
  },
};

/** A record as a change of its image finds it. */
interface FoundRecord extends ImageRecordFacts {
  campaignId: string;
  imageId: string | null;
}

/** A record that dropped a deleted image. */
interface DroppedRecord {
  type: ImageEntityType;
  id: string;
  campaignId: string;
}

/**
 * The images of a campaign's records (characters, vehicles, weapons, schticks, factions, junctures, sites,
 * parties, fights). A record names its image by id; the media service keeps the image. Giving a record an image
 * (after its upload) or taking it away is a change of the record, allowed to whoever may update it, which replaces
 * the record's image positions and is announced as its update is; the image it gives up is released to the media
 * service, which deletes it once no record refers to it (and its scheduled cleanup does, if the release is lost).
 */
@Injectable()
export class RecordImagesService {
  private readonly logger = new Logger(RecordImagesService.name);

  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    private readonly reads: SqlReads,
    private readonly records: CampaignRecordChanges,
    private readonly announcer: RecordAnnouncer,
    private readonly services: ServiceClient,
  ) {}

  /**
   * Sets the record's image (`image_id`), or takes it away (null). The record must be of the actor's current
   * campaign, theirs to update (404 and 403 as its update answers). A new image is first given to the record by
   * the media service, for the actor (only its uploader may; its refusals pass as they are); then, in one
   * transaction, the record names it, its image positions go and it is stamped; once committed it is announced,
   * and the image it had is released. The same image again changes nothing.
   */
  async set(
    actor: Actor,
    payload: SetRecordImagePayload,
    caller: Caller | undefined,
  ): Promise<RecordImageView> {
    const { entity_type: type, entity_id: id, image_id: requested } = payload;
    const kind = IMAGE_KINDS[type];
    const before = await this.changeable(unitOfWork(this.orm), actor, type, id);
    if (!imageChange(before.imageId, requested).changed) return recordImageView(type, id, requested);
    if (requested !== null) {
      if (!caller) throw ServiceError.unauthenticated();
      await this.services.request(
        Subjects.media.images.attach,
        { image_id: requested, entity_type: type, entity_id: id },
        { caller },
      );
    }
    const em = unitOfWork(this.orm);
    const done = await em.transactional(async (tx) => {
      const record = await this.changeable(tx, actor, type, id, { lock: true });
      const change = imageChange(record.imageId, requested);
      if (!change.changed) return { campaignId: record.campaignId, change, view: undefined };
      await tx.nativeUpdate(kind.entity, { id }, { imageId: requested, updatedAt: new Date() });
      await deletePositions(tx, type, id);
      return { campaignId: record.campaignId, change, view: await kind.view(this.reads, actor, id) };
    });
    if (done.change.changed) this.announcer.announce(em, done.campaignId, kind.records, done.view);
    if (done.change.released) this.release(done.change.released);
    return recordImageView(type, id, requested);
  }

  /** Of the image ids asked about, those some record still names (each once), in one statement. */
  async referenced(imageIds: string[]): Promise<ReferencedImagesView> {
    if (imageIds.length === 0) return { image_ids: [] };
    const row = await this.reads.first(referencedImagesQuery([...new Set(imageIds)]));
    return { image_ids: row?.imageIds ?? [] };
  }

  /**
   * An image the media service deleted: the records that still name it drop it, with their image positions, in
   * one transaction, and each campaign's lists of those kinds are told to reload once committed.
   */
  async dropDeleted(imageId: string): Promise<void> {
    const em = unitOfWork(this.orm);
    const dropped = await em.transactional((tx) =>
      tx.execute<DroppedRecord[]>(dropImageStatement(), [imageId]),
    );
    const announced = new Set<string>();
    for (const record of dropped) {
      const key = `${record.campaignId}:${record.type}`;
      if (announced.has(key)) continue;
      announced.add(key);
      // No actor reads the records here (a record view is read as someone in its campaign): the lists reload.
      this.announcer.announce(em, record.campaignId, IMAGE_KINDS[record.type].records);
    }
  }

  /**
   * The record of the actor's current campaign whose image they would change: 404 when they have no current
   * campaign to see or it has no such record (a character template: to admins only), 403 when it is not theirs
   * to update; in the order the kind's update checks. `lock` holds the record's row until the transaction ends.
   */
  private async changeable(
    em: EntityManager,
    actor: Actor,
    type: ImageEntityType,
    id: string,
    options: { lock?: boolean } = {},
  ): Promise<FoundRecord> {
    const { campaign, standing } = await this.records.visibleCurrentCampaign(em, actor);
    const caller = { userId: actor.id, standing };
    const forbidden = () => ServiceError.forbidden(IMAGE_KINDS[type].records.gamemasterOnly);
    const facts: ImageRecordFacts = { ownerId: null, isTemplate: false };
    if (isGamemasterOnly(type) && !mayChangeRecordImage(caller, type, facts)) throw forbidden();
    const owned = type === 'Character' || type === 'Vehicle';
    const rows = await em.execute<{ imageId: string | null; ownerId: string | null; isTemplate: boolean }[]>(
      `select image_id as "imageId", ${owned ? 'user_id' : 'null'} as "ownerId",
              ${type === 'Character' ? 'is_template' : 'false'} as "isTemplate"
         from ${IMAGE_TABLES[type]} where id = ? and campaign_id = ?${options.lock ? ' for update' : ''}`,
      [id, campaign.id],
    );
    const record = rows.at(0);
    if (!record || !maySeeImageRecord(caller, type, record)) throw ServiceError.notFound();
    if (!mayChangeRecordImage(caller, type, record)) throw forbidden();
    return { campaignId: campaign.id, ...record };
  }

  /**
   * Asks the media service to release an image a record gave up. Best effort: the answer does not wait for it,
   * and an image a failed release leaves behind is deleted by the media service's scheduled cleanup.
   */
  private release(imageId: string): void {
    this.services.request(Subjects.media.images.release, { image_ids: [imageId] }).catch((error: unknown) => {
      const code = error instanceof ServiceError ? error.code : 'unexpected';
      this.logger.warn({ code }, 'Could not release an image a record gave up: the media cleanup will');
    });
  }
}

/** The answer of a change of a record's image. */
function recordImageView(type: ImageEntityType, id: string, imageId: string | null): RecordImageView {
  return { entity_type: type, entity_id: id, image_id: imageId, image_url: imageUrl(imageId) };
}

/** Deletes the image positions of a record (they frame the image it had). */
async function deletePositions(tx: EntityManager, type: ImageEntityType, id: string): Promise<void> {
  await tx.nativeDelete(ImagePosition, { positionableType: type, positionableId: id });
}

/**
 * One statement: every record naming image `?` drops it and is stamped, and its image positions go; answers each
 * record as a DroppedRecord.
 */
function dropImageStatement(): string {
  const kinds = Object.entries(IMAGE_TABLES);
  const updates = kinds.map(
    ([type, table]) =>
      `${table}_dropped as (update ${table} set image_id = null, updated_at = now()
         where image_id = (select id from image) returning '${type}'::text as type, id, campaign_id)`,
  );
  const dropped = kinds.map(([, table]) => `select type, id, campaign_id from ${table}_dropped`);
  return `with image as (select cast(? as uuid) as id), ${updates.join(', ')},
    dropped as (${dropped.join(' union all ')}),
    positions as (delete from image_positions ip using dropped d
      where ip.positionable_type = d.type and ip.positionable_id = d.id)
    select type, id, campaign_id as "campaignId" from dropped`;
}
