import type { CharacterType } from './combatant-types.js';
import type { Combatant } from './combatant.js';
import {
  setWounds,
  takeSmackdown,
  thresholdsCrossed,
  WOUND_THRESHOLDS,
  woundsFromSmackdown,
  woundsOf,
  type WoundOutcome,
} from './wounds.js';

/** A frozen combatant with `wounds` where its type keeps them (a mook group's size, for mooks). */
function combatant(type: CharacterType, wounds: number, overrides: Partial<Combatant> = {}): Combatant {
  const pc = type === 'PC';
  return Object.freeze({
    name: `The ${type}`,
    type,
    count: pc ? 0 : wounds,
    impairments: 0,
    shot: 10,
    ...overrides,
    actionValues: Object.freeze({
      Toughness: 6,
      'Marks of Death': 1,
      ...(pc ? { Wounds: wounds } : {}),
      ...overrides.actionValues,
    }),
    status: Object.freeze([...(overrides.status ?? [])]),
  });
}

/** What a player would notice after a change. */
const summary = ({ next, crossed }: WoundOutcome) => ({
  wounds: woundsOf(next),
  impairments: next.impairments,
  status: next.status,
  crossed: crossed.map((c) => `${c.gained ? '+' : '-'}${c.consequence}@${c.threshold}`),
});

describe('a PC’s wounds', () => {
  it('are kept in action_values, not on the shot', () => {
    const { next } = setWounds(combatant('PC', 3), 10);
    expect(next.actionValues.Wounds).toBe(10);
    expect(next.count).toBe(0);
  });

  it('gain an impairment at exactly 25 and lose it at 24', () => {
    const up = setWounds(combatant('PC', 24), 25);
    expect(summary(up)).toEqual({ wounds: 25, impairments: 1, status: [], crossed: ['+impairment@25'] });
    const down = setWounds(combatant('PC', 25, { impairments: 1 }), 24);
    expect(summary(down)).toEqual({ wounds: 24, impairments: 0, status: [], crossed: ['-impairment@25'] });
  });

  it('gain a second impairment at exactly 30 and lose it at 29', () => {
    expect(summary(setWounds(combatant('PC', 29, { impairments: 1 }), 30))).toMatchObject({
      impairments: 2,
      crossed: ['+impairment@30'],
    });
    expect(summary(setWounds(combatant('PC', 30, { impairments: 2 }), 29))).toMatchObject({
      impairments: 1,
      crossed: ['-impairment@30'],
    });
  });

  it('need an Up Check and take a Mark of Death at exactly 35', () => {
    const { next, events } = setWounds(combatant('PC', 34, { impairments: 2 }), 35);
    expect(next.status).toEqual(['up_check_required']);
    expect(next.actionValues['Marks of Death']).toBe(2);
    expect(next.impairments).toBe(2);
    expect(events).toEqual([
      {
        event_type: 'wound_threshold',
        description: 'The PC has 35 wounds and must make an Up Check',
        details: { wounds: 35, threshold: 35, character_type: 'PC', marks_of_death: 2 },
      },
    ]);
  });

  it('stop needing the Up Check when healed under 35, keeping the Mark', () => {
    const { next, crossed, events } = setWounds(
      combatant('PC', 35, { impairments: 2, status: ['up_check_required'] }),
      34,
    );
    expect(next.status).toEqual([]);
    expect(next.actionValues['Marks of Death']).toBe(1);
    expect(crossed).toEqual([{ threshold: 35, consequence: 'up_check_required', gained: false }]);
    expect(events).toEqual([]);
  });

  it('change nothing between thresholds: no new Mark while already past 35', () => {
    const past = combatant('PC', 36, { impairments: 2, status: ['up_check_required'] });
    const { next, crossed, events } = setWounds(past, 44);
    expect(crossed).toEqual([]);
    expect(events).toEqual([]);
    expect(next.actionValues['Marks of Death']).toBe(1);
    expect(next.impairments).toBe(2);
    expect(summary(setWounds(past, 36)).crossed).toEqual([]);
  });

  it('cross two thresholds at once: two impairments', () => {
    expect(summary(setWounds(combatant('PC', 20), 32))).toEqual({
      wounds: 32,
      impairments: 2,
      status: [],
      crossed: ['+impairment@25', '+impairment@30'],
    });
  });

  it('cross every threshold in one hit, in order, and heal back through them in reverse', () => {
    const hit = setWounds(combatant('PC', 0), 40);
    expect(summary(hit)).toEqual({
      wounds: 40,
      impairments: 2,
      status: ['up_check_required'],
      crossed: ['+impairment@25', '+impairment@30', '+up_check_required@35'],
    });
    const healed = setWounds(hit.next, 0);
    expect(summary(healed)).toEqual({
      wounds: 0,
      impairments: 0,
      status: [],
      crossed: ['-up_check_required@35', '-impairment@30', '-impairment@25'],
    });
  });

  it('never lose more impairments than they have, nor go below 0 wounds', () => {
    const { next } = setWounds(combatant('PC', 32, { impairments: 1 }), -5);
    expect(next.impairments).toBe(0);
    expect(next.actionValues.Wounds).toBe(0);
  });

  it('keep out_of_fight (from a failed Up Check) when healed: only the status 35 added goes', () => {
    const out = combatant('PC', 40, { impairments: 2, status: ['out_of_fight'] });
    expect(setWounds(out, 20).next.status).toEqual(['out_of_fight']);
  });

  it('do not change the combatant given', () => {
    const before = combatant('PC', 34);
    setWounds(before, 40);
    expect(before.actionValues).toEqual({ Toughness: 6, 'Marks of Death': 1, Wounds: 34 });
    expect(before.status).toEqual([]);
    expect(before.impairments).toBe(0);
  });
});

