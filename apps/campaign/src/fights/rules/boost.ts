import type { FieldErrors } from '@shotcaller/contracts';
import { hasFieldErrors, ValueMessages, type RuleResult } from '../../shared/values.rules.js';
import { spendShots } from './acting.js';
import { actionValueOf, type Combatant, type FightEventDraft } from './combatant.js';

export const BOOST_SHOT_COST = 3;

/** How much a boost adds, without and with a Fortune point spent. */
export const BOOST_VALUES = {
  attack: { base: 1, fortune: 2 },
  defense: { base: 3, fortune: 5 },
} as const;

export type BoostType = keyof typeof BOOST_VALUES;

/** A `character_effects` row to write on the target's shot: the column names, as the encounter shows them. */
export interface CharacterEffectDraft {
  name: string;
  description: string;
  severity: 'info';
  action_value: string;
  change: string;
}

export interface BoostOutcome {
  /** The booster after paying: 3 shots, and a Fortune point when Fortune was used. */
  booster: Combatant;
  effect: CharacterEffectDraft;
  fortuneUsed: boolean;
  events: FightEventDraft[];
}

function isBoostType(value: unknown): value is BoostType {
  return value === 'attack' || value === 'defense';
}

const TRUE_INPUTS: readonly unknown[] = [true, 'true', '1', 1];
const FALSE_INPUTS: readonly unknown[] = [false, 'false', '0', 0];

/**
 * `booster` spends 3 shots to give `target` +1 attack (+2 with Fortune) or +3 Defense (+5 with Fortune), as a
 * character effect on the target's shot. An attack boost names the target's MainAttack ("Guns" when it has none).
 * Only a PC spends Fortune; `use_fortune` from anyone else gives the plain boost, as in Rails (the client's
 * switch may stay on), while a PC with no Fortune left is refused.
 */
export function boost(
  booster: Combatant,
  target: Combatant,
  request: { boost_type: unknown; use_fortune?: unknown },
): RuleResult<BoostOutcome> {
  const errors: FieldErrors = {};
  const boostType = isBoostType(request.boost_type) ? request.boost_type : undefined;
  if (!boostType) errors.boost_type = [ValueMessages.notIncluded];
  const wantsFortune = request.use_fortune === undefined ? false : TRUE_INPUTS.includes(request.use_fortune);
  if (request.use_fortune !== undefined && !wantsFortune && !FALSE_INPUTS.includes(request.use_fortune)) {
    errors.use_fortune = [ValueMessages.notBoolean];
  }
  const fortuneUsed = wantsFortune && booster.type === 'PC';
  const fortunePoints = actionValueOf(booster, 'Fortune');
  if (fortuneUsed && fortunePoints < 1) errors['action_values.Fortune'] = ['has no points left to spend'];
  if (!boostType || hasFieldErrors(errors)) return { ok: false, errors };

  const value = BOOST_VALUES[boostType][fortuneUsed ? 'fortune' : 'base'];
  const mainAttack = target.actionValues.MainAttack;
  const actionValue =
    boostType === 'defense'
      ? 'Defense'
      : typeof mainAttack === 'string' && mainAttack !== ''
        ? mainAttack
        : 'Guns';
  const label = `${boostType === 'attack' ? 'Attack' : 'Defense'} Boost${fortuneUsed ? ' (Fortune)' : ''}`;
  return {
    ok: true,
    value: {
      booster: {
        ...booster,
        shot: spendShots(booster.shot, BOOST_SHOT_COST),
        actionValues: fortuneUsed
          ? { ...booster.actionValues, Fortune: fortunePoints - 1 }
          : booster.actionValues,
      },
      effect: {
        name: label,
        description: `Boost from ${booster.name}`,
        severity: 'info',
        action_value: actionValue,
        change: `+${value}`,
      },
      fortuneUsed,
      events: [
        {
          event_type: 'boost',
          description: `${booster.name} boosted ${target.name}'s ${boostType} (+${value})`,
          details: { boost_type: boostType, boost_value: value, fortune_used: fortuneUsed },
        },
      ],
    },
  };
}
