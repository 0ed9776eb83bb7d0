import { accepted, refusals } from '../characters/dto-checks.spec-support.js';
import {
  CharacterSheetData,
  ImportSheetData,
  PDF_IMPORT_BASE64_MAX,
  SHEET_SCHTICKS_MAX,
} from './pdf.jobs.js';

const character = () => ({
  name: 'Johnny Tso',
  action_values: { Guns: 13, Type: 'PC', Archetype: 'Ex-Special Forces', SecondaryAttack: null },
  skills: { Driving: 10, 'Sci. Fi': null },
  description: { Background: '<p>Ex-SAS</p>', Age: null },
  schticks: [
    { name: 'Both Guns Blazing', category: 'Guns', description: null },
    { name: 'Lightning Reload' },
  ],
  weapons: [{ name: 'Beretta 92FS', damage: 10, concealment: 1, reload_value: null }],
});

describe('CharacterSheetData', () => {
  it('takes what the sheet needs of a character', () => {
    expect(refusals(CharacterSheetData, character())).toEqual({});
  });

  it('trims names', () => {
    expect(accepted(CharacterSheetData, { ...character(), name: '  Johnny  ' }).name).toBe('Johnny');
  });

  it('refuses the rest of a CharacterView', () => {
    expect(refusals(CharacterSheetData, { ...character(), id: 'x', entity_class: 'Character' })).toEqual({
      id: ['is not a permitted attribute'],
      entity_class: ['is not a permitted attribute'],
    });
  });

  it.each([
    ['a blank name', { name: ' ' }, 'name'],
    ['a Type that is not a character type', { action_values: { Type: 'Hero' } }, 'action_values'],
    ['a skill that is not a number', { skills: { Driving: 'good' } }, 'skills'],
    ['a nested description', { description: { Background: { html: 'x' } } }, 'description'],
    ['missing maps', { skills: undefined }, 'skills'],
    [
      'too many schticks',
      { schticks: Array.from({ length: SHEET_SCHTICKS_MAX + 1 }, (_, index) => ({ name: `S${index}` })) },
      'schticks',
    ],
    ['a schtick without a name', { schticks: [{ category: 'Guns' }] }, 'schticks.0.name'],
    ['a weapon without damage', { weapons: [{ name: 'Gun' }] }, 'weapons.0.damage'],
    [
      'a negative concealment',
      { weapons: [{ name: 'Gun', damage: 9, concealment: -1 }] },
      'weapons.0.concealment',
    ],
  ])('refuses %s', (_case, change, field) => {
    expect(Object.keys(refusals(CharacterSheetData, { ...character(), ...change }))).toContain(field);
  });
});

describe('ImportSheetData', () => {
  it('takes base64 text up to the limit', () => {
    expect(refusals(ImportSheetData, { pdf_base64: 'A'.repeat(PDF_IMPORT_BASE64_MAX) })).toEqual({});
  });

  it('refuses more, and anything but text', () => {
    expect(
      Object.keys(refusals(ImportSheetData, { pdf_base64: 'A'.repeat(PDF_IMPORT_BASE64_MAX + 4) })),
    ).toEqual(['pdf_base64']);
    expect(Object.keys(refusals(ImportSheetData, { pdf_base64: 12 }))).toEqual(['pdf_base64']);
    expect(Object.keys(refusals(ImportSheetData, {}))).toEqual(['pdf_base64']);
  });
});
