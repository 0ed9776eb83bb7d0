import { ApiProperty } from '@nestjs/swagger';
import { CharacterAutocompleteView } from '../characters/character.autocomplete.views.js';
import { FactionAutocompleteView } from '../factions/faction.autocomplete.views.js';
import { ImagePositionView } from '../image-positions/image-position.views.js';
import { JunctureAutocompleteView } from '../junctures/juncture.autocomplete.views.js';
import { VehicleAutocompleteView } from '../vehicles/vehicle.autocomplete.views.js';

/**
 * A party in a list and as a character belongs to it. Client: src/app/(main)/parties/page.tsx,
 * src/components/badges/PartyBadge.tsx (faction, first characters).
 */
export class PartyLiteView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['Party'] }) entity_class: 'Party';
  @ApiProperty({ type: String, nullable: true, description: 'null until the media service serves images' })
  image_url: string | null;
  @ApiProperty({ type: [ImagePositionView] }) image_positions: ImagePositionView[];
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty() active: boolean;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) faction_id: string | null;
  @ApiProperty({ type: () => FactionAutocompleteView, nullable: true })
  faction: FactionAutocompleteView | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) juncture_id: string | null;
  @ApiProperty({ type: () => JunctureAutocompleteView, nullable: true })
  juncture: JunctureAutocompleteView | null;
  @ApiProperty({ type: [CharacterAutocompleteView] }) characters: CharacterAutocompleteView[];
  @ApiProperty({ type: [VehicleAutocompleteView] }) vehicles: VehicleAutocompleteView[];
  @ApiProperty({ format: 'date-time' }) created_at: string;
  @ApiProperty({ format: 'date-time' }) updated_at: string;
}
