import { Body, Controller, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthenticatedUser } from '@shotcaller/auth';
import {
  CampaignsIndexQuery,
  CampaignsIndexView,
  CampaignView,
  CreateCampaignBody,
  DeleteRecordQuery,
  EmptyPayload,
  SetCurrentCampaignBody,
  Subjects,
  UpdateCampaignBody,
  type CampaignIdPayload,
  type CreateCampaignPayload,
  type UpdateCampaignPayload,
} from '@shotcaller/contracts';
import { ServiceClient, type ServiceAnswer } from '@shotcaller/messaging';
import { ApiErrors, ApiSignedIn } from '../shared/api-errors.js';
import { AcceptsMultipartRecord } from '../shared/multipart-record.interceptor.js';
import { DeleteRecordRoute, deletePayload } from '../shared/record-routes.js';
import { RecordId } from '../shared/uuid-param.js';
import { writableCampaignFields } from './campaign-input.js';

@ApiTags('campaigns')
@ApiSignedIn()
@Controller('api/v2/campaigns')
export class CampaignsController {
  constructor(private readonly services: ServiceClient) {}

  @Get()
  @ApiOperation({ summary: 'Campaigns you run or play in, paged (Rails index parameters)' })
  @ApiOkResponse({ type: CampaignsIndexView })
  @ApiErrors(422)
  list(
    @CurrentUser() caller: AuthenticatedUser,
    @Query() query: CampaignsIndexQuery,
  ): Promise<ServiceAnswer<CampaignsIndexView>> {
    return this.services.relay(Subjects.campaign.campaigns.list, query, { caller });
  }

  @Post()
  @HttpCode(201)
  @AcceptsMultipartRecord('campaign')
  @ApiOperation({
    summary: 'Create a campaign (gamemasters); JSON, or multipart with the record in a "campaign" field',
  })
  @ApiCreatedResponse({ type: CampaignView })
  @ApiErrors(400, 403, 422)
  create(
    @CurrentUser() caller: AuthenticatedUser,
    @Body() body: CreateCampaignBody,
  ): Promise<ServiceAnswer<CampaignView>> {
    const payload: CreateCampaignPayload = {
      campaign: { name: body.campaign.name, ...writableCampaignFields(body.campaign) },
    };
    return this.services.relay(Subjects.campaign.campaigns.create, payload, { caller });
  }

  @Get('current')
  @ApiOperation({ summary: 'Your current campaign; 404 when none is set' })
  @ApiOkResponse({ type: CampaignView })
  @ApiErrors(404)
  current(@CurrentUser() caller: AuthenticatedUser): Promise<ServiceAnswer<CampaignView>> {
    return this.services.relay(Subjects.campaign.campaigns.getCurrent, new EmptyPayload(), { caller });
  }

  @Post('current')
  @HttpCode(200)
  @ApiOperation({ summary: 'Set your current campaign; {"id": null} clears it (answers null)' })
  @ApiOkResponse({ type: CampaignView, description: 'The campaign, or null when cleared' })
  @ApiErrors(404, 422)
  setCurrent(
    @CurrentUser() caller: AuthenticatedUser,
    @Body() body: SetCurrentCampaignBody,
  ): Promise<CampaignView | null> {
    return this.changeCurrent(caller, body.id);
  }

  @Patch('set')
  @ApiOperation({ summary: 'Same as POST current (the newer client clears with {"id": null} here)' })
  @ApiOkResponse({ type: CampaignView, description: 'The campaign, or null when cleared' })
  @ApiErrors(404, 422)
  setCurrentByBody(
    @CurrentUser() caller: AuthenticatedUser,
    @Body() body: SetCurrentCampaignBody,
  ): Promise<CampaignView | null> {
    return this.changeCurrent(caller, body.id);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One campaign with its members; 404 unless you run or play in it' })
  @ApiOkResponse({ type: CampaignView })
  @ApiErrors(404)
  get(
    @CurrentUser() caller: AuthenticatedUser,
    @RecordId() id: string,
  ): Promise<ServiceAnswer<CampaignView>> {
    const payload: CampaignIdPayload = { id };
    return this.services.relay(Subjects.campaign.campaigns.get, payload, { caller });
  }

  @Patch(':id')
  @AcceptsMultipartRecord('campaign')
  @ApiOperation({ summary: 'Change a campaign (its gamemaster); user_ids replaces the member list' })
  @ApiOkResponse({ type: CampaignView })
  @ApiErrors(400, 403, 404, 422)
  update(
    @CurrentUser() caller: AuthenticatedUser,
    @RecordId() id: string,
    @Body() body: UpdateCampaignBody,
  ): Promise<ServiceAnswer<CampaignView>> {
    const payload: UpdateCampaignPayload = { id, campaign: writableCampaignFields(body.campaign) };
    return this.services.relay(Subjects.campaign.campaigns.update, payload, { caller });
  }

  @DeleteRecordRoute(
    'Delete a campaign (its gamemaster); 422 associations_exist while records belong to it, unless force=true deletes them with it (its memberships always go with it)',
  )
  async delete(
    @CurrentUser() caller: AuthenticatedUser,
    @RecordId() id: string,
    @Query() query: DeleteRecordQuery,
  ): Promise<void> {
    await this.services.request(Subjects.campaign.campaigns.delete, deletePayload(id, query), { caller });
  }

  @Patch(':id/set')
  @ApiOperation({ summary: 'Make this campaign your current one' })
  @ApiOkResponse({ type: CampaignView })
  @ApiErrors(404)
  async setCurrentById(
    @CurrentUser() caller: AuthenticatedUser,
    @RecordId() id: string,
  ): Promise<CampaignView | null> {
    return this.changeCurrent(caller, id);
  }

  private async changeCurrent(caller: AuthenticatedUser, id: string | null): Promise<CampaignView | null> {
    const { campaign } = await this.services.request(
      Subjects.campaign.campaigns.setCurrent,
      { id },
      { caller },
    );
    return campaign;
  }
}
