import { Body, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { CurrentUser, type AuthenticatedUser } from '@shotcaller/auth';
import {
  CreateFightBody,
  DeleteRecordQuery,
  EndFightBody,
  FightEventBody,
  FightEventView,
  FightsIndexQuery,
  FightsIndexView,
  FightView,
  Subjects,
  UpdateFightBody,
  type CreateFightInput,
  type FightChangesDto,
  type UpdateFightInput,
} from '@shotcaller/contracts';
import { ServiceClient, type ServiceAnswer } from '@shotcaller/messaging';
import { OptionalBody } from '../invitations/optional-body.js';
import { NO_FIELDS } from '../shared/no-fields.js';
import { ApiErrors } from '../shared/api-errors.js';
import {
  CreateRecordRoute,
  DeleteRecordRoute,
  GetRecordRoute,
  ListRecordsRoute,
  RecordsController,
  UpdateRecordRoute,
} from '../shared/record-routes.js';
import { RecordId } from '../shared/uuid-param.js';
import { writableFields } from '../shared/writable-fields.js';

const { fights } = Subjects.campaign;

const FIGHT_FIELDS = [
  'name',
  'description',
  'active',
  'archived',
  'sequence',
  'started_at',
  'ended_at',
  'season',
  'session',
  'character_ids',
  'vehicle_ids',
] as const;

/** The writable fields of a fight body: the client sends the whole record back; the rest is dropped here. */
function writableFightFields(input: CreateFightInput | UpdateFightInput): FightChangesDto {
  return writableFields(input, FIGHT_FIELDS);
}

/**
 * The fights of your current campaign: its players read them and write the fight log, its gamemaster creates,
 * changes, ends and deletes them. Combatants join through `character_ids` / `vehicle_ids` (one entry per shot),
 * each as a hidden shot.
 */
@RecordsController('fights')
export class FightsController {
  constructor(private readonly services: ServiceClient) {}

  @ListRecordsRoute(
    FightsIndexView,
    'Fights of your current campaign, paged (Rails index parameters, status Unstarted|Started|Ended, season, session, character_id, vehicle_id, user_id), with the seasons',
  )
  list(
    @CurrentUser() caller: AuthenticatedUser,
    @Query() query: FightsIndexQuery,
  ): Promise<ServiceAnswer<FightsIndexView>> {
    return this.services.relay(fights.list, query, { caller });
  }

  @CreateRecordRoute(
    'fight',
    FightView,
    'Create a fight in your current campaign (its gamemaster); character_ids and vehicle_ids join as hidden shots',
  )
  create(
    @CurrentUser() caller: AuthenticatedUser,
    @Body() body: CreateFightBody,
  ): Promise<ServiceAnswer<FightView>> {
    const fight = { name: body.fight.name, ...writableFightFields(body.fight) };
    return this.services.relay(fights.create, { fight }, { caller });
  }

  @GetRecordRoute(FightView, 'One fight of your current campaign, with its combatants and effects')
  get(@CurrentUser() caller: AuthenticatedUser, @RecordId() id: string): Promise<ServiceAnswer<FightView>> {
    return this.services.relay(fights.get, { id }, { caller });
  }

  @UpdateRecordRoute(
    'fight',
    FightView,
    'Change a fight (the gamemaster); character_ids and vehicle_ids, when sent, are the complete lists, one entry per shot',
  )
  update(
    @CurrentUser() caller: AuthenticatedUser,
    @RecordId() id: string,
    @Body() body: UpdateFightBody,
  ): Promise<ServiceAnswer<FightView>> {
    return this.services.relay(fights.update, { id, fight: writableFightFields(body.fight) }, { caller });
  }

  @DeleteRecordRoute('Delete a fight with its shots, effects and log (the gamemaster)')
  async delete(
    @CurrentUser() caller: AuthenticatedUser,
    @RecordId() id: string,
    @Query() _query: DeleteRecordQuery,
  ): Promise<void> {
    await this.services.request(fights.delete, { id }, { caller });
  }

  @Patch(':id/end_fight')
  @ApiOperation({
    summary: 'End a fight (the gamemaster), with optional notes; 422 when it has already ended',
  })
  @ApiBody({ type: EndFightBody, required: false })
  @ApiOkResponse({ type: FightView })
  @ApiErrors(400, 403, 404, 415, 422)
  endFight(
    @CurrentUser() caller: AuthenticatedUser,
    @RecordId() id: string,
    @OptionalBody(EndFightBody) body: EndFightBody | undefined,
  ): Promise<ServiceAnswer<FightView>> {
    const notes = body?.notes;
    return this.services.relay(
      fights.endFight,
      { id, ...(notes !== undefined ? { notes } : {}) },
      { caller },
    );
  }

  @Patch(':id/touch')
  @ApiOperation({ summary: "Announce the fight's shot counter again to everyone following it" })
  @ApiBody(NO_FIELDS)
  @ApiOkResponse({ type: FightView })
  @ApiErrors(400, 404, 415, 422)
  touch(
    @CurrentUser() caller: AuthenticatedUser,
    @RecordId() id: string,
    @OptionalBody() _body: undefined,
  ): Promise<ServiceAnswer<FightView>> {
    return this.services.relay(fights.touch, { id }, { caller });
  }

  @Get(':id/fight_events')
  @ApiOperation({ summary: "The fight's log, oldest first" })
  @ApiOkResponse({ type: [FightEventView] })
  @ApiErrors(404)
  events(
    @CurrentUser() caller: AuthenticatedUser,
    @RecordId() id: string,
  ): Promise<ServiceAnswer<FightEventView[]>> {
    return this.services.relay(fights.events, { id }, { caller });
  }

  @Post(':id/fight_events')
  @HttpCode(201)
  @ApiOperation({ summary: "Add an entry to the fight's log (any member of its campaign)" })
  @ApiCreatedResponse({ type: FightEventView })
  @ApiErrors(400, 404, 415, 422)
  logEvent(
    @CurrentUser() caller: AuthenticatedUser,
    @RecordId() id: string,
    @Body() body: FightEventBody,
  ): Promise<ServiceAnswer<FightEventView>> {
    return this.services.relay(fights.logEvent, { id, fight_event: body.fight_event }, { caller });
  }
}
