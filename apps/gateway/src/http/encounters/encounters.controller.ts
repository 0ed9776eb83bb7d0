import { Body, Controller, Get, HttpCode, Patch, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthenticatedUser } from '@shotcaller/auth';
import {
  ActBody,
  ApplyChaseActionBody,
  ApplyCombatActionBody,
  EncounterView,
  Subjects,
  UpdateInitiativesBody,
} from '@shotcaller/contracts';
import { ServiceClient, type ServiceAnswer } from '@shotcaller/messaging';
import { ApiErrors, ApiSignedIn } from '../shared/api-errors.js';
import { RecordId } from '../shared/uuid-param.js';

const { encounters } = Subjects.campaign;

/**
 * A fight's shot counter (the Rails "encounter"): the members of its campaign read it; its gamemaster acts on
 * anyone, a player only on their own characters and vehicles. Every action answers the encounter as it now is and
 * is announced once on the campaign's and the fight's realtime topics. An ended fight refuses actions (422).
 */
@ApiTags('encounters')
@ApiSignedIn()
@Controller('api/v2/encounters')
export class EncountersController {
  constructor(private readonly services: ServiceClient) {}

  @Get(':id')
  @ApiOperation({
    summary: 'The shot counter: shots descending (hidden last), each with its combatants in order',
  })
  @ApiOkResponse({ type: EncounterView })
  @ApiErrors(404)
  get(
    @CurrentUser() caller: AuthenticatedUser,
    @RecordId() id: string,
  ): Promise<ServiceAnswer<EncounterView>> {
    return this.services.relay(encounters.get, { id }, { caller, keepAcrossCallers: true });
  }

  @Patch(':id/update_initiatives')
  @ApiOperation({ summary: 'Set the shots named and start the next sequence (the gamemaster)' })
  @ApiOkResponse({ type: EncounterView })
  @ApiErrors(400, 403, 404, 415, 422)
  updateInitiatives(
    @CurrentUser() caller: AuthenticatedUser,
    @RecordId() id: string,
    @Body() body: UpdateInitiativesBody,
  ): Promise<ServiceAnswer<EncounterView>> {
    return this.services.relay(encounters.updateInitiatives, { id, shots: body.shots }, { caller });
  }

  @Patch(':id/act')
  @ApiOperation({
    summary: 'A combatant spends shots (3 unless said; never below -10); logs a movement event',
  })
  @ApiOkResponse({ type: EncounterView })
  @ApiErrors(400, 403, 404, 415, 422)
  act(
    @CurrentUser() caller: AuthenticatedUser,
    @RecordId() id: string,
    @Body() body: ActBody,
  ): Promise<ServiceAnswer<EncounterView>> {
    return this.services.relay(encounters.act, { ...body, id }, { caller });
  }

  @Post(':id/apply_combat_action')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Character updates (wounds, smackdown, shots, statuses...), a boost or an up check: all or nothing, one broadcast',
  })
  @ApiOkResponse({ type: EncounterView })
  @ApiErrors(400, 403, 404, 415, 422)
  applyCombatAction(
    @CurrentUser() caller: AuthenticatedUser,
    @RecordId() id: string,
    @Body() body: ApplyCombatActionBody,
  ): Promise<ServiceAnswer<EncounterView>> {
    return this.services.relay(encounters.applyCombatAction, { ...body, id }, { caller });
  }

  @Post(':id/apply_chase_action')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Vehicle updates: chase and condition points add, rams mark, defeats at 35 (50 with a Boss driver)',
  })
  @ApiOkResponse({ type: EncounterView })
  @ApiErrors(400, 403, 404, 415, 422)
  applyChaseAction(
    @CurrentUser() caller: AuthenticatedUser,
    @RecordId() id: string,
    @Body() body: ApplyChaseActionBody,
  ): Promise<ServiceAnswer<EncounterView>> {
    return this.services.relay(
      encounters.applyChaseAction,
      { id, vehicle_updates: body.vehicle_updates },
      { caller },
    );
  }
}
