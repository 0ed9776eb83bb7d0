import type {
  VehicleAutocompleteView,
  VehicleChaseStateView,
  VehicleLiteView,
  VehicleView,
} from '@shotcaller/contracts';
import {
  junctureLink,
  toVehicleLiteView,
  vehicleLink,
  type Pictured,
  type VehicleLiteRow,
} from '../shared/record.serializer.js';
import { fullName } from '../users/user.serializer.js';
import { chaseStateOf, type ChaseState } from './vehicle.rules.js';
import type { JsonValues } from '../shared/values.rules.js';

/** A vehicle of the index (see vehicle.queries.ts). */
export interface VehicleIndexRow extends VehicleLiteRow {
  junctureId: string | null;
}

/** A vehicle of the record read, with what it links to. */
export interface VehicleRecordRow extends VehicleIndexRow {
  campaignId: string;
  color: string | null;
  impairments: number;
  task: boolean;
  user: { id: string; firstName: string; lastName: string; email: string } | null;
  juncture: Pictured | null;
  partyIds: string[];
}

export function toVehicleIndexView(row: VehicleIndexRow): VehicleLiteView {
  return toVehicleLiteView(row);
}

export function toVehicleAutocompleteView(row: Pictured): VehicleAutocompleteView {
  return vehicleLink(row);
}

export function toVehicleView(row: VehicleRecordRow): VehicleView {
  return {
    ...toVehicleIndexView(row),
    color: row.color,
    impairments: row.impairments,
    task: row.task,
    notion_page_id: null,
    user: row.user && {
      id: row.user.id,
      name: fullName(row.user),
      first_name: row.user.firstName,
      last_name: row.user.lastName,
      email: row.user.email,
      image_url: null,
      entity_class: 'User',
    },
    juncture: row.juncture ? junctureLink(row.juncture) : null,
    party_ids: row.partyIds,
  };
}

export function toVehicleChaseStateView(vehicleId: string, actionValues: JsonValues): VehicleChaseStateView {
  const state: ChaseState = chaseStateOf(actionValues);
  return { vehicle_id: vehicleId, ...state };
}
