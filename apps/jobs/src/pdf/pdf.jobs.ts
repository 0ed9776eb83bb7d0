import { Injectable } from '@nestjs/common';
import {
  JobQueues,
  PdfJobNames,
  type CharacterSheetData,
  type CharacterSheetResult,
  type ImportSheetData,
  type ImportSheetResult,
} from '@shotcaller/contracts';
import { JobFailure } from '../queues/job-failure.js';
import type { JobRunner, QueueJob } from '../queues/job-runner.js';
import { buildCharacterSheet, sheetFileName } from './character-sheet.builder.js';
import { readCharacterSheet } from './character-sheet.reader.js';
import { pdfBytesFromBase64 } from './sheet-import.rules.js';

/** Character sheets: a character as a fillable PDF, and a filled sheet read back into a character. */
@Injectable()
export class PdfJobs implements JobRunner {
  readonly queue = JobQueues.pdf;

  async run(job: QueueJob): Promise<CharacterSheetResult | ImportSheetResult> {
    switch (job.name) {
      case PdfJobNames.characterSheet:
        return this.characterSheet(job.data as CharacterSheetData);
      case PdfJobNames.importSheet:
        return this.importSheet(job.data as ImportSheetData);
      default:
        throw JobFailure.permanent('unknown_job', `The pdf queue runs no "${job.name}" job`);
    }
  }

  private async characterSheet(character: CharacterSheetData): Promise<CharacterSheetResult> {
    const pdf = await buildCharacterSheet(character);
    return {
      filename: sheetFileName(character.name),
      content_type: 'application/pdf',
      pdf_base64: Buffer.from(pdf).toString('base64'),
    };
  }

  private async importSheet({ pdf_base64 }: ImportSheetData): Promise<ImportSheetResult> {
    return { character: await readCharacterSheet(pdfBytesFromBase64(pdf_base64)) };
  }
}
