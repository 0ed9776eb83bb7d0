import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthenticatedUser } from '@shotcaller/auth';
import { EmptyPayload, PongReply, Subjects } from '@shotcaller/contracts';
import { ServiceClient, type ServiceAnswer } from '@shotcaller/messaging';
import { ApiSignedIn } from '../shared/api-errors.js';

@ApiTags('sessions')
@ApiSignedIn()
@Controller('api/v2/ping')
export class PingController {
  constructor(private readonly services: ServiceClient) {}

  @Get()
  @ApiOperation({
    summary:
      'Checks your token and the path to the services: campaign answers who you are, touching no store',
  })
  @ApiOkResponse({ type: PongReply })
  ping(@CurrentUser() caller: AuthenticatedUser): Promise<ServiceAnswer<PongReply>> {
    return this.services.relay(Subjects.campaign.sessions.whoami, new EmptyPayload(), { caller });
  }
}
