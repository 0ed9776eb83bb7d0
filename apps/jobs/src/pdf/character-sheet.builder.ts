import {
  CHARACTER_DESCRIPTION_KEYS,
  CHARACTER_INTEGER_ACTION_VALUES,
  CHARACTER_SKILL_KEYS,
  type CharacterSheetData,
  type MapValue,
} from '@shotcaller/contracts';
import {
  PDFBool,
  PDFDocument,
  PDFHexString,
  PDFName,
  rgb,
  StandardFonts,
  type PDFFont,
  type PDFPage,
  type PDFTextField,
} from 'pdf-lib';
import {
  ACTION_VALUE_LABELS,
  SHEET_TEXT_ACTION_VALUES,
  SheetFields,
  sheetFieldName,
  SHORT_DESCRIPTION_KEYS,
  weaponLine,
} from './sheet-fields.js';
import { drawableText, plainText, wrapLines } from './sheet-text.rules.js';

/** US Letter, in points. */
const PAGE_WIDTH = 612;
const PAGE_HEIGHT = 792;
const MARGIN = 40;
const CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN;
const GAP = 8;
const LABEL_SIZE = 8;
const FIELD_SIZE = 10;
const FIELD_HEIGHT = 18;
const BOX_TEXT_SIZE = 9;
/** pdf-lib lays multiline fields out at 1.2 times the font size. */
const BOX_LINE_HEIGHT = BOX_TEXT_SIZE * 1.2;
const BOX_MIN_LINES = 3;
const BOX_MAX_LINES = 40;
/** A box's border and pdf-lib's padding on both sides, with room to spare. */
const BOX_PADDING = 6;
const DETAIL_SIZE = 8;
const DETAIL_INDENT = 10;

const INK = rgb(0.1, 0.1, 0.1);
const MUTED = rgb(0.4, 0.4, 0.4);
const FIELD_BACKGROUND = rgb(0.95, 0.96, 1);
const FIELD_BORDER = rgb(0.65, 0.67, 0.75);

interface Cell {
  label: string;
  field: string;
  value: string;
}

/** A field's value as stored, what its appearance draws, and whether that leaves some of the value out. */
interface FilledField {
  field: PDFTextField;
  value: string;
  drawn: string;
  partial: boolean;
}

const textOf = (value: MapValue | undefined): string =>
  value === null || value === undefined || typeof value === 'boolean' ? '' : String(value);

/** Keys of `map` that are not `known`, sorted, so a sheet lays out the same whatever the map's order. */
const ownKeys = (map: Record<string, MapValue>, known: readonly string[]): string[] =>
  Object.keys(map)
    .filter((key) => !known.includes(key))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));

/** Lays out a sheet top to bottom, starting a page when the next block does not fit. */
class SheetWriter {
  private page: PDFPage;
  private y = 0;
  private readonly filled: FilledField[] = [];
  private readonly drawable: Set<number>;

  constructor(
    private readonly doc: PDFDocument,
    private readonly regular: PDFFont,
    private readonly bold: PDFFont,
  ) {
    this.drawable = new Set(regular.getCharacterSet());
    this.page = this.newPage();
  }

  draw(text: string, multiline = false): string {
    return drawableText(text, (codePoint) => this.drawable.has(codePoint), multiline);
  }

  title(text: string): void {
    const drawn = fitted(this.draw(text), CONTENT_WIDTH, (line) => this.bold.widthOfTextAtSize(line, 16));
    this.page.drawText(drawn, { x: MARGIN, y: this.y - 16, size: 16, font: this.bold, color: INK });
    this.y -= 24;
  }

  heading(text: string, note?: string): void {
    // Room for the heading and the start of what follows, so a heading never ends a page.
    this.ensure(24 + 80);
    this.y -= 16;
    this.page.drawText(text, { x: MARGIN, y: this.y, size: 12, font: this.bold, color: INK });
    if (note) {
      const x = MARGIN + this.bold.widthOfTextAtSize(text, 12) + 8;
      this.page.drawText(note, { x, y: this.y, size: LABEL_SIZE, font: this.regular, color: MUTED });
    }
    this.page.drawLine({
      start: { x: MARGIN, y: this.y - 3 },
      end: { x: MARGIN + CONTENT_WIDTH, y: this.y - 3 },
      thickness: 0.5,
      color: MUTED,
    });
    this.y -= 10;
  }

