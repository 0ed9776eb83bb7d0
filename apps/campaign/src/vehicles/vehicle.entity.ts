import { randomUUID } from 'node:crypto';
import { defineEntity, p } from '@mikro-orm/core';
import { Campaign } from '../campaigns/campaign.entity.js';
import type { NamedValues } from '../characters/character.entity.js';
import { Faction } from '../factions/faction.entity.js';
import { Juncture } from '../junctures/juncture.entity.js';
import { User } from '../users/user.entity.js';
import { imageIdIndex } from '../images/record-image.tables.js';

const VehicleSchema = defineEntity({
  name: 'Vehicle',
  tableName: 'vehicles',
  uniques: [
    {
      name: 'vehicles_campaign_name_unique',
      expression: 'create unique index vehicles_campaign_name_unique on vehicles (campaign_id, lower(name))',
    },
  ],
  indexes: [
    imageIdIndex('vehicles'),
    { name: 'vehicles_campaign_created_at_index', properties: ['campaign', 'createdAt'] },
    { name: 'vehicles_user_index', properties: ['user'] },
    { name: 'vehicles_faction_index', properties: ['faction'] },
    { name: 'vehicles_juncture_index', properties: ['juncture'] },
  ],
  checks: [{ name: 'vehicles_impairments_check', expression: 'impairments >= 0' }],
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    campaign: () => p.manyToOne(Campaign).foreignKeyName('vehicles_campaign_id_fkey').deleteRule('cascade'),
    /** The owner; cleared when their account is deleted. */
    user: () => p.manyToOne(User).nullable().foreignKeyName('vehicles_user_id_fkey').deleteRule('set null'),
    faction: () =>
      p.manyToOne(Faction).nullable().foreignKeyName('vehicles_faction_id_fkey').deleteRule('set null'),
    juncture: () =>
      p.manyToOne(Juncture).nullable().foreignKeyName('vehicles_juncture_id_fkey').deleteRule('set null'),
    name: p.string().length(255),
    impairments: p.integer().default(0),
    color: p.string().length(50).nullable(),
    task: p.boolean().default(false),
    /** Acceleration, Handling, Squeal, Frame, Crunch, Chase Points, Condition Points, Pursuer, Type, Archetype. */
    actionValues: p.json<NamedValues>().defaultRaw(`'{}'`),
    /** Size, Weight, Color, Appearance. */
    description: p.json<NamedValues>().defaultRaw(`'{}'`),
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

export class Vehicle extends VehicleSchema.class {}
VehicleSchema.setClass(Vehicle);

export { VehicleSchema };
