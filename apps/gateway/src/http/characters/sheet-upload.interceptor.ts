import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import {
  CHARACTER_SHEET_UPLOAD_FIELD,
  CHARACTER_SHEET_UPLOAD_MAX_BYTES,
  ErrorCode,
  Messages,
  ServiceError,
} from '@shotcaller/contracts';
import type { Request, Response } from 'express';
import multer, { MulterError } from 'multer';
import type { Observable } from 'rxjs';

/**
 * The content types a sheet may come as: a PDF, or bytes of no declared type (what some clients send for any
 * file). Whether it is really a PDF is for the pdf job to say.
 */
const SHEET_CONTENT_TYPES: ReadonlySet<string> = new Set([
  'application/pdf',
  'application/x-pdf',
  'application/octet-stream',
]);

/** Why an upload is not acceptable, as the client is told. */
export function sheetUploadFailure(error: unknown): ServiceError {
  if (error instanceof ServiceError) return error;
  if (error instanceof MulterError) {
    if (error.code === 'LIMIT_FILE_SIZE') {
      return new ServiceError(
        ErrorCode.PayloadTooLarge,
        `The sheet is larger than ${CHARACTER_SHEET_UPLOAD_MAX_BYTES} bytes`,
      );
    }
    if (error.code === 'LIMIT_UNEXPECTED_FILE') {
      const field = error.field ?? 'file';
      return field === CHARACTER_SHEET_UPLOAD_FIELD
        ? ServiceError.validation({ [field]: ['must be one file'] })
        : ServiceError.validation({ [field]: [Messages.notPermitted] });
    }
    if (error.code === 'LIMIT_PART_COUNT' || error.code === 'LIMIT_FIELD_COUNT') {
      return new ServiceError(ErrorCode.PayloadTooLarge, 'The form has too many parts');
    }
    return new ServiceError(ErrorCode.MalformedRequest, `The form is not acceptable: ${error.message}`);
  }
  return new ServiceError(ErrorCode.MalformedRequest, 'The multipart body could not be read');
}

/**
 * Reads the `pdf_file` of a multipart upload into memory, at most CHARACTER_SHEET_UPLOAD_MAX_BYTES (413 past it,
 * before more is read); a body that is not multipart, or a file that is not declared a PDF, is 415; no file is
 * 422 on `pdf_file`. The route then finds it as `req.file`.
 */
@Injectable()
export class SheetUploadInterceptor implements NestInterceptor {
  private readonly parse = multer({
    storage: multer.memoryStorage(),
    limits: {
      fileSize: CHARACTER_SHEET_UPLOAD_MAX_BYTES,
      files: 1,
      fields: 5,
      parts: 6,
      fieldSize: 1024,
    },
  }).single(CHARACTER_SHEET_UPLOAD_FIELD);

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const req = context.switchToHttp().getRequest<Request>();
    if (!req.is('multipart/form-data')) {
      throw new ServiceError(
        ErrorCode.UnsupportedMediaType,
        `Send the sheet as multipart/form-data in a "${CHARACTER_SHEET_UPLOAD_FIELD}" field`,
      );
    }
    await new Promise<void>((resolve, reject) =>
      this.parse(req, context.switchToHttp().getResponse<Response>(), (error?: unknown) =>
        error ? reject(sheetUploadFailure(error)) : resolve(),
      ),
    );
    const file = req.file;
    if (!file || file.size === 0) {
      throw ServiceError.validation({ [CHARACTER_SHEET_UPLOAD_FIELD]: [Messages.blank] });
    }
    if (!SHEET_CONTENT_TYPES.has(file.mimetype.toLowerCase())) {
      throw new ServiceError(ErrorCode.UnsupportedMediaType, 'The sheet must be a PDF (application/pdf)');
    }
    return next.handle();
  }
}
