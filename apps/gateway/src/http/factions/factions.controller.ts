import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query, UseInterceptors } from '@nestjs/common';
import {
  ApiConsumes,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentUser, type AuthenticatedUser } from '@shotcaller/auth';
import {
  CreateFactionBody,
  DeleteFactionQuery,
  FactionsIndexQuery,
  FactionsIndexView,
  FactionView,
  Subjects,
  UpdateFactionBody,
  type CreateFactionInput,
  type DeleteFactionPayload,
  type FactionChangesDto,
  type FactionIdPayload,
  type UpdateFactionInput,
} from '@shotcaller/contracts';
import { ServiceClient, type ServiceAnswer } from '@shotcaller/messaging';
import { ApiErrors, ApiSignedIn } from '../shared/api-errors.js';
import { MultipartRecord } from '../shared/multipart-record.interceptor.js';
import { RecordId } from '../shared/uuid-param.js';

const { factions } = Subjects.campaign;

/** The writable fields of a faction body: the client sends the whole record back; the rest is dropped here. */
function writableFactionFields(input: CreateFactionInput | UpdateFactionInput): FactionChangesDto {
  const fields: FactionChangesDto = {
    name: input.name,
    description: input.description,
    active: input.active,
    character_ids: input.character_ids,
    vehicle_ids: input.vehicle_ids,
    party_ids: input.party_ids,
    site_ids: input.site_ids,
    juncture_ids: input.juncture_ids,
  };
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}

/** The factions of your current campaign: its players read them, its gamemaster changes them. */
@ApiTags('factions')
@ApiSignedIn()
@Controller('api/v2/factions')
export class FactionsController {
  constructor(private readonly services: ServiceClient) {}

  @Get()
  @ApiOperation({ summary: 'Factions of your current campaign, paged (Rails index parameters)' })
  @ApiOkResponse({ type: FactionsIndexView })
  @ApiErrors(404, 422)
  list(
    @CurrentUser() caller: AuthenticatedUser,
    @Query() query: FactionsIndexQuery,
  ): Promise<ServiceAnswer<FactionsIndexView>> {
    return this.services.relay(factions.list, query, { caller });
  }

  @Post()
  @HttpCode(201)
  @UseInterceptors(MultipartRecord('faction'))
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiOperation({ summary: 'Create a faction in your current campaign (its gamemaster)' })
  @ApiCreatedResponse({ type: FactionView })
  @ApiErrors(400, 403, 404, 415, 422)
  create(
    @CurrentUser() caller: AuthenticatedUser,
    @Body() body: CreateFactionBody,
  ): Promise<ServiceAnswer<FactionView>> {
    const faction = { name: body.faction.name, ...writableFactionFields(body.faction) };
    return this.services.relay(factions.create, { faction }, { caller });
  }

  @Get(':id')
  @ApiOperation({ summary: 'One faction of your current campaign, with what belongs to it' })
  @ApiOkResponse({ type: FactionView })
  @ApiErrors(404)
  get(@CurrentUser() caller: AuthenticatedUser, @RecordId() id: string): Promise<ServiceAnswer<FactionView>> {
    const payload: FactionIdPayload = { id };
    return this.services.relay(factions.get, payload, { caller });
  }

  @Patch(':id')
  @UseInterceptors(MultipartRecord('faction'))
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiOperation({ summary: 'Change a faction (the gamemaster); each *_ids list sent replaces that list' })
  @ApiOkResponse({ type: FactionView })
  @ApiErrors(400, 403, 404, 415, 422)
  update(
    @CurrentUser() caller: AuthenticatedUser,
    @RecordId() id: string,
    @Body() body: UpdateFactionBody,
  ): Promise<ServiceAnswer<FactionView>> {
    return this.services.relay(
      factions.update,
      { id, faction: writableFactionFields(body.faction) },
      { caller },
    );
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    summary:
      'Delete a faction (the gamemaster); 422 associations_exist while records belong to it, unless force=true unlinks them',
  })
  @ApiNoContentResponse()
  @ApiErrors(403, 404, 422)
  async delete(
    @CurrentUser() caller: AuthenticatedUser,
    @RecordId() id: string,
    @Query() query: DeleteFactionQuery,
  ): Promise<void> {
    const payload: DeleteFactionPayload = {
      id,
      ...(query.force !== undefined ? { force: query.force } : {}),
    };
    await this.services.request(factions.delete, payload, { caller });
  }
}
