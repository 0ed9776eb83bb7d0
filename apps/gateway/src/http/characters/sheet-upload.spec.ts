import { MulterError } from 'multer';
import { ErrorCode, ServiceError } from '@shotcaller/contracts';
import { attachmentName } from './character-sheets.controller.js';
import { sheetUploadFailure } from './sheet-upload.interceptor.js';

describe('attachmentName', () => {
  it('keeps a safe file name and replaces anything that could break the header', () => {
    expect(attachmentName('Johnny-Tso.pdf')).toBe('Johnny-Tso.pdf');
    expect(attachmentName('a"b\r\nc.pdf')).toBe('a_b__c.pdf');
    expect(attachmentName('..')).toBe('character.pdf');
  });
});

describe('sheetUploadFailure', () => {
  it('is 413 past the size limit', () => {
    expect(sheetUploadFailure(new MulterError('LIMIT_FILE_SIZE', 'pdf_file')).code).toBe(
      ErrorCode.PayloadTooLarge,
    );
  });

  it('is a field error for a file in another field, or a second file', () => {
    expect(sheetUploadFailure(new MulterError('LIMIT_UNEXPECTED_FILE', 'image')).details).toEqual({
      errors: { image: ['is not a permitted attribute'] },
    });
    expect(sheetUploadFailure(new MulterError('LIMIT_UNEXPECTED_FILE', 'pdf_file')).details).toEqual({
      errors: { pdf_file: ['must be one file'] },
    });
  });

  it('is 400 for a form that cannot be read, and keeps errors already typed', () => {
    expect(sheetUploadFailure(new Error('Unexpected end of form')).code).toBe(ErrorCode.MalformedRequest);
    const typed = new ServiceError(ErrorCode.UnsupportedMediaType, 'no');
    expect(sheetUploadFailure(typed)).toBe(typed);
  });
});
