import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { AuthenticatedUser } from '@shotcaller/auth';
import type { ImageView } from '@shotcaller/contracts';
import type { Request } from 'express';
import type { StorageEngine } from 'multer';
import type { MediaClient } from './media-client.js';

/** The multipart field an image comes in, beside the record's JSON field. */
export const IMAGE_FIELD = 'image';

/** A request whose multipart body carried an image, stored by the media service on its way in. */
type WithUploadedImage = Request & { uploadedImage?: ImageView; user?: AuthenticatedUser };

/**
 * A multer storage that keeps nothing here: the image field's bytes stream to the media service as they arrive,
 * for the signed-in user, and the stored image is kept on the request. A refusal (size, type, dimensions) fails
 * the request before any record is written.
 */
export function mediaUploadStorage(media: MediaClient): StorageEngine {
  return {
    _handleFile(request, file, done) {
      const req = request as WithUploadedImage;
      if (!req.user) {
        file.stream.resume();
        done(new Error('An upload reached the media storage without a signed-in user'));
        return;
      }
      media.upload(file.stream, req.user.token).then(
        (image) => {
          req.uploadedImage = image;
          done(null, { size: image.byte_size });
        },
        (error: unknown) => {
          file.stream.resume();
          done(error);
        },
      );
    },
    // An image stored for a request that then fails stays unattached; the media cleanup deletes it.
    _removeFile(_request, _file, done) {
      done(null);
    },
  };
}

/** The image the request's multipart body carried, if any. */
export const UploadedImage = createParamDecorator(
  (_: unknown, context: ExecutionContext): ImageView | undefined =>
    context.switchToHttp().getRequest<WithUploadedImage>().uploadedImage,
);