  /** Labelled one-line fields, `columns` a row. */
  grid(cells: Cell[], columns: number): void {
    const width = (CONTENT_WIDTH - (columns - 1) * GAP) / columns;
    const rowHeight = LABEL_SIZE + 2 + FIELD_HEIGHT + 6;
    for (let start = 0; start < cells.length; start += columns) {
      this.ensure(rowHeight);
      cells.slice(start, start + columns).forEach((cell, column) => {
        const x = MARGIN + column * (width + GAP);
        this.label(cell.label, x, this.y - LABEL_SIZE, width);
        this.textField(cell, { x, y: this.y - rowHeight + 6, width, height: FIELD_HEIGHT });
      });
      this.y -= rowHeight;
    }
  }

  /** A multiline field, as tall as its text (within bounds), under its label unless that is blank. */
  box(cell: Cell, minimumLines = BOX_MIN_LINES): void {
    const measure = (text: string) => this.regular.widthOfTextAtSize(text, BOX_TEXT_SIZE);
    const width = CONTENT_WIDTH - BOX_PADDING;
    const written = wrapLines(this.draw(cell.value, true), width, measure);
    const lines = Math.min(BOX_MAX_LINES, Math.max(minimumLines, written.length + 1));
    // pdf-lib wraps a long paragraph in time that grows with its length squared; given lines that fit, it only
    // draws them. What the box cannot show is left out of the drawing, not of the value.
    const shown = written.slice(0, lines);
    if (written.length > lines) shown[lines - 1] = fitted(`${shown[lines - 1]} ...`, width, measure);
    const height = lines * BOX_LINE_HEIGHT + 6;
    const labelHeight = cell.label === '' ? 0 : LABEL_SIZE + 2;
    this.ensure(labelHeight + height + 6);
    if (labelHeight > 0) this.label(cell.label, MARGIN, this.y - LABEL_SIZE, CONTENT_WIDTH);
    const y = this.y - labelHeight - height;
    this.textField(
      cell,
      { x: MARGIN, y, width: CONTENT_WIDTH, height },
      {
        text: shown.join('\n'),
        cut: written.length > lines,
      },
    );
    this.y = y - 6;
  }

  /** Printed text (not a field): a bold lead line, then the text wrapped and indented below it. */
  paragraph(lead: string, text: string): void {
    const lineHeight = DETAIL_SIZE * 1.3;
    const measure = (line: string) => this.regular.widthOfTextAtSize(line, DETAIL_SIZE);
    const leadLine = fitted(this.draw(lead), CONTENT_WIDTH, (line) =>
      this.bold.widthOfTextAtSize(line, DETAIL_SIZE),
    );
    this.ensure(2 * lineHeight);
    this.y -= lineHeight;
    this.page.drawText(leadLine, { x: MARGIN, y: this.y, size: DETAIL_SIZE, font: this.bold, color: INK });
    if (text !== '') {
      for (const line of wrapLines(this.draw(text, true), CONTENT_WIDTH - DETAIL_INDENT, measure)) {
        this.ensure(lineHeight);
        this.y -= lineHeight;
        this.page.drawText(line, {
          x: MARGIN + DETAIL_INDENT,
          y: this.y,
          size: DETAIL_SIZE,
          font: this.regular,
          color: INK,
        });
      }
    }
    this.y -= 4;
  }

  /**
   * Draws every field's appearance from its drawable text, then stores the true values: a viewer shows the
   * drawn text, and the import reads the value whole. When a drawing leaves something out (characters the font
   * lacks, lines past the box), viewers are asked to redraw the fields themselves (NeedAppearances).
   */
  finish(): void {
    const form = this.doc.getForm();
    form.updateFieldAppearances(this.regular);
    let redraw = false;
    for (const { field, value, drawn, partial } of this.filled) {
      if (value !== drawn) field.acroField.setValue(PDFHexString.fromText(value));
      redraw ||= partial;
    }
    if (redraw) form.acroForm.dict.set(PDFName.of('NeedAppearances'), PDFBool.True);
  }

  private newPage(): PDFPage {
    this.page = this.doc.addPage([PAGE_WIDTH, PAGE_HEIGHT]);
    this.y = PAGE_HEIGHT - MARGIN;
    return this.page;
  }

  private ensure(height: number): void {
    if (this.y - height < MARGIN) this.newPage();
  }

  private label(text: string, x: number, y: number, width: number): void {
    const drawn = fitted(this.draw(text), width, (line) => this.bold.widthOfTextAtSize(line, LABEL_SIZE));
    this.page.drawText(drawn, { x, y, size: LABEL_SIZE, font: this.bold, color: MUTED });
  }

