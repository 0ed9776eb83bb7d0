import { Get, HttpCode, Post, Res, StreamableFile, UploadedFile, UseInterceptors } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
} from '@nestjs/swagger';
import { CurrentUser, type AuthenticatedUser } from '@shotcaller/auth';
import {
  CHARACTER_SHEET_ANSWER_MS,
  CharacterSheetUploadForm,
  CharacterView,
  Subjects,
} from '@shotcaller/contracts';
import { ServiceClient, type ServiceAnswer } from '@shotcaller/messaging';
import type { Response } from 'express';
import { ApiErrors } from '../shared/api-errors.js';
import { RecordsController } from '../shared/record-routes.js';
import { RecordId } from '../shared/uuid-param.js';
import { SheetUploadInterceptor } from './sheet-upload.interceptor.js';

const { characters } = Subjects.campaign;

/** A file name safe in a quoted Content-Disposition: letters, digits, `-`, `_` and `.` only. */
export function attachmentName(filename: string): string {
  const safe = filename.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '');
  return safe === '' ? 'character.pdf' : safe;
}

/**
 * Character sheets as fillable PDFs: exported from a character you can see, and imported back as a new character
 * of your current campaign. The jobs service's pdf worker does the work; the route waits for it (the campaign
 * service's PDF_WAIT_MS) and answers 504 past it.
 */
@RecordsController('characters')
export class CharacterSheetsController {
  constructor(private readonly services: ServiceClient) {}

  @Get(':id/pdf')
  @ApiOperation({
    summary: 'The character as a fillable PDF sheet (action values, skills, description, schticks, weapons)',
  })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'The sheet, as an attachment', schema: { type: 'string', format: 'binary' } })
  @ApiErrors(404)
  async sheet(
    @CurrentUser() caller: AuthenticatedUser,
    @RecordId() id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const sheet = await this.services.request(
      characters.sheet,
      { id },
      { caller, timeoutMs: CHARACTER_SHEET_ANSWER_MS },
    );
    res.setHeader('Cache-Control', 'private, no-store');
    return new StreamableFile(Buffer.from(sheet.pdf_base64, 'base64'), {
      type: 'application/pdf',
      disposition: `attachment; filename="${attachmentName(sheet.filename)}"`,
    });
  }

  @Post('pdf')
  @HttpCode(201)
  @UseInterceptors(SheetUploadInterceptor)
  @ApiOperation({
    summary:
      'Import a filled sheet (multipart "pdf_file") as a new character of your current campaign, yours; schticks and weapons are linked by name',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: CharacterSheetUploadForm })
  @ApiCreatedResponse({ type: CharacterView })
  @ApiErrors(400, 404, 413, 415, 422)
  importSheet(
    @CurrentUser() caller: AuthenticatedUser,
    @UploadedFile() file: Express.Multer.File,
  ): Promise<ServiceAnswer<CharacterView>> {
    return this.services.relay(
      characters.importSheet,
      { pdf_base64: file.buffer.toString('base64') },
      { caller, timeoutMs: CHARACTER_SHEET_ANSWER_MS },
    );
  }
}
