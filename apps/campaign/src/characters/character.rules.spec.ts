import type { RuleResult } from '../shared/values.rules.js';
import {
  canChangeCharacter,
  canGiveCharacterTo,
  canSeeTemplates,
  copyName,
  copyNameBase,
  defaultCharacterOwner,
  characterImpairments,
  characterStatus,
  characterValuesToStore,
  characterWealth,
  mergeCharacterActionValues,
  mergeCharacterSkills,
  replaceCharacterDescription,
  type CharacterValues,
} from './character.rules.js';

function valueOf<T>(result: RuleResult<T>): T {
  if (!result.ok) throw new Error(`expected a value, got ${JSON.stringify(result.errors)}`);
  return result.value;
}

function errorsOf<T>(result: RuleResult<T>) {
  if (result.ok) throw new Error(`expected field errors, got ${JSON.stringify(result.value)}`);
  return result.errors;
}

/** Character::DEFAULT_ACTION_VALUES of the Rails model. */
const RAILS_DEFAULT_ACTION_VALUES = {
  Guns: 0,
  'Martial Arts': 0,
  Sorcery: 0,
  Scroungetech: 0,
  Genome: 0,
  Mutant: 0,
  Creature: 0,
  Defense: 0,
  Toughness: 0,
  Speed: 0,
  Fortune: 0,
  'Max Fortune': 0,
  FortuneType: 'Fortune',
  MainAttack: 'Guns',
  SecondaryAttack: null,
  Wounds: 0,
  Type: 'PC',
  'Marks of Death': 0,
  Archetype: '',
  Damage: 0,
};

describe('character action_values', () => {
  it('fills the Rails defaults on a new character', () => {
    expect(valueOf(mergeCharacterActionValues({}))).toEqual(RAILS_DEFAULT_ACTION_VALUES);
  });

  it('stores numeric text as integers (Rails: Guns "14" saves as 14)', () => {
    expect(valueOf(mergeCharacterActionValues({ Guns: '14', Defense: ' 13 ' }))).toMatchObject({
      Guns: 14,
      Defense: 13,
    });
  });

  it('merges an update into the stored values', () => {
    const brick = valueOf(
      mergeCharacterActionValues({ 'Martial Arts': 14, Defense: 13, Toughness: 7, Type: 'PC', Speed: 5 }),
    );
    const updated = valueOf(mergeCharacterActionValues({ Fortune: '4', Wounds: 12 }, brick));
    expect(updated).toEqual({ ...brick, Fortune: 4, Wounds: 12 });
    expect(updated['Martial Arts']).toBe(14);
  });

  it('fills defaults missing from a stored record on the next save', () => {
    const legacy = { Guns: 15, Type: 'Boss' };
    expect(valueOf(mergeCharacterActionValues({ Speed: 6 }, legacy))).toEqual({
      ...RAILS_DEFAULT_ACTION_VALUES,
      Guns: 15,
      Type: 'Boss',
      Speed: 6,
    });
  });

  it('refuses a non-numeric number, a fraction, an unknown Type and a non-text attack name', () => {
    expect(
      errorsOf(mergeCharacterActionValues({ Guns: 'fourteen', Speed: 5.5, Type: 'Villain', MainAttack: 12 })),
    ).toEqual({
      'action_values.Guns': ['is not a number'],
      'action_values.Speed': ['must be an integer'],
      'action_values.Type': ['is not included in the list'],
      'action_values.MainAttack': ['must be text'],
    });
  });

  it('takes every character type', () => {
    for (const type of ['PC', 'Ally', 'Mook', 'Featured Foe', 'Boss', 'Uber-Boss']) {
      expect(valueOf(mergeCharacterActionValues({ Type: type })).Type).toBe(type);
    }
  });

  it("accepts the client's blank character, custom Vehicle flag included", () => {
    const blank = {
      Archetype: '',
      Guns: 0,
      'Martial Arts': 0,
      FortuneType: 'Fortune',
      MainAttack: 'Guns',
      SecondaryAttack: null,
      Wounds: 0,
      Type: 'Featured Foe',
      Vehicle: false,
      'Marks of Death': 0,
      Damage: 0,
    };
    expect(valueOf(mergeCharacterActionValues(blank))).toEqual({
      ...RAILS_DEFAULT_ACTION_VALUES,
      Type: 'Featured Foe',
      Vehicle: false,
    });
  });

  it('clears the secondary attack with null and sets it with text', () => {
    const stored = valueOf(mergeCharacterActionValues({ SecondaryAttack: 'Martial Arts' }));
    expect(stored.SecondaryAttack).toBe('Martial Arts');
    expect(valueOf(mergeCharacterActionValues({ SecondaryAttack: null }, stored)).SecondaryAttack).toBeNull();
  });

  it('refuses nested and oversized values', () => {
    expect(errorsOf(mergeCharacterActionValues({ Guns: { value: 14 }, Notes: 'x'.repeat(1001) }))).toEqual({
      'action_values.Guns': ['must be a single value, not a list or an object'],
      'action_values.Notes': ['is too long (maximum is 1000 characters)'],
    });
  });
});