  /** A one-line field, or a multiline one when given the `box` lines it draws. */
  private textField(
    cell: Cell,
    rect: { x: number; y: number; width: number; height: number },
    box?: { text: string; cut: boolean },
  ): void {
    const multiline = box !== undefined;
    const value = multiline ? cell.value.replace(/\r\n?/g, '\n') : cell.value.replace(/\r\n?|\n/g, ' ');
    const drawable = this.draw(value, multiline);
    const drawn = box?.text ?? drawable;
    const field = this.doc.getForm().createTextField(cell.field);
    if (multiline) field.enableMultiline();
    field.setText(drawn);
    field.addToPage(this.page, {
      ...rect,
      font: this.regular,
      textColor: INK,
      backgroundColor: FIELD_BACKGROUND,
      borderColor: FIELD_BORDER,
      borderWidth: 0.75,
    });
    field.setFontSize(multiline ? BOX_TEXT_SIZE : FIELD_SIZE);
    this.filled.push({ field, value, drawn, partial: drawable !== value || box?.cut === true });
  }
}

/** `text` cut with "..." to fit `width`. */
function fitted(text: string, width: number, measure: (text: string) => number): string {
  if (measure(text) <= width) return text;
  let end = text.length;
  while (end > 0 && measure(`${text.slice(0, end)}...`) > width) end -= 1;
  return `${text.slice(0, end)}...`;
}

/**
 * A character as a fillable PDF (AcroForm text fields named as sheet-fields.ts lists them): name, action values,
 * skills, description, schticks and weapons, labelled on US Letter pages; schticks' categories and rules text
 * printed after the fields. Text the built-in font cannot draw is drawn as "?" and kept whole in the values.
 */
export async function buildCharacterSheet(character: CharacterSheetData): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(`${character.name} - character sheet`);
  doc.setSubject('Character sheet');
  doc.setCreator('Shot Caller');
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const sheet = new SheetWriter(doc, regular, bold);

  sheet.title(`Character sheet: ${character.name}`);
  sheet.grid([{ label: 'Name', field: SheetFields.name, value: character.name }], 1);

  const actionValues = character.action_values;
  const actionKeys = [
    ...SHEET_TEXT_ACTION_VALUES,
    ...CHARACTER_INTEGER_ACTION_VALUES,
    ...ownKeys(actionValues, [...SHEET_TEXT_ACTION_VALUES, ...CHARACTER_INTEGER_ACTION_VALUES]).filter(
      (key) => typeof actionValues[key] !== 'boolean',
    ),
  ];
  sheet.heading('Action values');
  sheet.grid(
    actionKeys.map((key) => ({
      label: ACTION_VALUE_LABELS[key] ?? key,
      field: sheetFieldName('action_values', key),
      value: textOf(actionValues[key]),
    })),
    5,
  );

  const skillKeys = [...CHARACTER_SKILL_KEYS, ...ownKeys(character.skills, CHARACTER_SKILL_KEYS)];
  sheet.heading('Skills');
  sheet.grid(
    skillKeys.map((key) => ({
      label: key,
      field: sheetFieldName('skills', key),
      value: textOf(character.skills[key]),
    })),
    4,
  );

  const descriptionKeys = [
    ...CHARACTER_DESCRIPTION_KEYS,
    ...ownKeys(character.description, CHARACTER_DESCRIPTION_KEYS),
  ];
  const descriptionCell = (key: string): Cell => ({
    label: key,
    field: sheetFieldName('description', key),
    value: plainText(textOf(character.description[key])),
  });
  sheet.heading('Description');
  sheet.grid(descriptionKeys.filter((key) => SHORT_DESCRIPTION_KEYS.includes(key)).map(descriptionCell), 2);
  for (const key of descriptionKeys.filter((key) => !SHORT_DESCRIPTION_KEYS.includes(key))) {
    sheet.box(descriptionCell(key));
  }

  sheet.heading('Schticks', 'one a line');
  const schtickNames = character.schticks.map((schtick) => schtick.name);
  sheet.box({ label: '', field: SheetFields.schticks, value: schtickNames.join('\n') }, 5);
  sheet.heading('Weapons', 'one a line: name (damage/concealment/reload)');
  sheet.box(
    { label: '', field: SheetFields.weapons, value: character.weapons.map(weaponLine).join('\n') },
    4,
  );

  const detailed = character.schticks.filter((schtick) => schtick.category || schtick.description);
  if (detailed.length > 0) {
    sheet.heading('Schtick details');
    for (const schtick of detailed) {
      const lead = schtick.category ? `${schtick.name} (${schtick.category})` : schtick.name;
      sheet.paragraph(lead, plainText(schtick.description ?? ''));
    }
  }

  sheet.finish();
  return doc.save({ updateFieldAppearances: false });
}

/** The sheet's file name: `<name>.pdf`, the name reduced to letters, digits, "-" and "_" ("character.pdf" if none). */
export function sheetFileName(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 100);
  return `${slug === '' ? 'character' : slug}.pdf`;
}
