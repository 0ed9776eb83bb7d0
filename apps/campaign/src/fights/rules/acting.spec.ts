import {
  act,
  DEFAULT_SHOT_COST,
  SHOT_FLOOR,
  shotCostInput,
  shotPositionInput,
  spendShots,
} from './acting.js';
import type { Combatant } from './combatant.js';

const hero: Combatant = Object.freeze({
  name: 'Johnny Tso',
  type: 'PC',
  actionValues: Object.freeze({}),
  count: 0,
  impairments: 0,
  status: Object.freeze([]),
  shot: 12,
});

describe('acting', () => {
  it('spends the shot cost, 3 by default', () => {
    expect(DEFAULT_SHOT_COST).toBe(3);
    expect(spendShots(12, DEFAULT_SHOT_COST)).toBe(9);
    expect(spendShots(12, 1)).toBe(11);
    expect(spendShots(12, 0)).toBe(12);
    expect(spendShots(2, 3)).toBe(-1);
  });

  it('never goes below -10', () => {
    expect(SHOT_FLOOR).toBe(-10);
    expect(spendShots(-7, 3)).toBe(-10);
    expect(spendShots(-8, 3)).toBe(-10);
    expect(spendShots(-10, 3)).toBe(-10);
    expect(spendShots(5, 40)).toBe(-10);
  });

  it('spends from 0 for a hidden combatant, as Rails did', () => {
    expect(spendShots(null, 3)).toBe(-3);
  });

  it('refuses a cost that is not a whole number of 0 or more', () => {
    expect(() => spendShots(12, -1)).toThrow(RangeError);
    expect(() => spendShots(12, 1.5)).toThrow(RangeError);
  });

  it('logs a movement event and reports the shots actually spent', () => {
    const { next, spent, events } = act({ ...hero, shot: -8 }, 3);
    expect(next.shot).toBe(-10);
    expect(spent).toBe(2);
    expect(events).toEqual([
      {
        event_type: 'movement',
        description: 'Johnny Tso spent 3 shots',
        details: { shot_cost: 3, shots_spent: 2, new_shot: -10 },
      },
    ]);
    expect(act(hero, 1).events[0]?.description).toBe('Johnny Tso spent 1 shot');
    expect(hero.shot).toBe(12);
  });
});

describe('shot numbers from clients', () => {
  it('takes the default cost when none is sent, and refuses negative or fractional costs', () => {
    expect(shotCostInput('shots', undefined)).toEqual({ ok: true, value: 3 });
    expect(shotCostInput('shots', null)).toEqual({ ok: true, value: 3 });
    expect(shotCostInput('shots', '2')).toEqual({ ok: true, value: 2 });
    expect(shotCostInput('shots', 0)).toEqual({ ok: true, value: 0 });
    expect(shotCostInput('shots', -1).ok).toBe(false);
    expect(shotCostInput('shots', '1.5').ok).toBe(false);
    expect(shotCostInput('shots', 'three')).toEqual({ ok: false, errors: { shots: ['is not a number'] } });
  });

  it('places a combatant on -10..30: below the floor becomes the floor, above 30 is refused, null hides', () => {
    expect(shotPositionInput('shot', '12')).toEqual({ ok: true, value: 12 });
    expect(shotPositionInput('shot', 30)).toEqual({ ok: true, value: 30 });
    expect(shotPositionInput('shot', -10)).toEqual({ ok: true, value: -10 });
    expect(shotPositionInput('shot', -12)).toEqual({ ok: true, value: -10 });
    expect(shotPositionInput('shot', null)).toEqual({ ok: true, value: null });
    expect(shotPositionInput('shot', 31)).toEqual({
      ok: false,
      errors: { shot: ['must be less than or equal to 30'] },
    });
  });
});
