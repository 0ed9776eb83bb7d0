import { Inject, Injectable, Logger } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import {
  ErrorCode,
  ServiceError,
  Subjects,
  type Actor,
  type AttachImagePayload,
  type ImageEntityType,
  type ImageSweepResult,
  type ImagesReleasedView,
  type ImageView,
} from '@shotcaller/contracts';
import { ServiceClient } from '@shotcaller/messaging';
import { SqlReads } from '@shotcaller/persistence';
import { MEDIA_SETTINGS, type MediaSettings } from '../media.settings.js';
import { ImageStorage } from '../storage/image-storage.js';
import { distinctIds, unreferencedIds } from './image.rules.js';
import {
  attachedAmong,
  attachImage,
  claimAttachedForCheck,
  deleteAttached,
  deleteUnattached,
  imageRead,
  runStatement,
} from './image.statements.js';

const IMAGE_NOT_FOUND = 'Image not found';
/** A staged upload this old was left by a crash: a live one ends within Node's request timeout (5 minutes). */
const STALE_STAGING_MS = 60 * 60_000;

interface DeletedImage {
  id: string;
  entity_type: ImageEntityType | null;
  entity_id: string | null;
}

/**
 * Images after their upload: attaching one to a record, and deleting those no record uses (a release after a
 * record changed its image, and the scheduled cleanup). The campaign service owns the records, so it is asked
 * which images are still referenced, and its answer is the only thing an attached image is deleted on.
 */
@Injectable()
export class ImagesService {
  private readonly logger = new Logger(ImagesService.name);

  constructor(
    private readonly orm: MikroORM,
    private readonly reads: SqlReads,
    private readonly storage: ImageStorage,
    private readonly services: ServiceClient,
    @Inject(MEDIA_SETTINGS) private readonly settings: MediaSettings,
  ) {}

  /**
   * Gives an image the actor uploaded to a record. Another user's image is not found (its existence is not
   * revealed); an image already the record's is answered as it is; one attached to another record is a conflict.
   */
  async attach(actor: Actor, { image_id, entity_type, entity_id }: AttachImagePayload): Promise<ImageView> {
    const [attached] = await runStatement(
      this.orm,
      attachImage(null, { id: image_id, actorId: actor.id, entityType: entity_type, entityId: entity_id }),
    );
    if (attached) {
      await this.announce(() =>
        this.services.publish(Subjects.media.events.imageAttached, {
          image_id: attached.id,
          entity_type,
          entity_id: attached.entity_id ?? entity_id,
        }),
      );
      return attached;
    }
    const current = await this.reads.first(imageRead(null, { id: image_id }));
    if (!current || current.uploaded_by !== actor.id) throw ServiceError.notFound(IMAGE_NOT_FOUND);
    if (current.entity_type === entity_type && current.entity_id === entity_id.toLowerCase()) {
      const { uploaded_by: _uploader, ...view } = current;
      return view;
    }
    throw ServiceError.conflict('This image belongs to another record');
  }

  /**
   * Deletes the attached images among `ids` that no record refers to any more, as their owner answers now.
   * Unattached ones are left to the cleanup (their upload may be about to be attached).
   */
  async release(ids: string[]): Promise<ImagesReleasedView> {
    const wanted = distinctIds(ids);
    if (wanted.length === 0) return { deleted: 0 };
    const attached = (await this.reads.rows(attachedAmong(null, { ids: wanted }))).map(({ id }) => id);
    if (attached.length === 0) return { deleted: 0 };
    const unreferenced = await this.unreferenced(attached);
    const deleted = await this.deleteAttached(unreferenced);
    return { deleted: deleted.length };
  }

  /**
   * The orphaned image cleanup: deletes a batch of uploads never attached within the TTL, then asks the owner
   * about a batch of images attached for longer than the TTL, least recently checked first, and deletes those no
   * record refers to. Safe to run on several replicas at once: each image is deleted, and announced, once. An
   * owner that does not answer fails the sweep before any attached image is deleted.
   */
  async sweep(now = new Date()): Promise<ImageSweepResult> {
    const before = new Date(now.getTime() - this.settings.unattachedTtlMs);
    const limit = this.settings.sweepBatch;
    const unattached = await runStatement(this.orm, deleteUnattached(null, { before, limit }));
    await this.removeFilesAndAnnounce(unattached);
    const stale = await this.removeStaleStaging();

    const claimed = (await runStatement(this.orm, claimAttachedForCheck(null, { before, limit }))).map(
      ({ id }) => id,
    );
    const unreferenced = claimed.length > 0 ? await this.unreferenced(claimed) : [];
    const deleted = await this.deleteAttached(unreferenced);
    const result: ImageSweepResult = {
      deleted_unattached: unattached.length,
      deleted_unreferenced: deleted.length,
      checked: claimed.length,
    };
    if (result.deleted_unattached > 0 || result.deleted_unreferenced > 0 || stale > 0) {
      this.logger.log({ ...result, stale_uploads: stale }, 'Swept orphaned images');
    }
    return result;
  }

  /** Uploads a crash left in staging: disk space only, so a failure here is logged, not the sweep's. */
  private async removeStaleStaging(): Promise<number> {
    try {
      return await this.storage.removeStaleStaging(STALE_STAGING_MS);
    } catch (error) {
      this.logger.warn({ err: error }, 'Could not remove stale staged uploads');
      return 0;
    }
  }

  /** Of these attached images, those the owner says no record refers to. Fails when it does not say. */
  private async unreferenced(ids: string[]): Promise<string[]> {
    const answer = await this.services.request(Subjects.campaign.images.referenced, { image_ids: ids });
    try {
      return unreferencedIds(ids, answer);
    } catch {
      throw new ServiceError(ErrorCode.Internal, 'The campaign service gave an unreadable answer');
    }
  }

  private async deleteAttached(ids: string[]): Promise<DeletedImage[]> {
    if (ids.length === 0) return [];
    const deleted = await runStatement(this.orm, deleteAttached(null, { ids }));
    await this.removeFilesAndAnnounce(deleted);
    return deleted;
  }

  /** After their rows are gone: their files, then `media.image.deleted` for each. */
  private async removeFilesAndAnnounce(deleted: DeletedImage[]): Promise<void> {
    for (const image of deleted) {
      try {
        await this.storage.remove(image.id);
      } catch (error) {
        // The row is gone, so nothing serves the file; it is only disk space.
        this.logger.warn({ err: error, image: image.id }, 'Could not remove the file of a deleted image');
      }
      await this.announce(() =>
        this.services.publish(Subjects.media.events.imageDeleted, {
          image_id: image.id,
          entity_type: image.entity_type,
          entity_id: image.entity_id,
        }),
      );
    }
  }

  /** Best effort, as events are by design: a failure to publish is logged, never the request's failure. */
  private async announce(publish: () => Promise<void>): Promise<void> {
    try {
      await publish();
    } catch (error) {
      this.logger.warn({ err: error }, 'Could not announce an image event');
    }
  }
}
