import { PDFDocument } from 'pdf-lib';
import { PDF_IMPORT_MAX_BYTES } from '@shotcaller/contracts';
import type { Account, Stack } from './support/stack.js';
import { as as asAccount, startCampaignStack } from './support/campaign-stack.js';

/**
 * Character sheets through the gateway, built and read by the real jobs service's pdf worker: a member exports a
 * character as a fillable PDF, edits it as any PDF reader would, and imports it back as a new character; whoever
 * cannot see the character gets 404; a file that is not a sheet is refused with nothing written.
 */
const BOOT_GUARD_MS = 30_000;

let stack: Stack;
let gm: Account;
let player: Account;
let outsider: Account;
let campaignId: string;
let schtickId: string;
let weaponId: string;
let characterId: string;

const as = (account: Account) => asAccount(stack, account);

const characterCount = async () =>
  Number(
    (
      await stack.db.query<{ n: number }>(
        'select count(*)::int as n from characters where campaign_id = $1',
        [campaignId],
      )
    ).rows[0].n,
  );

/** The sheet of a character, as the gateway sends it. */
const exportSheet = (account: Account, id: string) =>
  as(account).get(`/api/v2/characters/${id}/pdf`).responseType('blob');

const upload = (account: Account, bytes: Buffer, contentType = 'application/pdf', field = 'pdf_file') =>
  as(account).post('/api/v2/characters/pdf').attach(field, bytes, { filename: 'sheet.pdf', contentType });

beforeAll(async () => {
  ({ stack, gm, player, outsider, campaignId } = await startCampaignStack('e2e-character-pdf'));
  const schtick = await as(gm)
    .post('/api/v2/schticks')
    .send({
      schtick: { name: 'Both Guns Blazing', category: 'Guns', description: 'Two guns at once: +1 Damage' },
    });
  expect(schtick.status).toBe(201);
  schtickId = schtick.body.id;
  const weapon = await as(gm)
    .post('/api/v2/weapons')
    .send({ weapon: { name: 'Beretta 92FS', damage: 10, concealment: 1, reload_value: 3 } });
  expect(weapon.status).toBe(201);
  weaponId = weapon.body.id;
  const character = await as(player)
    .post('/api/v2/characters')
    .send({
      character: {
        name: 'Johnny Tso',
        action_values: { Guns: 13, Type: 'PC', Archetype: 'Ex-Special Forces' },
        skills: { Driving: 10 },
        description: { Age: '34', Background: 'Owes the Dragons' },
        schtick_ids: [schtickId],
        weapon_ids: [weaponId],
      },
    });
  expect(character.status).toBe(201);
  characterId = character.body.id;
  // The outsider has a campaign of their own, current: the character is still not theirs to see.
  const own = await as(outsider)
    .post('/api/v2/campaigns')
    .send({ campaign: { name: 'Elsewhere' } });
  expect(own.status).toBe(201);
  expect((await as(outsider).post('/api/v2/campaigns/current').send({ id: own.body.id })).status).toBe(200);
}, BOOT_GUARD_MS);

afterAll(async () => {
  await stack?.stop();
});

/** The gamemaster's export of the character, as bytes. */
async function sheetBytes(): Promise<Buffer> {
  const response = await exportSheet(gm, characterId);
  expect(response.status).toBe(200);
  return response.body as Buffer;
}

