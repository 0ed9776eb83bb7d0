import {
  PdfJobNames,
  type CharacterSheetData,
  type CharacterSheetResult,
  type ImportSheetData,
  type ImportSheetResult,
} from '@shotcaller/contracts';
import { buildCharacterSheet, sheetFileName } from './character-sheet.builder.js';
import { readCharacterSheet } from './character-sheet.reader.js';
import { pdfBytesFromBase64 } from './sheet-import.rules.js';

export type PdfJobName = (typeof PdfJobNames)[keyof typeof PdfJobNames];

const PDF_JOB_NAMES: ReadonlySet<string> = new Set(Object.values(PdfJobNames));

export function isPdfJobName(name: string): name is PdfJobName {
  return PDF_JOB_NAMES.has(name);
}

/**
 * The work of one pdf job, CPU-bound from start to end: run on a pdf thread (PdfThreads), never on the service's
 * own. Refusals are JobFailures, as the runner would throw them.
 */
export async function pdfWork(
  name: PdfJobName,
  data: Record<string, unknown>,
): Promise<CharacterSheetResult | ImportSheetResult> {
  switch (name) {
    case PdfJobNames.characterSheet:
      return characterSheet(data as unknown as CharacterSheetData);
    case PdfJobNames.importSheet:
      return importSheet(data as unknown as ImportSheetData);
  }
}

async function characterSheet(character: CharacterSheetData): Promise<CharacterSheetResult> {
  const pdf = await buildCharacterSheet(character);
  return {
    filename: sheetFileName(character.name),
    content_type: 'application/pdf',
    pdf_base64: Buffer.from(pdf).toString('base64'),
  };
}

async function importSheet({ pdf_base64 }: ImportSheetData): Promise<ImportSheetResult> {
  return { character: await readCharacterSheet(pdfBytesFromBase64(pdf_base64)) };
}
