import type { CharacterType } from './combatant-types.js';
import { compareWithinShot, currentShot, groupByShot, type ShotEntry } from './encounter-order.js';

const entry = (
  name: string,
  type: CharacterType,
  shot: number | null,
  speed = 5,
  impairments = 0,
): ShotEntry => ({
  id: `shot-${name}`,
  name,
  type,
  speed,
  impairments,
  shot,
});

const names = (entries: ShotEntry[]) => entries.map((each) => each.name);

describe('encounter order within a shot', () => {
  it('puts Uber-Boss, Boss, PC, Ally, Featured Foe, Mook in that order, whatever their speed', () => {
    const shot = [
      entry('Mook', 'Mook', 12, 20),
      entry('Foe', 'Featured Foe', 12, 19),
      entry('Ally', 'Ally', 12, 18),
      entry('PC', 'PC', 12, 1),
      entry('Boss', 'Boss', 12, 0),
      entry('Uber', 'Uber-Boss', 12, 0),
    ];
    expect(names([...shot].sort(compareWithinShot))).toEqual(['Uber', 'Boss', 'PC', 'Ally', 'Foe', 'Mook']);
  });

  it('then puts the higher Speed minus impairments first', () => {
    const fast = entry('Fast', 'PC', 12, 8, 0);
    const hurt = entry('Hurt', 'PC', 12, 9, 2); // 7
    const steady = entry('Steady', 'PC', 12, 7, 0); // 7, and "Hurt" < "Steady"
    expect(names([steady, hurt, fast].sort(compareWithinShot))).toEqual(['Fast', 'Hurt', 'Steady']);
  });

  it('then orders by name ignoring case, then by shot id for namesakes', () => {
    const zed = entry('zed', 'Mook', 12);
    const abe = entry('Abe', 'Mook', 12);
    const mookA = { ...entry('Goon', 'Mook', 12), id: 'a' };
    const mookB = { ...entry('Goon', 'Mook', 12), id: 'b' };
    expect([mookB, zed, mookA, abe].sort(compareWithinShot).map((each) => `${each.name}/${each.id}`)).toEqual(
      ['Abe/shot-Abe', 'Goon/a', 'Goon/b', 'zed/shot-zed'],
    );
  });
});

describe('the shot counter', () => {
  it('groups by shot, highest first, negative shots after 0, hidden entries last under shot null', () => {
    const groups = groupByShot([
      entry('Hidden', 'PC', null),
      entry('Late', 'PC', -2),
      entry('Mook', 'Mook', 14),
      entry('Zero', 'PC', 0),
      entry('Hero', 'PC', 14),
      entry('Boss', 'Boss', 9),
      entry('Also hidden', 'Boss', null),
    ]);
    expect(groups.map((group) => [group.shot, names(group.entries)])).toEqual([
      [14, ['Hero', 'Mook']],
      [9, ['Boss']],
      [0, ['Zero']],
      [-2, ['Late']],
      [null, ['Also hidden', 'Hidden']],
    ]);
  });

  it('has no groups for an empty fight', () => {
    expect(groupByShot([])).toEqual([]);
  });

  it('plays the highest shot, ignoring hidden entries, and is at 0 when nobody is in the initiative', () => {
    expect(currentShot([3, null, 12, -1])).toBe(12);
    expect(currentShot([-4, -2])).toBe(-2);
    expect(currentShot([null, null])).toBe(0);
    expect(currentShot([])).toBe(0);
  });
});
