import { ApiProperty } from '@nestjs/swagger';
import { CharacterAutocompleteView } from '../characters/character.autocomplete.views.js';
import { FactionAutocompleteView } from '../factions/faction.autocomplete.views.js';
import { ImagePositionView } from '../image-positions/image-position.views.js';

/**
 * A site in a list and as a character is attuned to it. Client: src/app/(main)/sites/page.tsx,
 * src/components/badges/SiteBadge.tsx (faction, first characters).
 */
export class SiteLiteView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['Site'] }) entity_class: 'Site';
  @ApiProperty({ type: String, nullable: true, description: 'null until the media service serves images' })
  image_url: string | null;
  @ApiProperty({ type: [ImagePositionView] }) image_positions: ImagePositionView[];
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty() active: boolean;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) faction_id: string | null;
  @ApiProperty({ type: () => FactionAutocompleteView, nullable: true })
  faction: FactionAutocompleteView | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) juncture_id: string | null;
  @ApiProperty({ type: [CharacterAutocompleteView] }) characters: CharacterAutocompleteView[];
  @ApiProperty({ format: 'date-time' }) created_at: string;
  @ApiProperty({ format: 'date-time' }) updated_at: string;
}
