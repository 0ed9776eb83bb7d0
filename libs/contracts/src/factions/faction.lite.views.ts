import { ApiProperty } from '@nestjs/swagger';
import { CharacterAutocompleteView } from '../characters/character.autocomplete.views.js';
import { ImagePositionView } from '../image-positions/image-position.views.js';
import { JunctureAutocompleteView } from '../junctures/juncture.autocomplete.views.js';
import { VehicleAutocompleteView } from '../vehicles/vehicle.autocomplete.views.js';

/**
 * A faction in a list. Client: src/app/(main)/factions/page.tsx, src/components/badges/FactionBadge.tsx (its
 * first characters, by name). A record's own faction is the smaller FactionAutocompleteView.
 */
export class FactionLiteView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['Faction'] }) entity_class: 'Faction';
  @ApiProperty({ type: String, nullable: true, description: 'null until the media service serves images' })
  image_url: string | null;
  @ApiProperty({ type: [ImagePositionView] }) image_positions: ImagePositionView[];
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty() active: boolean;
  @ApiProperty({ type: [CharacterAutocompleteView] }) characters: CharacterAutocompleteView[];
  @ApiProperty({ type: [VehicleAutocompleteView] }) vehicles: VehicleAutocompleteView[];
  @ApiProperty({ type: [JunctureAutocompleteView] }) junctures: JunctureAutocompleteView[];
  @ApiProperty({ format: 'date-time' }) created_at: string;
  @ApiProperty({ format: 'date-time' }) updated_at: string;
}
