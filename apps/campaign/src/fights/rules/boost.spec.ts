import { boost, BOOST_SHOT_COST, type BoostOutcome } from './boost.js';
import type { CharacterType } from './combatant-types.js';
import type { Combatant } from './combatant.js';
import type { RuleResult } from '../../shared/values.rules.js';

function character(name: string, type: CharacterType, overrides: Partial<Combatant> = {}): Combatant {
  return Object.freeze({
    name,
    type,
    count: 0,
    impairments: 0,
    status: Object.freeze([]),
    shot: 12,
    ...overrides,
    actionValues: Object.freeze({ Fortune: 2, MainAttack: 'Martial Arts', ...overrides.actionValues }),
  });
}

const booster = character('Ting Ting', 'PC');
const target = character('Johnny Tso', 'PC');

function boosted(result: RuleResult<BoostOutcome>): BoostOutcome {
  if (!result.ok) throw new Error(`expected the boost to apply: ${JSON.stringify(result.errors)}`);
  return result.value;
}

describe('a boost', () => {
  it('costs the booster 3 shots and gives the target +1 to its main attack', () => {
    expect(BOOST_SHOT_COST).toBe(3);
    const outcome = boosted(boost(booster, target, { boost_type: 'attack' }));
    expect(outcome.booster.shot).toBe(9);
    expect(outcome.booster.actionValues.Fortune).toBe(2);
    expect(outcome.fortuneUsed).toBe(false);
    expect(outcome.effect).toEqual({
      name: 'Attack Boost',
      description: 'Boost from Ting Ting',
      severity: 'info',
      action_value: 'Martial Arts',
      change: '+1',
    });
    expect(outcome.events).toEqual([
      {
        event_type: 'boost',
        description: "Ting Ting boosted Johnny Tso's attack (+1)",
        details: { boost_type: 'attack', boost_value: 1, fortune_used: false },
      },
    ]);
  });

  it('gives +2 attack for a Fortune point', () => {
    const outcome = boosted(boost(booster, target, { boost_type: 'attack', use_fortune: 'true' }));
    expect(outcome.effect).toMatchObject({ name: 'Attack Boost (Fortune)', change: '+2' });
    expect(outcome.booster.actionValues.Fortune).toBe(1);
    expect(outcome.fortuneUsed).toBe(true);
  });

  it('gives +3 Defense, or +5 with Fortune', () => {
    expect(boosted(boost(booster, target, { boost_type: 'defense' })).effect).toMatchObject({
      action_value: 'Defense',
      change: '+3',
    });
    expect(
      boosted(boost(booster, target, { boost_type: 'defense', use_fortune: true })).effect,
    ).toMatchObject({
      action_value: 'Defense',
      change: '+5',
    });
  });

  it('boosts Guns for a target with no main attack', () => {
    const plain = character('Mook', 'Mook', { actionValues: { MainAttack: '' } });
    expect(boosted(boost(booster, plain, { boost_type: 'attack' })).effect.action_value).toBe('Guns');
  });

  it('never takes the booster below shot -10, and spends from 0 when hidden', () => {
    expect(boosted(boost({ ...booster, shot: -9 }, target, { boost_type: 'attack' })).booster.shot).toBe(-10);
    expect(boosted(boost({ ...booster, shot: null }, target, { boost_type: 'attack' })).booster.shot).toBe(
      -3,
    );
  });

  it('gives a non-PC booster the plain boost even when Fortune is asked for', () => {
    const ally = character('Ally', 'Ally');
    const outcome = boosted(boost(ally, target, { boost_type: 'attack', use_fortune: true }));
    expect(outcome.effect.change).toBe('+1');
    expect(outcome.booster.actionValues.Fortune).toBe(2);
  });

  it('is refused for a PC with no Fortune left, or an unknown boost', () => {
    const broke = character('Broke', 'PC', { actionValues: { Fortune: 0 } });
    expect(boost(broke, target, { boost_type: 'defense', use_fortune: '1' })).toEqual({
      ok: false,
      errors: { 'action_values.Fortune': ['has no points left to spend'] },
    });
    expect(boost(booster, target, { boost_type: 'speed', use_fortune: 'maybe' })).toEqual({
      ok: false,
      errors: { boost_type: ['is not included in the list'], use_fortune: ['must be true or false'] },
    });
  });

  it('does not change the combatants given', () => {
    boost(booster, target, { boost_type: 'attack', use_fortune: true });
    expect(booster.shot).toBe(12);
    expect(booster.actionValues.Fortune).toBe(2);
  });
});
