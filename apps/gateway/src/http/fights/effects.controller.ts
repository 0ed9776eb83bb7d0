import { Body, Controller, Delete, HttpCode, Patch, Post } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentUser, type AuthenticatedUser } from '@shotcaller/auth';
import {
  CharacterEffectView,
  CreateCharacterEffectBody,
  CreateEffectBody,
  FightEffectView,
  Subjects,
  UpdateCharacterEffectBody,
  UpdateEffectBody,
  type CharacterEffectChangesDto,
  type CreateCharacterEffectInput,
  type CreateEffectInput,
  type EffectChangesDto,
  type UpdateCharacterEffectInput,
  type UpdateEffectInput,
} from '@shotcaller/contracts';
import { ServiceClient, type ServiceAnswer } from '@shotcaller/messaging';
import { ApiErrors, ApiSignedIn } from '../shared/api-errors.js';
import { RecordId } from '../shared/uuid-param.js';
import { writableFields } from '../shared/writable-fields.js';

const { effects, characterEffects } = Subjects.campaign;

const EFFECT_FIELDS = [
  'name',
  'description',
  'severity',
  'start_sequence',
  'end_sequence',
  'start_shot',
  'end_shot',
] as const;

const CHARACTER_EFFECT_FIELDS = [
  'name',
  'description',
  'severity',
  'action_value',
  'change',
  'shot_id',
] as const;

/** An effect body's writable fields: the client sends the whole effect back; its representation is dropped. */
function writableEffectFields(input: CreateEffectInput | UpdateEffectInput): EffectChangesDto {
  return writableFields(input, EFFECT_FIELDS);
}

function writableCharacterEffectFields(
  input: CreateCharacterEffectInput | UpdateCharacterEffectInput,
): CharacterEffectChangesDto {
  return writableFields(input, CHARACTER_EFFECT_FIELDS);
}

/**
 * The fight-wide effects of a fight of your current campaign (its gamemaster manages them; players see those on
 * now in the encounter). Each change is announced as the encounter.
 */
@ApiTags('fights')
@ApiSignedIn()
@Controller('api/v2/fights/:fight_id/effects')
export class EffectsController {
  constructor(private readonly services: ServiceClient) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary:
      'Add a fight-wide effect (the gamemaster): on from (start_sequence, start_shot) to (end_sequence, end_shot), a missing side open',
  })
  @ApiCreatedResponse({ type: FightEffectView })
  @ApiErrors(400, 403, 404, 415, 422)
  create(
    @CurrentUser() caller: AuthenticatedUser,
    @RecordId('fight_id') fightId: string,
    @Body() body: CreateEffectBody,
  ): Promise<ServiceAnswer<FightEffectView>> {
    const effect = { name: body.effect.name, ...writableEffectFields(body.effect) };
    return this.services.relay(effects.create, { fight_id: fightId, effect }, { caller });
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change a fight-wide effect (the gamemaster)' })
  @ApiOkResponse({ type: FightEffectView })
  @ApiErrors(400, 403, 404, 415, 422)
  update(
    @CurrentUser() caller: AuthenticatedUser,
    @RecordId('fight_id') fightId: string,
    @RecordId() id: string,
    @Body() body: UpdateEffectBody,
  ): Promise<ServiceAnswer<FightEffectView>> {
    const payload = { fight_id: fightId, id, effect: writableEffectFields(body.effect) };
    return this.services.relay(effects.update, payload, { caller });
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a fight-wide effect (the gamemaster)' })
  @ApiNoContentResponse()
  @ApiErrors(403, 404)
  async delete(
    @CurrentUser() caller: AuthenticatedUser,
    @RecordId('fight_id') fightId: string,
    @RecordId() id: string,
  ): Promise<void> {
    await this.services.request(effects.delete, { fight_id: fightId, id }, { caller });
  }
}

/**
 * The effects on combatants of a fight of your current campaign, each on a shot of that fight (its gamemaster
 * manages them; the encounter shows them on each combatant). Each change is announced as the encounter.
 */
@ApiTags('fights')
@ApiSignedIn()
@Controller('api/v2/fights/:fight_id/character_effects')
export class CharacterEffectsController {
  constructor(private readonly services: ServiceClient) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary:
      'Add an effect on a combatant\'s shot of this fight (the gamemaster): action_value changed by change ("+1", "-2")',
  })
  @ApiCreatedResponse({ type: CharacterEffectView })
  @ApiErrors(400, 403, 404, 415, 422)
  create(
    @CurrentUser() caller: AuthenticatedUser,
    @RecordId('fight_id') fightId: string,
    @Body() body: CreateCharacterEffectBody,
  ): Promise<ServiceAnswer<CharacterEffectView>> {
    const fields = body.character_effect;
    const effect = { name: fields.name, shot_id: fields.shot_id, ...writableCharacterEffectFields(fields) };
    return this.services.relay(
      characterEffects.create,
      { fight_id: fightId, character_effect: effect },
      { caller },
    );
  }

  @Patch(':id')
  @ApiOperation({ summary: "Change an effect on a combatant's shot (the gamemaster)" })
  @ApiOkResponse({ type: CharacterEffectView })
  @ApiErrors(400, 403, 404, 415, 422)
  update(
    @CurrentUser() caller: AuthenticatedUser,
    @RecordId('fight_id') fightId: string,
    @RecordId() id: string,
    @Body() body: UpdateCharacterEffectBody,
  ): Promise<ServiceAnswer<CharacterEffectView>> {
    const payload = {
      fight_id: fightId,
      id,
      character_effect: writableCharacterEffectFields(body.character_effect),
    };
    return this.services.relay(characterEffects.update, payload, { caller });
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: "Remove an effect from a combatant's shot (the gamemaster)" })
  @ApiNoContentResponse()
  @ApiErrors(403, 404)
  async delete(
    @CurrentUser() caller: AuthenticatedUser,
    @RecordId('fight_id') fightId: string,
    @RecordId() id: string,
  ): Promise<void> {
    await this.services.request(characterEffects.delete, { fight_id: fightId, id }, { caller });
  }
}