describe('an Ally’s wounds', () => {
  it('are kept on the shot’s count, impair at 25 and 30, and put it out of the fight at 35', () => {
    const impaired = setWounds(combatant('Ally', 24), 30);
    expect(impaired.next.count).toBe(30);
    expect(impaired.next.actionValues.Wounds).toBeUndefined();
    expect(summary(impaired).impairments).toBe(2);
    const out = setWounds(combatant('Ally', 34, { impairments: 2 }), 35);
    expect(summary(out)).toMatchObject({ status: ['out_of_fight'], crossed: ['+out_of_fight@35'] });
    expect(out.events).toEqual([
      {
        event_type: 'out_of_fight',
        description: 'The Ally is out of the fight',
        details: { wounds: 35, threshold: 35, character_type: 'Ally' },
      },
    ]);
    expect(out.next.actionValues['Marks of Death']).toBe(1);
  });

  it('come back into the fight when healed under 35', () => {
    const healed = setWounds(combatant('Ally', 35, { impairments: 2, status: ['out_of_fight'] }), 34);
    expect(summary(healed)).toMatchObject({ status: [], impairments: 2 });
  });
});

describe('a Featured Foe’s wounds', () => {
  it('at exactly 25 both impair it and put it out of the fight', () => {
    const { next, crossed, events } = setWounds(combatant('Featured Foe', 24), 25);
    expect(next.impairments).toBe(1);
    expect(next.status).toEqual(['out_of_fight']);
    expect(crossed.map((c) => c.consequence)).toEqual(['impairment', 'out_of_fight']);
    expect(events.map((e) => e.event_type)).toEqual(['out_of_fight']);
  });

  it('at 24 undo both', () => {
    const { next } = setWounds(
      combatant('Featured Foe', 25, { impairments: 1, status: ['out_of_fight'] }),
      24,
    );
    expect(next.impairments).toBe(0);
    expect(next.status).toEqual([]);
  });
});

describe.each<CharacterType>(['Boss', 'Uber-Boss'])('a %s’s wounds', (type) => {
  it('impair at exactly 40 and 45', () => {
    expect(summary(setWounds(combatant(type, 39), 40)).crossed).toEqual(['+impairment@40']);
    expect(summary(setWounds(combatant(type, 44, { impairments: 1 }), 45))).toMatchObject({
      impairments: 2,
      crossed: ['+impairment@45'],
    });
    expect(summary(setWounds(combatant(type, 38), 39)).crossed).toEqual([]);
  });

  it('need an Up Check at exactly 50, without a Mark of Death', () => {
    const { next, events } = setWounds(combatant(type, 49, { impairments: 2 }), 50);
    expect(next.status).toEqual(['up_check_required']);
    expect(next.actionValues['Marks of Death']).toBe(1);
    expect(events).toEqual([
      {
        event_type: 'wound_threshold',
        description: `The ${type} has 50 wounds and must make an Up Check`,
        details: { wounds: 50, threshold: 50, character_type: type },
      },
    ]);
  });

  it('stop needing it at 49, and drop both impairments when healed under 40', () => {
    const needing = combatant(type, 50, { impairments: 2, status: ['up_check_required'] });
    expect(summary(setWounds(needing, 49))).toMatchObject({ status: [], impairments: 2 });
    expect(summary(setWounds(needing, 39))).toMatchObject({ status: [], impairments: 0 });
  });

  it('do not follow the PC thresholds', () => {
    expect(summary(setWounds(combatant(type, 0), 35))).toMatchObject({ impairments: 0, status: [] });
  });
});

