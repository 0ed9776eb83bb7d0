import {
  AssignDriverPayload,
  ShotIdPayload,
  Subjects,
  UpdateShotPayload,
  type Actor,
  type ShotUpdatedView,
} from '@shotcaller/contracts';
import { RpcActor, RpcHandler, RpcHandlers } from '@shotcaller/messaging';
import { ShotsService } from './shots.service.js';

const { shots } = Subjects.campaign;

@RpcHandlers()
export class ShotsHandlers {
  constructor(private readonly shots: ShotsService) {}

  @RpcHandler(shots.update)
  update({ fight_id, id, shot }: UpdateShotPayload, @RpcActor() actor: Actor): Promise<ShotUpdatedView> {
    return this.shots.update(actor, fight_id, id, shot);
  }

  @RpcHandler(shots.delete)
  delete({ fight_id, id }: ShotIdPayload, @RpcActor() actor: Actor): Promise<{ deleted: true }> {
    return this.shots.delete(actor, fight_id, id);
  }

  @RpcHandler(shots.assignDriver)
  assignDriver(
    { fight_id, id, driver_shot_id }: AssignDriverPayload,
    @RpcActor() actor: Actor,
  ): Promise<ShotUpdatedView> {
    return this.shots.assignDriver(actor, fight_id, id, driver_shot_id);
  }

  @RpcHandler(shots.removeDriver)
  removeDriver({ fight_id, id }: ShotIdPayload, @RpcActor() actor: Actor): Promise<ShotUpdatedView> {
    return this.shots.removeDriver(actor, fight_id, id);
  }
}
