import { toInteger, type RuleResult } from '../../shared/values.rules.js';

export interface IntegerBounds {
  min?: number;
  max?: number;
}

/**
 * A number sent by a client, as an integer: numbers and numeric text ("12", " 12 ", "12.0") are accepted;
 * fractions, empty text, "12abc", booleans, null and values outside `bounds` are refused under `field` with the
 * Rails message. Nothing is silently turned into 0 the way Ruby's `to_i` did.
 */
export function integerInput(field: string, value: unknown, bounds: IntegerBounds = {}): RuleResult<number> {
  const result = toInteger(value, bounds);
  return result.ok ? result : { ok: false, errors: { [field]: [result.message] } };
}

/**
 * A number already stored (an action value, a count), read leniently: values are made integers when saved, so
 * this only softens legacy rows. A fraction is truncated and anything unreadable counts as 0.
 */
export function storedInteger(value: unknown): number {
  const result = toInteger(value);
  if (result.ok) return result.value;
  return typeof value === 'number' && Number.isFinite(value) ? Math.trunc(value) : 0;
}
