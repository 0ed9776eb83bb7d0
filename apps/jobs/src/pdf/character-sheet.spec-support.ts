import type { CharacterSheetData } from '@shotcaller/contracts';

/*
 * A character for the sheet specs: standard and custom keys, schticks and weapons. Not used by production code.
 */
export function sampleCharacter(overrides: Partial<CharacterSheetData> = {}): CharacterSheetData {
  return {
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
      SecondaryAttack: null,
      Vehicle: false,
      Stunts: 2,
    },
    skills: { Driving: 10, Medicine: 9, 'Sci. Fi': 12, 'Hacking 100%': 11, Police: null },
    description: {
      Age: '34',
      'Hair Color': 'Black',
      Background: '<p>Ex-<strong>SAS</strong> &amp; bodyguard.</p><p>Owes the Dragons.</p>',
      'Melodramatic Hook': 'Find out who framed him.',
      Scars: 'Left cheek',
    },
    schticks: [
      {
        name: 'Both Guns Blazing',
        category: 'Guns',
        description: 'Attack with two guns at once: +1 Damage.',
      },
      { name: 'Carnival of Carnage', category: 'Guns', description: null },
      { name: 'Lightning Reload' },
    ],
    weapons: [
      { name: 'Beretta 92FS', damage: 10, concealment: 1, reload_value: 3 },
      { name: 'Sword (Jian)', damage: 10, concealment: null, reload_value: null },
    ],
    ...overrides,
  };
}
