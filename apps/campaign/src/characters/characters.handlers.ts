import {
  AdvancementIdPayload,
  CharacterAdvancementsPayload,
  CharactersIndexQuery,
  CreateAdvancementPayload,
  CreateCharacterPayload,
  DeleteRecordPayload,
  RecordIdPayload,
  Subjects,
  UpdateAdvancementPayload,
  UpdateCharacterPayload,
  type Actor,
  type AdvancementView,
  type CharactersIndexView,
  type CharacterView,
} from '@shotcaller/contracts';
import { RpcActor, RpcHandler, RpcHandlers, type Caller, type JsonText } from '@shotcaller/messaging';
import { RpcCaller } from '../users/rpc-caller.js';
import { CharactersService } from './characters.service.js';

const { characters, advancements } = Subjects.campaign;

@RpcHandlers()
export class CharactersHandlers {
  constructor(private readonly characters: CharactersService) {}

  @RpcHandler(characters.list)
  list(
    query: CharactersIndexQuery,
    @RpcActor() actor: Actor,
  ): Promise<CharactersIndexView | JsonText<CharactersIndexView>> {
    return this.characters.list(actor, query);
  }

  @RpcHandler(characters.get)
  get({ id }: RecordIdPayload, @RpcActor() actor: Actor): Promise<CharacterView> {
    return this.characters.get(actor, id);
  }

  @RpcHandler(characters.create)
  create(
    { character }: CreateCharacterPayload,
    @RpcActor() actor: Actor,
    @RpcCaller() caller?: Caller,
  ): Promise<CharacterView> {
    return this.characters.create(actor, character, caller);
  }

  @RpcHandler(characters.update)
  update(
    { id, character }: UpdateCharacterPayload,
    @RpcActor() actor: Actor,
    @RpcCaller() caller?: Caller,
  ): Promise<CharacterView> {
    return this.characters.update(actor, id, character, caller);
  }

  @RpcHandler(characters.delete)
  delete({ id, force }: DeleteRecordPayload, @RpcActor() actor: Actor): Promise<{ deleted: true }> {
    return this.characters.delete(actor, id, force ?? false);
  }

  @RpcHandler(characters.duplicate)
  duplicate(
    { id }: RecordIdPayload,
    @RpcActor() actor: Actor,
    @RpcCaller() caller?: Caller,
  ): Promise<CharacterView> {
    return this.characters.duplicate(actor, id, caller);
  }

  @RpcHandler(advancements.list)
  advancements(
    { character_id }: CharacterAdvancementsPayload,
    @RpcActor() actor: Actor,
  ): Promise<AdvancementView[]> {
    return this.characters.advancements(actor, character_id);
  }

  @RpcHandler(advancements.create)
  addAdvancement(
    { character_id, advancement }: CreateAdvancementPayload,
    @RpcActor() actor: Actor,
  ): Promise<AdvancementView> {
    return this.characters.addAdvancement(actor, character_id, advancement);
  }

  @RpcHandler(advancements.update)
  updateAdvancement(
    { character_id, id, advancement }: UpdateAdvancementPayload,
    @RpcActor() actor: Actor,
  ): Promise<AdvancementView> {
    return this.characters.updateAdvancement(actor, character_id, id, advancement);
  }

  @RpcHandler(advancements.delete)
  deleteAdvancement(
    { character_id, id }: AdvancementIdPayload,
    @RpcActor() actor: Actor,
  ): Promise<{ deleted: true }> {
    return this.characters.deleteAdvancement(actor, character_id, id);
  }
}
