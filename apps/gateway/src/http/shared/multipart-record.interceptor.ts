import {
  applyDecorators,
  Inject,
  Injectable,
  mixin,
  UseInterceptors,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
  type Type,
} from '@nestjs/common';
import { ApiConsumes } from '@nestjs/swagger';
import { ErrorCode, Messages, ServiceError } from '@shotcaller/contracts';
import type { Request, RequestHandler, Response } from 'express';
import multer, { MulterError } from 'multer';
import type { Observable } from 'rxjs';
import { IMAGE_FIELD, mediaUploadStorage } from '../media/image-upload.js';
import { MediaClient } from '../media/media-client.js';

const MAX_FIELD_BYTES = 1024 * 1024;

function multipartFailure(error: unknown): ServiceError {
  if (error instanceof ServiceError) return error;
  if (error instanceof MulterError) {
    if (error.code === 'LIMIT_UNEXPECTED_FILE') {
      const field = error.field ?? 'file';
      return ServiceError.validation({
        [field]: [field === IMAGE_FIELD ? 'image uploads are not supported yet' : Messages.notPermitted],
      });
    }
    if (error.code === 'LIMIT_FILE_COUNT')
      return ServiceError.validation({ [IMAGE_FIELD]: ['one image only'] });
    if (error.code === 'LIMIT_FIELD_VALUE')
      return new ServiceError(ErrorCode.PayloadTooLarge, 'A form field is too large');
    return new ServiceError(ErrorCode.MalformedRequest, `The form is not acceptable: ${error.message}`);
  }
  return new ServiceError(ErrorCode.MalformedRequest, 'The multipart body could not be read');
}

/**
 * The Rails-era clients send create and update as multipart: the record as a JSON string in a form field named
 * after it. This turns such a request into the same `{<record>: {...}}` body a JSON request has; JSON requests
 * pass untouched. With `images`, one `image` file streams to the media service as it arrives (see
 * mediaUploadStorage) and the route finds it with `@UploadedImage()`; other files, and images where the record
 * has none, are refused with a field error.
 */
export function MultipartRecord(record: string, { images = false } = {}): Type<NestInterceptor> {
  const limits = { fields: 10, parts: 20, fieldSize: MAX_FIELD_BYTES };

  @Injectable()
  class MultipartRecordInterceptor implements NestInterceptor {
    private readonly parse: RequestHandler;

    constructor(@Inject(MediaClient) media: MediaClient) {
      this.parse = images
        ? multer({ storage: mediaUploadStorage(media), limits: { ...limits, files: 1 } }).single(IMAGE_FIELD)
        : multer({ limits }).none();
    }

    async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
      const req = context.switchToHttp().getRequest<Request>();
      if (!req.is('multipart/form-data')) return next.handle();
      await new Promise<void>((resolve, reject) =>
        this.parse(req, context.switchToHttp().getResponse<Response>(), (error?: unknown) =>
          error ? reject(multipartFailure(error)) : resolve(),
        ),
      );
      const fields = (req.body ?? {}) as Record<string, unknown>;
      const raw = fields[record];
      if (typeof raw !== 'string') {
        req.body = { ...fields, [record]: raw };
        return next.handle();
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(raw);
      } catch {
        throw new ServiceError(
          ErrorCode.MalformedRequest,
          `The "${record}" form field must hold a JSON object`,
        );
      }
      const { [record]: _, ...rest } = fields;
      req.body = { ...rest, [record]: parsed };
      return next.handle();
    }
  }
  return mixin(MultipartRecordInterceptor);
}

/** A route taking its body as JSON or as multipart (see MultipartRecord), and documented as taking both. */
export function AcceptsMultipartRecord(record: string, options: { images?: boolean } = {}): MethodDecorator {
  return applyDecorators(
    UseInterceptors(MultipartRecord(record, options)),
    ApiConsumes('application/json', 'multipart/form-data'),
  );
}
