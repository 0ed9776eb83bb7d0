import { ApiProperty } from '@nestjs/swagger';

/** Where an image is shown; each has its own focal position. */
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
export type ImagePositionContext = (typeof IMAGE_POSITION_CONTEXTS)[number];

/** The records an image position belongs to, by the `entity_class` the views carry. */
export const POSITIONABLE_TYPES = [
  'Campaign',
  'Character',
  'Vehicle',
  'Fight',
  'Weapon',
  'Schtick',
  'Faction',
  'Juncture',
  'Site',
  'Party',
  'User',
] as const;
export type PositionableType = (typeof POSITIONABLE_TYPES)[number];

/**
 * An image's focal position in one context. Client: `ImagePosition` in src/types/ui.ts (reads context,
 * x_position, y_position); every record's `image_positions` (BaseEntity in src/types/ui.ts).
 */
export class ImagePositionView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: IMAGE_POSITION_CONTEXTS }) context: ImagePositionContext;
  @ApiProperty() x_position: number;
  @ApiProperty() y_position: number;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'CSS overrides by property; {} when none',
  })
  style_overrides: Record<string, string | number>;
}
