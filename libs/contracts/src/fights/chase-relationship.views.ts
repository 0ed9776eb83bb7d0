import { ApiProperty } from '@nestjs/swagger';
import { VehicleLiteView } from '../vehicles/vehicle.lite.views.js';
import { CHASE_POSITIONS, type ChasePosition } from '../vehicles/vehicle-values.js';

/**
 * How far a pursuing vehicle is from the one it chases, in a fight (one active per pair and fight). Client:
 * `ChaseRelationship` in src/types/resources.ts, chaseRelationshipClient (src/lib/client). Rails:
 * ChaseRelationshipSerializer.
 */
export class ChaseRelationshipView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid', description: 'The pursuing vehicle' }) pursuer_id: string;
  @ApiProperty({ format: 'uuid', description: 'The vehicle it chases' }) evader_id: string;
  @ApiProperty({ format: 'uuid' }) fight_id: string;
  @ApiProperty({ enum: CHASE_POSITIONS }) position: ChasePosition;
  @ApiProperty({ description: 'false once ended (DELETE ends it)' }) active: boolean;
  @ApiProperty({ format: 'date-time' }) created_at: string;
  @ApiProperty({ format: 'date-time' }) updated_at: string;
}

/** One chase relationship with its two vehicles (Rails: ChaseRelationshipShowSerializer). */
export class ChaseRelationshipDetailView extends ChaseRelationshipView {
  @ApiProperty({ type: () => VehicleLiteView }) pursuer: VehicleLiteView;
  @ApiProperty({ type: () => VehicleLiteView }) evader: VehicleLiteView;
}

/** `GET /api/v2/chase_relationships`: the current campaign's, active ones unless `active=false` is asked. */
export class ChaseRelationshipsIndexView {
  @ApiProperty({ type: [ChaseRelationshipView] }) chase_relationships: ChaseRelationshipView[];
}

/** show, create and update: `{chase_relationship: ...}`, as Rails answered. */
export class ChaseRelationshipAnswerView {
  @ApiProperty({ type: ChaseRelationshipDetailView }) chase_relationship: ChaseRelationshipDetailView;
}
