import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsUUID, ValidateIf } from 'class-validator';
import { Messages } from '../validation.js';
import { IMAGE_ENTITY_TYPES, type ImageEntityType } from './image.views.js';

/** The most image ids one release or reference question names. */
export const IMAGE_IDS_MAX = 500;

/** A record that carries an image. */
export class ImageOwnerPayload {
  @ApiProperty({ enum: IMAGE_ENTITY_TYPES })
  @IsIn(IMAGE_ENTITY_TYPES, { message: `must be one of: ${IMAGE_ENTITY_TYPES.join(', ')}` })
  entity_type: ImageEntityType;

  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: Messages.invalid })
  entity_id: string;
}

/**
 * `media.images.attach`: the campaign service gives an uploaded image to a record the actor may change. Only
 * the image's uploader may attach it, once (again to the same record is a no-op); answered with the image.
 */
export class AttachImagePayload extends ImageOwnerPayload {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: Messages.invalid })
  image_id: string;
}

/**
 * `campaign.images.set`: gives a record the image the actor uploaded (the gateway sends it after the upload), or
 * takes its image away (`null`, `DELETE /:id/image`). The record's image positions go with its old image.
 */
export class SetRecordImagePayload extends ImageOwnerPayload {
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  @ValidateIf((_, value) => value !== null)
  @IsUUID('all', { message: Messages.invalid })
  image_id: string | null;
}

/** Image ids, at most IMAGE_IDS_MAX, each a UUID. */
export class ImageIdsPayload {
  @ApiProperty({ type: [String], maxItems: IMAGE_IDS_MAX })
  @IsArray()
  @ArrayMaxSize(IMAGE_IDS_MAX)
  @IsUUID('all', { each: true, message: Messages.invalid })
  image_ids: string[];
}

/** `media.image.attached`: an image now belongs to a record. */
export class ImageAttachedEvent extends ImageOwnerPayload {
  @IsUUID('all')
  image_id: string;
}

/** `media.image.deleted`: an image and its files are gone; a record still naming it drops it. */
export class ImageDeletedEvent {
  @IsUUID('all')
  image_id: string;

  @ValidateIf((_, value) => value !== null)
  @IsIn(IMAGE_ENTITY_TYPES)
  entity_type: ImageEntityType | null;

  @ValidateIf((_, value) => value !== null)
  @IsUUID('all')
  entity_id: string | null;
}
