import { deflateSync } from 'node:zlib';
import { PdfImportFailures, PDF_IMPORT_MAX_BYTES } from '@shotcaller/contracts';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { JobFailure } from '../queues/job-failure.js';
import { buildCharacterSheet } from './character-sheet.builder.js';
import { characterFromFields, PDF_IMPORT_DECODED_MAX, readCharacterSheet } from './character-sheet.reader.js';
import { sampleCharacter } from './character-sheet.spec-support.js';

/** The JobFailure `promise` rejects with (fails the test when it resolves or rejects with something else). */
async function failureOf(promise: Promise<unknown>): Promise<JobFailure> {
  const error: unknown = await promise.then(
    () => undefined,
    (rejection: unknown) => rejection,
  );
  if (!(error instanceof JobFailure)) throw new Error(`expected a JobFailure, got ${String(error)}`);
  return error;
}

/** The JobFailure `call` throws. */
function failureFrom(call: () => unknown): JobFailure {
  try {
    call();
  } catch (error) {
    if (error instanceof JobFailure) return error;
    throw error;
  }
  throw new Error('expected a JobFailure, nothing was thrown');
}

/** A sheet built from the sample character, its fields then changed as a player would in a viewer. */
async function filledSheet(changes: Record<string, string>): Promise<Uint8Array> {
  const doc = await PDFDocument.load(await buildCharacterSheet(sampleCharacter()));
  const form = doc.getForm();
  for (const [field, text] of Object.entries(changes)) form.getTextField(field).setText(text);
  return doc.save();
}

