import {
  ActPayload,
  ApplyChaseActionPayload,
  ApplyCombatActionPayload,
  RecordIdPayload,
  Subjects,
  UpdateInitiativesPayload,
  type Actor,
  type EncounterView,
} from '@shotcaller/contracts';
import { JsonText, RpcActor, RpcHandler, RpcHandlers, type Caller } from '@shotcaller/messaging';
import { RpcCaller } from '../users/rpc-caller.js';
import { EncountersService } from './encounters.service.js';

const { encounters } = Subjects.campaign;

@RpcHandlers()
export class EncountersHandlers {
  constructor(private readonly encounters: EncountersService) {}

  @RpcHandler(encounters.get)
  get({ id }: RecordIdPayload, @RpcActor() actor: Actor): Promise<JsonText<EncounterView>> {
    return this.encounters.get(actor, id);
  }

  @RpcHandler(encounters.updateInitiatives)
  updateInitiatives(
    payload: UpdateInitiativesPayload,
    @RpcActor() actor: Actor,
    @RpcCaller() caller?: Caller,
  ): Promise<EncounterView> {
    return this.encounters.updateInitiatives(actor, payload, caller);
  }

  @RpcHandler(encounters.act)
  act(payload: ActPayload, @RpcActor() actor: Actor): Promise<EncounterView> {
    return this.encounters.act(actor, payload);
  }

  @RpcHandler(encounters.applyCombatAction)
  applyCombatAction(payload: ApplyCombatActionPayload, @RpcActor() actor: Actor): Promise<EncounterView> {
    return this.encounters.applyCombatAction(actor, payload);
  }

  @RpcHandler(encounters.applyChaseAction)
  applyChaseAction(payload: ApplyChaseActionPayload, @RpcActor() actor: Actor): Promise<EncounterView> {
    return this.encounters.applyChaseAction(actor, payload);
  }
}
