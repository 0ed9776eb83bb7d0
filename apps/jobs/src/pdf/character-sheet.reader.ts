import {
  CHARACTER_ACTION_VALUE_RULES,
  CHARACTER_DESCRIPTION_RULES,
  CHARACTER_INTEGER_ACTION_VALUES,
  CHARACTER_SKILL_RULES,
  CHARACTER_TYPES,
  isStorableText,
  PdfImportFailures,
  RECORD_NAME_MAX,
  SHEET_SCHTICKS_MAX,
  SHEET_WEAPONS_MAX,
  valueMapProblem,
  type ImportedCharacter,
  type ValueMap,
  type ValueMapRules,
} from '@shotcaller/contracts';
import { PDFDocument, PDFTextField } from 'pdf-lib';
import { JobFailure } from '../queues/job-failure.js';
import { DecodeBudgetExceeded, withDecodeBudget } from './pdf-decode-budget.js';
import { assertWholePdf } from './sheet-import.rules.js';
import { keyOfSheetField, SHEET_TEXT_ACTION_VALUES, SheetFields, weaponNameOfLine } from './sheet-fields.js';
import { storableFieldText } from './sheet-text.rules.js';

/**
 * The most a PDF's object and cross-reference streams may decode to while it loads: a sheet's hold a few hundred
 * KB; a file whose streams expand far beyond that (a decompression bomb) is refused as too large.
 */
export const PDF_IMPORT_DECODED_MAX = 32 * 1024 * 1024;
const WHOLE_NUMBER = /^[-+]?\d{1,9}$/;
const INTEGER_ACTION_VALUES: ReadonlySet<string> = new Set(CHARACTER_INTEGER_ACTION_VALUES);
const TEXT_ACTION_VALUES: ReadonlySet<string> = new Set(SHEET_TEXT_ACTION_VALUES);

/** Keys naming a member of Object.prototype (`__proto__`, `constructor`...): no map may hold them. */
const BUILT_IN_KEYS: ReadonlySet<string> = new Set(Object.getOwnPropertyNames(Object.prototype));
const FIELD_NAME_SHOWN_MAX = 120;

function invalid(field: string, problem: string): JobFailure {
  const shown = field.length > FIELD_NAME_SHOWN_MAX ? `${field.slice(0, FIELD_NAME_SHOWN_MAX)}...` : field;
  return JobFailure.permanent(PdfImportFailures.invalidField, `Field "${shown.toWellFormed()}" ${problem}`);
}

function notSheet(message: string): JobFailure {
  return JobFailure.permanent(PdfImportFailures.notCharacterSheet, message);
}

/** One line of text, as single-line fields hold. */
const oneLine = (text: string) => text.replace(/\s+/g, ' ');

function wholeNumber(field: string, text: string): number {
  if (!WHOLE_NUMBER.test(text)) throw invalid(field, 'must be a whole number');
  return Number(text);
}

function actionValue(key: string, text: string): string | number {
  const field = `action_values.${key}`;
  if (INTEGER_ACTION_VALUES.has(key)) return wholeNumber(field, text);
  if (key === 'Type') {
    const type = CHARACTER_TYPES.find((candidate) => candidate.toLowerCase() === text.toLowerCase());
    if (!type) throw invalid(field, `must be one of: ${CHARACTER_TYPES.join(', ')}`);
    return type;
  }
  if (TEXT_ACTION_VALUES.has(key)) return text;
  return WHOLE_NUMBER.test(text) ? Number(text) : text;
}

/** The non-blank lines of a list field, each a name (`nameOf` picks it from its line), repeats dropped. */
function names(
  field: string,
  text: string,
  max: number,
  nameOf: (line: string) => string = (line) => line,
): string[] {
  const listed = [
    ...new Set(
      text
        .split('\n')
        .map((line) => nameOf(oneLine(line).trim()))
        .filter((line) => line !== ''),
    ),
  ];
  if (listed.length > max) throw invalid(field, `must list at most ${max} names`);
  if (listed.some((name) => name.length > RECORD_NAME_MAX)) {
    throw invalid(field, `holds a name longer than ${RECORD_NAME_MAX} characters`);
  }
  return listed;
}

function checkMap(field: string, map: ValueMap, rules: ValueMapRules): void {
  const problem = valueMapProblem(map, rules);
  if (problem !== undefined) throw invalid(field, problem);
}

