import { ApiProperty } from '@nestjs/swagger';
import { CharacterAutocompleteView } from '../characters/character.autocomplete.views.js';
import { FactionAutocompleteView } from '../factions/faction.autocomplete.views.js';
import { ImagePositionView } from '../image-positions/image-position.views.js';

/** A juncture in a list. Client: src/app/(main)/junctures/page.tsx, src/components/badges/JunctureBadge.tsx. */
export class JunctureLiteView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['Juncture'] }) entity_class: 'Juncture';
  @ApiProperty({ type: String, nullable: true, description: 'null until the media service serves images' })
  image_url: string | null;
  @ApiProperty({ type: [ImagePositionView] }) image_positions: ImagePositionView[];
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty() active: boolean;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) faction_id: string | null;
  @ApiProperty({ type: () => FactionAutocompleteView, nullable: true })
  faction: FactionAutocompleteView | null;
  @ApiProperty({ type: [CharacterAutocompleteView] }) characters: CharacterAutocompleteView[];
  @ApiProperty({ format: 'date-time' }) created_at: string;
  @ApiProperty({ format: 'date-time' }) updated_at: string;
}
