import {
  CreateCharacterEffectPayload,
  CreateEffectPayload,
  FightEffectIdPayload,
  Subjects,
  UpdateCharacterEffectPayload,
  UpdateEffectPayload,
  type Actor,
  type CharacterEffectView,
  type FightEffectView,
} from '@shotcaller/contracts';
import { RpcActor, RpcHandler, RpcHandlers } from '@shotcaller/messaging';
import { EffectsService } from './effects.service.js';

const { effects, characterEffects } = Subjects.campaign;

@RpcHandlers()
export class EffectsHandlers {
  constructor(private readonly effects: EffectsService) {}

  @RpcHandler(effects.create)
  create({ fight_id, effect }: CreateEffectPayload, @RpcActor() actor: Actor): Promise<FightEffectView> {
    return this.effects.createEffect(actor, fight_id, effect);
  }

  @RpcHandler(effects.update)
  update({ fight_id, id, effect }: UpdateEffectPayload, @RpcActor() actor: Actor): Promise<FightEffectView> {
    return this.effects.updateEffect(actor, fight_id, id, effect);
  }

  @RpcHandler(effects.delete)
  delete({ fight_id, id }: FightEffectIdPayload, @RpcActor() actor: Actor): Promise<{ deleted: true }> {
    return this.effects.deleteEffect(actor, fight_id, id);
  }

  @RpcHandler(characterEffects.create)
  createOnShot(
    { fight_id, character_effect }: CreateCharacterEffectPayload,
    @RpcActor() actor: Actor,
  ): Promise<CharacterEffectView> {
    return this.effects.createCharacterEffect(actor, fight_id, character_effect);
  }

  @RpcHandler(characterEffects.update)
  updateOnShot(
    { fight_id, id, character_effect }: UpdateCharacterEffectPayload,
    @RpcActor() actor: Actor,
  ): Promise<CharacterEffectView> {
    return this.effects.updateCharacterEffect(actor, fight_id, id, character_effect);
  }

  @RpcHandler(characterEffects.delete)
  deleteOnShot({ fight_id, id }: FightEffectIdPayload, @RpcActor() actor: Actor): Promise<{ deleted: true }> {
    return this.effects.deleteCharacterEffect(actor, fight_id, id);
  }
}
