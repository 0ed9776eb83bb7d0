import {
  CreateFactionPayload,
  DeleteRecordPayload,
  RecordIdPayload,
  FactionsIndexQuery,
  Subjects,
  UpdateFactionPayload,
  type Actor,
  type FactionsIndexView,
  type FactionView,
} from '@shotcaller/contracts';
import { RpcActor, RpcHandler, RpcHandlers } from '@shotcaller/messaging';
import { FactionsService } from './factions.service.js';

const { factions } = Subjects.campaign;

@RpcHandlers()
export class FactionsHandlers {
  constructor(private readonly factions: FactionsService) {}

  @RpcHandler(factions.list)
  list(query: FactionsIndexQuery, @RpcActor() actor: Actor): Promise<FactionsIndexView> {
    return this.factions.list(actor, query);
  }

  @RpcHandler(factions.get)
  get({ id }: RecordIdPayload, @RpcActor() actor: Actor): Promise<FactionView> {
    return this.factions.get(actor, id);
  }

  @RpcHandler(factions.create)
  create({ faction }: CreateFactionPayload, @RpcActor() actor: Actor): Promise<FactionView> {
    return this.factions.create(actor, faction);
  }

  @RpcHandler(factions.update)
  update({ id, faction }: UpdateFactionPayload, @RpcActor() actor: Actor): Promise<FactionView> {
    return this.factions.update(actor, id, faction);
  }

  @RpcHandler(factions.delete)
  delete({ id, force }: DeleteRecordPayload, @RpcActor() actor: Actor): Promise<{ deleted: true }> {
    return this.factions.delete(actor, id, force ?? false);
  }
}
