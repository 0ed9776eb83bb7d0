import {
  ImagePositionTargetParams,
  SetImagePositionPayload,
  Subjects,
  type Actor,
  type ImagePositionView,
} from '@shotcaller/contracts';
import { RpcActor, RpcHandler, RpcHandlers } from '@shotcaller/messaging';
import { ImagePositionsService } from './image-positions.service.js';

const { imagePositions } = Subjects.campaign;

@RpcHandlers()
export class ImagePositionsHandlers {
  constructor(private readonly positions: ImagePositionsService) {}

  @RpcHandler(imagePositions.list)
  list(target: ImagePositionTargetParams, @RpcActor() actor: Actor): Promise<ImagePositionView[]> {
    return this.positions.list(actor, target);
  }

  @RpcHandler(imagePositions.set)
  set(
    { image_position, ...target }: SetImagePositionPayload,
    @RpcActor() actor: Actor,
  ): Promise<ImagePositionView> {
    return this.positions.set(actor, target, image_position);
  }
}