describe('character skills', () => {
  it('fills every default skill at 0, as the Rails model does', () => {
    const skills = valueOf(mergeCharacterSkills({}));
    expect(Object.keys(skills)).toEqual([
      'Deceit',
      'Detective',
      'Driving',
      'Fix-It',
      'Gambling',
      'Intimidation',
      'Intrusion',
      'Leadership',
      'Medicine',
      'Police',
      'Sabotage',
      'Seduction',
      'Constitution',
      'Will',
      'Notice',
      'Strength',
    ]);
    expect(new Set(Object.values(skills))).toEqual(new Set([0]));
  });

  it('keeps custom skills, as integers too', () => {
    expect(valueOf(mergeCharacterSkills({ 'Info: Hong Kong Cinema': '15', Driving: 12 }))).toMatchObject({
      'Info: Hong Kong Cinema': 15,
      Driving: 12,
    });
  });

  it('merges an update, keeping skills it leaves out', () => {
    const stored = valueOf(mergeCharacterSkills({ Driving: 12, 'Info: Tea': 13 }));
    const updated = valueOf(mergeCharacterSkills({ Police: 14 }, stored));
    expect(updated).toMatchObject({ Driving: 12, 'Info: Tea': 13, Police: 14 });
  });

  it('drops a custom skill and resets a default one to 0 on null', () => {
    const stored = valueOf(mergeCharacterSkills({ Driving: 12, 'Info: Tea': 13 }));
    const updated = valueOf(mergeCharacterSkills({ Driving: null, 'Info: Tea': null }, stored));
    expect(updated.Driving).toBe(0);
    expect(updated).not.toHaveProperty(['Info: Tea']);
  });

  it('refuses a skill that is not a number, custom or not', () => {
    expect(errorsOf(mergeCharacterSkills({ Driving: 'good', 'Info: Tea': true }))).toEqual({
      'skills.Driving': ['is not a number'],
      'skills.Info: Tea': ['is not a number'],
    });
  });

  it('refuses more than 100 skills', () => {
    const many = Object.fromEntries(Array.from({ length: 101 }, (_, index) => [`Skill ${index}`, 8]));
    expect(errorsOf(mergeCharacterSkills(many))).toEqual({ skills: ['has more than 100 keys'] });
  });
});

describe('character description', () => {
  const blank = {
    Nicknames: '',
    Age: '',
    Height: '',
    Weight: '',
    'Hair Color': '',
    'Eye Color': '',
    'Style of Dress': '',
    Appearance: '',
    Background: '',
    'Melodramatic Hook': '',
  };

  it('fills the default keys with ""', () => {
    expect(valueOf(replaceCharacterDescription({ Age: '35' }))).toEqual({ ...blank, Age: '35' });
  });

  it('replaces the stored description, as Rails did: keys left out go back to ""', () => {
    const stored = valueOf(replaceCharacterDescription({ Age: '35', Nicknames: 'Brick' }));
    const result = characterValuesToStore(
      { description: { Nicknames: 'The Brick' } },
      { ...emptyCharacter(), description: stored },
    );
    expect(valueOf(result).description).toEqual({ ...blank, Nicknames: 'The Brick' });
  });

  it('gives prose up to 10,000 characters and refuses non-text values', () => {
    expect(valueOf(replaceCharacterDescription({ Background: 'x'.repeat(10_000) })).Background).toHaveLength(
      10_000,
    );
    expect(errorsOf(replaceCharacterDescription({ Background: 'x'.repeat(10_001), Age: 35 }))).toEqual({
      'description.Background': ['is too long (maximum is 10000 characters)'],
      'description.Age': ['must be text'],
    });
  });
});

describe('character status, wealth and impairments', () => {
  it('keeps each known status once', () => {
    expect(characterStatus(['out_of_fight', 'up_check_required', 'out_of_fight'])).toEqual({
      ok: true,
      value: ['out_of_fight', 'up_check_required'],
    });
    expect(characterStatus([])).toEqual({ ok: true, value: [] });
  });

  it('refuses unknown statuses and anything but a list (Rails: "must be an array")', () => {
    expect(errorsOf(characterStatus(['impaired']))).toEqual({
      status: ['may only hold up_check_required, out_of_fight, cheesing_it, cheesed_it'],
    });
    expect(errorsOf(characterStatus('out_of_fight'))).toEqual({ status: ['must be an array'] });
    expect(errorsOf(characterStatus(null))).toEqual({ status: ['must be an array'] });
  });

  it('takes the three wealth levels or null', () => {
    for (const wealth of ['Poor', 'Working Stiff', 'Rich', null]) {
      expect(characterWealth(wealth)).toEqual({ ok: true, value: wealth });
    }
    expect(errorsOf(characterWealth('Middle Class'))).toEqual({ wealth: ['is not included in the list'] });
    expect(errorsOf(characterWealth(''))).toEqual({ wealth: ['is not included in the list'] });
  });

  it('takes impairments of 0 or more, numeric text included', () => {
    expect(characterImpairments('2')).toEqual({ ok: true, value: 2 });
    expect(characterImpairments(0)).toEqual({ ok: true, value: 0 });
    expect(errorsOf(characterImpairments(-1))).toEqual({
      impairments: ['must be greater than or equal to 0'],
    });
    expect(errorsOf(characterImpairments('two'))).toEqual({ impairments: ['is not a number'] });
    expect(errorsOf(characterImpairments(null))).toEqual({ impairments: ["can't be null"] });
  });
});