describe('readCharacterSheet', () => {
  it('reads back what the builder wrote', async () => {
    const character = await readCharacterSheet(await buildCharacterSheet(sampleCharacter()));

    expect(character).toEqual({
      name: 'Johnny Tso',
      action_values: {
        Guns: 13,
        'Martial Arts': 7,
        Defense: 14,
        Toughness: 7,
        Speed: 6,
        Fortune: 7,
        'Max Fortune': 7,
        Wounds: 3,
        Type: 'PC',
        Archetype: 'Ex-Special Forces',
        FortuneType: 'Fortune',
        MainAttack: 'Guns',
        Stunts: 2,
      },
      skills: { Driving: 10, Medicine: 9, 'Sci. Fi': 12, 'Hacking 100%': 11 },
      description: {
        Age: '34',
        'Hair Color': 'Black',
        Background: 'Ex-SAS & bodyguard.\nOwes the Dragons.',
        'Melodramatic Hook': 'Find out who framed him.',
        Scars: 'Left cheek',
      },
      schtick_names: ['Both Guns Blazing', 'Carnival of Carnage', 'Lightning Reload'],
      weapon_names: ['Beretta 92FS', 'Sword (Jian)'],
    });
  });

  it('reads the changes a player made in a viewer, and keeps the rest', async () => {
    const character = await readCharacterSheet(
      await filledSheet({
        'action_values.Guns': ' 15 ',
        'action_values.Sorcery': '8',
        'action_values.Type': 'featured foe',
        'skills.Deceit': '12',
        'skills.Driving': '',
        'description.Background': 'Left the SAS.\r\nNow freelance.',
        schticks: 'Both Guns Blazing\n\n  Hair Trigger Neck Hairs  \nBoth Guns Blazing',
        weapons: 'Beretta 92FS (10/1/3)\nColt Python\nShotgun ( 13 / 5 / 4 )',
      }),
    );

    expect(character.action_values).toMatchObject({
      Guns: 15,
      Sorcery: 8,
      Type: 'Featured Foe',
      Defense: 14,
    });
    expect(character.skills).toEqual({ Deceit: 12, Medicine: 9, 'Sci. Fi': 12, 'Hacking 100%': 11 });
    expect(character.description).toMatchObject({ Background: 'Left the SAS.\nNow freelance.', Age: '34' });
    expect(character.schtick_names).toEqual(['Both Guns Blazing', 'Hair Trigger Neck Hairs']);
    expect(character.weapon_names).toEqual(['Beretta 92FS', 'Colt Python', 'Shotgun']);
    expect(character.name).toBe('Johnny Tso');
  });

  it('reads text the built-in font cannot draw as it was written', async () => {
    const bytes = await buildCharacterSheet(
      sampleCharacter({ name: '李小龙 🐉', skills: { 功夫: 15 }, description: { Background: 'Hőse 🐉' } }),
    );
    const character = await readCharacterSheet(bytes);

    expect(character.name).toBe('李小龙 🐉');
    expect(character.skills).toEqual({ 功夫: 15 });
    expect(character.description).toEqual({ Background: 'Hőse 🐉' });
  });

  it.each([
    ['action_values.Guns', 'fifteen', 'must be a whole number'],
    ['action_values.Guns', '12.5', 'must be a whole number'],
    ['action_values.Guns', '1000000', 'must be a whole number up to 999999'],
    ['action_values.Type', 'Hero', 'must be one of: PC, Ally, Mook, Featured Foe, Boss, Uber-Boss'],
    ['skills.Driving', 'good', 'must be a whole number'],
    ['name', '   ', "can't be blank"],
  ])('refuses %s holding %j', async (field, text, problem) => {
    const failure = await failureOf(readCharacterSheet(await filledSheet({ [field]: text })));

    expect(failure.code).toBe(PdfImportFailures.invalidField);
    expect(failure.retry).toBe(false);
    expect(failure.message).toContain(problem);
    expect(failure.message).not.toContain(text.trim() === '' ? 'never' : text);
  });

  it('refuses a PDF without a form', async () => {
    const doc = await PDFDocument.create();
    doc.addPage().drawText('Name: Johnny Tso', { font: await doc.embedFont(StandardFonts.Helvetica) });

    const failure = await failureOf(readCharacterSheet(await doc.save()));

    expect(failure.code).toBe(PdfImportFailures.notCharacterSheet);
    expect(failure.message).toMatch(/no form/);
  });

  it('refuses a form that is not a character sheet (no name field)', async () => {
    const doc = await PDFDocument.create();
    const page = doc.addPage();
    doc.getForm().createTextField('customer').addToPage(page);

    const failure = await failureOf(readCharacterSheet(await doc.save()));

    expect(failure.code).toBe(PdfImportFailures.notCharacterSheet);
    expect(failure.message).toMatch(/no "name" field/);
  });

  it('refuses bytes that are not a PDF', async () => {
    const failure = await failureOf(readCharacterSheet(new TextEncoder().encode('Name: Johnny Tso\n%%EOF')));

    expect(failure.code).toBe(PdfImportFailures.notPdf);
  });

  it('refuses a PDF cut short', async () => {
    const bytes = await buildCharacterSheet(sampleCharacter());

    const failure = await failureOf(readCharacterSheet(bytes.slice(0, Math.floor(bytes.length / 2))));

    expect(failure.code).toBe(PdfImportFailures.truncated);
  });

  it('refuses a PDF whose objects are damaged', async () => {
    const bytes = Buffer.from(await buildCharacterSheet(sampleCharacter()));
    // Cut the middle out and keep the end marker: the body no longer parses.
    const damaged = Buffer.concat([bytes.subarray(0, 2000), bytes.subarray(bytes.length - 600)]);

    const failure = await failureOf(readCharacterSheet(damaged));

    expect(failure.code).toBe(PdfImportFailures.unreadable);
  });

  it('refuses an encrypted PDF', async () => {
    const doc = await PDFDocument.create();
    doc.addPage();
    doc.context.trailerInfo.Encrypt = doc.context.register(
      doc.context.obj({ Filter: 'Standard', V: 1, R: 2 }),
    );

    const failure = await failureOf(readCharacterSheet(await doc.save({ useObjectStreams: false })));

    expect(failure.code).toBe(PdfImportFailures.encrypted);
  });

  it('refuses a PDF larger than the limit before parsing it', async () => {
    const bytes = await buildCharacterSheet(sampleCharacter());
    const padded = Buffer.concat([bytes, Buffer.alloc(PDF_IMPORT_MAX_BYTES - bytes.length + 1, 0x20)]);

    const failure = await failureOf(readCharacterSheet(padded));

    expect(failure.code).toBe(PdfImportFailures.tooLarge);
  });
});

