import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthenticatedUser } from '@shotcaller/auth';
import { FightView, PartyView, Subjects } from '@shotcaller/contracts';
import { ServiceClient, type ServiceAnswer } from '@shotcaller/messaging';
import { OptionalBody } from '../invitations/optional-body.js';
import { NO_FIELDS } from '../shared/no-fields.js';
import { ApiErrors, ApiSignedIn } from '../shared/api-errors.js';
import { RecordId } from '../shared/uuid-param.js';

const { fights } = Subjects.campaign;

/** The routes that reach fights from parties and campaigns, as the Rails-era client calls them. */
@ApiTags('fights')
@ApiSignedIn()
@Controller('api/v2')
export class FightLinksController {
  constructor(private readonly services: ServiceClient) {}

  @Post('parties/:party_id/fight/:fight_id')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Every member of the party (characters and vehicles) joins the fight as a hidden shot; those already in it stay (the gamemaster). Answers the party',
  })
  @ApiBody(NO_FIELDS)
  @ApiOkResponse({ type: PartyView })
  @ApiErrors(400, 403, 404, 415, 422)
  addParty(
    @CurrentUser() caller: AuthenticatedUser,
    @RecordId('party_id') partyId: string,
    @RecordId('fight_id') fightId: string,
    @OptionalBody() _body: undefined,
  ): Promise<ServiceAnswer<PartyView>> {
    return this.services.relay(fights.addParty, { party_id: partyId, fight_id: fightId }, { caller });
  }

  @Get('campaigns/:id/current_fight')
  @ApiOperation({ summary: "The campaign's latest started fight that has not ended, or null" })
  @ApiOkResponse({ type: FightView })
  @ApiErrors(404)
  currentFight(
    @CurrentUser() caller: AuthenticatedUser,
    @RecordId() id: string,
  ): Promise<ServiceAnswer<FightView | null>> {
    return this.services.relay(fights.current, { campaign_id: id }, { caller });
  }
}
