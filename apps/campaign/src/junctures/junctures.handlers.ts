import {
  CreateJuncturePayload,
  DeleteRecordPayload,
  RecordIdPayload,
  JuncturesIndexQuery,
  Subjects,
  UpdateJuncturePayload,
  type Actor,
  type JuncturesIndexView,
  type JunctureView,
} from '@shotcaller/contracts';
import { RpcActor, RpcHandler, RpcHandlers } from '@shotcaller/messaging';
import { JuncturesService } from './junctures.service.js';

const { junctures } = Subjects.campaign;

@RpcHandlers()
export class JuncturesHandlers {
  constructor(private readonly junctures: JuncturesService) {}

  @RpcHandler(junctures.list)
  list(query: JuncturesIndexQuery, @RpcActor() actor: Actor): Promise<JuncturesIndexView> {
    return this.junctures.list(actor, query);
  }

  @RpcHandler(junctures.get)
  get({ id }: RecordIdPayload, @RpcActor() actor: Actor): Promise<JunctureView> {
    return this.junctures.get(actor, id);
  }

  @RpcHandler(junctures.create)
  create({ juncture }: CreateJuncturePayload, @RpcActor() actor: Actor): Promise<JunctureView> {
    return this.junctures.create(actor, juncture);
  }

  @RpcHandler(junctures.update)
  update({ id, juncture }: UpdateJuncturePayload, @RpcActor() actor: Actor): Promise<JunctureView> {
    return this.junctures.update(actor, id, juncture);
  }

  @RpcHandler(junctures.delete)
  delete({ id, force }: DeleteRecordPayload, @RpcActor() actor: Actor): Promise<{ deleted: true }> {
    return this.junctures.delete(actor, id, force ?? false);
  }
}
