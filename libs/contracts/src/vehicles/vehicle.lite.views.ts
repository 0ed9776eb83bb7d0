import { ApiProperty } from '@nestjs/swagger';
import type { ValueMap } from '../characters/value-maps.js';
import { FactionAutocompleteView } from '../factions/faction.autocomplete.views.js';
import { ImagePositionView } from '../image-positions/image-position.views.js';

/**
 * A vehicle in a list: an index row and a party member. Client: src/components/vehicles (list),
 * src/components/badges/VehicleBadge.tsx, VehicleService (action_values), SharedService.isVehicle (category).
 */
export class VehicleLiteView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['Vehicle'] }) entity_class: 'Vehicle';
  @ApiProperty({ enum: ['vehicle'], description: 'Tells vehicles from characters in mixed lists' })
  category: 'vehicle';
  @ApiProperty({ type: String, nullable: true, description: 'null until the media service serves images' })
  image_url: string | null;
  @ApiProperty({ type: [ImagePositionView] }) image_positions: ImagePositionView[];
  @ApiProperty() active: boolean;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) faction_id: string | null;
  @ApiProperty({ type: () => FactionAutocompleteView, nullable: true })
  faction: FactionAutocompleteView | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) juncture_id: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) user_id: string | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'Acceleration, Handling, Squeal, Frame, Crunch, Condition Points, Chase Points (whole numbers), ' +
      'Pursuer ("true" | "false"), Type, Archetype',
  })
  action_values: ValueMap;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Size, Weight, Color, Appearance' })
  description: ValueMap;

  @ApiProperty({ format: 'date-time' }) created_at: string;
  @ApiProperty({ format: 'date-time' }) updated_at: string;
}
