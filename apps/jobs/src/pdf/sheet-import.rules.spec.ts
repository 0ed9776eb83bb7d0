import { PDF_IMPORT_MAX_BYTES, PdfImportFailures } from '@shotcaller/contracts';
import { JobFailure } from '../queues/job-failure.js';
import { assertWholePdf, pdfBytesFromBase64 } from './sheet-import.rules.js';

function codeOf(call: () => unknown): string {
  try {
    call();
  } catch (error) {
    if (error instanceof JobFailure && !error.retry) return error.code;
    throw error;
  }
  throw new Error('expected a permanent JobFailure, nothing was thrown');
}

const pdfText = (body: string) => Buffer.from(`%PDF-1.7\n${body}\n%%EOF\n`, 'latin1');

describe('pdfBytesFromBase64', () => {
  it('decodes standard padded base64', () => {
    const bytes = pdfText('x');

    expect(Buffer.from(pdfBytesFromBase64(bytes.toString('base64')))).toEqual(bytes);
  });

  it.each([
    ['', 'empty'],
    ['JVBERi0x', 'fine'],
    ['JVBERi0', 'unpadded'],
    ['JVBE Ri0x', 'with a space'],
    ['JVBE\nRi0x', 'with a line break'],
    ['JVBERi0_', 'URL-safe alphabet'],
    ['data:application/pdf;base64,JVBERi0x', 'a data URL'],
    ['JV=ERi0x', 'padding inside'],
  ])('%j (%s)', (text, kind) => {
    if (kind === 'fine') {
      expect(pdfBytesFromBase64(text)).toHaveLength(6);
      return;
    }
    expect(codeOf(() => pdfBytesFromBase64(text))).toBe(PdfImportFailures.notBase64);
  });

  it('refuses text that decodes to more than the limit, and takes the limit itself', () => {
    const atLimit = Buffer.alloc(PDF_IMPORT_MAX_BYTES, 1).toString('base64');
    const overLimit = Buffer.alloc(PDF_IMPORT_MAX_BYTES + 1, 1).toString('base64');

    expect(pdfBytesFromBase64(atLimit)).toHaveLength(PDF_IMPORT_MAX_BYTES);
    expect(codeOf(() => pdfBytesFromBase64(overLimit))).toBe(PdfImportFailures.tooLarge);
  });
});

describe('assertWholePdf', () => {
  it('takes a PDF with its header and end marker', () => {
    expect(() => assertWholePdf(pdfText('1 0 obj << >> endobj'))).not.toThrow();
  });

  it('refuses a file that does not start as a PDF', () => {
    expect(codeOf(() => assertWholePdf(Buffer.from('PK\u0003\u0004 a zip %%EOF')))).toBe(
      PdfImportFailures.notPdf,
    );
    expect(codeOf(() => assertWholePdf(Buffer.alloc(0)))).toBe(PdfImportFailures.notPdf);
  });

  it('refuses a PDF without its end marker', () => {
    const whole = pdfText('x'.repeat(2000));

    expect(codeOf(() => assertWholePdf(whole.subarray(0, whole.length - 10)))).toBe(
      PdfImportFailures.truncated,
    );
  });
});
