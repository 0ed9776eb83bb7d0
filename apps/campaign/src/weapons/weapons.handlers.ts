import {
  CreateWeaponPayload,
  CreateWeaponsPayload,
  DeleteRecordPayload,
  RecordBatchBody,
  RecordIdPayload,
  Subjects,
  UpdateWeaponPayload,
  WeaponLabelsQuery,
  WeaponsIndexQuery,
  type Actor,
  type WeaponCategoriesView,
  type WeaponJuncturesView,
  type WeaponsBatchView,
  type WeaponsCreatedView,
  type WeaponsIndexView,
  type WeaponView,
} from '@shotcaller/contracts';
import { RpcActor, RpcHandler, RpcHandlers } from '@shotcaller/messaging';
import { WeaponsService } from './weapons.service.js';

const { weapons } = Subjects.campaign;

@RpcHandlers()
export class WeaponsHandlers {
  constructor(private readonly weapons: WeaponsService) {}

  @RpcHandler(weapons.list)
  list(query: WeaponsIndexQuery, @RpcActor() actor: Actor): Promise<WeaponsIndexView> {
    return this.weapons.list(actor, query);
  }

  @RpcHandler(weapons.get)
  get({ id }: RecordIdPayload, @RpcActor() actor: Actor): Promise<WeaponView> {
    return this.weapons.get(actor, id);
  }

  @RpcHandler(weapons.batch)
  batch(query: RecordBatchBody, @RpcActor() actor: Actor): Promise<WeaponsBatchView> {
    return this.weapons.batch(actor, query);
  }

  @RpcHandler(weapons.categories)
  categories(query: WeaponLabelsQuery, @RpcActor() actor: Actor): Promise<WeaponCategoriesView> {
    return this.weapons.categories(actor, query);
  }

  @RpcHandler(weapons.junctures)
  junctures(query: WeaponLabelsQuery, @RpcActor() actor: Actor): Promise<WeaponJuncturesView> {
    return this.weapons.junctures(actor, query);
  }

  @RpcHandler(weapons.create)
  create({ weapon }: CreateWeaponPayload, @RpcActor() actor: Actor): Promise<WeaponView> {
    return this.weapons.create(actor, weapon);
  }

  @RpcHandler(weapons.create_batch)
  createBatch(payload: CreateWeaponsPayload, @RpcActor() actor: Actor): Promise<WeaponsCreatedView> {
    return this.weapons.createBatch(actor, payload);
  }

  @RpcHandler(weapons.update)
  update({ id, weapon }: UpdateWeaponPayload, @RpcActor() actor: Actor): Promise<WeaponView> {
    return this.weapons.update(actor, id, weapon);
  }

  @RpcHandler(weapons.delete)
  delete({ id, force }: DeleteRecordPayload, @RpcActor() actor: Actor): Promise<{ deleted: true }> {
    return this.weapons.delete(actor, id, force ?? false);
  }
}
