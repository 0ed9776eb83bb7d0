import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  Allow,
  IsDefined,
  IsIn,
  IsNumber,
  IsObject,
  IsUUID,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { Optional } from '../input-rules.js';
import { Messages } from '../validation.js';
import { IsValueMap, type ValueMapRules } from '../characters/value-maps.js';
import {
  IMAGE_POSITION_CONTEXTS,
  POSITIONABLE_TYPES,
  type ImagePositionContext,
  type PositionableType,
} from './image-position.views.js';

/** Offsets are pixels or percentages; anything beyond this is a mistake. */
export const IMAGE_OFFSET_MAX = 100_000;

export const STYLE_OVERRIDE_RULES: ValueMapRules = {
  maxKeys: 30,
  textMax: 200,
  other: { numbers: true, text: true },
};

/**
 * `/api/v2/image_positions/:positionable_type/:positionable_id`. The Rails app turned the type into a class
 * name as it came; here it must be one of the record classes.
 */
export class ImagePositionTargetParams {
  @ApiProperty({ enum: POSITIONABLE_TYPES })
  @IsIn(POSITIONABLE_TYPES, { message: `must be one of: ${POSITIONABLE_TYPES.join(', ')}` })
  positionable_type: PositionableType;

  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: Messages.invalid })
  positionable_id: string;
}

/** An image position as the client sends it (characterClient.createImagePosition / updateImagePosition). */
export class ImagePositionFields {
  @ApiProperty({ enum: IMAGE_POSITION_CONTEXTS })
  @IsIn(IMAGE_POSITION_CONTEXTS, { message: `must be one of: ${IMAGE_POSITION_CONTEXTS.join(', ')}` })
  context: ImagePositionContext;

  @ApiProperty()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'must be a number' })
  @Min(-IMAGE_OFFSET_MAX)
  @Max(IMAGE_OFFSET_MAX)
  x_position: number;

  @ApiProperty()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'must be a number' })
  @Min(-IMAGE_OFFSET_MAX)
  @Max(IMAGE_OFFSET_MAX)
  y_position: number;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, nullable: true })
  @Optional({ nullable: true })
  @IsValueMap(STYLE_OVERRIDE_RULES)
  style_overrides?: Record<string, string | number> | null;

  @ApiPropertyOptional({
    enum: POSITIONABLE_TYPES,
    description: 'When the route does not name the record (POST /api/v2/image_positions)',
  })
  @Optional()
  @IsIn(POSITIONABLE_TYPES, { message: `must be one of: ${POSITIONABLE_TYPES.join(', ')}` })
  positionable_type?: PositionableType;

  @ApiPropertyOptional({ format: 'uuid' })
  @Optional()
  @IsUUID('all', { message: Messages.invalid })
  positionable_id?: string;

  /** Sent back when the client round-trips a stored position; ignored. */
  @Allow() id?: unknown;
}

/** `POST /api/v2/image_positions` and `PATCH .../:positionable_type/:positionable_id` (upsert by context). */
export class ImagePositionBody {
  @ApiProperty({ type: ImagePositionFields })
  @IsDefined({ message: Messages.blank })
  @IsObject({ message: 'must be an object' })
  @ValidateNested()
  @Type(() => ImagePositionFields)
  image_position: ImagePositionFields;
}

/** NATS payload of `campaign.image_positions.set`: the record (from the route or the body) and its position. */
export class SetImagePositionPayload extends ImagePositionTargetParams {
  @IsDefined({ message: Messages.blank })
  @IsObject({ message: 'must be an object' })
  @ValidateNested()
  @Type(() => ImagePositionFields)
  image_position: ImagePositionFields;
}
