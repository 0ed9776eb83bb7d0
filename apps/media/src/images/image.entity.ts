import { randomUUID } from 'node:crypto';
import { defineEntity, p } from '@mikro-orm/core';
import {
  IMAGE_CONTENT_TYPES,
  IMAGE_ENTITY_TYPES,
  type ImageContentType,
  type ImageEntityType,
} from '@shotcaller/contracts';

const list = (values: readonly string[]) => values.map((value) => `'${value}'`).join(', ');

/**
 * The images table as the migrations make it. Rows are written and read in SQL (see image.statements.ts): this
 * declaration is the schema's description, which schema-truth.int-spec.ts holds to the migrations.
 */
const ImageSchema = defineEntity({
  name: 'Image',
  tableName: 'images',
  // Partial indexes, which MikroORM matches by name only (schema-truth.int-spec.ts compares the rest).
  indexes: [
    {
      name: 'images_unattached_index',
      expression: 'create index images_unattached_index on images (created_at) where entity_id is null',
    },
    {
      name: 'images_attached_check_index',
      expression:
        'create index images_attached_check_index on images (checked_at nulls first, attached_at) where entity_id is not null',
    },
  ],
  checks: [
    { name: 'images_content_type_check', expression: `content_type in (${list(IMAGE_CONTENT_TYPES)})` },
    { name: 'images_entity_type_check', expression: `entity_type in (${list(IMAGE_ENTITY_TYPES)})` },
    { name: 'images_entity_check', expression: '(entity_type is null) = (entity_id is null)' },
    { name: 'images_attached_check', expression: '(entity_id is null) = (attached_at is null)' },
    { name: 'images_measures_check', expression: 'byte_size > 0 and width > 0 and height > 0' },
    { name: 'images_checksum_check', expression: `checksum ~ '^[0-9a-f]{64}$'` },
  ],
  properties: {
    /** Random; also the key the file is stored under. */
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    /** The user who uploaded it: the only one who may attach it. */
    uploadedBy: p.uuid(),
    contentType: p.string().length(20).$type<ImageContentType>(),
    byteSize: p.integer(),
    width: p.integer(),
    height: p.integer(),
    /** SHA-256 of the bytes, hex. */
    checksum: p.string().length(64),
    entityType: p.string().length(20).nullable().$type<ImageEntityType | null>(),
    entityId: p.uuid().nullable(),
    createdAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date()),
    attachedAt: p.datetime().nullable(),
    /** When the cleanup last asked the owner whether a record still uses it. */
    checkedAt: p.datetime().nullable(),
  },
});

/** An uploaded image: its original's measures, and the record it belongs to once attached. */
export class Image extends ImageSchema.class {}
ImageSchema.setClass(Image);

export { ImageSchema };
