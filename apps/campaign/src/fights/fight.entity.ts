import { randomUUID } from 'node:crypto';
import { defineEntity, p } from '@mikro-orm/core';
import { Campaign } from '../campaigns/campaign.entity.js';
import { imageIdIndex } from '../images/record-image.tables.js';

const FightSchema = defineEntity({
  name: 'Fight',
  tableName: 'fights',
  uniques: [
    {
      name: 'fights_campaign_name_unique',
      expression: 'create unique index fights_campaign_name_unique on fights (campaign_id, lower(name))',
    },
  ],
  indexes: [
    imageIdIndex('fights'),
    { name: 'fights_campaign_created_at_index', properties: ['campaign', 'createdAt'] },
  ],
  checks: [{ name: 'fights_sequence_check', expression: 'sequence >= 0' }],
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    campaign: () => p.manyToOne(Campaign).foreignKeyName('fights_campaign_id_fkey').deleteRule('cascade'),
    name: p.string().length(255),
    description: p.text().nullable(),
    /** The round. */
    sequence: p.integer().default(0),
    archived: p.boolean().default(false),
    startedAt: p.datetime().nullable(),
    endedAt: p.datetime().nullable(),
    season: p.integer().nullable(),
    session: p.integer().nullable(),
    /** The client's id of the last action taken (not a reference). */
    actionId: p.uuid().nullable(),
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

export class Fight extends FightSchema.class {}
FightSchema.setClass(Fight);

export { FightSchema };
