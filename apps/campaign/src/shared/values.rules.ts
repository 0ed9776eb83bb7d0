import { isStorableText, Messages, type FieldErrors } from '@shotcaller/contracts';

/** One value of a record's JSON map (`action_values`, `skills`, `description`): never a list or an object. */
export type JsonScalar = string | number | boolean | null;
export type JsonValues = Record<string, JsonScalar>;

/** What a rule hands back: the value to store, or the errors in the API's `{field: [messages]}` shape. */
export type RuleResult<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

/** Bounds on one JSON map: a record's values are small, flat and typed by hand. */
export const JSON_VALUES_LIMITS = {
  maxKeys: 100,
  maxKeyLength: 100,
  maxTextLength: 1000,
} as const;

/** PostgreSQL `integer`: stored numbers are read back as integers in SQL (sorting by Speed, say). */
export const INTEGER_RANGE = { min: -2_147_483_648, max: 2_147_483_647 } as const;

/** Messages in the Rails wording (numericality, inclusion) where Rails has one. */
export const ValueMessages = {
  notANumber: 'is not a number',
  notAnInteger: 'must be an integer',
  atLeast: (min: number) => `must be greater than or equal to ${min}`,
  atMost: (max: number) => `must be less than or equal to ${max}`,
  notIncluded: 'is not included in the list',
  notText: 'must be text',
  notBoolean: 'must be true or false',
  notAnObject: 'must be an object',
  notAnArray: 'must be an array',
  nested: 'must be a single value, not a list or an object',
  tooManyKeys: (max: number) => `has more than ${max} keys`,
  tooManyItems: (max: number) => `has more than ${max} items`,
  blankKey: 'has a blank key',
  keyTooLong: (max: number) => `has a key longer than ${max} characters`,
  keyNotAllowed: (key: string) => `has a key that is not allowed (${key})`,
  badKeyText: 'has a key with characters that are not allowed (NUL or an unpaired surrogate)',
} as const;

/** Adds a message under a field, once. */
export function addFieldError(errors: FieldErrors, field: string, message: string): void {
  const messages = (errors[field] ??= []);
  if (!messages.includes(message)) messages.push(message);
}

export function hasFieldErrors(errors: FieldErrors): boolean {
  return Object.keys(errors).length > 0;
}

/** A rule's value; or, when it failed, `fallback` after copying its errors into `errors` (to report all at once). */
export function takeValue<T>(result: RuleResult<T>, errors: FieldErrors, fallback: T): T {
  if (result.ok) return result.value;
  for (const [field, messages] of Object.entries(result.errors)) {
    for (const message of messages) addFieldError(errors, field, message);
  }
  return fallback;
}

export type IntegerResult = { ok: true; value: number } | { ok: false; message: string };

const INTEGER_TEXT = /^[+-]?\d+$/;
const DECIMAL_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/**
 * A number, or text holding one ("12", " 12 ", "12.0"), as an integer within `range` (PostgreSQL `integer` by
 * default). Anything else is refused with a message, never turned into 0 as Ruby's `to_i` would.
 */
export function toInteger(value: unknown, range: { min?: number; max?: number } = {}): IntegerResult {
  const { min = INTEGER_RANGE.min, max = INTEGER_RANGE.max } = range;
  let number: number;
  if (typeof value === 'number' && !Number.isNaN(value)) {
    number = value;
  } else if (typeof value === 'string' && DECIMAL_TEXT.test(value.trim())) {
    const text = value.trim();
    number = INTEGER_TEXT.test(text) ? Number.parseInt(text, 10) : Number(text);
  } else {
    return { ok: false, message: ValueMessages.notANumber };
  }
  if (Number.isFinite(number) && !Number.isInteger(number))
    return { ok: false, message: ValueMessages.notAnInteger };
  if (number < min) return { ok: false, message: ValueMessages.atLeast(min) };
  if (number > max) return { ok: false, message: ValueMessages.atMost(max) };
  // -0 is stored as 0.
  return { ok: true, value: number === 0 ? 0 : number };
}

/**
 * How one key's value is checked: an integer (numeric text is converted), text (optionally one of a list), or
 * any single value (custom keys: the client keeps flags like `Vehicle: false` there). Null is handled before
 * any rule: see mergeJsonValues.
 */
export type KeyRule = { kind: 'integer' } | { kind: 'text'; oneOf?: readonly string[] } | { kind: 'scalar' };

export interface JsonValuesRules {
  /** The keys every stored map has, with the value a missing key gets. */
  defaults: Readonly<JsonValues>;
  /** Rules for named keys; every other key follows `otherKeys`. */
  keys: Readonly<Record<string, KeyRule>>;
  otherKeys: KeyRule;
  /** Longest text value; JSON_VALUES_LIMITS.maxTextLength unless given. */
  maxTextLength?: number;
}

