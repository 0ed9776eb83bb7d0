import { ApiProperty } from '@nestjs/swagger';
import { ImagePositionView } from '../image-positions/image-position.views.js';

/**
 * A weapon in a list and as a character carries it. Client: `Weapon` in src/types/resources.ts,
 * src/components/badges/WeaponBadge.tsx (damage/concealment/reload_value), the encounter's attack panels.
 */
export class WeaponLiteView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['Weapon'] }) entity_class: 'Weapon';
  @ApiProperty({ type: String, nullable: true, description: 'null until the media service serves images' })
  image_url: string | null;
  @ApiProperty({ type: [ImagePositionView] }) image_positions: ImagePositionView[];
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty() damage: number;
  @ApiProperty({ type: Number, nullable: true }) concealment: number | null;
  @ApiProperty({ type: Number, nullable: true }) reload_value: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'The juncture, by name' }) juncture:
    string | null;
  @ApiProperty({ type: String, nullable: true }) category: string | null;
  @ApiProperty() mook_bonus: number;
  @ApiProperty() kachunk: boolean;
  @ApiProperty() active: boolean;
  @ApiProperty({ format: 'date-time' }) created_at: string;
  @ApiProperty({ format: 'date-time' }) updated_at: string;
}
