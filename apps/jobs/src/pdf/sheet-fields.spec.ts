import { keyOfSheetField, sheetFieldName, weaponLine, weaponNameOfLine } from './sheet-fields.js';

describe('sheet field names', () => {
  it.each([
    ['skills', 'Driving', 'skills.Driving'],
    ['action_values', 'Martial Arts', 'action_values.Martial Arts'],
    ['skills', 'Sci. Fi', 'skills.Sci%2E Fi'],
    ['skills', '100% luck', 'skills.100%25 luck'],
    ['skills', '%2E', 'skills.%252E'],
    ['description', '功夫', 'description.功夫'],
  ] as const)('writes %s %j as %j and reads it back', (group, key, name) => {
    expect(sheetFieldName(group, key)).toBe(name);
    expect(keyOfSheetField(name)).toEqual({ group, key });
  });

  it.each(['name', 'schticks', 'notes.Guns', 'skills.', 'skills.A.B', 'skills.50%off', 'Skills.Driving'])(
    'does not read %j as a keyed field',
    (name) => {
      expect(keyOfSheetField(name)).toBeUndefined();
    },
  );
});

describe('weapon lines', () => {
  it('writes the stats after the name, "-" for a missing one', () => {
    expect(weaponLine({ name: 'Beretta 92FS', damage: 10, concealment: 1, reload_value: 3 })).toBe(
      'Beretta 92FS (10/1/3)',
    );
    expect(weaponLine({ name: 'Sword', damage: 10, concealment: null })).toBe('Sword (10/-/-)');
  });

  it.each([
    ['Beretta 92FS (10/1/3)', 'Beretta 92FS'],
    ['Shotgun ( 13 / 5 / - ) ', 'Shotgun'],
    ['Sword (Jian) (10/-/-)', 'Sword (Jian)'],
    ['Sword (Jian)', 'Sword (Jian)'],
    ['Colt 1911 (10/2)', 'Colt 1911 (10/2)'],
  ])('reads the name of %j', (line, name) => {
    expect(weaponNameOfLine(line)).toBe(name);
  });
});