describe('character sheets as PDF', () => {
  it('exports a character its member can see as a fillable PDF attachment', async () => {
    const response = await exportSheet(gm, characterId);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['content-disposition']).toBe('attachment; filename="Johnny-Tso.pdf"');
    const sheet = response.body as Buffer;
    expect(sheet.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const form = (await PDFDocument.load(sheet)).getForm();
    expect(form.getTextField('name').getText()).toBe('Johnny Tso');
    expect(form.getTextField('action_values.Guns').getText()).toBe('13');
    expect(form.getTextField('schticks').getText()).toContain('Both Guns Blazing');
    expect(form.getTextField('weapons').getText()).toContain('Beretta 92FS (10/1/3)');
  });

  it('imports an edited sheet as a new character of the current campaign, owned by the importer', async () => {
    const document = await PDFDocument.load(await sheetBytes());
    const form = document.getForm();
    form.getTextField('name').setText('Johnny Tso Returns');
    form.getTextField('action_values.Guns').setText('15');
    form.getTextField('skills.Driving').setText('12');
    const edited = Buffer.from(await document.save());
    const before = await characterCount();

    const response = await upload(gm, edited);
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      entity_class: 'Character',
      name: 'Johnny Tso Returns',
      user_id: gm.id,
      action_values: { Guns: 15, Type: 'PC', Archetype: 'Ex-Special Forces' },
      skills: { Driving: 12 },
      description: { Age: '34', Background: 'Owes the Dragons' },
      schtick_ids: [schtickId],
      weapon_ids: [weaponId],
    });
    expect(response.body.id).not.toBe(characterId);
    expect(await characterCount()).toBe(before + 1);
    const stored = await stack.db.query<{ guns: number }>(
      `select (action_values->>'Guns')::int as guns from characters where id = $1`,
      [response.body.id],
    );
    expect(stored.rows[0].guns).toBe(15);

    // The same sheet again: the name is taken, as for any create, and nothing more is written.
    const again = await upload(gm, edited);
    expect(again.status).toBe(422);
    expect(again.body.errors).toEqual({ name: ['has already been taken'] });
    expect(await characterCount()).toBe(before + 1);
  });

  it('gives 404 to whoever cannot see the character, and for an unknown one', async () => {
    const stranger = await exportSheet(outsider, characterId);
    expect(stranger.status).toBe(404);
    const unknown = await exportSheet(gm, '00000000-0000-4000-8000-000000000000');
    expect(unknown.status).toBe(404);
  });

  it('refuses a file that is not a PDF with a field error, writing nothing', async () => {
    const before = await characterCount();
    const response = await upload(player, Buffer.from('Name: Johnny Tso\nGuns: 15\n'));
    expect(response.status).toBe(422);
    expect(response.body.errors).toEqual({ pdf_file: [expect.any(String)] });
    expect(await characterCount()).toBe(before);
  });

  it('refuses a PDF that is not a character sheet', async () => {
    const before = await characterCount();
    const plain = await PDFDocument.create();
    plain.addPage();
    const response = await upload(player, Buffer.from(await plain.save()));
    expect(response.status).toBe(422);
    expect(response.body.errors).toEqual({ pdf_file: [expect.any(String)] });
    expect(await characterCount()).toBe(before);
  });

  it('refuses an upload past the size limit (413), another type (415) and a form without the file (422)', async () => {
    const sheet = await sheetBytes();
    const before = await characterCount();
    const oversized = await upload(player, Buffer.alloc(PDF_IMPORT_MAX_BYTES + 1, 0x20));
    expect(oversized.status).toBe(413);
    // At the limit it goes all the way to the pdf job, which finds no PDF in it.
    const atLimit = await upload(player, Buffer.alloc(PDF_IMPORT_MAX_BYTES, 0x20));
    expect(atLimit.status).toBe(422);
    expect(atLimit.body.errors).toEqual({ pdf_file: [expect.any(String)] });
    const text = await upload(player, sheet, 'text/plain');
    expect(text.status).toBe(415);
    const json = await as(player)
      .post('/api/v2/characters/pdf')
      .send({ pdf_file: sheet.toString('base64') });
    expect(json.status).toBe(415);
    const missing = await as(player).post('/api/v2/characters/pdf').field('note', 'no file here');
    expect(missing.status).toBe(422);
    expect(missing.body.errors).toEqual({ pdf_file: ["can't be blank"] });
    expect(await characterCount()).toBe(before);
  });

  it('asks for a signed-in user', async () => {
    expect((await stack.http().get(`/api/v2/characters/${characterId}/pdf`)).status).toBe(401);
  });

  // Last: it stops the stack's jobs service.
  it('answers 503 while the jobs service is not running, writing nothing', async () => {
    const sheet = await sheetBytes();
    const { mailing } = stack;
    await mailing.jobs.close();
    stack.mailing = { ...mailing, stop: () => mailing.catcher.close() };
    const before = await characterCount();
    expect((await exportSheet(gm, characterId)).status).toBe(503);
    const imported = await upload(player, sheet);
    expect(imported.status).toBe(503);
    expect(imported.body).toMatchObject({ code: 'service_unavailable' });
    expect(await characterCount()).toBe(before);
  });
});
