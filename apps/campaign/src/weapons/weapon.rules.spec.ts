import type { RuleResult } from '../shared/values.rules.js';
import { weaponValuesToStore } from './weapon.rules.js';

function valueOf<T>(result: RuleResult<T>): T {
  if (!result.ok) throw new Error(`expected a value, got ${JSON.stringify(result.errors)}`);
  return result.value;
}

function errorsOf<T>(result: RuleResult<T>) {
  if (result.ok) throw new Error(`expected field errors, got ${JSON.stringify(result.value)}`);
  return result.errors;
}

describe('weapon values on create', () => {
  it('stores damage "7" as 7 (the Rails spec fists) with the column defaults', () => {
    expect(valueOf(weaponValuesToStore({ damage: '7' }))).toEqual({
      damage: 7,
      concealment: null,
      reload_value: null,
      mook_bonus: 0,
      kachunk: false,
    });
  });

  it('takes the values of a Beretta', () => {
    expect(
      valueOf(
        weaponValuesToStore({ damage: 10, concealment: '2', reload_value: 3, mook_bonus: 1, kachunk: true }),
      ),
    ).toEqual({ damage: 10, concealment: 2, reload_value: 3, mook_bonus: 1, kachunk: true });
  });

  it('requires damage (Rails: presence)', () => {
    for (const damage of [undefined, null, '', '  ']) {
      expect(errorsOf(weaponValuesToStore({ damage }))).toEqual({ damage: ["can't be blank"] });
    }
  });

  it('refuses numbers that are not integers and a kachunk that is not a boolean', () => {
    expect(
      errorsOf(
        weaponValuesToStore({
          damage: 'seven',
          concealment: 1.5,
          reload_value: 'fast',
          mook_bonus: null,
          kachunk: 'yes',
        }),
      ),
    ).toEqual({
      damage: ['is not a number'],
      concealment: ['must be an integer'],
      reload_value: ['is not a number'],
      mook_bonus: ["can't be blank"],
      kachunk: ['must be true or false'],
    });
  });
});

describe('weapon values on update', () => {
  const stored = { damage: 13, concealment: 4, reload_value: 1, mook_bonus: 2, kachunk: true };

  it('keeps what the update leaves out', () => {
    expect(valueOf(weaponValuesToStore({ mook_bonus: '3' }, stored))).toEqual({ ...stored, mook_bonus: 3 });
  });

  it('clears concealment and reload_value with null or blank text', () => {
    expect(
      valueOf(weaponValuesToStore({ concealment: null, reload_value: '', kachunk: false }, stored)),
    ).toEqual({
      ...stored,
      concealment: null,
      reload_value: null,
      kachunk: false,
    });
  });

  it('refuses to clear damage, mook_bonus or kachunk (NOT NULL columns)', () => {
    expect(errorsOf(weaponValuesToStore({ damage: null, mook_bonus: '', kachunk: null }, stored))).toEqual({
      damage: ["can't be blank"],
      mook_bonus: ["can't be blank"],
      kachunk: ['must be true or false'],
    });
  });
});
