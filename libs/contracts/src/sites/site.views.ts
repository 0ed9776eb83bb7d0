import { ApiProperty } from '@nestjs/swagger';
import { CharacterLiteView } from '../characters/character.lite.views.js';
import { FactionAutocompleteView } from '../factions/faction.autocomplete.views.js';
import { JunctureAutocompleteView } from '../junctures/juncture.autocomplete.views.js';
import { PaginationMetaView } from '../pagination.js';
import { SiteAutocompleteView } from './site.autocomplete.views.js';
import { SiteLiteView } from './site.lite.views.js';

/** A site as show, create and update return it. Client: `Site` in src/types/resources.ts. */
export class SiteView extends SiteLiteView {
  @ApiProperty({ type: [CharacterLiteView], description: 'Attuned characters' })
  declare characters: CharacterLiteView[];
  @ApiProperty({ type: () => JunctureAutocompleteView, nullable: true })
  juncture: JunctureAutocompleteView | null;
  @ApiProperty({ type: [String] }) character_ids: string[];
  @ApiProperty({ format: 'uuid' }) campaign_id: string;
}

/** `GET /api/v2/sites`. Client: `SitesResponse` in src/types/responses.ts. */
export class SitesIndexView {
  @ApiProperty({ type: [SiteLiteView], description: 'SiteAutocompleteView items with ?autocomplete=true' })
  sites: (SiteLiteView | SiteAutocompleteView)[];

  @ApiProperty({ type: [FactionAutocompleteView], description: 'The factions of the matching sites' })
  factions: FactionAutocompleteView[];

  @ApiProperty({ type: PaginationMetaView }) meta: PaginationMetaView;
}
