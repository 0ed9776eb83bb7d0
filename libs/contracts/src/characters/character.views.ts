import { ApiProperty } from '@nestjs/swagger';
import { FactionAutocompleteView } from '../factions/faction.autocomplete.views.js';
import { JunctureAutocompleteView } from '../junctures/juncture.autocomplete.views.js';
import { PaginationMetaView } from '../pagination.js';
import { PartyLiteView } from '../parties/party.lite.views.js';
import { SchtickLiteView } from '../schticks/schtick.lite.views.js';
import { SiteLiteView } from '../sites/site.lite.views.js';
import { WeaponLiteView } from '../weapons/weapon.lite.views.js';
import { CharacterAutocompleteView } from './character.autocomplete.views.js';
import { CharacterLiteView, CharacterOwnerView } from './character.lite.views.js';
import { CHARACTER_STATUSES, WEALTH_LEVELS, type Wealth } from './character-values.js';
import type { ValueMap } from './value-maps.js';

/** A line of a character's advancement log. Client: `Advancement` in src/types/resources.ts. */
export class AdvancementView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) character_id: string;
  @ApiProperty() description: string;
  @ApiProperty({ format: 'date-time' }) created_at: string;
  @ApiProperty({ format: 'date-time' }) updated_at: string;
}

/**
 * A character as show, create, update and duplicate return it, and as the `character` socket message carries
 * it.
 * Client: `Person` in src/types/resources.ts, src/app/(main)/characters/[id]/page.tsx, and the character forms,
 * which send it back whole on update (see UpdateCharacterBody).
 */
export class CharacterView extends CharacterLiteView {
  @ApiProperty({ type: String, nullable: true }) color: string | null;
  @ApiProperty({ description: 'A PC keeps its impairments here; other types on their shot' })
  impairments: number;
  @ApiProperty({ enum: WEALTH_LEVELS, nullable: true }) wealth: Wealth | null;
  @ApiProperty({ type: String, nullable: true }) summary: string | null;
  @ApiProperty({ description: 'A task (points, not wounds)' }) task: boolean;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Skill values by name' })
  skills: ValueMap;

  @ApiProperty({ type: [String], description: `e.g. ${CHARACTER_STATUSES.join(', ')}` })
  status: string[];
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) equipped_weapon_id: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The Notion page it is synced to, when its campaign connected Notion (32 hex digits)',
  })
  notion_page_id: string | null;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When its Notion page was last written',
  })
  last_synced_to_notion_at: string | null;
  @ApiProperty({ type: () => CharacterOwnerView, nullable: true }) user: CharacterOwnerView | null;
  @ApiProperty({ type: () => JunctureAutocompleteView, nullable: true })
  juncture: JunctureAutocompleteView | null;

  @ApiProperty({ type: [String] }) schtick_ids: string[];
  @ApiProperty({ type: [String] }) weapon_ids: string[];
  @ApiProperty({ type: [String] }) site_ids: string[];
  @ApiProperty({ type: [String] }) party_ids: string[];
  @ApiProperty({ type: [String] }) advancement_ids: string[];
  @ApiProperty({ type: [SchtickLiteView] }) schticks: SchtickLiteView[];
  @ApiProperty({ type: [WeaponLiteView], description: 'Carried weapons' }) weapons: WeaponLiteView[];
  @ApiProperty({ type: [SiteLiteView], description: 'Attuned sites' }) sites: SiteLiteView[];
  @ApiProperty({ type: [PartyLiteView] }) parties: PartyLiteView[];
  @ApiProperty({ type: [AdvancementView] }) advancements: AdvancementView[];
}

/** `GET /api/v2/characters`. Client: `CharactersResponse` in src/types/responses.ts. */
export class CharactersIndexView {
  @ApiProperty({
    type: [CharacterLiteView],
    description: 'CharacterAutocompleteView items with ?autocomplete=true',
  })
  characters: (CharacterLiteView | CharacterAutocompleteView)[];

  @ApiProperty({ type: [FactionAutocompleteView], description: 'The factions of the matching characters' })
  factions: FactionAutocompleteView[];

  @ApiProperty({ type: [String], description: 'The archetypes of the matching characters, sorted' })
  archetypes: string[];

  @ApiProperty({ type: PaginationMetaView }) meta: PaginationMetaView;
}
