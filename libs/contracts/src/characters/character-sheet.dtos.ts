import { ApiProperty } from '@nestjs/swagger';
import { JOB_WAIT_MAX_MS } from '../jobs/job.dtos.js';
import { ImportSheetData, PDF_IMPORT_MAX_BYTES, type CharacterSheetResult } from '../jobs/pdf.jobs.js';

/** The multipart field `POST /api/v2/characters/pdf` reads the sheet from. */
export const CHARACTER_SHEET_UPLOAD_FIELD = 'pdf_file';
/** The largest sheet an import takes (the `import_sheet` job's own bound). */
export const CHARACTER_SHEET_UPLOAD_MAX_BYTES = PDF_IMPORT_MAX_BYTES;
/**
 * How long the gateway waits for the campaign service on the sheet routes: past the longest the campaign waits
 * for the pdf job (PDF_WAIT_MS, at most JOB_WAIT_MAX_MS), with room for its own reads and writes.
 */
export const CHARACTER_SHEET_ANSWER_MS = JOB_WAIT_MAX_MS + 15_000;

/** `campaign.characters.sheet`'s answer: the sheet the pdf job built, base64. */
export type CharacterSheetFile = CharacterSheetResult;

/** `campaign.characters.import_sheet`: a filled sheet (base64) to make a character of, in the current campaign. */
export class ImportCharacterSheetPayload extends ImportSheetData {}

/** The form `POST /api/v2/characters/pdf` takes, for the OpenAPI document. */
export class CharacterSheetUploadForm {
  @ApiProperty({
    type: 'string',
    format: 'binary',
    description: `A sheet exported by GET /api/v2/characters/:id/pdf (application/pdf), at most ${CHARACTER_SHEET_UPLOAD_MAX_BYTES} bytes`,
  })
  [CHARACTER_SHEET_UPLOAD_FIELD]: unknown;
}
