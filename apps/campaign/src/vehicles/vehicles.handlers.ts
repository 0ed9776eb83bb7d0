import {
  CreateVehiclePayload,
  DeleteRecordPayload,
  EmptyPayload,
  RecordIdPayload,
  Subjects,
  UpdateVehiclePayload,
  VehicleChaseStatePayload,
  VehiclesIndexQuery,
  type Actor,
  type VehicleArchetypeView,
  type VehicleChaseStateView,
  type VehiclesIndexView,
  type VehicleView,
} from '@shotcaller/contracts';
import { RpcActor, RpcHandler, RpcHandlers } from '@shotcaller/messaging';
import { VehiclesService } from './vehicles.service.js';

const { vehicles } = Subjects.campaign;

@RpcHandlers()
export class VehiclesHandlers {
  constructor(private readonly vehicles: VehiclesService) {}

  @RpcHandler(vehicles.list)
  list(query: VehiclesIndexQuery, @RpcActor() actor: Actor): Promise<VehiclesIndexView> {
    return this.vehicles.list(actor, query);
  }

  @RpcHandler(vehicles.get)
  get({ id }: RecordIdPayload, @RpcActor() actor: Actor): Promise<VehicleView> {
    return this.vehicles.get(actor, id);
  }

  @RpcHandler(vehicles.create)
  create({ vehicle }: CreateVehiclePayload, @RpcActor() actor: Actor): Promise<VehicleView> {
    return this.vehicles.create(actor, vehicle);
  }

  @RpcHandler(vehicles.update)
  update({ id, vehicle }: UpdateVehiclePayload, @RpcActor() actor: Actor): Promise<VehicleView> {
    return this.vehicles.update(actor, id, vehicle);
  }

  @RpcHandler(vehicles.delete)
  delete({ id, force }: DeleteRecordPayload, @RpcActor() actor: Actor): Promise<{ deleted: true }> {
    return this.vehicles.delete(actor, id, force ?? false);
  }

  @RpcHandler(vehicles.archetypes)
  archetypes(_: EmptyPayload, @RpcActor() _actor: Actor): VehicleArchetypeView[] {
    return this.vehicles.archetypes();
  }

  @RpcHandler(vehicles.chaseState)
  chaseState({ id }: RecordIdPayload, @RpcActor() actor: Actor): Promise<VehicleChaseStateView> {
    return this.vehicles.chaseState(actor, id);
  }

  @RpcHandler(vehicles.setChaseState)
  setChaseState(
    { id, chase_state }: VehicleChaseStatePayload,
    @RpcActor() actor: Actor,
  ): Promise<VehicleView> {
    return this.vehicles.setChaseState(actor, id, chase_state);
  }
}
