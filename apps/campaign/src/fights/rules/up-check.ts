import type { FieldErrors } from '@shotcaller/contracts';
import { hasFieldErrors, takeValue, type RuleResult } from '../../shared/values.rules.js';
import { actionValueOf, type Combatant, type FightEventDraft } from './combatant.js';
import { integerInput } from './numbers.js';
import { STATUS, withoutStatus, withStatus } from './statuses.js';

/** Swerve + Fortune die + Toughness must reach this. */
export const UP_CHECK_TARGET = 5;

export interface UpCheckOutcome {
  next: Combatant;
  passed: boolean;
  fortuneUsed: boolean;
  events: FightEventDraft[];
}

/**
 * Passing clears `up_check_required`; failing clears it too and puts the combatant out of the fight. That is what
 * the Rails UpCheckService does: the check is spent either way, and a second one is owed only when the wounds
 * cross the limit again.
 */
function settle(status: readonly string[], passed: boolean): string[] {
  const settled = withoutStatus(status, STATUS.upCheckRequired);
  return passed ? settled : withStatus(settled, STATUS.outOfFight);
}

function notRequired(combatant: Combatant): FieldErrors | undefined {
  return combatant.status.includes(STATUS.upCheckRequired)
    ? undefined
    : { character_id: ['does not require an Up Check'] };
}

/**
 * A PC's (or an Ally's) Up Check: `swerve` is the rolled swerve, `fortune` the Fortune die when one is rolled
 * (absent or 0: not used). Making the check costs a Mark of Death; using Fortune costs a Fortune point and another
 * Mark. Only PCs have Fortune to spend: a Fortune die for anyone else is refused (Rails added it to the total
 * without spending anything). Bosses use resolveBossUpCheck.
 */
export function resolveUpCheck(
  combatant: Combatant,
  roll: { swerve: unknown; fortune?: unknown },
): RuleResult<UpCheckOutcome> {
  if (combatant.type !== 'PC' && combatant.type !== 'Ally') {
    return { ok: false, errors: { character_id: ['cannot make a PC Up Check'] } };
  }
  const required = notRequired(combatant);
  if (required) return { ok: false, errors: required };

  const errors: FieldErrors = {};
  const swerve = takeValue(integerInput('swerve', roll.swerve), errors, 0);
  const fortune =
    roll.fortune === undefined ? 0 : takeValue(integerInput('fortune', roll.fortune, { min: 0 }), errors, 0);
  const fortunePoints = actionValueOf(combatant, 'Fortune');
  const fortuneUsed = fortune > 0;
  if (fortuneUsed && combatant.type !== 'PC') errors.fortune = ['can only be rolled by a PC'];
  else if (fortuneUsed && fortunePoints < 1)
    errors['action_values.Fortune'] = ['has no points left to spend'];
  if (hasFieldErrors(errors)) return { ok: false, errors };

  const toughness = actionValueOf(combatant, 'Toughness');
  const total = swerve + fortune + toughness;
  const passed = total >= UP_CHECK_TARGET;
  const marksOfDeath = actionValueOf(combatant, 'Marks of Death') + (fortuneUsed ? 2 : 1);
  const actionValues = {
    ...combatant.actionValues,
    'Marks of Death': marksOfDeath,
    ...(fortuneUsed ? { Fortune: fortunePoints - 1 } : {}),
  };
  return {
    ok: true,
    value: {
      next: { ...combatant, actionValues, status: settle(combatant.status, passed) },
      passed,
      fortuneUsed,
      events: [
        {
          event_type: 'up_check',
          description: `${combatant.name} ${passed ? 'passed' : 'failed'} the Up Check (${total} against ${UP_CHECK_TARGET})`,
          details: {
            character_type: combatant.type,
            swerve,
            fortune,
            toughness,
            total,
            threshold: UP_CHECK_TARGET,
            passed,
            marks_of_death: marksOfDeath,
            fortune_used: fortuneUsed,
          },
        },
      ],
    },
  };
}

/**
 * A Boss's or Uber-Boss's Up Check: the gamemaster decides it (the Rails client sends swerve 1 for a pass, 0 for a
 * failure), and it costs no Mark of Death.
 */
export function resolveBossUpCheck(combatant: Combatant, passed: boolean): RuleResult<UpCheckOutcome> {
  if (combatant.type !== 'Boss' && combatant.type !== 'Uber-Boss') {
    return { ok: false, errors: { character_id: ['cannot make a Boss Up Check'] } };
  }
  const required = notRequired(combatant);
  if (required) return { ok: false, errors: required };
  return {
    ok: true,
    value: {
      next: { ...combatant, status: settle(combatant.status, passed) },
      passed,
      fortuneUsed: false,
      events: [
        {
          event_type: 'up_check',
          description: `${combatant.name} ${passed ? 'passed the Boss Up Check and fights on' : 'failed the Boss Up Check and is out of the fight'}`,
          details: { character_type: combatant.type, passed, is_boss_check: true },
        },
      ],
    },
  };
}
