import type { FieldErrors } from '@shotcaller/contracts';
import { JSON_VALUES_LIMITS, ValueMessages, type RuleResult } from '../../shared/values.rules.js';

/** The statuses the rules themselves set. */
export const STATUS = {
  upCheckRequired: 'up_check_required',
  outOfFight: 'out_of_fight',
} as const;

/**
 * Other statuses come from the client (its "cheese it" panel sends `cheesing_it` and `cheesed_it`), so any
 * snake_case word is accepted, not only the two above.
 */
const STATUS_WORD = /^[a-z][a-z0-9_]{0,49}$/;

/** The list with `status` added once: an existing entry is not repeated. */
export function withStatus(statuses: readonly string[], status: string): string[] {
  return statuses.includes(status) ? [...statuses] : [...statuses, status];
}

/** The list without `status`. */
export function withoutStatus(statuses: readonly string[], status: string): string[] {
  return statuses.filter((entry) => entry !== status);
}

/**
 * `remove` taken out, then `add` put in (the Rails order, so a status in both ends up present), each status once
 * and in the order first seen.
 */
export function changeStatuses(
  statuses: readonly string[],
  change: { add?: readonly string[]; remove?: readonly string[] },
): string[] {
  const removed = new Set(change.remove ?? []);
  const kept = statuses.filter((status) => !removed.has(status));
  return [...new Set([...kept, ...(change.add ?? [])])];
}

/** An `add_status` / `remove_status` list from a client: an array of snake_case words. */
export function statusListInput(field: string, value: unknown): RuleResult<string[]> {
  const fail = (message: string): RuleResult<string[]> => ({ ok: false, errors: { [field]: [message] } });
  if (!Array.isArray(value)) return fail(ValueMessages.notAnArray);
  if (value.length > JSON_VALUES_LIMITS.maxKeys)
    return fail(ValueMessages.tooManyItems(JSON_VALUES_LIMITS.maxKeys));
  const errors: FieldErrors = {};
  value.forEach((status, index) => {
    if (typeof status !== 'string' || !STATUS_WORD.test(status)) {
      errors[`${field}[${index}]`] = ['must be a status word (lower case letters, digits and _)'];
    }
  });
  return Object.keys(errors).length > 0
    ? { ok: false, errors }
    : { ok: true, value: [...new Set(value as string[])] };
}
