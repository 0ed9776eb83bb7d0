import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  ServiceError,
  type Actor,
  type CreateWeaponsPayload,
  type RecordBatchBody,
  type WeaponCategoriesView,
  type WeaponChangesDto,
  type WeaponFieldsDto,
  type WeaponJuncturesView,
  type WeaponLabelsQuery,
  type WeaponsBatchView,
  type WeaponsCreatedView,
  type WeaponsIndexQuery,
  type WeaponsIndexView,
  type WeaponView,
} from '@shotcaller/contracts';
import { SqlReads } from '@shotcaller/persistence';
import type { Campaign } from '../campaigns/campaign.entity.js';
import { readAsActor } from '../campaigns/campaigns.service.js';
import { Carry } from '../characters/carry.entity.js';
import {
  applyRecordChanges,
  CampaignRecordChanges,
  newRecordFields,
  readInCampaign,
  type RecordKind,
} from '../shared/campaign-records.service.js';
import { labelledRecordBatch, labelledRecordIndex, storedLabel } from '../shared/labelled-records.service.js';
import { Weapon } from './weapon.entity.js';
import {
  weaponCategoriesQuery,
  weaponJuncturesQuery,
  weaponRecordQuery,
  weaponsBatchQuery,
  weaponsReads,
} from './weapon.queries.js';
import { weaponValuesToStore, type WeaponValues } from './weapon.rules.js';
import { toWeaponAutocompleteView, toWeaponLiteView, toWeaponView } from './weapon.serializer.js';

export const WEAPON: RecordKind = {
  entity: 'weapon',
  plural: 'weapons',
  nameUnique: 'weapons_campaign_name_unique',
  gamemasterOnly: 'Only the gamemaster can change weapons',
  // The characters carrying one; the database removes the carries (and unequips it) with the weapon.
  members: { property: 'weapon', entities: { characters: Carry }, removedWithRecord: true },
  writableLists: [],
};

/** The values to store from a body (and the stored weapon, on update): 422 with every field's errors. */
function weaponValues(fields: WeaponChangesDto, stored?: WeaponValues): WeaponValues {
  const result = weaponValuesToStore(fields, stored);
  if (!result.ok) throw ServiceError.validation(result.errors);
  return result.value;
}

function storedValues(weapon: Weapon): WeaponValues {
  return {
    damage: weapon.damage,
    concealment: weapon.concealment ?? null,
    reload_value: weapon.reloadValue ?? null,
    mook_bonus: weapon.mookBonus,
    kachunk: weapon.kachunk,
  };
}

function columnsOf(values: WeaponValues) {
  return {
    damage: values.damage,
    concealment: values.concealment,
    reloadValue: values.reload_value,
    mookBonus: values.mook_bonus,
    kachunk: values.kachunk,
  };
}

/** Writes a new weapon of the campaign (a create's, or one of a batch's): answers its id. */
async function insertWeapon(tx: EntityManager, campaign: Campaign, fields: WeaponFieldsDto): Promise<string> {
  const weapon = tx.create(Weapon, {
    campaign,
    ...newRecordFields(fields),
    ...columnsOf(weaponValues(fields)),
    juncture: storedLabel(fields.juncture) ?? null,
    category: storedLabel(fields.category) ?? null,
    updatedAt: new Date(),
  });
  await tx.flush();
  return weapon.id;
}

/**
 * The weapons of the caller's current campaign. Its members and gamemaster read them; its gamemaster (or an
 * admin) changes them. To anyone else the campaign's weapons do not exist (404).
 */
@Injectable()
export class WeaponsService {
  constructor(
    private readonly reads: SqlReads,
    private readonly records: CampaignRecordChanges,
  ) {}

  list(actor: Actor, query: WeaponsIndexQuery): Promise<WeaponsIndexView> {
    const views = { lite: toWeaponLiteView, link: toWeaponAutocompleteView };
    const labels = ['category', 'juncture'] as const;
    return labelledRecordIndex(this.reads, actor, query, 'weapons', labels, weaponsReads, views);
  }

  async get(actor: Actor, id: string): Promise<WeaponView> {
    const { weapon } = await readInCampaign(this.reads, actor, weaponRecordQuery(actor, id));
    if (!weapon) throw ServiceError.notFound();
    return toWeaponView(weapon);
  }

  batch(actor: Actor, query: RecordBatchBody): Promise<WeaponsBatchView> {
    return labelledRecordBatch(this.reads, actor, query, 'weapons', weaponsBatchQuery, toWeaponLiteView);
  }

  async categories(actor: Actor, query: WeaponLabelsQuery): Promise<WeaponCategoriesView> {
    const { categories } = await readInCampaign(this.reads, actor, weaponCategoriesQuery(actor, query));
    return { categories };
  }

  async junctures(actor: Actor, query: WeaponLabelsQuery): Promise<WeaponJuncturesView> {
    const { junctures } = await readInCampaign(this.reads, actor, weaponJuncturesQuery(actor, query));
    return { junctures };
  }

  create(actor: Actor, fields: WeaponFieldsDto): Promise<WeaponView> {
    return this.records.change(
      WEAPON,
      actor,
      fields,
      (tx, campaign) => insertWeapon(tx, campaign, fields),
      this.reread(actor),
    );
  }

  /** Creates weapons together, all or none; a name taken or repeated refuses the batch. */
  async createBatch(actor: Actor, { weapons }: CreateWeaponsPayload): Promise<WeaponsCreatedView> {
    const nameKey = (fields: WeaponFieldsDto) => fields.name.toLowerCase();
    const created = await this.records.createMany(
      WEAPON,
      actor,
      weapons,
      nameKey,
      insertWeapon,
      this.reread(actor),
    );
    return { weapons: created };
  }

  update(actor: Actor, id: string, changes: WeaponChangesDto): Promise<WeaponView> {
    return this.records.change(
      WEAPON,
      actor,
      changes,
      async (tx, campaign) => {
        const weapon = await tx.findOne(Weapon, { id, campaign });
        if (!weapon) throw ServiceError.notFound();
        Object.assign(weapon, columnsOf(weaponValues(changes, storedValues(weapon))));
        const juncture = storedLabel(changes.juncture);
        if (juncture !== undefined) weapon.juncture = juncture;
        const category = storedLabel(changes.category);
        if (category !== undefined) weapon.category = category;
        applyRecordChanges(weapon, changes);
        await tx.flush();
        return weapon.id;
      },
      this.reread(actor),
    );
  }

  /** Deletes a weapon no character carries; with `force`, the characters stay, without it. */
  delete(actor: Actor, id: string, force = false): Promise<{ deleted: true }> {
    return this.records.delete(WEAPON, actor, Weapon, id, force);
  }

  /** The weapon as it reads inside the transaction of its change (so with its writes). */
  private reread(actor: Actor) {
    return async (id: string) => {
      const { weapon } = await readAsActor(this.reads, actor, weaponRecordQuery(actor, id));
      return weapon && toWeaponView(weapon);
    };
  }
}
