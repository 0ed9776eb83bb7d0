import { ApiProperty } from '@nestjs/swagger';
import { CharacterAutocompleteView } from '../characters/character.autocomplete.views.js';
import { ImagePositionView } from '../image-positions/image-position.views.js';
import { VehicleAutocompleteView } from '../vehicles/vehicle.autocomplete.views.js';

/** A fight in a list. Client: src/app/(main)/fights/page.tsx, src/components/badges/FightBadge.tsx (actors). */
export class FightLiteView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['Fight'] }) entity_class: 'Fight';
  @ApiProperty({ type: String, nullable: true, description: 'null until the media service serves images' })
  image_url: string | null;
  @ApiProperty({ type: [ImagePositionView] }) image_positions: ImagePositionView[];
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty() active: boolean;
  @ApiProperty({ description: 'The round; 0 before the first initiative' }) sequence: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) started_at: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) ended_at: string | null;
  @ApiProperty({ type: Number, nullable: true }) season: number | null;
  @ApiProperty({ type: Number, nullable: true }) session: number | null;
  @ApiProperty({ type: [CharacterAutocompleteView], description: 'Each character once' })
  characters: CharacterAutocompleteView[];
  @ApiProperty({ type: [VehicleAutocompleteView] }) vehicles: VehicleAutocompleteView[];
  @ApiProperty({
    type: [CharacterAutocompleteView],
    description: 'Same as characters (FightBadge reads actors)',
  })
  actors: CharacterAutocompleteView[];
  @ApiProperty({ format: 'date-time' }) created_at: string;
  @ApiProperty({ format: 'date-time' }) updated_at: string;
}