/** The defaults with the stored values over them, unchecked: what a saved map looks like after a save. */
export function withDefaults(
  defaults: Readonly<JsonValues>,
  stored: JsonValues | null | undefined,
): JsonValues {
  return { ...defaults, ...stored };
}

/**
 * The map to store: the rules' defaults, then `stored`, then the checked `incoming` values on top. Pass the stored
 * map to MERGE an update into it; leave it out to REPLACE (only the defaults stay under the new values).
 *
 * In `incoming`, null resets a default key to its default and removes any other key: with merging, that is the
 * only way to drop a custom skill. The stored values are trusted (they passed these rules when written).
 */
export function mergeJsonValues(
  field: string,
  rules: JsonValuesRules,
  incoming: unknown,
  stored?: JsonValues | null,
): RuleResult<JsonValues> {
  if (!isPlainObject(incoming)) return { ok: false, errors: { [field]: [ValueMessages.notAnObject] } };
  const entries = Object.entries(incoming);
  const { maxKeys } = JSON_VALUES_LIMITS;
  if (entries.length > maxKeys)
    return { ok: false, errors: { [field]: [ValueMessages.tooManyKeys(maxKeys)] } };

  const errors: FieldErrors = {};
  const values = new Map<string, JsonScalar>(Object.entries(withDefaults(rules.defaults, stored)));
  for (const [key, value] of entries) {
    const keyProblem = problemWithKey(key);
    if (keyProblem) {
      addFieldError(errors, field, keyProblem);
      continue;
    }
    const isDefaultKey = Object.hasOwn(rules.defaults, key);
    const defaultValue = isDefaultKey ? (rules.defaults[key] ?? null) : undefined;
    if (value === null) {
      if (defaultValue === undefined) values.delete(key);
      else values.set(key, defaultValue);
      continue;
    }
    const rule = Object.hasOwn(rules.keys, key) ? rules.keys[key] : undefined;
    const checked = checkValue(rule ?? rules.otherKeys, value, rules.maxTextLength, defaultValue);
    if (checked.ok) values.set(key, checked.value);
    else addFieldError(errors, `${field}.${key}`, checked.message);
  }
  if (values.size > maxKeys) addFieldError(errors, field, ValueMessages.tooManyKeys(maxKeys));
  return hasFieldErrors(errors) ? { ok: false, errors } : { ok: true, value: Object.fromEntries(values) };
}

/** Text that PostgreSQL and clients can hold, at most `maxLength` characters. */
export function checkText(
  value: unknown,
  maxLength: number = JSON_VALUES_LIMITS.maxTextLength,
): string | undefined {
  if (typeof value !== 'string') return ValueMessages.notText;
  if (!isStorableText(value)) return Messages.badText;
  if (value.length > maxLength) return Messages.tooLong(maxLength);
  return undefined;
}

/** An object parsed from JSON (not a list, not null, not an instance of some class). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** Names of Object.prototype members (`__proto__`, `constructor`...): as keys they only ever cause trouble. */
const BUILT_IN_KEYS: ReadonlySet<string> = new Set(Object.getOwnPropertyNames(Object.prototype));

function problemWithKey(key: string): string | undefined {
  if (key.trim() === '') return ValueMessages.blankKey;
  if (!isStorableText(key)) return ValueMessages.badKeyText;
  if (key.length > JSON_VALUES_LIMITS.maxKeyLength)
    return ValueMessages.keyTooLong(JSON_VALUES_LIMITS.maxKeyLength);
  if (BUILT_IN_KEYS.has(key)) return ValueMessages.keyNotAllowed(key);
  return undefined;
}

type ValueResult = { ok: true; value: JsonScalar } | { ok: false; message: string };

function checkValue(
  rule: KeyRule,
  value: unknown,
  maxTextLength: number | undefined,
  defaultValue: JsonScalar | undefined,
): ValueResult {
  if (typeof value === 'object' && value !== null) return { ok: false, message: ValueMessages.nested };
  switch (rule.kind) {
    case 'integer':
      return toInteger(value);
    case 'text': {
      // Rails reset a text key holding the number 0 to its default (old forms sent 0 for "nothing chosen").
      if (value === 0 && defaultValue !== undefined) return { ok: true, value: defaultValue };
      const problem = checkText(value, maxTextLength);
      if (problem) return { ok: false, message: problem };
      if (rule.oneOf && !rule.oneOf.includes(value as string)) {
        return { ok: false, message: ValueMessages.notIncluded };
      }
      return { ok: true, value: value as string };
    }
    case 'scalar': {
      if (typeof value === 'boolean') return { ok: true, value };
      if (typeof value === 'number') {
        return Number.isFinite(value)
          ? { ok: true, value }
          : { ok: false, message: ValueMessages.notANumber };
      }
      const problem = checkText(value, maxTextLength);
      return problem ? { ok: false, message: problem } : { ok: true, value: value as string };
    }
  }
}
