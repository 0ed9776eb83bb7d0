import { randomUUID } from 'node:crypto';
import { defineEntity, p } from '@mikro-orm/core';
import { SCHTICK_CATEGORIES } from '@shotcaller/contracts';
import { Campaign } from '../campaigns/campaign.entity.js';
import { imageIdIndex } from '../images/record-image.tables.js';

const SchtickSchema = defineEntity({
  name: 'Schtick',
  tableName: 'schticks',
  uniques: [
    {
      name: 'schticks_campaign_category_name_unique',
      expression:
        'create unique index schticks_campaign_category_name_unique' +
        ' on schticks (campaign_id, category, lower(name)) nulls not distinct',
    },
  ],
  indexes: [
    imageIdIndex('schticks'),
    { name: 'schticks_campaign_created_at_index', properties: ['campaign', 'createdAt'] },
    { name: 'schticks_prerequisite_index', properties: ['prerequisite'] },
  ],
  checks: [
    {
      name: 'schticks_category_check',
      expression: `path = 'Core' or category in (${SCHTICK_CATEGORIES.map((category) => `'${category}'`).join(', ')})`,
    },
    { name: 'schticks_prerequisite_check', expression: 'prerequisite_id <> id' },
  ],
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    campaign: () => p.manyToOne(Campaign).foreignKeyName('schticks_campaign_id_fkey').deleteRule('cascade'),
    /** Same category and path (the service checks); cleared when the prerequisite is deleted. */
    prerequisite: () =>
      p.manyToOne(Schtick).nullable().foreignKeyName('schticks_prerequisite_id_fkey').deleteRule('set null'),
    name: p.string().length(255),
    description: p.text().nullable(),
    category: p.string().length(100).nullable(),
    path: p.string().length(100).nullable(),
    color: p.string().length(50).nullable(),
    bonus: p.boolean().default(false),
    /** The archetypes that may take it. */
    archetypes: p.json<string[]>().defaultRaw(`'[]'`),
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

export class Schtick extends SchtickSchema.class {}
SchtickSchema.setClass(Schtick);

export { SchtickSchema };
