import {
  CreateSchtickPayload,
  CreateSchticksPayload,
  DeleteRecordPayload,
  RecordBatchBody,
  RecordIdPayload,
  Subjects,
  UpdateSchtickPayload,
  SchtickLabelsQuery,
  SchticksIndexQuery,
  type Actor,
  type SchtickCategoriesView,
  type SchtickPathsView,
  type SchticksBatchView,
  type SchticksCreatedView,
  type SchticksIndexView,
  type SchtickView,
} from '@shotcaller/contracts';
import { RpcActor, RpcHandler, RpcHandlers } from '@shotcaller/messaging';
import { SchticksService } from './schticks.service.js';

const { schticks } = Subjects.campaign;

@RpcHandlers()
export class SchticksHandlers {
  constructor(private readonly schticks: SchticksService) {}

  @RpcHandler(schticks.list)
  list(query: SchticksIndexQuery, @RpcActor() actor: Actor): Promise<SchticksIndexView> {
    return this.schticks.list(actor, query);
  }

  @RpcHandler(schticks.get)
  get({ id }: RecordIdPayload, @RpcActor() actor: Actor): Promise<SchtickView> {
    return this.schticks.get(actor, id);
  }

  @RpcHandler(schticks.batch)
  batch(query: RecordBatchBody, @RpcActor() actor: Actor): Promise<SchticksBatchView> {
    return this.schticks.batch(actor, query);
  }

  @RpcHandler(schticks.categories)
  categories(query: SchtickLabelsQuery, @RpcActor() actor: Actor): Promise<SchtickCategoriesView> {
    return this.schticks.categories(actor, query);
  }

  @RpcHandler(schticks.paths)
  paths(query: SchtickLabelsQuery, @RpcActor() actor: Actor): Promise<SchtickPathsView> {
    return this.schticks.paths(actor, query);
  }

  @RpcHandler(schticks.create)
  create({ schtick }: CreateSchtickPayload, @RpcActor() actor: Actor): Promise<SchtickView> {
    return this.schticks.create(actor, schtick);
  }

  @RpcHandler(schticks.create_batch)
  createBatch(payload: CreateSchticksPayload, @RpcActor() actor: Actor): Promise<SchticksCreatedView> {
    return this.schticks.createBatch(actor, payload);
  }

  @RpcHandler(schticks.update)
  update({ id, schtick }: UpdateSchtickPayload, @RpcActor() actor: Actor): Promise<SchtickView> {
    return this.schticks.update(actor, id, schtick);
  }

  @RpcHandler(schticks.delete)
  delete({ id, force }: DeleteRecordPayload, @RpcActor() actor: Actor): Promise<{ deleted: true }> {
    return this.schticks.delete(actor, id, force ?? false);
  }
}
