import {
  CHARACTER_DESCRIPTION_KEYS,
  CHARACTER_TYPES,
  type GeneratedCharacterJson,
} from '@shotcaller/contracts';
import { checkGeneratedCharacter } from './generated-character.rules.js';
import {
  archetypeFromText,
  buildCharacter,
  extendLocalCharacter,
  generateLocalCharacter,
  typeFromText,
} from './local-generator.js';
import { seededRandom } from './seeded-random.js';
import { ARCHETYPES } from './tables/archetypes.js';

/** A generated character passes the schema a provider's answer must pass, and completing it changes nothing. */
function expectValid(character: GeneratedCharacterJson) {
  const check = checkGeneratedCharacter(character);
  if (!check.ok) throw new Error(`${character.name}: ${check.problems.join('; ')}`);
  expect(check.character).toEqual(character);
}

describe('generateLocalCharacter', () => {
  it('gives the same character for the same description, and for the same seed', () => {
    const description = 'A washed-up stuntman who owes money to the wrong people';
    expect(generateLocalCharacter({ description })).toEqual(generateLocalCharacter({ description }));
    expect(generateLocalCharacter({ description, seed: 7 })).toEqual(
      generateLocalCharacter({ description: `  ${description} `, seed: 7 }),
    );
  });

  it('gives other characters for other seeds', () => {
    const names = new Set(
      Array.from({ length: 20 }, (_, seed) => generateLocalCharacter({ description: 'someone', seed }).name),
    );
    expect(names.size).toBeGreaterThan(10);
  });

  it('builds characters that pass the character schema, whatever the archetype, type and seed', () => {
    for (const archetype of ARCHETYPES) {
      for (const type of CHARACTER_TYPES) {
        for (let seed = 0; seed < 15; seed++) {
          expectValid(buildCharacter(archetype, type, seededRandom(seed), 'x'.repeat(2_000)));
        }
      }
    }
    for (let seed = 0; seed < 200; seed++)
      expectValid(generateLocalCharacter({ description: 'anyone', seed }));
  });

  it('lets keywords in the description pick the archetype and type', () => {
    const sorcerer = generateLocalCharacter({ description: 'A grumpy sorcerer from 1850 Hong Kong' });
    expect(sorcerer.action_values).toMatchObject({
      Archetype: 'Sorcerer',
      Type: 'PC',
      MainAttack: 'Sorcery',
      FortuneType: 'Magic',
      Sorcery: 15,
    });
    expect(sorcerer.description.Background).toContain('Concept: A grumpy sorcerer from 1850 Hong Kong');

    const boss = generateLocalCharacter({
      description: 'The crime boss who runs the docks with his cop friends',
    });
    expect(boss.action_values).toMatchObject({ Type: 'Boss', Archetype: 'Maverick Cop', MainAttack: 'Guns' });
    expect(boss.action_values.Guns).toBeGreaterThanOrEqual(14);
    expect(boss.action_values.Fortune).toBe(0);

    const mook = generateLocalCharacter({ description: 'Ninja mooks with kung fu kicks' });
    expect(mook.action_values).toMatchObject({
      Type: 'Mook',
      Archetype: 'Martial Artist',
      'Martial Arts': 8,
    });
    expect(mook.skills).toEqual({});
  });

  it('needs no keyword: some archetype is chosen by the seed', () => {
    const character = generateLocalCharacter({ description: 'Zzz', seed: 3 });
    expect(ARCHETYPES.map((archetype) => archetype.name)).toContain(character.action_values.Archetype);
    expect(character.action_values.Type).toBe('PC');
    expectValid(character);
  });
});

describe('typeFromText', () => {
  it('reads the type from whole words, the most specific first', () => {
    expect(typeFromText('an uber-boss of the Lotus')).toBe('Uber-Boss');
    expect(typeFromText('the big bad')).toBe('Uber-Boss');
    expect(typeFromText('a Boss')).toBe('Boss');
    expect(typeFromText('a featured foe')).toBe('Featured Foe');
    expect(typeFromText('his goons')).toBe('Mook');
    expect(typeFromText('a loyal sidekick')).toBe('Ally');
    expect(typeFromText('a bossa nova singer')).toBe('PC');
  });
});

describe('archetypeFromText', () => {
  it('picks the archetype mentioned most, by whole words', () => {
    expect(archetypeFromText('SORCERER')?.name).toBe('Sorcerer');
    expect(archetypeFromText('a cyborg driver with a robot arm')?.name).toBe('Cyborg');
    expect(archetypeFromText('a spy')?.name).toBe('Spy');
    expect(archetypeFromText('a spying cat burglar')?.name).toBe('Transformed Animal');
    expect(archetypeFromText('nothing to see here')).toBeUndefined();
  });
});

describe('extendLocalCharacter', () => {
  const character = {
    name: 'Old Man Hu',
    action_values: {
      Type: 'Featured Foe',
      Archetype: 'Old Master',
      'Martial Arts': 14,
      Defense: 0,
      Custom: 'kept',
    },
    skills: { Medicine: 15, Notice: 0 },
    description: { Background: 'Ran a noodle shop for sixty years.', Age: '' },
  };

  it('keeps the name, type and every value the character has, and fills in its blanks', () => {
    const extended = extendLocalCharacter({ character, description: 'make him mysterious' });
    expect(extended.name).toBe('Old Man Hu');
    expect(extended.action_values).toMatchObject({
      Type: 'Featured Foe',
      Archetype: 'Old Master',
      MainAttack: 'Martial Arts',
      'Martial Arts': 14,
      Custom: 'kept',
    });
    expect(extended.action_values.Defense).toBeGreaterThan(0);
    expect(extended.skills.Medicine).toBe(15);
    expect(extended.skills.Notice).toBeGreaterThan(0);
    expect(extended.description.Background).toBe('Ran a noodle shop for sixty years.');
    expect(extended.description.Age).not.toBe('');
    for (const key of CHARACTER_DESCRIPTION_KEYS) expect(typeof extended.description[key]).toBe('string');
  });

  it('is repeatable', () => {
    expect(extendLocalCharacter({ character })).toEqual(extendLocalCharacter({ character }));
  });

  it("finds an archetype from the character's own words when it names none", () => {
    const extended = extendLocalCharacter({
      character: { name: 'Vee', description: { Background: 'A gambler with loaded dice' } },
    });
    expect(extended.action_values).toMatchObject({ Archetype: 'Gambler', Type: 'PC' });
  });
});
