import { inflateSync } from 'node:zlib';
import { PDFDocument, PDFName, PDFRawStream, PDFTextField } from 'pdf-lib';
import { buildCharacterSheet, sheetFileName } from './character-sheet.builder.js';
import { sampleCharacter } from './character-sheet.spec-support.js';

async function formOf(bytes: Uint8Array) {
  const doc = await PDFDocument.load(bytes);
  const form = doc.getForm();
  const values = new Map(
    form
      .getFields()
      .filter((field) => field instanceof PDFTextField)
      .map((field) => [field.getName(), field.getText() ?? '']),
  );
  return { doc, form, values };
}

/** The text a field's appearance draws (its `Tj` operands, hex-decoded as WinAnsi). */
function drawnText(doc: PDFDocument, field: PDFTextField): string {
  const [widget] = field.acroField.getWidgets();
  const stream = doc.context.lookup(widget.getNormalAppearance());
  if (!(stream instanceof PDFRawStream)) throw new Error('the field has no appearance stream');
  const filtered = stream.dict.get(PDFName.of('Filter')) !== undefined;
  const contents = stream.getContents();
  const content = Buffer.from(filtered ? inflateSync(contents) : contents).toString('latin1');
  return [...content.matchAll(/<([0-9A-Fa-f]*)> Tj/g)]
    .map((match) => Buffer.from(match[1], 'hex').toString('latin1'))
    .join('\n');
}

