import { randomUUID } from 'node:crypto';
import { defineEntity, p } from '@mikro-orm/core';
import { Campaign } from '../campaigns/campaign.entity.js';
import { Faction } from '../factions/faction.entity.js';
import { Juncture } from '../junctures/juncture.entity.js';
import { imageIdIndex } from '../images/record-image.tables.js';

const SiteSchema = defineEntity({
  name: 'Site',
  tableName: 'sites',
  uniques: [
    {
      name: 'sites_campaign_name_unique',
      expression: 'create unique index sites_campaign_name_unique on sites (campaign_id, lower(name))',
    },
  ],
  indexes: [
    imageIdIndex('sites'),
    { name: 'sites_campaign_created_at_index', properties: ['campaign', 'createdAt'] },
    { name: 'sites_faction_index', properties: ['faction'] },
    { name: 'sites_juncture_index', properties: ['juncture'] },
  ],
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    campaign: () => p.manyToOne(Campaign).foreignKeyName('sites_campaign_id_fkey').deleteRule('cascade'),
    faction: () =>
      p.manyToOne(Faction).nullable().foreignKeyName('sites_faction_id_fkey').deleteRule('set null'),
    juncture: () =>
      p.manyToOne(Juncture).nullable().foreignKeyName('sites_juncture_id_fkey').deleteRule('set null'),
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

/** A feng shui site characters may be attuned to. */
export class Site extends SiteSchema.class {}
SiteSchema.setClass(Site);

export { SiteSchema };
