import { ApiProperty } from '@nestjs/swagger';
import { CharacterLiteView } from '../characters/character.lite.views.js';
import { JunctureLiteView } from '../junctures/juncture.lite.views.js';
import { PaginationMetaView } from '../pagination.js';
import { PartyLiteView } from '../parties/party.lite.views.js';
import { SiteLiteView } from '../sites/site.lite.views.js';
import { VehicleLiteView } from '../vehicles/vehicle.lite.views.js';
import { FactionAutocompleteView } from './faction.autocomplete.views.js';
import { FactionLiteView } from './faction.lite.views.js';

/**
 * A faction as show, create and update return it. Client: `Faction` in src/types/resources.ts (its members and
 * their ids, which the client's list editors send back as *_ids).
 */
export class FactionView extends FactionLiteView {
  @ApiProperty({ type: [CharacterLiteView] }) declare characters: CharacterLiteView[];
  @ApiProperty({ type: [VehicleLiteView] }) declare vehicles: VehicleLiteView[];
  @ApiProperty({ type: [JunctureLiteView] }) declare junctures: JunctureLiteView[];
  @ApiProperty({ type: [PartyLiteView] }) parties: PartyLiteView[];
  @ApiProperty({ type: [SiteLiteView] }) sites: SiteLiteView[];
  @ApiProperty({ type: [String] }) character_ids: string[];
  @ApiProperty({ type: [String] }) vehicle_ids: string[];
  @ApiProperty({ type: [String] }) juncture_ids: string[];
  @ApiProperty({ type: [String] }) party_ids: string[];
  @ApiProperty({ type: [String] }) site_ids: string[];
}

/** `GET /api/v2/factions`. Client: `FactionsResponse` in src/types/responses.ts. */
export class FactionsIndexView {
  @ApiProperty({
    type: [FactionLiteView],
    description: 'FactionAutocompleteView items with ?autocomplete=true',
  })
  factions: (FactionLiteView | FactionAutocompleteView)[];

  @ApiProperty({ type: PaginationMetaView }) meta: PaginationMetaView;
}
