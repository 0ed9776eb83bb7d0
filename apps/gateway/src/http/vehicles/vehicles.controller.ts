import { Body, Get, Patch } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { CurrentUser, type AuthenticatedUser } from '@shotcaller/auth';
import {
  CreateVehicleBody,
  EmptyPayload,
  Subjects,
  UpdateVehicleBody,
  VehicleArchetypeView,
  VehicleChaseStateBody,
  VehicleChaseStateView,
  VehiclesIndexQuery,
  VehiclesIndexView,
  VehicleView,
} from '@shotcaller/contracts';
import type { ServiceAnswer } from '@shotcaller/messaging';
import { ApiErrors } from '../shared/api-errors.js';
import { RecordRoutes } from '../shared/record-controller.js';
import { RecordsController } from '../shared/record-routes.js';
import { RecordId } from '../shared/uuid-param.js';

const { vehicles } = Subjects.campaign;

const VEHICLE_FIELDS = [
  'name',
  'active',
  'task',
  'color',
  'impairments',
  'faction_id',
  'juncture_id',
  'user_id',
  'action_values',
  'description',
  'party_ids',
] as const;

/**
 * The vehicles of your current campaign: its players read them and make their own, a player changes only the
 * vehicles they own, its gamemaster all of them.
 */
@RecordsController('vehicles')
export class VehiclesController extends RecordRoutes({
  key: 'vehicle',
  imageOwner: 'Vehicle',
  subjects: vehicles,
  fields: VEHICLE_FIELDS,
  view: VehicleView,
  list: {
    query: VehiclesIndexQuery,
    view: VehiclesIndexView,
    summary:
      'Vehicles of your current campaign, paged (Rails index parameters, faction_id, juncture_id, user_id, party_id, fight_id, type, archetype), with the factions, types and archetypes of the matching ones',
  },
  create: {
    body: CreateVehicleBody,
    summary: 'Create a vehicle in your current campaign (a player: their own; the gamemaster: anyone’s)',
  },
  get: { summary: 'One vehicle of your current campaign, with its owner, faction, juncture and parties' },
  update: {
    body: UpdateVehicleBody,
    summary:
      'Change a vehicle (its owner or the gamemaster); action_values merge into the stored ones, party_ids replaces its parties',
  },
  delete: {
    summary:
      'Delete a vehicle (its owner or the gamemaster); 422 associations_exist while it is in a party or a fight, unless force=true removes it from them',
  },
}) {
  // Registered before the inherited `:id`.
  @Get('archetypes')
  @ApiOperation({ summary: 'The vehicle catalogue: name, Acceleration, Handling, Squeal, Frame, Crunch' })
  @ApiOkResponse({ type: [VehicleArchetypeView] })
  archetypes(@CurrentUser() caller: AuthenticatedUser): Promise<ServiceAnswer<VehicleArchetypeView[]>> {
    return this.services.relay(vehicles.archetypes, new EmptyPayload(), { caller });
  }

  @Get(':id/chase_state')
  @ApiOperation({
    summary: 'The chase state of a vehicle: Chase Points, Condition Points, Position, Pursuer',
  })
  @ApiOkResponse({ type: VehicleChaseStateView })
  @ApiErrors(404)
  chaseState(
    @CurrentUser() caller: AuthenticatedUser,
    @RecordId() id: string,
  ): Promise<ServiceAnswer<VehicleChaseStateView>> {
    return this.services.relay(vehicles.chaseState, { id }, { caller });
  }

  @Patch(':id/chase_state')
  @ApiOperation({
    summary:
      'Set the chase state of a vehicle (its owner or the gamemaster), as the Rails update_chase_state did; answers the vehicle',
  })
  @ApiOkResponse({ type: VehicleView })
  @ApiErrors(400, 403, 404, 415, 422)
  setChaseState(
    @CurrentUser() caller: AuthenticatedUser,
    @RecordId() id: string,
    @Body() body: VehicleChaseStateBody,
  ): Promise<ServiceAnswer<VehicleView>> {
    return this.services.relay(vehicles.setChaseState, { id, chase_state: body.chase_state }, { caller });
  }
}
