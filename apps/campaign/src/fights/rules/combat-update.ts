import type { FieldErrors } from '@shotcaller/contracts';
import { mergeCharacterActionValues } from '../../characters/character.rules.js';
import {
  addFieldError,
  hasFieldErrors,
  isPlainObject,
  takeValue,
  type RuleResult,
} from '../../shared/values.rules.js';
import { shotCostInput, shotPositionInput, spendShots } from './acting.js';
import type { Combatant, FightEventDraft } from './combatant.js';
import { integerInput } from './numbers.js';
import { changeStatuses, statusListInput } from './statuses.js';
import { setWounds, takeSmackdown, type ThresholdCrossing } from './wounds.js';

/** The rule-bearing fields of one `character_updates` entry, as the client sent them (nothing trusted yet). */
export interface CombatUpdateInput {
  shot?: unknown;
  shot_cost?: unknown;
  wounds?: unknown;
  smackdown?: unknown;
  count?: unknown;
  impairments?: unknown;
  action_values?: unknown;
  add_status?: unknown;
  remove_status?: unknown;
}

export interface CombatUpdateOutcome {
  next: Combatant;
  crossed: ThresholdCrossing[];
  events: FightEventDraft[];
}

/**
 * One combatant's part of `apply_combat_action`: every field checked first (all errors at once, nothing applied
 * on failure), then, in the Rails order: the shot, the action values, the wounds and their thresholds, an explicit
 * `impairments`, and the statuses (removed, then added).
 *
 * - Wounds come from exactly one of `wounds` (the new total), `smackdown`, `count` (a non-PC's wounds or a mook
 *   group's size) or `action_values.Wounds` (how the client sends a PC's); a PC's `count` is only the shot field.
 * - `action_values` merge into the character's, but `Wounds` goes through the wound rules, never straight in, and
 *   a non-PC's `Wounds` live on its shot, so the character shared by several shots keeps its own.
 * - An explicit `impairments` replaces the computed one: the client computes impairments itself and sends its
 *   total, so adding ours would count the same threshold twice.
 */
export function applyCombatUpdate(
  combatant: Combatant,
  update: CombatUpdateInput,
): RuleResult<CombatUpdateOutcome> {
  const errors: FieldErrors = {};
  const take = <T>(result: RuleResult<T>, fallback: T): T => takeValue(result, errors, fallback);
  const optional = (field: keyof CombatUpdateInput): number | undefined =>
    update[field] === undefined ? undefined : take(integerInput(field, update[field], { min: 0 }), 0);

  if (update.shot !== undefined && update.shot_cost !== undefined) {
    addFieldError(errors, 'shot', 'cannot be sent with shot_cost');
  }
  const shot = update.shot === undefined ? undefined : take(shotPositionInput('shot', update.shot), null);
  const shotCost =
    update.shot_cost === undefined ? undefined : take(shotCostInput('shot_cost', update.shot_cost), 0);
  const wounds = optional('wounds');
  const smackdown = optional('smackdown');
  const count = optional('count');
  const impairments = optional('impairments');
  const merged =
    update.action_values === undefined
      ? undefined
      : take(
          mergeCharacterActionValues(update.action_values, combatant.actionValues),
          combatant.actionValues,
        );
  // null resets Wounds to its default (0), as for any action value.
  const rawWounds = isPlainObject(update.action_values) ? update.action_values.Wounds : undefined;
  const sentWounds =
    rawWounds === undefined
      ? undefined
      : rawWounds === null
        ? 0
        : take(integerInput('action_values.Wounds', rawWounds, { min: 0 }), 0);
  const addStatus =
    update.add_status === undefined ? [] : take(statusListInput('add_status', update.add_status), []);
  const removeStatus =
    update.remove_status === undefined
      ? []
      : take(statusListInput('remove_status', update.remove_status), []);

  const countIsWounds = combatant.type !== 'PC';
  const woundTotals = [wounds, countIsWounds ? count : undefined, sentWounds].filter((v) => v !== undefined);
  if (woundTotals.length + (smackdown === undefined ? 0 : 1) > 1) {
    addFieldError(errors, 'wounds', 'send only one of wounds, smackdown, count and action_values.Wounds');
  }
  if (hasFieldErrors(errors)) return { ok: false, errors };

  let next: Combatant = combatant;
  if (shot !== undefined) next = { ...next, shot };
  if (shotCost !== undefined) next = { ...next, shot: spendShots(next.shot, shotCost) };
  if (merged !== undefined) {
    next = { ...next, actionValues: { ...merged, Wounds: combatant.actionValues.Wounds ?? 0 } };
  }

  const [total] = woundTotals;
  const wounded: CombatUpdateOutcome =
    smackdown !== undefined
      ? takeSmackdown(next, smackdown)
      : total !== undefined
        ? setWounds(next, total)
        : { next, crossed: [], events: [] };
  next = wounded.next;

  if (!countIsWounds && count !== undefined) next = { ...next, count };
  if (impairments !== undefined) next = { ...next, impairments };
  if (addStatus.length > 0 || removeStatus.length > 0) {
    next = { ...next, status: changeStatuses(next.status, { add: addStatus, remove: removeStatus }) };
  }
  return { ok: true, value: { next, crossed: wounded.crossed, events: wounded.events } };
}
