import { Body, Controller, Delete, HttpCode, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthenticatedUser } from '@shotcaller/auth';
import { CampaignView, MembershipBody, RemoveMembershipQuery, Subjects } from '@shotcaller/contracts';
import { ServiceClient, type ServiceAnswer } from '@shotcaller/messaging';
import { ApiErrors, ApiSignedIn } from '../shared/api-errors.js';

@ApiTags('campaigns')
@ApiSignedIn()
@Controller('api/v2/campaign_memberships')
export class MembershipsController {
  constructor(private readonly services: ServiceClient) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'The gamemaster adds a player, by user_id or email' })
  @ApiCreatedResponse({ type: CampaignView })
  @ApiErrors(400, 403, 404, 409, 422)
  add(
    @CurrentUser() caller: AuthenticatedUser,
    @Body() body: MembershipBody,
  ): Promise<ServiceAnswer<CampaignView>> {
    return this.services.relay(Subjects.campaign.memberships.add, body.membership, { caller });
  }

  @Delete()
  @HttpCode(204)
  @ApiOperation({ summary: 'The gamemaster removes a player, or a player leaves' })
  @ApiNoContentResponse()
  @ApiErrors(403, 404, 422)
  async remove(
    @CurrentUser() caller: AuthenticatedUser,
    @Query() query: RemoveMembershipQuery,
  ): Promise<void> {
    await this.services.request(Subjects.campaign.memberships.remove, query, { caller });
  }
}
