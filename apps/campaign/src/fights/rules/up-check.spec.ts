import type { CharacterType } from './combatant-types.js';
import type { Combatant } from './combatant.js';
import { resolveBossUpCheck, resolveUpCheck, UP_CHECK_TARGET, type UpCheckOutcome } from './up-check.js';
import type { RuleResult } from '../../shared/values.rules.js';

function needingUpCheck(type: CharacterType, actionValues: Record<string, number> = {}): Combatant {
  return Object.freeze({
    name: `The ${type}`,
    type,
    count: type === 'PC' ? 0 : 50,
    impairments: 2,
    status: Object.freeze(['up_check_required', 'cheesing_it']),
    shot: 5,
    actionValues: Object.freeze({
      Toughness: 6,
      Fortune: 2,
      'Marks of Death': 1,
      Wounds: 36,
      ...actionValues,
    }),
  });
}

function resolved(result: RuleResult<UpCheckOutcome>): UpCheckOutcome {
  if (!result.ok) throw new Error(`expected the Up Check to resolve: ${JSON.stringify(result.errors)}`);
  return result.value;
}

describe('a PC’s Up Check', () => {
  it('passes at exactly 5 (swerve + Toughness), clearing the requirement and costing a Mark of Death', () => {
    expect(UP_CHECK_TARGET).toBe(5);
    const { next, passed, fortuneUsed, events } = resolved(
      resolveUpCheck(needingUpCheck('PC'), { swerve: -1 }),
    );
    expect(passed).toBe(true);
    expect(fortuneUsed).toBe(false);
    expect(next.status).toEqual(['cheesing_it']);
    expect(next.actionValues).toMatchObject({ 'Marks of Death': 2, Fortune: 2 });
    expect(events).toEqual([
      {
        event_type: 'up_check',
        description: 'The PC passed the Up Check (5 against 5)',
        details: {
          character_type: 'PC',
          swerve: -1,
          fortune: 0,
          toughness: 6,
          total: 5,
          threshold: 5,
          passed: true,
          marks_of_death: 2,
          fortune_used: false,
        },
      },
    ]);
  });

  it('fails at 4: the requirement is spent and the PC is out of the fight', () => {
    const { next, passed } = resolved(resolveUpCheck(needingUpCheck('PC'), { swerve: '-2' }));
    expect(passed).toBe(false);
    expect(next.status).toEqual(['cheesing_it', 'out_of_fight']);
    expect(next.actionValues['Marks of Death']).toBe(2);
  });

  it('adds the Fortune die, for a Fortune point and a second Mark of Death', () => {
    const { next, passed, fortuneUsed } = resolved(
      resolveUpCheck(needingUpCheck('PC', { Toughness: 4 }), { swerve: -2, fortune: 3 }),
    );
    expect(passed).toBe(true); // -2 + 3 + 4
    expect(fortuneUsed).toBe(true);
    expect(next.actionValues).toMatchObject({ Fortune: 1, 'Marks of Death': 3 });
  });

  it('treats a Fortune die of 0 as no Fortune used', () => {
    const { next, fortuneUsed } = resolved(resolveUpCheck(needingUpCheck('PC'), { swerve: 0, fortune: 0 }));
    expect(fortuneUsed).toBe(false);
    expect(next.actionValues).toMatchObject({ Fortune: 2, 'Marks of Death': 2 });
  });

  it('is refused without Fortune points to spend, without a requirement, or with a nonsense roll', () => {
    expect(resolveUpCheck(needingUpCheck('PC', { Fortune: 0 }), { swerve: 3, fortune: 2 })).toEqual({
      ok: false,
      errors: { 'action_values.Fortune': ['has no points left to spend'] },
    });
    const fine = { ...needingUpCheck('PC'), status: [] };
    expect(resolveUpCheck(fine, { swerve: 3 })).toEqual({
      ok: false,
      errors: { character_id: ['does not require an Up Check'] },
    });
    expect(resolveUpCheck(needingUpCheck('PC'), { swerve: 'six', fortune: -1 })).toEqual({
      ok: false,
      errors: { swerve: ['is not a number'], fortune: ['must be greater than or equal to 0'] },
    });
  });
});

describe('an Ally’s Up Check', () => {
  it('follows the PC rule without Fortune', () => {
    expect(resolved(resolveUpCheck(needingUpCheck('Ally'), { swerve: 0 })).passed).toBe(true);
    expect(resolveUpCheck(needingUpCheck('Ally'), { swerve: 0, fortune: 4 })).toEqual({
      ok: false,
      errors: { fortune: ['can only be rolled by a PC'] },
    });
  });
});

describe.each<CharacterType>(['Boss', 'Uber-Boss'])('a %s’s Up Check', (type) => {
  it('is the gamemaster’s call, costs no Mark, and a failure puts it out of the fight', () => {
    const pass = resolved(resolveBossUpCheck(needingUpCheck(type), true));
    expect(pass.next.status).toEqual(['cheesing_it']);
    expect(pass.next.actionValues['Marks of Death']).toBe(1);
    expect(pass.events[0]?.details).toEqual({ character_type: type, passed: true, is_boss_check: true });
    const fail = resolved(resolveBossUpCheck(needingUpCheck(type), false));
    expect(fail.next.status).toEqual(['cheesing_it', 'out_of_fight']);
  });

  it('is not the PC roll', () => {
    expect(resolveUpCheck(needingUpCheck(type), { swerve: 3 }).ok).toBe(false);
  });
});

describe('Up Checks for those who never make one', () => {
  it.each<CharacterType>(['Mook', 'Featured Foe'])('refuses a %s', (type) => {
    expect(resolveUpCheck(needingUpCheck(type), { swerve: 3 }).ok).toBe(false);
    expect(resolveBossUpCheck(needingUpCheck(type), true).ok).toBe(false);
  });

  it('refuses a Boss Up Check for a PC', () => {
    expect(resolveBossUpCheck(needingUpCheck('PC'), true).ok).toBe(false);
  });
});
