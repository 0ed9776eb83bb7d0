import { randomUUID } from 'node:crypto';
import { defineEntity, p } from '@mikro-orm/core';
import { Campaign } from '../campaigns/campaign.entity.js';
import { Faction } from '../factions/faction.entity.js';
import { imageIdIndex } from '../images/record-image.tables.js';

const JunctureSchema = defineEntity({
  name: 'Juncture',
  tableName: 'junctures',
  uniques: [
    {
      name: 'junctures_campaign_name_unique',
      expression:
        'create unique index junctures_campaign_name_unique on junctures (campaign_id, lower(name))',
    },
  ],
  indexes: [
    imageIdIndex('junctures'),
    { name: 'junctures_campaign_created_at_index', properties: ['campaign', 'createdAt'] },
    { name: 'junctures_faction_index', properties: ['faction'] },
  ],
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    campaign: () => p.manyToOne(Campaign).foreignKeyName('junctures_campaign_id_fkey').deleteRule('cascade'),
    faction: () =>
      p.manyToOne(Faction).nullable().foreignKeyName('junctures_faction_id_fkey').deleteRule('set null'),
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

/** A time period of the Feng Shui 2 world (Contemporary, Ancient...). */
export class Juncture extends JunctureSchema.class {}
JunctureSchema.setClass(Juncture);

export { JunctureSchema };