describe('characterFromFields', () => {
  const fields = (entries: Record<string, string>) => new Map(Object.entries({ name: 'Johnny', ...entries }));

  it('ignores fields that are not the sheet fields', () => {
    const character = characterFromFields(
      fields({
        signature: 'J.T.',
        'skills.A.B': '3',
        'skills.100%off': '3',
        'notes.Guns': '7',
        'skills.Driving': '9',
      }),
    );

    expect(character.skills).toEqual({ Driving: 9 });
    expect(character.action_values).toEqual({});
  });

  it('leaves blank fields out, and turns a custom action value holding a whole number into one', () => {
    const character = characterFromFields(
      fields({
        'action_values.Guns': '',
        'action_values.Archetype': '  ',
        'action_values.Stunts': '+3',
        'action_values.Motto': 'Never again',
        'action_values.Archetype2': '12',
        'description.Age': '\u0000 34\u0007 ',
      }),
    );

    expect(character.action_values).toEqual({ Stunts: 3, Motto: 'Never again', Archetype2: 12 });
    expect(character.description).toEqual({ Age: '34' });
  });

  it('keeps a text action value as text even when it holds digits', () => {
    expect(characterFromFields(fields({ 'action_values.Archetype': '1337' })).action_values).toEqual({
      Archetype: '1337',
    });
  });

  it.each([
    ['skills.__proto__', '3'],
    ['description.constructor', 'x'],
  ])('refuses the built-in key of %s', (field, text) => {
    expect(failureFrom(() => characterFromFields(fields({ [field]: text }))).code).toBe(
      PdfImportFailures.invalidField,
    );
  });

  it('refuses more schticks than a sheet lists, and names longer than a record name', () => {
    const many = Array.from({ length: 101 }, (_, index) => `Schtick ${index}`).join('\n');

    expect(failureFrom(() => characterFromFields(fields({ schticks: many })))).toMatchObject({
      code: PdfImportFailures.invalidField,
      message: 'Field "schticks" must list at most 100 names',
    });
    expect(
      failureFrom(() => characterFromFields(fields({ weapons: `${'x'.repeat(256)} (1/2/3)` }))),
    ).toMatchObject({
      code: PdfImportFailures.invalidField,
      message: 'Field "weapons" holds a name longer than 255 characters',
    });
  });

  it('refuses a description longer than the campaign stores', () => {
    const failure = failureFrom(() =>
      characterFromFields(fields({ 'description.Background': 'x'.repeat(10_001) })),
    );

    expect(failure.code).toBe(PdfImportFailures.invalidField);
    expect(failure.message).toContain('"Background" is too long');
  });

  it('refuses a form without a name field as not a sheet', () => {
    expect(failureFrom(() => characterFromFields(new Map([['skills.Driving', '9']]))).code).toBe(
      PdfImportFailures.notCharacterSheet,
    );
  });
});

describe('readCharacterSheet on a decompression bomb', () => {
  /** A small PDF whose one object stream inflates to `size` bytes of blanks. */
  function bomb(size: number): Buffer {
    const objects = Buffer.concat([Buffer.from('1 0 << >>'), Buffer.alloc(size, 0x20)]);
    const deflated = deflateSync(objects, { level: 9 });
    return Buffer.concat([
      Buffer.from('%PDF-1.7\n'),
      Buffer.from(
        `5 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length ${deflated.length} >>\nstream\n`,
      ),
      deflated,
      Buffer.from(
        '\nendstream\nendobj\n2 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 2 0 R /Size 6 >>\n%%EOF\n',
      ),
    ]);
  }

  it('refuses a small PDF whose streams expand past the budget', async () => {
    const bytes = bomb(PDF_IMPORT_DECODED_MAX + 1024);
    expect(bytes.length).toBeLessThan(PDF_IMPORT_MAX_BYTES);

    const failure = await failureOf(readCharacterSheet(bytes));

    expect(failure.code).toBe(PdfImportFailures.tooLarge);
    expect(failure.message).toMatch(/once decompressed/);
  });

  it('reads a PDF whose streams stay within it', async () => {
    const failure = await failureOf(readCharacterSheet(bomb(1024)));

    // It parses (then has no form): the budget did not refuse it.
    expect(failure.code).toBe(PdfImportFailures.notCharacterSheet);
  });
});
