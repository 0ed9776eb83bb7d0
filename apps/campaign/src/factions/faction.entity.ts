import { randomUUID } from 'node:crypto';
import { defineEntity, p } from '@mikro-orm/core';
import { Campaign } from '../campaigns/campaign.entity.js';
import { imageIdIndex } from '../images/record-image.tables.js';

const FactionSchema = defineEntity({
  name: 'Faction',
  tableName: 'factions',
  uniques: [
    {
      name: 'factions_campaign_name_unique',
      expression: 'create unique index factions_campaign_name_unique on factions (campaign_id, lower(name))',
    },
  ],
  indexes: [
    imageIdIndex('factions'),
    { name: 'factions_campaign_created_at_index', properties: ['campaign', 'createdAt'] },
  ],
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    campaign: () => p.manyToOne(Campaign).foreignKeyName('factions_campaign_id_fkey').deleteRule('cascade'),
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

/** A group characters, vehicles, junctures, sites and parties may belong to. */
export class Faction extends FactionSchema.class {}
FactionSchema.setClass(Faction);

export { FactionSchema };
