import { Transform } from 'class-transformer';
import { registerDecorator, type ValidationOptions } from 'class-validator';
import { wholeNumberFromText } from './record-rules.js';

/** A value of a flat JSON map (`action_values`, `skills`, `description`, an event's `details`). */
export type MapValue = string | number | boolean | null;
export type ValueMap = Record<string, MapValue>;

export const VALUE_MAP_KEY_MAX = 100;
/** Far beyond any action value, wound count or chase point total, and a safe integer. */
export const VALUE_MAP_INTEGER_MAX = 999_999;

export interface ValueMapRules {
  /** Most keys the map may hold. */
  maxKeys: number;
  /** Longest text value. */
  textMax: number;
  /** Keys whose value must be a whole number (the client may send its text: see WholeNumbersIn). */
  integerKeys?: readonly string[];
  /** Keys whose value must be one of these. */
  choices?: Readonly<Record<string, readonly MapValue[]>>;
  /** What any other key may hold. Objects and lists never: the maps are flat. */
  other: { integers?: boolean; numbers?: boolean; text?: boolean; booleans?: boolean; nulls?: boolean };
}

const isWhole = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && Math.abs(value) <= VALUE_MAP_INTEGER_MAX;

function describe(kinds: ValueMapRules['other']): string {
  const names = [
    kinds.numbers ? 'a number' : kinds.integers ? 'a whole number' : undefined,
    kinds.text ? 'text' : undefined,
    kinds.booleans ? 'true or false' : undefined,
    kinds.nulls ? 'null' : undefined,
  ].filter((name): name is string => name !== undefined);
  return names.join(', ').replace(/, ([^,]*)$/, ' or $1');
}

/** What is wrong with `value` as a map under `rules`, or undefined when nothing is. */
export function valueMapProblem(value: unknown, rules: ValueMapRules): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'must be an object';
  const entries = Object.entries(value);
  if (entries.length > rules.maxKeys) return `must hold at most ${rules.maxKeys} keys`;
  const integerKeys = new Set(rules.integerKeys ?? []);
  for (const [key, item] of entries) {
    if (key.trim() === '' || key.length > VALUE_MAP_KEY_MAX) {
      return `has a key that is blank or longer than ${VALUE_MAP_KEY_MAX} characters`;
    }
    const choices = rules.choices?.[key];
    if (choices) {
      if (!choices.includes(item as MapValue)) {
        return `"${key}" must be one of: ${choices.map((choice) => String(choice)).join(', ')}`;
      }
      continue;
    }
    if (integerKeys.has(key)) {
      if (!isWhole(item)) return `"${key}" must be a whole number up to ${VALUE_MAP_INTEGER_MAX}`;
      continue;
    }
    const { other } = rules;
    const fits =
      (typeof item === 'number' &&
        ((other.numbers === true && Number.isFinite(item) && Math.abs(item) <= VALUE_MAP_INTEGER_MAX) ||
          (other.integers === true && isWhole(item)))) ||
      (typeof item === 'string' && other.text === true && item.length <= rules.textMax) ||
      (typeof item === 'boolean' && other.booleans === true) ||
      (item === null && other.nulls === true);
    if (!fits) {
      if (typeof item === 'string' && other.text === true) {
        return `"${key}" is too long (maximum is ${rules.textMax} characters)`;
      }
      return `"${key}" must be ${describe(other)}`;
    }
  }
  return undefined;
}

/**
 * A flat JSON map checked key by key: bounded size, bounded keys, values of the kinds the rules allow, no
 * nesting.
 * The message names the first offending key.
 */
export function IsValueMap(rules: ValueMapRules, options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isValueMap',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate: (value: unknown) => valueMapProblem(value, rules) === undefined,
        defaultMessage: (args) => valueMapProblem(args?.value, rules) ?? 'is invalid',
      },
    });
}

/**
 * The client edits action values and skills through text fields (SharedService.updateActionValue takes
 * `number | string`), so these keys arrive as numbers or as their text: "13" becomes 13, and a cleared field
 * ("")
 * becomes 0, the value the Rails server stored for it. `'all'` converts every key (skills).
 */
export const WholeNumbersIn = (keys: readonly string[] | 'all') =>
  Transform(({ value }: { value: unknown }) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
    const convert = (key: string, item: unknown) => {
      if (keys !== 'all' && !keys.includes(key)) return item;
      return typeof item === 'string' && item.trim() === '' ? 0 : wholeNumberFromText(item);
    };
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([key, item]) => [key, convert(key, item)]),
    );
  });
