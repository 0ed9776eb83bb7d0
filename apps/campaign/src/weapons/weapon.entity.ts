import { randomUUID } from 'node:crypto';
import { defineEntity, p } from '@mikro-orm/core';
import { Campaign } from '../campaigns/campaign.entity.js';
import { imageIdIndex } from '../images/record-image.tables.js';

const WeaponSchema = defineEntity({
  name: 'Weapon',
  tableName: 'weapons',
  uniques: [
    {
      name: 'weapons_campaign_name_unique',
      expression: 'create unique index weapons_campaign_name_unique on weapons (campaign_id, lower(name))',
    },
  ],
  indexes: [
    imageIdIndex('weapons'),
    { name: 'weapons_campaign_created_at_index', properties: ['campaign', 'createdAt'] },
  ],
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    campaign: () => p.manyToOne(Campaign).foreignKeyName('weapons_campaign_id_fkey').deleteRule('cascade'),
    name: p.string().length(255),
    description: p.text().nullable(),
    damage: p.integer(),
    concealment: p.integer().nullable(),
    reloadValue: p.integer().nullable(),
    /** The juncture by name (weapons are filtered by it, not linked to a juncture record). */
    juncture: p.string().length(100).nullable(),
    mookBonus: p.integer().default(0),
    category: p.string().length(100).nullable(),
    kachunk: p.boolean().default(false),
    /** The media service's image. */
    imageId: p.uuid().nullable(),
    active: p.boolean().default(true),
    createdAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});

export class Weapon extends WeaponSchema.class {}
WeaponSchema.setClass(Weapon);

export { WeaponSchema };