/**
 * A character from a sheet's text fields, by name (see sheet-fields.ts). The rules:
 * - `name` must be there (else the PDF is not a sheet) and not blank;
 * - a blank field is left out, so the campaign service fills its default;
 * - the numeric action values and every skill must hold a whole number, Type one of the character types (any
 *   case); other action values stay text, or become a whole number when they hold one;
 * - `schticks` and `weapons` give one name a line (a weapon's "(damage/concealment/reload)" dropped), blank lines
 *   and repeats dropped;
 * - the maps must pass the campaign's character rules (key counts and lengths, text lengths), and a key may not
 *   name a built-in object member (`__proto__`...) or hold a NUL;
 * - any other field (another form's, a button, a checkbox) is ignored.
 * A field that breaks a rule refuses the import (`pdf_invalid_field`, naming the field, never its text).
 */
export function characterFromFields(fields: ReadonlyMap<string, string>): ImportedCharacter {
  const nameText = fields.get(SheetFields.name);
  if (nameText === undefined) throw notSheet('The PDF has no "name" field: it is not a character sheet');
  const name = oneLine(storableFieldText(nameText));
  if (name === '') throw invalid(SheetFields.name, "can't be blank");
  if (name.length > RECORD_NAME_MAX)
    throw invalid(SheetFields.name, `is longer than ${RECORD_NAME_MAX} characters`);

  const character: ImportedCharacter = {
    name,
    action_values: {},
    skills: {},
    description: {},
    schtick_names: [],
    weapon_names: [],
  };
  for (const [fieldName, raw] of fields) {
    const text = storableFieldText(raw);
    if (text === '') continue;
    if (fieldName === SheetFields.schticks) {
      character.schtick_names = names(fieldName, text, SHEET_SCHTICKS_MAX);
      continue;
    }
    if (fieldName === SheetFields.weapons) {
      character.weapon_names = names(fieldName, text, SHEET_WEAPONS_MAX, weaponNameOfLine);
      continue;
    }
    const field = keyOfSheetField(fieldName);
    if (!field) continue;
    if (BUILT_IN_KEYS.has(field.key) || !isStorableText(field.key)) {
      throw invalid(fieldName, 'has a key that is not allowed');
    }
    if (field.group === 'action_values')
      character.action_values[field.key] = actionValue(field.key, oneLine(text));
    if (field.group === 'skills') character.skills[field.key] = wholeNumber(fieldName, oneLine(text));
    if (field.group === 'description') character.description[field.key] = text;
  }
  checkMap('action_values', character.action_values, CHARACTER_ACTION_VALUE_RULES);
  checkMap('skills', character.skills, CHARACTER_SKILL_RULES);
  checkMap('description', character.description, CHARACTER_DESCRIPTION_RULES);
  return character;
}

async function loadPdf(bytes: Uint8Array): Promise<PDFDocument> {
  let doc: PDFDocument;
  try {
    // Loaded even when encrypted (pdf-lib's own error is not an instance of its class), to say so below.
    doc = await withDecodeBudget(PDF_IMPORT_DECODED_MAX, () =>
      PDFDocument.load(bytes, { updateMetadata: false, throwOnInvalidObject: true, ignoreEncryption: true }),
    );
  } catch (error) {
    if (error instanceof DecodeBudgetExceeded) {
      throw JobFailure.permanent(
        PdfImportFailures.tooLarge,
        `The PDF expands to more than ${PDF_IMPORT_DECODED_MAX / 1024 / 1024} MiB once decompressed`,
      );
    }
    throw JobFailure.permanent(PdfImportFailures.unreadable, 'The PDF could not be read');
  }
  if (doc.isEncrypted) throw JobFailure.permanent(PdfImportFailures.encrypted, 'The PDF is encrypted');
  return doc;
}

/** The text fields of a PDF's form by full name; refuses a PDF without a form. */
function textFields(doc: PDFDocument): Map<string, string> {
  try {
    if (!doc.catalog.getAcroForm()) throw notSheet('The PDF has no form: it is not a character sheet');
    const fields = new Map<string, string>();
    for (const field of doc.getForm().getFields()) {
      if (field instanceof PDFTextField) fields.set(field.getName(), field.getText() ?? '');
    }
    return fields;
  } catch (error) {
    if (error instanceof JobFailure) throw error;
    // A damaged document (no catalog, a loop in the field tree, a value of the wrong type) is the file's fault,
    // not one a retry could fix.
    throw JobFailure.permanent(PdfImportFailures.unreadable, "The PDF's form could not be read");
  }
}

/** The character a filled sheet holds (see characterFromFields for the rules); refuses anything else. */
export async function readCharacterSheet(bytes: Uint8Array): Promise<ImportedCharacter> {
  assertWholePdf(bytes);
  return characterFromFields(textFields(await loadPdf(bytes)));
}
