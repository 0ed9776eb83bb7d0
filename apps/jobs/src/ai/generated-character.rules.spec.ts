import {
  extendCharacter,
  parseCharacterAnswer,
  checkGeneratedCharacter,
} from './generated-character.rules.js';

const valid = () => ({
  name: '  Mei "Lucky" Chan ',
  action_values: {
    Type: 'Featured Foe',
    Archetype: 'Gambler',
    MainAttack: 'Guns',
    Guns: 13,
    Defense: 13,
    Toughness: 6,
    Speed: 7,
    Fortune: 5,
  },
  skills: { Gambling: 15, 'Card Tricks': 12 },
  description: { Background: 'Won a feng shui site at cards.', Age: '34' },
});

function problemsOf(value: unknown): string[] {
  const check = checkGeneratedCharacter(value);
  if (check.ok) throw new Error('expected problems');
  return check.problems;
}

describe('checkGeneratedCharacter', () => {
  it('accepts a valid character and completes it with every standard key', () => {
    const check = checkGeneratedCharacter(valid());
    expect(check.ok).toBe(true);
    if (!check.ok) return;
    expect(check.character.name).toBe('Mei "Lucky" Chan');
    expect(check.character.action_values).toEqual({
      Guns: 13,
      'Martial Arts': 0,
      Sorcery: 0,
      Scroungetech: 0,
      Genome: 0,
      Mutant: 0,
      Creature: 0,
      Defense: 13,
      Toughness: 6,
      Speed: 7,
      Fortune: 5,
      'Max Fortune': 5,
      Wounds: 0,
      'Marks of Death': 0,
      Damage: 0,
      FortuneType: 'Fortune',
      MainAttack: 'Guns',
      SecondaryAttack: null,
      Type: 'Featured Foe',
      Archetype: 'Gambler',
    });
    expect(check.character.skills).toEqual({ Gambling: 15, 'Card Tricks': 12 });
    expect(check.character.description).toMatchObject({ Age: '34', Appearance: '', 'Melodramatic Hook': '' });
  });

  it('drops keys outside the schema instead of refusing them', () => {
    const answer = { ...valid(), notes: 'hi', action_values: { ...valid().action_values, Mood: 'grim' } };
    const check = checkGeneratedCharacter(answer);
    expect(check.ok).toBe(true);
    if (!check.ok) return;
    expect(check.character).not.toHaveProperty('notes');
    expect(check.character.action_values).not.toHaveProperty('Mood');
  });

  it('names each field that breaks the schema', () => {
    const answer = valid();
    const { Defense: _defense, ...actionValues } = answer.action_values;
    const broken = {
      name: '',
      action_values: { ...actionValues, Type: 'Hero', Guns: 25, Speed: 6.5 },
      skills: { ...answer.skills, Gambling: 'high' },
      description: { ...answer.description, Age: 'x'.repeat(201) },
    };
    expect(problemsOf(broken)).toEqual(
      expect.arrayContaining([
        "name: can't be blank",
        expect.stringMatching(
          /^action_values\.Type: must be one of: PC, Ally, Mook, Featured Foe, Boss, Uber-Boss/,
        ),
        'action_values.Guns: must be at most 20',
        "action_values.Defense: can't be blank",
        'action_values.Speed: must be a whole number',
        'skills: "Gambling" must be a whole number from 0 to 20',
        'description.Age: is too long (maximum is 200 characters)',
      ]),
    );
  });

  it('requires the main attack to have a value', () => {
    const answer = valid();
    answer.action_values.MainAttack = 'Sorcery';
    expect(problemsOf(answer)).toEqual([
      'action_values.MainAttack: must name an attack that has a value above 0',
    ]);
  });

  it('refuses what is not an object, missing parts, and text no store can hold', () => {
    expect(problemsOf([valid()])).toEqual(['the answer must be one JSON object']);
    expect(problemsOf({ name: 'X' })).toEqual(
      expect.arrayContaining([
        "action_values: can't be blank",
        "skills: can't be blank",
        "description: can't be blank",
      ]),
    );
    const answer = valid();
    answer.description.Background = 'bad \u0000 text';
    expect(problemsOf(answer)).toEqual(['description.Background: contains a NUL or an unpaired surrogate']);
  });
});

describe('parseCharacterAnswer', () => {
  it('reads the JSON of an answer, also inside a Markdown code fence', () => {
    expect(parseCharacterAnswer(JSON.stringify(valid())).ok).toBe(true);
    expect(parseCharacterAnswer('```json\n' + JSON.stringify(valid()) + '\n```').ok).toBe(true);
  });

  it('says when an answer is not JSON', () => {
    expect(parseCharacterAnswer('Sure! Here is your character: ...')).toEqual({
      ok: false,
      problems: ['the answer is not valid JSON'],
    });
    expect(parseCharacterAnswer('').ok).toBe(false);
  });
});

describe('extendCharacter', () => {
  it('keeps the existing name, type and set values, fills in blanks, keeps custom keys', () => {
    const check = checkGeneratedCharacter(valid());
    if (!check.ok) throw new Error('invalid');
    const extended = extendCharacter(
      {
        name: ' Hu ',
        action_values: { Type: 'PC', Guns: 0, Defense: 15, Archetype: '', Vehicle: false },
        skills: { Gambling: null },
        description: { Background: 'Mine.' },
      },
      check.character,
    );
    expect(extended.name).toBe('Hu');
    expect(extended.action_values).toMatchObject({
      Type: 'PC',
      Guns: 13,
      Defense: 15,
      Archetype: 'Gambler',
      Vehicle: false,
      MainAttack: 'Guns',
    });
    expect(extended.skills).toEqual({ Gambling: 15, 'Card Tricks': 12 });
    expect(extended.description).toMatchObject({ Background: 'Mine.', Age: '34' });
  });
});