function emptyCharacter(): CharacterValues {
  return valueOf(characterValuesToStore({}));
}

describe('characterValuesToStore', () => {
  it('gives a new character every default', () => {
    const created = emptyCharacter();
    expect(created.action_values).toEqual(RAILS_DEFAULT_ACTION_VALUES);
    expect(Object.keys(created.skills)).toHaveLength(16);
    expect(Object.keys(created.description)).toHaveLength(10);
    expect(created).toMatchObject({ status: [], wealth: null, impairments: 0 });
  });

  it('keeps every field an update leaves out', () => {
    const stored = valueOf(
      characterValuesToStore({
        action_values: { Guns: 15 },
        skills: { Driving: 12 },
        description: { Age: '40' },
        status: ['up_check_required'],
        wealth: 'Rich',
        impairments: 1,
      }),
    );
    const updated = valueOf(characterValuesToStore({ action_values: { Wounds: 20 } }, stored));
    expect(updated).toEqual({ ...stored, action_values: { ...stored.action_values, Wounds: 20 } });
  });

  it('reports every field at once, with no values to store', () => {
    const result = characterValuesToStore({
      action_values: { Guns: 'lots' },
      skills: { Driving: [12] },
      description: 'tall',
      status: ['dazed'],
      wealth: 'Loaded',
      impairments: -2,
    });
    expect(errorsOf(result)).toEqual({
      'action_values.Guns': ['is not a number'],
      'skills.Driving': ['must be a single value, not a list or an object'],
      description: ['must be an object'],
      status: ['may only hold up_check_required, out_of_fight, cheesing_it, cheesed_it'],
      wealth: ['is not included in the list'],
      impairments: ['must be greater than or equal to 0'],
    });
  });
});

describe('who may do what with characters', () => {
  const gamemaster = { isAdmin: false, isGamemaster: true, isMember: false };
  const player = { isAdmin: false, isGamemaster: false, isMember: true };
  const admin = { isAdmin: true, isGamemaster: false, isMember: false };

  it('lets the gamemaster and admins change any character, a player only their own', () => {
    expect(canChangeCharacter(gamemaster, 'gm', 'someone')).toBe(true);
    expect(canChangeCharacter(admin, 'admin', null)).toBe(true);
    expect(canChangeCharacter(player, 'me', 'me')).toBe(true);
    expect(canChangeCharacter(player, 'me', 'someone')).toBe(false);
    expect(canChangeCharacter(player, 'me', null)).toBe(false);
  });

  it('shows templates to admins only', () => {
    expect([admin, gamemaster, player].map(canSeeTemplates)).toEqual([true, false, false]);
  });

  it('lets a player give a character only to themselves', () => {
    expect(canGiveCharacterTo(player, 'me', 'me')).toBe(true);
    expect(canGiveCharacterTo(player, 'me', 'someone')).toBe(false);
    expect(canGiveCharacterTo(player, 'me', null)).toBe(false);
    expect(canGiveCharacterTo(gamemaster, 'gm', 'someone')).toBe(true);
    expect(canGiveCharacterTo(gamemaster, 'gm', null)).toBe(true);
  });

  it('makes the maker the owner when they play in the campaign', () => {
    expect(defaultCharacterOwner(player, 'me')).toBe('me');
    expect(defaultCharacterOwner(gamemaster, 'gm')).toBe('gm');
    expect(defaultCharacterOwner(admin, 'admin')).toBeNull();
  });
});

describe('copyName', () => {
  it('numbers copies from 1, skipping names taken whatever their case', () => {
    expect(copyName('Fei', [])).toBe('Fei (1)');
    expect(copyName('Fei', ['FEI (1)', 'fei (2)'])).toBe('Fei (3)');
  });

  it('counts on from the original name when copying a copy', () => {
    expect(copyName('Fei (1)', ['Fei (1)'])).toBe('Fei (2)');
    expect(copyNameBase('Fei (12)')).toBe('Fei');
    expect(copyNameBase('Fei (the elder)')).toBe('Fei (the elder)');
  });

  it('keeps names within 255 characters', () => {
    const name = copyName('x'.repeat(255), []);
    expect(name).toHaveLength(255);
    expect(name.endsWith(' (1)')).toBe(true);
  });
});