describe('buildCharacterSheet', () => {
  it('makes a fillable PDF with a field per action value, skill and description key, and the lists', async () => {
    const { values } = await formOf(await buildCharacterSheet(sampleCharacter()));

    expect(values.get('name')).toBe('Johnny Tso');
    expect(values.get('action_values.Guns')).toBe('13');
    expect(values.get('action_values.Martial Arts')).toBe('7');
    expect(values.get('action_values.Type')).toBe('PC');
    expect(values.get('action_values.Archetype')).toBe('Ex-Special Forces');
    expect(values.get('action_values.SecondaryAttack')).toBe('');
    // Standard keys the character does not hold get an empty field; custom ones their own.
    expect(values.get('action_values.Sorcery')).toBe('');
    expect(values.get('action_values.Marks of Death')).toBe('');
    expect(values.get('action_values.Stunts')).toBe('2');
    // The client's Vehicle flag is not a value a player writes.
    expect(values.has('action_values.Vehicle')).toBe(false);

    expect(values.get('skills.Driving')).toBe('10');
    expect(values.get('skills.Deceit')).toBe('');
    expect(values.get('skills.Police')).toBe('');
    expect(values.get('skills.Sci%2E Fi')).toBe('12');
    expect(values.get('skills.Hacking 100%25')).toBe('11');

    expect(values.get('description.Age')).toBe('34');
    expect(values.get('description.Nicknames')).toBe('');
    expect(values.get('description.Background')).toBe('Ex-SAS & bodyguard.\nOwes the Dragons.');
    expect(values.get('description.Scars')).toBe('Left cheek');

    expect(values.get('schticks')).toBe('Both Guns Blazing\nCarnival of Carnage\nLightning Reload');
    expect(values.get('weapons')).toBe('Beretta 92FS (10/1/3)\nSword (Jian) (10/-/-)');
  });

  it('names every field as documented, standard keys first', async () => {
    const { values } = await formOf(await buildCharacterSheet(sampleCharacter()));
    const names = [...values.keys()];

    expect(names.filter((name) => name.startsWith('action_values.')).slice(0, 6)).toEqual([
      'action_values.Type',
      'action_values.Archetype',
      'action_values.FortuneType',
      'action_values.MainAttack',
      'action_values.SecondaryAttack',
      'action_values.Guns',
    ]);
    expect(names.filter((name) => name.startsWith('action_values.'))).toHaveLength(5 + 15 + 1);
    expect(names.filter((name) => name.startsWith('skills.'))).toHaveLength(16 + 2);
    expect(names.filter((name) => name.startsWith('description.'))).toHaveLength(10 + 1);
    expect(names).toEqual(expect.arrayContaining(['name', 'schticks', 'weapons']));
  });

  it('makes the list and long description fields multiline, the values one-line', async () => {
    const { form } = await formOf(await buildCharacterSheet(sampleCharacter()));

    expect(form.getTextField('schticks').isMultiline()).toBe(true);
    expect(form.getTextField('weapons').isMultiline()).toBe(true);
    expect(form.getTextField('description.Background').isMultiline()).toBe(true);
    expect(form.getTextField('description.Scars').isMultiline()).toBe(true);
    expect(form.getTextField('description.Age').isMultiline()).toBe(false);
    expect(form.getTextField('action_values.Guns').isMultiline()).toBe(false);
    expect(form.getTextField('name').isMultiline()).toBe(false);
  });

  it('runs onto more pages when the character holds more than one page shows', async () => {
    const short = await formOf(await buildCharacterSheet(sampleCharacter({ schticks: [] })));
    const long = await formOf(
      await buildCharacterSheet(
        sampleCharacter({
          schticks: Array.from({ length: 60 }, (_, index) => ({
            name: `Schtick ${index}`,
            category: 'Guns',
            description: 'A long rules text. '.repeat(40),
          })),
        }),
      ),
    );

    expect(long.doc.getPageCount()).toBeGreaterThan(short.doc.getPageCount());
    expect(long.values.get('schticks')?.split('\n')).toHaveLength(60);
    // Every field sits on a page of the document.
    const pages = new Set(long.doc.getPages().map((page) => page.ref.toString()));
    for (const field of long.form.getFields()) {
      for (const widget of field.acroField.getWidgets())
        expect(pages.has(String(widget.P()?.toString()))).toBe(true);
    }
  });

  it('keeps text outside WinAnsi whole in the values and draws "?" for what Helvetica cannot', async () => {
    const bytes = await buildCharacterSheet(
      sampleCharacter({
        name: '李小龙 🐉 Zoë',
        skills: { 功夫: 15 },
        description: { Background: 'Hőse of 🐉\nsecond line' },
        schticks: [{ name: '龍の拳', category: '功夫', description: '拳 🥋' }],
      }),
    );
    const { doc, form, values } = await formOf(bytes);

    expect(values.get('name')).toBe('李小龙 🐉 Zoë');
    expect(values.get('skills.功夫')).toBe('15');
    expect(values.get('description.Background')).toBe('Hőse of 🐉\nsecond line');
    expect(values.get('schticks')).toBe('龍の拳');
    expect(drawnText(doc, form.getTextField('name'))).toBe('??? ? Zoë');
    expect(drawnText(doc, form.getTextField('description.Background'))).toBe('Hose of ?\nsecond line');
    expect(drawnText(doc, form.getTextField('schticks'))).toBe('???');
    // Viewers with fonts of their own are asked to redraw the fields.
    expect(form.acroForm.dict.get(PDFName.of('NeedAppearances'))?.toString()).toBe('true');
  });

  it('keeps a description longer than its box whole in the value, and draws the lines the box shows', async () => {
    const background = Array.from({ length: 300 }, (_, index) => `Line ${index} of a long story.`).join(' ');
    const { doc, form, values } = await formOf(
      await buildCharacterSheet(sampleCharacter({ description: { Background: background } })),
    );

    expect(values.get('description.Background')).toBe(background);
    const drawn = drawnText(doc, form.getTextField('description.Background')).split('\n');
    expect(drawn).toHaveLength(40);
    expect(drawn[0]).toMatch(/^Line 0 of a long story\. Line 1/);
    expect(drawn[39]).toMatch(/\.\.\.$/);
    expect(form.acroForm.dict.get(PDFName.of('NeedAppearances'))?.toString()).toBe('true');
  });

  it('orders custom keys by name, numbers by value', async () => {
    const { values } = await formOf(
      await buildCharacterSheet(sampleCharacter({ skills: { 'Skill 10': 1, 'Skill 9': 1, Alchemy: 1 } })),
    );

    expect([...values.keys()].filter((name) => name.startsWith('skills.')).slice(-3)).toEqual([
      'skills.Alchemy',
      'skills.Skill 9',
      'skills.Skill 10',
    ]);
  });

  it('does not ask viewers to redraw a sheet whose text the font draws', async () => {
    const { form } = await formOf(await buildCharacterSheet(sampleCharacter()));

    expect(form.acroForm.dict.get(PDFName.of('NeedAppearances'))).toBeUndefined();
  });
});

describe('sheetFileName', () => {
  it.each([
    ['Johnny Tso', 'Johnny-Tso.pdf'],
    ['Zoë the "Blade"', 'Zoe-the-Blade.pdf'],
    ['李小龙', 'character.pdf'],
    ['../../etc/passwd', 'etc-passwd.pdf'],
  ])('%s -> %s', (name, file) => {
    expect(sheetFileName(name)).toBe(file);
  });
});
