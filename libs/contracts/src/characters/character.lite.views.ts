import { ApiProperty } from '@nestjs/swagger';
import { FactionAutocompleteView } from '../factions/faction.autocomplete.views.js';
import { ImagePositionView } from '../image-positions/image-position.views.js';
import type { ValueMap } from './value-maps.js';

/** The user who plays a character, as a character embeds it. Client: `Person.user` (src/types/resources.ts). */
export class CharacterOwnerView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'First and last name' }) name: string;
  @ApiProperty() first_name: string;
  @ApiProperty() last_name: string;
  @ApiProperty() email: string;
  @ApiProperty({ type: String, nullable: true }) image_url: string | null;
  @ApiProperty({ enum: ['User'] }) entity_class: 'User';
}

/**
 * A character in a list: an index row, and a member of a party, site, faction, juncture or fight. Client:
 * src/app/(main)/characters/page.tsx (index), src/components/badges/CharacterBadge.tsx (Type and Archetype in
 * action_values, faction), src/components/badges/Badge.tsx (image_url), SharedService.isCharacter (category).
 */
export class CharacterLiteView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['Character'] }) entity_class: 'Character';
  @ApiProperty({ enum: ['character'], description: 'Tells characters from vehicles in mixed lists' })
  category: 'character';
  @ApiProperty({ type: String, nullable: true, description: 'null until the media service serves images' })
  image_url: string | null;
  @ApiProperty({ type: [ImagePositionView] }) image_positions: ImagePositionView[];
  @ApiProperty() active: boolean;
  @ApiProperty() is_template: boolean;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) faction_id: string | null;
  @ApiProperty({ type: () => FactionAutocompleteView, nullable: true })
  faction: FactionAutocompleteView | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) juncture_id: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) user_id: string | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'Guns, Martial Arts, ... Defense, Toughness, Speed, Fortune, Wounds (whole numbers), Type, Archetype',
  })
  action_values: ValueMap;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'Nicknames, Age, ... Melodramatic Hook',
  })
  description: ValueMap;

  @ApiProperty({ format: 'date-time' }) created_at: string;
  @ApiProperty({ format: 'date-time' }) updated_at: string;
}
