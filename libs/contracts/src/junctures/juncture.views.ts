import { ApiProperty } from '@nestjs/swagger';
import { CharacterLiteView } from '../characters/character.lite.views.js';
import { FactionAutocompleteView } from '../factions/faction.autocomplete.views.js';
import { PaginationMetaView } from '../pagination.js';
import { VehicleLiteView } from '../vehicles/vehicle.lite.views.js';
import { JunctureAutocompleteView } from './juncture.autocomplete.views.js';
import { JunctureLiteView } from './juncture.lite.views.js';

/** A juncture as show, create and update return it. Client: `Juncture` in src/types/resources.ts. */
export class JunctureView extends JunctureLiteView {
  @ApiProperty({ type: [CharacterLiteView] }) declare characters: CharacterLiteView[];
  @ApiProperty({ type: [VehicleLiteView] }) vehicles: VehicleLiteView[];
  @ApiProperty({ type: [String] }) character_ids: string[];
  @ApiProperty({ type: [String] }) vehicle_ids: string[];
  @ApiProperty({ type: String, nullable: true, description: 'Always null: no Notion integration' })
  notion_page_id: string | null;
}

/** `GET /api/v2/junctures`. Client: `JuncturesResponse` in src/types/responses.ts. */
export class JuncturesIndexView {
  @ApiProperty({
    type: [JunctureLiteView],
    description: 'JunctureAutocompleteView items with ?autocomplete=true',
  })
  junctures: (JunctureLiteView | JunctureAutocompleteView)[];

  @ApiProperty({ type: [FactionAutocompleteView], description: 'The factions of the matching junctures' })
  factions: FactionAutocompleteView[];

  @ApiProperty({ type: PaginationMetaView }) meta: PaginationMetaView;
}
