import { validate } from 'class-validator';
import { plainToInstance } from 'class-transformer';
import {
  CharacterSheetData,
  ErrorCode,
  ServiceError,
  SHEET_SCHTICK_DESCRIPTION_MAX,
  SHEET_SCHTICKS_MAX,
  type CharacterView,
} from '@shotcaller/contracts';
import {
  characterFieldsOfSheet,
  characterToExtend,
  cutText,
  distinctNames,
  idsByName,
  sheetDataOf,
  sheetImportRefusal,
} from './character-sheet.rules.js';

const schtick = (name: string, description: string | null, category: string | null = 'Guns') =>
  ({
    id: `s-${name}`,
    name,
    description,
    category,
    path: null,
    color: null,
    extra: 'not for the sheet',
  }) as never;
const weapon = (name: string) =>
  ({
    id: `w-${name}`,
    name,
    damage: 10,
    concealment: 2,
    reload_value: null,
    category: 'Guns',
    kachunk: false,
  }) as never;

function characterView(overrides: Partial<CharacterView> = {}): CharacterView {
  return {
    id: '2b7c9a1e-0000-4000-8000-000000000001',
    name: 'Johnny Tso',
    entity_class: 'Character',
    user_id: null,
    action_values: { Guns: 13, Type: 'PC', MainAttack: 'Guns', SecondaryAttack: null },
    skills: { Driving: 10, Police: null },
    description: { Age: '34', Background: 'Owes the Dragons' },
    schticks: [schtick('Both Guns Blazing', 'Two guns: +1 Damage')],
    weapons: [weapon('Beretta 92FS')],
    sites: [],
    parties: [],
    advancements: [],
    ...overrides,
  } as CharacterView;
}

describe('sheetDataOf', () => {
  it('sends exactly the fields of the character_sheet job, which its DTO accepts', async () => {
    const data = sheetDataOf(characterView());
    expect(data).toEqual({
      name: 'Johnny Tso',
      action_values: { Guns: 13, Type: 'PC', MainAttack: 'Guns', SecondaryAttack: null },
      skills: { Driving: 10, Police: null },
      description: { Age: '34', Background: 'Owes the Dragons' },
      schticks: [{ name: 'Both Guns Blazing', category: 'Guns', description: 'Two guns: +1 Damage' }],
      weapons: [{ name: 'Beretta 92FS', damage: 10, concealment: 2, reload_value: null }],
    });
    const errors = await validate(plainToInstance(CharacterSheetData, data), {
      whitelist: true,
      forbidNonWhitelisted: true,
    });
    expect(errors).toEqual([]);
  });

  it('cuts long schtick texts and lists to the sheet bounds', async () => {
    const long = 'x'.repeat(SHEET_SCHTICK_DESCRIPTION_MAX + 10);
    const many = Array.from({ length: SHEET_SCHTICKS_MAX + 5 }, (_, i) =>
      schtick(`S${i}`, long, 'c'.repeat(300)),
    );
    const data = sheetDataOf(characterView({ schticks: many }));
    expect(data.schticks).toHaveLength(SHEET_SCHTICKS_MAX);
    expect(data.schticks[0].description).toHaveLength(SHEET_SCHTICK_DESCRIPTION_MAX);
    const errors = await validate(plainToInstance(CharacterSheetData, data), { whitelist: true });
    expect(errors).toEqual([]);
  });
});

describe('cutText', () => {
  it('never leaves half of a surrogate pair', () => {
    expect(cutText('ab😀', 3)).toBe('ab');
    expect(cutText('ab😀', 4)).toBe('ab😀');
    expect(cutText('abcdef', 3)).toBe('abc');
  });
});

describe('names and links', () => {
  it('takes each name once, without case', () => {
    expect(distinctNames(['Lightning Reload', 'lightning reload', 'Fast Draw'])).toEqual([
      'Lightning Reload',
      'Fast Draw',
    ]);
  });

  it("links the campaign's records by name, skipping names it lacks", () => {
    const records = [
      { id: 'a', name: 'Fast Draw' },
      { id: 'b', name: 'Lightning Reload' },
    ];
    expect(idsByName(['lightning RELOAD', 'Unknown', 'Fast Draw', 'fast draw'], records)).toEqual(['b', 'a']);
    expect(idsByName([], records)).toEqual([]);
  });

  it('creates the character from the sheet with its links', () => {
    const fields = characterFieldsOfSheet(
      {
        name: 'Johnny',
        action_values: { Guns: 15 },
        skills: { Driving: 10 },
        description: { Age: '34' },
        schtick_names: ['Fast Draw'],
        weapon_names: [],
      },
      { schtick_ids: ['a'], weapon_ids: [] },
    );
    expect(fields).toEqual({
      name: 'Johnny',
      action_values: { Guns: 15 },
      skills: { Driving: 10 },
      description: { Age: '34' },
      schtick_ids: ['a'],
      weapon_ids: [],
    });
  });
});

describe('sheetImportRefusal', () => {
  it("turns the job's final refusal into a field error on pdf_file", () => {
    const refusal = sheetImportRefusal(
      new ServiceError(ErrorCode.ValidationFailed, 'This file is not a PDF', {
        job_id: '1',
        error: { code: 'pdf_not_pdf', message: 'This file is not a PDF' },
      }),
    );
    expect(refusal?.code).toBe(ErrorCode.ValidationFailed);
    expect(refusal?.details).toEqual({ errors: { pdf_file: ['This file is not a PDF'] } });
  });

  it('leaves other failures as they are', () => {
    expect(sheetImportRefusal(new ServiceError(ErrorCode.ServiceUnavailable, 'down'))).toBeUndefined();
    expect(sheetImportRefusal(new ServiceError(ErrorCode.UpstreamTimeout, 'late'))).toBeUndefined();
    expect(sheetImportRefusal(ServiceError.validation({ data: ['is invalid'] }))).toBeUndefined();
    expect(sheetImportRefusal(new Error('boom'))).toBeUndefined();
  });
});

describe('characterToExtend', () => {
  it('sends the stored fields, without null description entries', () => {
    expect(
      characterToExtend({
        name: 'Fei',
        actionValues: { Guns: 12 },
        skills: { Driving: null },
        description: { Age: '30', Background: null },
      }),
    ).toEqual({
      name: 'Fei',
      action_values: { Guns: 12 },
      skills: { Driving: null },
      description: { Age: '30' },
    });
  });
});
