import {
  ChaseRelationshipsIndexQuery,
  CreateChaseRelationshipPayload,
  RecordIdPayload,
  Subjects,
  UpdateChaseRelationshipPayload,
  type Actor,
  type ChaseRelationshipAnswerView,
  type ChaseRelationshipsIndexView,
} from '@shotcaller/contracts';
import { RpcActor, RpcHandler, RpcHandlers } from '@shotcaller/messaging';
import { ChaseRelationshipsService } from './chase-relationships.service.js';

const { chaseRelationships } = Subjects.campaign;

@RpcHandlers()
export class ChaseRelationshipsHandlers {
  constructor(private readonly chases: ChaseRelationshipsService) {}

  @RpcHandler(chaseRelationships.list)
  list(query: ChaseRelationshipsIndexQuery, @RpcActor() actor: Actor): Promise<ChaseRelationshipsIndexView> {
    return this.chases.list(actor, query);
  }

  @RpcHandler(chaseRelationships.get)
  get({ id }: RecordIdPayload, @RpcActor() actor: Actor): Promise<ChaseRelationshipAnswerView> {
    return this.chases.get(actor, id);
  }

  @RpcHandler(chaseRelationships.create)
  create(
    { chase_relationship }: CreateChaseRelationshipPayload,
    @RpcActor() actor: Actor,
  ): Promise<ChaseRelationshipAnswerView> {
    return this.chases.create(actor, chase_relationship);
  }

  @RpcHandler(chaseRelationships.update)
  update(
    { id, chase_relationship }: UpdateChaseRelationshipPayload,
    @RpcActor() actor: Actor,
  ): Promise<ChaseRelationshipAnswerView> {
    return this.chases.update(actor, id, chase_relationship);
  }

  @RpcHandler(chaseRelationships.delete)
  delete({ id }: RecordIdPayload, @RpcActor() actor: Actor): Promise<{ deleted: true }> {
    return this.chases.delete(actor, id);
  }
}
