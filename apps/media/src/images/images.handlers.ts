import {
  AttachImagePayload,
  EmptyPayload,
  ImageIdsPayload,
  Subjects,
  type Actor,
  type ImageSweepResult,
  type ImagesReleasedView,
  type ImageView,
} from '@shotcaller/contracts';
import { RpcActor, RpcHandler, RpcHandlers } from '@shotcaller/messaging';
import { ImagesService } from './images.service.js';

const { images } = Subjects.media;

/**
 * The media service's NATS requests about images. Attaching acts for the verified uploader; a release or a sweep
 * only makes the service ask the images' owner, whose answer it acts on.
 */
@RpcHandlers()
export class ImagesHandlers {
  constructor(private readonly imagesService: ImagesService) {}

  @RpcHandler(images.attach)
  attach(payload: AttachImagePayload, @RpcActor() actor: Actor): Promise<ImageView> {
    return this.imagesService.attach(actor, payload);
  }

  @RpcHandler(images.release)
  release({ image_ids }: ImageIdsPayload): Promise<ImagesReleasedView> {
    return this.imagesService.release(image_ids);
  }

  @RpcHandler(images.sweep)
  sweep(_payload: EmptyPayload): Promise<ImageSweepResult> {
    return this.imagesService.sweep();
  }
}
