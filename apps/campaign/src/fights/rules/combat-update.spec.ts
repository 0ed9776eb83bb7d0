import { applyCombatUpdate, type CombatUpdateInput, type CombatUpdateOutcome } from './combat-update.js';
import type { CharacterType } from './combatant-types.js';
import type { Combatant } from './combatant.js';
import type { RuleResult } from '../../shared/values.rules.js';

function combatant(type: CharacterType, overrides: Partial<Combatant> = {}): Combatant {
  return Object.freeze({
    name: `The ${type}`,
    type,
    count: 0,
    impairments: 0,
    status: Object.freeze([]),
    shot: 12,
    ...overrides,
    actionValues: Object.freeze({
      Toughness: 6,
      Fortune: 3,
      'Marks of Death': 0,
      Wounds: 0,
      ...overrides.actionValues,
    }),
  });
}

function applied(target: Combatant, update: CombatUpdateInput): CombatUpdateOutcome {
  const result = applyCombatUpdate(target, update);
  if (!result.ok) throw new Error(`expected the update to apply: ${JSON.stringify(result.errors)}`);
  return result.value;
}

const errorsOf = (result: RuleResult<unknown>) => (result.ok ? undefined : result.errors);

describe('a combat update for a PC', () => {
  it('takes the new wound total from action_values, with numbers sent as text, and applies the thresholds', () => {
    const pc = combatant('PC', { actionValues: { Wounds: 30 }, impairments: 2 });
    const { next, events } = applied(pc, { action_values: { Wounds: '36', Fortune: '2' } });
    expect(next.actionValues).toMatchObject({ Wounds: 36, Fortune: 2, 'Marks of Death': 1, Toughness: 6 });
    expect(next.status).toEqual(['up_check_required']);
    expect(next.impairments).toBe(2);
    expect(events.map((e) => e.event_type)).toEqual(['wound_threshold']);
  });

  it('takes `wounds` as the new total too', () => {
    const { next, crossed } = applied(combatant('PC', { actionValues: { Wounds: 20 } }), { wounds: 26 });
    expect(next.actionValues.Wounds).toBe(26);
    expect(next.impairments).toBe(1);
    expect(crossed).toHaveLength(1);
  });

  it('adds smackdown - Toughness', () => {
    const { next } = applied(combatant('PC', { actionValues: { Wounds: 20 } }), { smackdown: '13' });
    expect(next.actionValues.Wounds).toBe(27);
  });

  it('treats a PC’s count as a plain shot field', () => {
    const { next } = applied(combatant('PC', { actionValues: { Wounds: 20 } }), { count: 4 });
    expect(next.count).toBe(4);
    expect(next.actionValues.Wounds).toBe(20);
  });

  it('lets the client’s own impairments total win over the computed one', () => {
    const { next } = applied(combatant('PC', { actionValues: { Wounds: 20 } }), {
      action_values: { Wounds: 26 },
      impairments: 1,
    });
    expect(next.impairments).toBe(1);
  });

  it('changes statuses after the thresholds: remove, then add', () => {
    const pc = combatant('PC', { actionValues: { Wounds: 30 }, status: ['cheesing_it'] });
    const { next } = applied(pc, {
      action_values: { Wounds: 40 },
      remove_status: ['up_check_required', 'cheesing_it'],
      add_status: ['cheesed_it'],
    });
    expect(next.status).toEqual(['cheesed_it']);
    expect(next.actionValues['Marks of Death']).toBe(1);
  });
});

describe('a combat update for a non-PC', () => {
  it('keeps wounds on the shot: `wounds` is the new total', () => {
    const foe = combatant('Featured Foe', { count: 20 });
    const { next, events } = applied(foe, { wounds: '26' });
    expect(next.count).toBe(26);
    expect(next.status).toEqual(['out_of_fight']);
    expect(next.impairments).toBe(1);
    expect(events.map((e) => e.event_type)).toEqual(['out_of_fight']);
  });

  it('reads `count` and action_values.Wounds as the wounds, leaving the shared character’s Wounds alone', () => {
    const boss = combatant('Boss', { count: 30, actionValues: { Wounds: 0 } });
    expect(applied(boss, { count: 41 }).next).toMatchObject({ count: 41, impairments: 1 });
    const { next } = applied(boss, { action_values: { Wounds: 50, Defense: 15 } });
    expect(next.count).toBe(50);
    expect(next.status).toEqual(['up_check_required']);
    expect(next.actionValues).toMatchObject({ Wounds: 0, Defense: 15 });
  });

  it('sets a mook group’s size from `count`', () => {
    const { next, events } = applied(combatant('Mook', { count: 6 }), { count: 0 });
    expect(next.count).toBe(0);
    expect(next.status).toEqual(['out_of_fight']);
    expect(events).toHaveLength(1);
  });
});

describe('the shot in a combat update', () => {
  it('spends shot_cost down to the floor, or places the combatant on `shot`', () => {
    expect(applied(combatant('PC', { shot: -8 }), { shot_cost: 3 }).next.shot).toBe(-10);
    expect(applied(combatant('PC'), { shot_cost: null }).next.shot).toBe(9);
    expect(applied(combatant('PC'), { shot: '7' }).next.shot).toBe(7);
    expect(applied(combatant('PC', { shot: -8 }), { shot: -11 }).next.shot).toBe(-10);
    expect(applied(combatant('PC'), { shot: null }).next.shot).toBeNull();
  });

  it('leaves everything else alone when the update carries nothing', () => {
    const pc = combatant('PC', { status: ['cheesing_it'] });
    expect(applied(pc, {})).toEqual({ next: pc, crossed: [], events: [] });
  });
});

describe('a combat update that makes no sense', () => {
  it('is refused whole, with every problem named', () => {
    const pc = combatant('PC');
    expect(
      errorsOf(
        applyCombatUpdate(pc, {
          shot: 31,
          wounds: -1,
          smackdown: 'hard',
          impairments: 1.5,
          add_status: 'out_of_fight',
          action_values: { Fortune: 'lots' },
        }),
      ),
    ).toEqual({
      shot: ['must be less than or equal to 30'],
      wounds: [
        'must be greater than or equal to 0',
        'send only one of wounds, smackdown, count and action_values.Wounds',
      ],
      smackdown: ['is not a number'],
      impairments: ['must be an integer'],
      add_status: ['must be an array'],
      'action_values.Fortune': ['is not a number'],
    });
  });

  it('is refused when it says two things at once', () => {
    const foe = combatant('Featured Foe');
    expect(errorsOf(applyCombatUpdate(foe, { shot: 5, shot_cost: 3 }))).toEqual({
      shot: ['cannot be sent with shot_cost'],
    });
    const twoTotals = { wounds: ['send only one of wounds, smackdown, count and action_values.Wounds'] };
    expect(errorsOf(applyCombatUpdate(foe, { wounds: 5, smackdown: 9 }))).toEqual(twoTotals);
    expect(errorsOf(applyCombatUpdate(foe, { wounds: 5, count: 5 }))).toEqual(twoTotals);
    expect(errorsOf(applyCombatUpdate(combatant('PC'), { wounds: 5, action_values: { Wounds: 5 } }))).toEqual(
      twoTotals,
    );
  });

  it('refuses negative wounds in action_values and an unknown Type', () => {
    expect(
      errorsOf(applyCombatUpdate(combatant('PC'), { action_values: { Wounds: -4, Type: 'Villain' } })),
    ).toEqual({
      'action_values.Wounds': ['must be greater than or equal to 0'],
      'action_values.Type': ['is not included in the list'],
    });
  });
});
