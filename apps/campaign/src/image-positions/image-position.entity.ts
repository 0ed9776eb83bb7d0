import { randomUUID } from 'node:crypto';
import { defineEntity, p } from '@mikro-orm/core';
import { Campaign } from '../campaigns/campaign.entity.js';

/** Where an image is shown. */
export const IMAGE_POSITION_CONTEXTS = [
  'desktop_index',
  'desktop_entity',
  'desktop_edit',
  'desktop_encounter',
  'mobile_index',
  'mobile_entity',
  'mobile_edit',
  'mobile_encounter',
] as const;

/** The records whose image can be positioned (their `entity_class`). */
export const POSITIONABLE_TYPES = [
  'Campaign',
  'Character',
  'Vehicle',
  'Weapon',
  'Schtick',
  'Faction',
  'Juncture',
  'Site',
  'Party',
  'Fight',
] as const;

const list = (values: readonly string[]) => values.map((value) => `'${value}'`).join(', ');

const ImagePositionSchema = defineEntity({
  name: 'ImagePosition',
  tableName: 'image_positions',
  uniques: [
    {
      name: 'image_positions_unique',
      properties: ['positionableType', 'positionableId', 'context'],
    },
  ],
  indexes: [{ name: 'image_positions_campaign_index', properties: ['campaign'] }],
  checks: [
    {
      name: 'image_positions_positionable_type_check',
      expression: `positionable_type in (${list(POSITIONABLE_TYPES)})`,
    },
    { name: 'image_positions_context_check', expression: `context in (${list(IMAGE_POSITION_CONTEXTS)})` },
  ],
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    campaign: () =>
      p.manyToOne(Campaign).foreignKeyName('image_positions_campaign_id_fkey').deleteRule('cascade'),
    /** One of POSITIONABLE_TYPES; with positionableId, the record (no foreign key: the service removes these). */
    positionableType: p.string().length(20),
    positionableId: p.uuid(),
    /** One of IMAGE_POSITION_CONTEXTS. */
    context: p.string().length(20),
    xPosition: p.double().default(0),
    yPosition: p.double().default(0),
    styleOverrides: p.json<Record<string, unknown>>().defaultRaw(`'{}'`),
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

/** How a record's image is framed in one context; replaced when a new image is uploaded. */
export class ImagePosition extends ImagePositionSchema.class {}
ImagePositionSchema.setClass(ImagePosition);

export { ImagePositionSchema };
