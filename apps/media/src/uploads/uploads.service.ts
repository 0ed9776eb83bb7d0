import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { ServiceError, type Actor, type ImageContentType, type ImageView } from '@shotcaller/contracts';
import { SqlReads } from '@shotcaller/persistence';
import { deleteImage, insertImage, runStatement, storedImageRead } from '../images/image.statements.js';
import { MEDIA_SETTINGS, type MediaSettings } from '../media.settings.js';
import { ImageStorage, type StagedObject } from '../storage/image-storage.js';
import { inspectImage } from './image-inspection.js';
import { payloadTooLarge, UploadMeter } from './upload-meter.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const IMAGE_NOT_FOUND = 'Image not found';

export interface StoredOriginal {
  contentType: ImageContentType;
  byteSize: number;
  /** SHA-256 of the bytes, hex: the ETag. */
  checksum: string;
}

/**
 * Uploads and downloads of originals. An upload streams through the meter (size limit, hash, type from the first
 * bytes) into staging, is inspected there (dimensions, a full decode), and only then gets its row and its place
 * in storage: a refused or aborted upload leaves neither.
 */
@Injectable()
export class UploadsService {
  private readonly logger = new Logger(UploadsService.name);

  constructor(
    private readonly orm: MikroORM,
    private readonly reads: SqlReads,
    private readonly storage: ImageStorage,
    @Inject(MEDIA_SETTINGS) private readonly settings: MediaSettings,
  ) {}

  async upload(actor: Actor, request: IncomingMessage): Promise<ImageView> {
    const maxBytes = this.settings.maxUploadBytes;
    const declared = Number(request.headers['content-length']);
    // Refused before a byte is read.
    if (Number.isFinite(declared) && declared > maxBytes) throw payloadTooLarge(maxBytes);

    const meter = new UploadMeter(maxBytes);
    const staged = await this.stage(request, meter);
    try {
      const upload = meter.result();
      const { width, height } = await inspectImage(
        staged.localPath,
        upload.contentType,
        this.settings.maxImageDimension,
      );
      const id = randomUUID();
      const [view] = await runStatement(
        this.orm,
        insertImage(null, { id, uploadedBy: actor.id, ...upload, width, height }),
      );
      try {
        await staged.commit(id);
      } catch (error) {
        // Without its file the row serves nothing; if it cannot go now, the cleanup deletes it as unattached.
        await runStatement(this.orm, deleteImage(null, { id })).catch((cleanup: unknown) =>
          this.logger.warn({ err: cleanup, image: id }, 'Could not delete the row of an upload not stored'),
        );
        throw error;
      }
      return view;
    } finally {
      await staged.discard();
    }
  }

  /** What serving an image's original needs; not found for an id that is not a stored image's. */
  async original(id: string): Promise<StoredOriginal> {
    const image = UUID.test(id) ? await this.reads.first(storedImageRead(null, { id })) : undefined;
    if (!image) throw ServiceError.notFound(IMAGE_NOT_FOUND);
    return { contentType: image.content_type, byteSize: image.byte_size, checksum: image.checksum };
  }

  /** The original's bytes; not found when its file is missing (a row whose file was lost). */
  async openOriginal(id: string): Promise<Readable> {
    const body = await this.storage.read(id.toLowerCase());
    if (!body) {
      this.logger.warn({ image: id }, 'An image has a row but no file');
      throw ServiceError.notFound(IMAGE_NOT_FOUND);
    }
    return body;
  }

  /**
   * Streams the request through the meter into staging. When the meter refuses (too large, not an image) or the
   * client goes away, the rest of the request is left unread and the refusal is answered (see answerThenLinger).
   */
  private async stage(request: IncomingMessage, meter: UploadMeter): Promise<StagedObject> {
    const forward = (error: Error) => meter.destroy(error);
    const aborted = () => forward(new Error('The upload was aborted'));
    request.once('error', forward);
    request.once('aborted', aborted);
    const staging = this.storage.stage(meter);
    request.pipe(meter);
    try {
      return await staging;
    } finally {
      request.off('aborted', aborted);
      request.off('error', forward);
      request.unpipe(meter);
      if (!request.complete) request.pause();
    }
  }
}
