import { SCHTICK_CATEGORIES } from '@shotcaller/contracts';
import {
  schtickCategoryErrors,
  schtickErrors,
  schtickPrerequisiteCycleErrors,
  schtickPrerequisiteErrors,
} from './schtick.rules.js';

describe('schtick category', () => {
  it('takes each category of the list, or none', () => {
    for (const category of [...SCHTICK_CATEGORIES, null]) {
      expect(schtickCategoryErrors({ category, path: 'Path of the Dragon' })).toEqual({});
    }
  });

  it('refuses a category not in the list (the Rails spec case)', () => {
    expect(schtickCategoryErrors({ category: 'Not a real category', path: null })).toEqual({
      category: ['is not included in the list'],
    });
    expect(schtickCategoryErrors({ category: '', path: null })).toEqual({
      category: ['is not included in the list'],
    });
  });

  it('does not check the category of a Core schtick', () => {
    expect(schtickCategoryErrors({ category: 'Anything at all', path: 'Core' })).toEqual({});
  });
});

describe('schtick prerequisite', () => {
  const martialArts = { category: 'Martial Arts', path: 'Path of the Tiger' };

  it('takes a prerequisite of the same category and path, or none', () => {
    expect(schtickPrerequisiteErrors(martialArts, { ...martialArts })).toEqual({});
    expect(schtickPrerequisiteErrors(martialArts, null)).toEqual({});
    expect(schtickPrerequisiteErrors({ category: null, path: null }, { category: null, path: null })).toEqual(
      {},
    );
  });

  it('refuses one of another category (the Rails spec case) or another path', () => {
    const expected = { prerequisite: ['must be in the same category and path'] };
    expect(schtickPrerequisiteErrors(martialArts, { ...martialArts, category: 'Guns' })).toEqual(expected);
    expect(schtickPrerequisiteErrors(martialArts, { ...martialArts, path: 'Path of the Crane' })).toEqual(
      expected,
    );
    expect(schtickPrerequisiteErrors(martialArts, { ...martialArts, path: null })).toEqual(expected);
  });

  it('refuses the schtick as its own prerequisite', () => {
    expect(schtickPrerequisiteErrors({ ...martialArts, id: 'a' }, { ...martialArts, id: 'a' })).toEqual({
      prerequisite: ["can't be the schtick itself"],
    });
  });
});

describe('schtickErrors', () => {
  it('reports both checks together', () => {
    expect(
      schtickErrors({ category: 'Kung Fu', path: 'Path 1' }, { category: 'Guns', path: 'Path 1' }),
    ).toEqual({
      category: ['is not included in the list'],
      prerequisite: ['must be in the same category and path'],
    });
  });
});

describe('schtick prerequisite chain', () => {
  it('takes a prerequisite whose own prerequisites do not lead back to the schtick', () => {
    expect(schtickPrerequisiteCycleErrors('a', ['b'])).toEqual({});
    expect(schtickPrerequisiteCycleErrors('a', ['b', 'c', 'd'])).toEqual({});
  });

  it('refuses one that requires the schtick, directly or further up', () => {
    const expected = { prerequisite: ["can't be a schtick that requires this one"] };
    expect(schtickPrerequisiteCycleErrors('a', ['b', 'a'])).toEqual(expected);
    expect(schtickPrerequisiteCycleErrors('a', ['b', 'c', 'a'])).toEqual(expected);
  });
});
