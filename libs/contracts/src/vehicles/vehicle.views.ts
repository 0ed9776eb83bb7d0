import { ApiProperty } from '@nestjs/swagger';
import { CharacterOwnerView } from '../characters/character.lite.views.js';
import { FactionAutocompleteView } from '../factions/faction.autocomplete.views.js';
import { JunctureAutocompleteView } from '../junctures/juncture.autocomplete.views.js';
import { PaginationMetaView } from '../pagination.js';
import { VehicleAutocompleteView } from './vehicle.autocomplete.views.js';
import { VehicleLiteView } from './vehicle.lite.views.js';

/** A vehicle as show, create and update return it. Client: `Vehicle` in src/types/resources.ts. */
export class VehicleView extends VehicleLiteView {
  @ApiProperty({ type: String, nullable: true }) color: string | null;
  @ApiProperty() impairments: number;
  @ApiProperty() task: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'Always null: no Notion integration' })
  notion_page_id: string | null;
  @ApiProperty({ type: () => CharacterOwnerView, nullable: true }) user: CharacterOwnerView | null;
  @ApiProperty({ type: () => JunctureAutocompleteView, nullable: true })
  juncture: JunctureAutocompleteView | null;
  @ApiProperty({ type: [String] }) party_ids: string[];
}

/** `GET /api/v2/vehicles`. Client: `VehiclesResponse` (src/types/responses.ts), the vehicles list filters. */
export class VehiclesIndexView {
  @ApiProperty({
    type: [VehicleLiteView],
    description: 'VehicleAutocompleteView items with ?autocomplete=true',
  })
  vehicles: (VehicleLiteView | VehicleAutocompleteView)[];

  @ApiProperty({ type: [FactionAutocompleteView] }) factions: FactionAutocompleteView[];
  @ApiProperty({ type: [String], description: 'Archetypes of the matching vehicles, sorted' })
  archetypes: string[];
  @ApiProperty({ type: [String], description: 'Types (action_values.Type) of the matching vehicles, sorted' })
  types: string[];
  @ApiProperty({ type: PaginationMetaView }) meta: PaginationMetaView;
}

/** `GET /api/v2/vehicles/archetypes`: the vehicle catalogue. Client: `VehicleArchetype` in src/types/ui.ts. */
export class VehicleArchetypeView {
  @ApiProperty() name: string;
  @ApiProperty() Acceleration: number;
  @ApiProperty() Handling: number;
  @ApiProperty() Squeal: number;
  @ApiProperty() Frame: number;
  @ApiProperty() Crunch: number;
}

/**
 * `GET /api/v2/vehicles/:id/chase_state`: the chase numbers of a vehicle, as the Rails `update_chase_state` route
 * took them and its `chase_update` broadcast carried them (they live in the vehicle's action_values).
 */
export class VehicleChaseStateView {
  @ApiProperty({ format: 'uuid' }) vehicle_id: string;
  @ApiProperty({ description: 'action_values "Chase Points"' }) chase_points: number;
  @ApiProperty({ description: 'action_values "Condition Points"' }) condition_points: number;
  @ApiProperty({
    enum: ['near', 'far'],
    nullable: true,
    type: String,
    description: 'action_values "Position"',
  })
  position: 'near' | 'far' | null;
  @ApiProperty({ enum: ['true', 'false'], description: 'action_values "Pursuer"' }) pursuer: 'true' | 'false';
}
