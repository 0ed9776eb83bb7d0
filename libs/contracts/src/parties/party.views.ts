import { ApiProperty } from '@nestjs/swagger';
import { CharacterLiteView } from '../characters/character.lite.views.js';
import { FactionAutocompleteView } from '../factions/faction.autocomplete.views.js';
import { PaginationMetaView } from '../pagination.js';
import { VehicleLiteView } from '../vehicles/vehicle.lite.views.js';
import { PartyAutocompleteView } from './party.autocomplete.views.js';
import { PartyLiteView } from './party.lite.views.js';

/** A party as show, create and update return it. Client: `Party` in src/types/resources.ts. */
export class PartyView extends PartyLiteView {
  @ApiProperty({ type: [CharacterLiteView] }) declare characters: CharacterLiteView[];
  @ApiProperty({ type: [VehicleLiteView] }) declare vehicles: VehicleLiteView[];
  @ApiProperty({ type: [String] }) character_ids: string[];
  @ApiProperty({ type: [String] }) vehicle_ids: string[];
  @ApiProperty({ format: 'uuid' }) campaign_id: string;
}

/** `GET /api/v2/parties`. Client: `PartiesResponse` in src/types/responses.ts. */
export class PartiesIndexView {
  @ApiProperty({ type: [PartyLiteView], description: 'PartyAutocompleteView items with ?autocomplete=true' })
  parties: (PartyLiteView | PartyAutocompleteView)[];

  @ApiProperty({ type: [FactionAutocompleteView], description: 'The factions of the matching parties' })
  factions: FactionAutocompleteView[];

  @ApiProperty({ type: PaginationMetaView }) meta: PaginationMetaView;
}
