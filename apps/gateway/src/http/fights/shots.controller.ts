import { Body, Controller, Delete, HttpCode, Patch } from '@nestjs/common';
import { ApiBody, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthenticatedUser } from '@shotcaller/auth';
import { AssignDriverBody, ShotUpdatedView, Subjects, UpdateShotBody } from '@shotcaller/contracts';
import { ServiceClient, type ServiceAnswer } from '@shotcaller/messaging';
import { OptionalBody } from '../invitations/optional-body.js';
import { NO_FIELDS } from '../shared/no-fields.js';
import { ApiErrors, ApiSignedIn } from '../shared/api-errors.js';
import { RecordId } from '../shared/uuid-param.js';

const { shots } = Subjects.campaign;

/**
 * The shots (initiative entries) of a fight of your current campaign: its gamemaster changes any, a player those of
 * their own characters and vehicles; the gamemaster removes shots and links drivers. Each change is announced as
 * the encounter (the Rails API answered `{success: true}` and let the broadcast carry the change).
 */
@ApiTags('fights')
@ApiSignedIn()
@Controller('api/v2/fights/:fight_id/shots')
export class ShotsController {
  constructor(private readonly services: ServiceClient) {}

  @Patch(':id')
  @ApiOperation({
    summary: 'Change a shot: shot (-10..30, null hides it), count, impairments, color, location, driver',
  })
  @ApiOkResponse({ type: ShotUpdatedView })
  @ApiErrors(400, 403, 404, 415, 422)
  update(
    @CurrentUser() caller: AuthenticatedUser,
    @RecordId('fight_id') fightId: string,
    @RecordId() id: string,
    @Body() body: UpdateShotBody,
  ): Promise<ServiceAnswer<ShotUpdatedView>> {
    return this.services.relay(shots.update, { fight_id: fightId, id, shot: body.shot }, { caller });
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a combatant from the fight (the gamemaster)' })
  @ApiNoContentResponse()
  @ApiErrors(403, 404)
  async delete(
    @CurrentUser() caller: AuthenticatedUser,
    @RecordId('fight_id') fightId: string,
    @RecordId() id: string,
  ): Promise<void> {
    await this.services.request(shots.delete, { fight_id: fightId, id }, { caller });
  }

  @Patch(':id/assign_driver')
  @ApiOperation({
    summary:
      "The character of driver_shot_id drives this vehicle's shot (the gamemaster); one vehicle per driver",
  })
  @ApiOkResponse({ type: ShotUpdatedView })
  @ApiErrors(400, 403, 404, 415, 422)
  assignDriver(
    @CurrentUser() caller: AuthenticatedUser,
    @RecordId('fight_id') fightId: string,
    @RecordId() id: string,
    @Body() body: AssignDriverBody,
  ): Promise<ServiceAnswer<ShotUpdatedView>> {
    const payload = { fight_id: fightId, id, driver_shot_id: body.driver_shot_id };
    return this.services.relay(shots.assignDriver, payload, { caller });
  }

  @Patch(':id/remove_driver')
  @ApiOperation({ summary: "This vehicle's shot has no driver any more (the gamemaster)" })
  @ApiBody(NO_FIELDS)
  @ApiOkResponse({ type: ShotUpdatedView })
  @ApiErrors(400, 403, 404, 415, 422)
  removeDriver(
    @CurrentUser() caller: AuthenticatedUser,
    @RecordId('fight_id') fightId: string,
    @RecordId() id: string,
    @OptionalBody() _body: undefined,
  ): Promise<ServiceAnswer<ShotUpdatedView>> {
    return this.services.relay(shots.removeDriver, { fight_id: fightId, id }, { caller });
  }
}
