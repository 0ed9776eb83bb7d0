import { CHARACTER_TYPES, SCHTICK_CATEGORIES } from '@shotcaller/contracts';
import { STARTER_CONTENT } from './starter-content.js';
import { prepareStarterContent } from './starter-content.rules.js';
import type { StarterContent } from './starter-content.types.js';

/** The shipped content with one part changed. */
function withChange(change: (content: StarterContent) => void): StarterContent {
  const content = JSON.parse(JSON.stringify(STARTER_CONTENT)) as StarterContent;
  change(content);
  return content;
}

function problemsOf(content: StarterContent): string[] {
  const result = prepareStarterContent(content);
  return result.ok ? [] : result.problems;
}

describe('the shipped starter content', () => {
  const result = prepareStarterContent(STARTER_CONTENT);

  it('passes the rules the API applies to the same records', () => {
    expect(result.ok ? [] : result.problems).toEqual([]);
  });

  it('holds what a new install needs to play', () => {
    const { factions, junctures, schticks, weapons, characters, vehicles } = STARTER_CONTENT;
    expect(factions).toHaveLength(4);
    expect(junctures.map((juncture) => juncture.name)).toEqual([
      'Ancient',
      '1850s',
      'Contemporary',
      'Future',
    ]);
    expect(schticks.length).toBeGreaterThanOrEqual(12);
    expect(new Set(schticks.map((schtick) => schtick.category)).size).toBeGreaterThanOrEqual(6);
    expect(schticks.some((schtick) => schtick.prerequisite)).toBe(true);
    expect(weapons.length).toBeGreaterThanOrEqual(10);
    expect(vehicles.length).toBeGreaterThanOrEqual(3);
    const types = characters.map((character) => character.action_values.Type);
    expect(types.filter((type) => type === 'PC')).toHaveLength(6);
    expect(types).toEqual(expect.arrayContaining(['Boss', 'Featured Foe', 'Mook']));
  });

  it('fills every default key and keeps the values given', () => {
    if (!result.ok) throw new Error('invalid content');
    const detective = result.value.characters.find((character) => character.name === 'Hard-Boiled Detective');
    expect(detective?.values.action_values).toMatchObject({
      Guns: 14,
      'Martial Arts': 0,
      Wounds: 0,
      FortuneType: 'Fortune',
      Type: 'PC',
      Archetype: 'Hard-Boiled Detective',
    });
    expect(detective?.values.skills).toMatchObject({ Police: 13, Deceit: 0 });
    expect(detective?.values.description).toMatchObject({ Age: '38', Nicknames: '' });
    expect(detective?.values.wealth).toBe('Working Stiff');
    const shotgun = result.value.weapons.find((weapon) => weapon.name === 'Thunderclap 12-Gauge');
    expect(shotgun?.values).toEqual({
      damage: 13,
      concealment: 5,
      reload_value: 4,
      mook_bonus: 0,
      kachunk: true,
    });
    expect(result.value.vehicles[0].values.action_values).toMatchObject({
      'Chase Points': 0,
      Pursuer: 'true',
    });
  });
});

describe('prepareStarterContent refuses', () => {
  it('a schtick category outside the list unless its path is Core', () => {
    const problems = problemsOf(
      withChange((content) => {
        content.schticks[2].category = 'Juggling';
      }),
    );
    expect(problems).toEqual(['schticks["Patient Crosshairs"].category is not included in the list']);
    expect(SCHTICK_CATEGORIES).not.toContain('Frontier Drifter');
    expect(STARTER_CONTENT.schticks.find((schtick) => schtick.category === 'Frontier Drifter')?.path).toBe(
      'Core',
    );
  });

  it('a prerequisite in another path, or one that does not exist', () => {
    const problems = problemsOf(
      withChange((content) => {
        content.schticks[1].prerequisite = 'Patient Crosshairs';
        content.schticks[2].prerequisite = 'Nowhere';
      }),
    );
    expect(problems).toEqual([
      'schticks["Empty the Clip"].prerequisite must be in the same category and path',
      'schticks["Patient Crosshairs"].prerequisite names no prerequisite: Nowhere',
    ]);
  });

  it('values the API would refuse', () => {
    const problems = problemsOf(
      withChange((content) => {
        content.weapons[0].damage = 2.5;
        content.characters[0].action_values.Type = 'Hero';
        content.characters[1].skills.Notice = 'sharp';
        content.vehicles[0].action_values.Pursuer = 'maybe';
      }),
    );
    expect(problems).toEqual([
      'weapons["Mark IV Service Automatic"].damage must be an integer',
      'characters["Hard-Boiled Detective"].action_values.Type is not included in the list',
      'characters["Wandering Monk"].skills.Notice is not a number',
      'vehicles["Crimson Comet"].action_values.Pursuer is not included in the list',
    ]);
    expect(CHARACTER_TYPES).not.toContain('Hero');
  });

  it('names used twice in a kind, links to names not defined, and an equipped weapon not carried', () => {
    const problems = problemsOf(
      withChange((content) => {
        content.factions[1].name = content.factions[0].name.toUpperCase();
        content.characters[0].weapons = ['Laser Spoon'];
        content.junctures[0].faction = 'Nobody';
      }),
    );
    expect(problems).toEqual([
      'factions["THE JADE LOTUS SYNDICATE"].name is used twice',
      'junctures["Ancient"].faction names no faction: Nobody',
      // The faction renamed away is missed by what linked to it.
      'junctures["Future"].faction names no faction: The Chrome Accord',
      'characters["Hard-Boiled Detective"].weapons names no weapons: Laser Spoon',
      'characters["Hard-Boiled Detective"].equipped_weapon is not one of its weapons',
      'characters["Accord Enforcer"].faction names no faction: The Chrome Accord',
    ]);
  });
});
