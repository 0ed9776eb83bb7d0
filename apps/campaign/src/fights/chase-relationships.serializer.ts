import type {
  ChasePosition,
  ChaseRelationshipDetailView,
  ChaseRelationshipView,
} from '@shotcaller/contracts';
import { toVehicleLiteView, type VehicleLiteRow } from '../shared/record.serializer.js';

/** A chase relationship as chase-relationships.queries.ts reads it. */
export interface ChaseRelationshipRow {
  id: string;
  pursuer_id: string;
  evader_id: string;
  fight_id: string;
  position: string;
  active: boolean;
  created_at: string;
  updated_at: string;
}

export interface ChaseRelationshipDetailRow extends ChaseRelationshipRow {
  pursuer: VehicleLiteRow;
  evader: VehicleLiteRow;
}

// The position column is checked against CHASE_POSITIONS (chase_relationships_position_check).

export function toChaseRelationshipView(row: ChaseRelationshipRow): ChaseRelationshipView {
  return {
    id: row.id,
    pursuer_id: row.pursuer_id,
    evader_id: row.evader_id,
    fight_id: row.fight_id,
    position: row.position as ChasePosition,
    active: row.active,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

export function toChaseRelationshipDetailView(row: ChaseRelationshipDetailRow): ChaseRelationshipDetailView {
  return {
    ...toChaseRelationshipView(row),
    pursuer: toVehicleLiteView(row.pursuer),
    evader: toVehicleLiteView(row.evader),
  };
}
