import {
  ImageIdsPayload,
  SetRecordImagePayload,
  Subjects,
  type Actor,
  type RecordImageView,
  type ReferencedImagesView,
} from '@shotcaller/contracts';
import { RpcActor, RpcHandler, RpcHandlers, type Caller } from '@shotcaller/messaging';
import { RpcCaller } from '../users/rpc-caller.js';
import { RecordImagesService } from './record-images.service.js';

const { images } = Subjects.campaign;

@RpcHandlers()
export class RecordImagesHandlers {
  constructor(private readonly images: RecordImagesService) {}

  /** Gives a record of the current campaign an uploaded image, or takes its image away (`image_id: null`). */
  @RpcHandler(images.set)
  set(
    payload: SetRecordImagePayload,
    @RpcActor() actor: Actor,
    @RpcCaller() caller?: Caller,
  ): Promise<RecordImageView> {
    return this.images.set(actor, payload, caller);
  }

  /** Which of these images some record still names: the media service's cleanup asks. */
  @RpcHandler(images.referenced)
  referenced({ image_ids }: ImageIdsPayload): Promise<ReferencedImagesView> {
    return this.images.referenced(image_ids);
  }
}