describe('a mook group', () => {
  it('is its count: a hit that wounds takes out one mook', () => {
    const { next, events } = takeSmackdown(combatant('Mook', 5, { actionValues: { Toughness: 0 } }), 9);
    expect(next.count).toBe(4);
    expect(next.status).toEqual([]);
    expect(events).toEqual([]);
  });

  it('loses no one to a hit its Toughness absorbs', () => {
    expect(takeSmackdown(combatant('Mook', 5, { actionValues: { Toughness: 3 } }), 3).next.count).toBe(5);
  });

  it('is out of the fight when the count reaches 0, and back in when reinforced', () => {
    const wiped = setWounds(combatant('Mook', 3), 0);
    expect(wiped.next.count).toBe(0);
    expect(wiped.next.status).toEqual(['out_of_fight']);
    expect(wiped.crossed).toEqual([{ threshold: 0, consequence: 'out_of_fight', gained: true }]);
    expect(wiped.events).toEqual([
      {
        event_type: 'out_of_fight',
        description: 'The Mook: every mook is down',
        details: { count: 0, character_type: 'Mook' },
      },
    ]);
    const last = takeSmackdown(combatant('Mook', 1, { actionValues: { Toughness: 0 } }), 5);
    expect(last.next.status).toEqual(['out_of_fight']);
    const reinforced = setWounds(wiped.next, 4);
    expect(reinforced.next.status).toEqual([]);
    expect(reinforced.crossed).toEqual([{ threshold: 0, consequence: 'out_of_fight', gained: false }]);
  });

  it('never has fewer than 0 mooks, nor impairments', () => {
    const { next, crossed } = takeSmackdown(combatant('Mook', 0, { status: ['out_of_fight'] }), 20);
    expect(next.count).toBe(0);
    expect(next.impairments).toBe(0);
    expect(crossed).toEqual([]);
    expect(setWounds(combatant('Mook', 2), -3).next.count).toBe(0);
  });
});

describe('a smackdown', () => {
  it('deals wounds = smackdown - Toughness, never negative', () => {
    expect(woundsFromSmackdown(12, 7)).toBe(5);
    expect(woundsFromSmackdown(7, 7)).toBe(0);
    expect(woundsFromSmackdown(3, 7)).toBe(0);
  });

  it('adds those wounds and applies the thresholds they cross', () => {
    const { next, crossed } = takeSmackdown(combatant('PC', 22), 10); // Toughness 6: 4 wounds
    expect(woundsOf(next)).toBe(26);
    expect(next.impairments).toBe(1);
    expect(crossed).toHaveLength(1);
    expect(woundsOf(takeSmackdown(combatant('Featured Foe', 10), 6).next)).toBe(10);
  });
});

describe('the wound thresholds', () => {
  it('are the spec’s numbers', () => {
    expect(
      Object.fromEntries(
        Object.entries(WOUND_THRESHOLDS).map(([type, t]) => [type, [...t.impairments, t.limit, t.atLimit]]),
      ),
    ).toEqual({
      PC: [25, 30, 35, 'up_check_required'],
      Ally: [25, 30, 35, 'out_of_fight'],
      'Featured Foe': [25, 30, 25, 'out_of_fight'],
      Boss: [40, 45, 50, 'up_check_required'],
      'Uber-Boss': [40, 45, 50, 'up_check_required'],
    });
  });

  it('are crossed at their value going up and below it going down', () => {
    const pc = WOUND_THRESHOLDS.PC;
    expect(thresholdsCrossed(pc, 25, 25)).toEqual([]);
    expect(thresholdsCrossed(pc, 25, 29)).toEqual([]);
    expect(thresholdsCrossed(pc, 24, 25).map((c) => c.threshold)).toEqual([25]);
    expect(thresholdsCrossed(pc, 25, 24).map((c) => c.threshold)).toEqual([25]);
    expect(thresholdsCrossed(pc, 30, 25).map((c) => c.threshold)).toEqual([30]);
  });
});
