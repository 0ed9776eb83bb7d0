import { PDF_IMPORT_MAX_BYTES, PdfImportFailures } from '@shotcaller/contracts';
import { JobFailure } from '../queues/job-failure.js';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
/** PDF readers look for the header in the first 1024 bytes and the end marker in the last 1024. */
const MARKER_WINDOW = 1024;
const HEADER = Buffer.from('%PDF-', 'latin1');
const END_OF_FILE = Buffer.from('%%EOF', 'latin1');

/**
 * The bytes of `import_sheet`'s `pdf_base64`: standard base64 (A-Z, a-z, 0-9, "+", "/"), padded with "=", no
 * spaces or line breaks, at most PDF_IMPORT_MAX_BYTES once decoded.
 */
export function pdfBytesFromBase64(text: string): Uint8Array {
  if (text.length === 0 || text.length % 4 !== 0 || !BASE64.test(text)) {
    throw JobFailure.permanent(
      PdfImportFailures.notBase64,
      'pdf_base64 must be standard padded base64, without spaces or line breaks',
    );
  }
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  if ((text.length / 4) * 3 - padding > PDF_IMPORT_MAX_BYTES) throw tooLarge();
  return new Uint8Array(Buffer.from(text, 'base64'));
}

function tooLarge(): JobFailure {
  return JobFailure.permanent(
    PdfImportFailures.tooLarge,
    `The PDF must be at most ${PDF_IMPORT_MAX_BYTES} bytes`,
  );
}

/**
 * Refuses bytes that are not a whole PDF before any parsing: too large, no `%PDF-` header in the first 1024
 * bytes, or no `%%EOF` in the last 1024 (a file cut short).
 */
export function assertWholePdf(bytes: Uint8Array): void {
  if (bytes.length > PDF_IMPORT_MAX_BYTES) throw tooLarge();
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (!buffer.subarray(0, MARKER_WINDOW).includes(HEADER)) {
    throw JobFailure.permanent(PdfImportFailures.notPdf, 'The file is not a PDF');
  }
  if (!buffer.subarray(Math.max(0, buffer.length - MARKER_WINDOW)).includes(END_OF_FILE)) {
    throw JobFailure.permanent(PdfImportFailures.truncated, 'The PDF is cut short (it has no end marker)');
  }
}
