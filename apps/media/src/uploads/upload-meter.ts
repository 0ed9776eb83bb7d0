import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { ErrorCode, ServiceError, type ImageContentType } from '@shotcaller/contracts';
import { detectImageType, SNIFF_BYTES } from './image-sniffing.js';

/** What the meter learnt of the bytes that went through it. */
export interface MeteredUpload {
  contentType: ImageContentType;
  byteSize: number;
  /** SHA-256, hex. */
  checksum: string;
}

export function payloadTooLarge(maxBytes: number): ServiceError {
  return new ServiceError(ErrorCode.PayloadTooLarge, `The image is larger than ${maxBytes} bytes`, {
    max_bytes: maxBytes,
  });
}

export function unsupportedMediaType(): ServiceError {
  return new ServiceError(
    ErrorCode.UnsupportedMediaType,
    'Only JPEG, PNG, WebP, GIF and AVIF images are accepted',
  );
}

/**
 * Passes an upload's bytes on while counting them, hashing them and reading their type from the first bytes.
 * It fails the stream as soon as the bytes go past the limit (payload_too_large) or the first bytes are not an
 * accepted image (unsupported_media_type), so nothing more is read or written. Holds at most SNIFF_BYTES.
 */
export class UploadMeter extends Transform {
  private readonly hash: Hash = createHash('sha256');
  private size = 0;
  private head: Buffer | undefined = Buffer.alloc(0);
  private type: ImageContentType | undefined;

  constructor(private readonly maxBytes: number) {
    super();
  }

  /** The upload's measures, once the stream has ended. */
  result(): MeteredUpload {
    if (!this.type || this.head !== undefined) throw new Error('The upload has not been read to its end');
    return { contentType: this.type, byteSize: this.size, checksum: this.hash.digest('hex') };
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.size += chunk.length;
    if (this.size > this.maxBytes) {
      done(payloadTooLarge(this.maxBytes));
      return;
    }
    this.hash.update(chunk);
    if (this.head === undefined) {
      done(null, chunk);
      return;
    }
    // Held back until the type is known: nothing of a file that is not an image is written.
    this.head = Buffer.concat([this.head, chunk]);
    if (this.head.length < SNIFF_BYTES) {
      done();
      return;
    }
    this.release(done);
  }

  override _flush(done: TransformCallback): void {
    if (this.head === undefined) done();
    else this.release(done);
  }

  private release(done: TransformCallback): void {
    const head = this.head ?? Buffer.alloc(0);
    this.type = detectImageType(head);
    if (!this.type) {
      done(unsupportedMediaType());
      return;
    }
    this.head = undefined;
    done(null, head);
  }
}
