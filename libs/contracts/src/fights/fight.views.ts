import { ApiProperty } from '@nestjs/swagger';
import { CharacterLiteView } from '../characters/character.lite.views.js';
import { PaginationMetaView } from '../pagination.js';
import { VehicleLiteView } from '../vehicles/vehicle.lite.views.js';
import { CharacterEffectView, FightEffectView } from './effect.views.js';
import { FightAutocompleteView } from './fight.autocomplete.views.js';
import { FightLiteView } from './fight.lite.views.js';

/**
 * A fight as show, create, update, touch and end_fight return it. Client: `Fight` in src/types/resources.ts,
 * src/app/(main)/fights/[id]/page.tsx; characterClient.addCharacter reads `character_ids` to append to it.
 */
export class FightView extends FightLiteView {
  @ApiProperty({ type: [CharacterLiteView] }) declare characters: CharacterLiteView[];
  @ApiProperty({ type: [VehicleLiteView] }) declare vehicles: VehicleLiteView[];
  @ApiProperty({ type: [CharacterLiteView] }) declare actors: CharacterLiteView[];
  @ApiProperty({ type: [String], description: 'One entry per shot: a mook group may appear several times' })
  character_ids: string[];
  @ApiProperty({ type: [String] }) vehicle_ids: string[];
  @ApiProperty() archived: boolean;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The last action taken' })
  action_id: string | null;
  @ApiProperty({ type: [FightEffectView] }) effects: FightEffectView[];

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'CharacterEffectView lists by shot id',
  })
  character_effects: Record<string, CharacterEffectView[]>;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'CharacterEffectView lists (vehicles) by shot id',
  })
  vehicle_effects: Record<string, CharacterEffectView[]>;
}

/** `GET /api/v2/fights`. Client: `FightsResponse` in src/types/responses.ts. */
export class FightsIndexView {
  @ApiProperty({ type: [FightLiteView], description: 'FightAutocompleteView items with ?autocomplete=true' })
  fights: (FightLiteView | FightAutocompleteView)[];

  @ApiProperty({ type: [Number], description: 'Seasons of the campaign fights, ascending' })
  seasons: number[];
  @ApiProperty({ type: PaginationMetaView }) meta: PaginationMetaView;
}

/** An entry of a fight's log. Client: `FightEvent` in src/types/ui.ts, FightEventsDialog. */
export class FightEventView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) fight_id: string;
  @ApiProperty({ example: 'movement' }) event_type: string;
  @ApiProperty() description: string;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  details: Record<string, unknown> | null;
  @ApiProperty({ format: 'date-time' }) created_at: string;
}
