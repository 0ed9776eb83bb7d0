import { Body, Get, HttpCode, Patch, Post } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { CurrentUser, type AuthenticatedUser } from '@shotcaller/auth';
import {
  CreateFightBody,
  EndFightBody,
  FightEventBody,
  FightEventView,
  FightsIndexQuery,
  FightsIndexView,
  FightView,
  Subjects,
  UpdateFightBody,
} from '@shotcaller/contracts';
import type { ServiceAnswer } from '@shotcaller/messaging';
import { OptionalBody } from '../invitations/optional-body.js';
import { NO_FIELDS } from '../shared/no-fields.js';
import { ApiErrors } from '../shared/api-errors.js';
import { RecordRoutes } from '../shared/record-controller.js';
import { RecordsController } from '../shared/record-routes.js';
import { RecordId } from '../shared/uuid-param.js';

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

/**
 * The fights of your current campaign: its players read them and write the fight log, its gamemaster creates,
 * changes, ends and deletes them. Combatants join through `character_ids` / `vehicle_ids` (one entry per shot),
 * each as a hidden shot.
 */
@RecordsController('fights')
export class FightsController extends RecordRoutes({
  key: 'fight',
  imageOwner: 'Fight',
  subjects: fights,
  fields: FIGHT_FIELDS,
  view: FightView,
  list: {
    query: FightsIndexQuery,
    view: FightsIndexView,
    summary:
      'Fights of your current campaign, paged (Rails index parameters, status Unstarted|Started|Ended, season, session, character_id, vehicle_id, user_id), with the seasons',
  },
  create: {
    body: CreateFightBody,
    summary:
      'Create a fight in your current campaign (its gamemaster); character_ids and vehicle_ids join as hidden shots',
  },
  get: { summary: 'One fight of your current campaign, with its combatants and effects' },
  update: {
    body: UpdateFightBody,
    summary:
      'Change a fight (the gamemaster); character_ids and vehicle_ids, when sent, are the complete lists, one entry per shot',
  },
  // A fight's shots, effects and log go with it: nothing to force.
  delete: { summary: 'Delete a fight with its shots, effects and log (the gamemaster)', force: false },
}) {
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
