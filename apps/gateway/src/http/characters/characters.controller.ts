import { Body, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBody,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
} from '@nestjs/swagger';
import { CurrentUser, type AuthenticatedUser } from '@shotcaller/auth';
import {
  AdvancementBody,
  AdvancementView,
  CharactersIndexQuery,
  CharactersIndexView,
  CharacterView,
  CreateCharacterBody,
  Subjects,
  UpdateCharacterBody,
} from '@shotcaller/contracts';
import type { ServiceAnswer } from '@shotcaller/messaging';
import { OptionalBody } from '../invitations/optional-body.js';
import { ApiErrors } from '../shared/api-errors.js';
import { RecordRoutes } from '../shared/record-controller.js';
import { RecordsController } from '../shared/record-routes.js';
import { NO_FIELDS } from '../shared/no-fields.js';
import { RecordId } from '../shared/uuid-param.js';

const { characters, advancements } = Subjects.campaign;

const CHARACTER_FIELDS = [
  'name',
  'active',
  'is_template',
  'task',
  'color',
  'impairments',
  'wealth',
  'summary',
  'faction_id',
  'juncture_id',
  'user_id',
  'equipped_weapon_id',
  'action_values',
  'skills',
  'description',
  'status',
  'schtick_ids',
  'weapon_ids',
  'site_ids',
  'party_ids',
] as const;

/**
 * The characters of your current campaign: its members read them (templates: admins only), any member makes
 * their own, a player changes only theirs and the gamemaster all of them.
 */
@RecordsController('characters')
export class CharactersController extends RecordRoutes({
  key: 'character',
  imageOwner: 'Character',
  subjects: characters,
  fields: CHARACTER_FIELDS,
  view: CharacterView,
  list: {
    query: CharactersIndexQuery,
    view: CharactersIndexView,
    summary:
      'Characters of your current campaign, paged (Rails index parameters and filters), with their factions and archetypes',
  },
  create: {
    body: CreateCharacterBody,
    summary:
      'Create a character in your current campaign (any member; it is yours unless the gamemaster names a player)',
  },
  get: {
    summary:
      'One character of your current campaign, with its player, faction, juncture, schticks, weapons, sites, parties and advancements',
  },
  update: {
    body: UpdateCharacterBody,
    summary:
      'Change a character (its player or the gamemaster); action_values and skills merge into the stored ones, *_ids replace their lists',
  },
  delete: {
    summary:
      'Delete a character (its player or the gamemaster); 422 associations_exist while it is in a fight or a party, unless force=true takes it out of them',
  },
}) {
  // A route of the subclass: registered before the inherited `:id`, which would otherwise take "names" for an id.
  @Get('names')
  @ApiOperation({ summary: 'Names of the characters (the index with autocomplete=true, same parameters)' })
  @ApiOkResponse({ type: CharactersIndexView })
  @ApiErrors(404, 422)
  names(
    @CurrentUser() caller: AuthenticatedUser,
    @Query() query: CharactersIndexQuery,
  ): Promise<ServiceAnswer<CharactersIndexView>> {
    return this.services.relay(characters.list, { ...query, autocomplete: true }, { caller });
  }

  @Post(':id/duplicate')
  @HttpCode(201)
  @ApiOperation({ summary: 'A copy of the character under a free name ("X (1)"), owned by you' })
  // The client posts nothing (or `{}`).
  @ApiBody(NO_FIELDS)
  @ApiCreatedResponse({ type: CharacterView })
  @ApiErrors(400, 404, 415, 422)
  duplicate(
    @CurrentUser() caller: AuthenticatedUser,
    @RecordId() id: string,
    @OptionalBody() _body: undefined,
  ): Promise<ServiceAnswer<CharacterView>> {
    return this.services.relay(characters.duplicate, { id }, { caller });
  }

  @Get(':character_id/advancements')
  @ApiOperation({ summary: "A character's advancements, oldest first" })
  @ApiOkResponse({ type: [AdvancementView] })
  @ApiErrors(404)
  advancements(
    @CurrentUser() caller: AuthenticatedUser,
    @RecordId('character_id') characterId: string,
  ): Promise<ServiceAnswer<AdvancementView[]>> {
    return this.services.relay(advancements.list, { character_id: characterId }, { caller });
  }

  @Post(':character_id/advancements')
  @HttpCode(201)
  @ApiOperation({ summary: 'Add an advancement (its player or the gamemaster)' })
  @ApiCreatedResponse({ type: AdvancementView })
  @ApiErrors(400, 403, 404, 415, 422)
  addAdvancement(
    @CurrentUser() caller: AuthenticatedUser,
    @RecordId('character_id') characterId: string,
    @Body() body: AdvancementBody,
  ): Promise<ServiceAnswer<AdvancementView>> {
    const advancement = { description: body.advancement.description };
    return this.services.relay(advancements.create, { character_id: characterId, advancement }, { caller });
  }

  @Patch(':character_id/advancements/:id')
  @ApiOperation({ summary: 'Change an advancement (its player or the gamemaster)' })
  @ApiOkResponse({ type: AdvancementView })
  @ApiErrors(400, 403, 404, 415, 422)
  updateAdvancement(
    @CurrentUser() caller: AuthenticatedUser,
    @RecordId('character_id') characterId: string,
    @RecordId() id: string,
    @Body() body: AdvancementBody,
  ): Promise<ServiceAnswer<AdvancementView>> {
    const advancement = { description: body.advancement.description };
    return this.services.relay(
      advancements.update,
      { character_id: characterId, id, advancement },
      { caller },
    );
  }

  @Delete(':character_id/advancements/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete an advancement (its player or the gamemaster)' })
  @ApiNoContentResponse()
  @ApiErrors(403, 404)
  async deleteAdvancement(
    @CurrentUser() caller: AuthenticatedUser,
    @RecordId('character_id') characterId: string,
    @RecordId() id: string,
  ): Promise<void> {
    await this.services.request(advancements.delete, { character_id: characterId, id }, { caller });
  }
}
