import { randomUUID } from 'node:crypto';
import { defineEntity, p } from '@mikro-orm/core';
import { Campaign } from '../campaigns/campaign.entity.js';
import { Faction } from '../factions/faction.entity.js';
import { Juncture } from '../junctures/juncture.entity.js';
import { imageIdIndex } from '../images/record-image.tables.js';

const PartySchema = defineEntity({
  name: 'Party',
  tableName: 'parties',
  uniques: [
    {
      name: 'parties_campaign_name_unique',
      expression: 'create unique index parties_campaign_name_unique on parties (campaign_id, lower(name))',
    },
  ],
  indexes: [
    imageIdIndex('parties'),
    { name: 'parties_campaign_created_at_index', properties: ['campaign', 'createdAt'] },
    { name: 'parties_faction_index', properties: ['faction'] },
    { name: 'parties_juncture_index', properties: ['juncture'] },
  ],
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    campaign: () => p.manyToOne(Campaign).foreignKeyName('parties_campaign_id_fkey').deleteRule('cascade'),
    faction: () =>
      p.manyToOne(Faction).nullable().foreignKeyName('parties_faction_id_fkey').deleteRule('set null'),
    juncture: () =>
      p.manyToOne(Juncture).nullable().foreignKeyName('parties_juncture_id_fkey').deleteRule('set null'),
    name: p.string().length(255),
    description: p.text().nullable(),
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

/** A group of characters and vehicles that can join a fight together. */
export class Party extends PartySchema.class {}
PartySchema.setClass(Party);

export { PartySchema };
