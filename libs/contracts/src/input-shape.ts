import { ErrorCode, ServiceError, type FieldErrors } from './errors.js';
import { fieldKey, Messages } from './validation.js';

/**
 * Bounds on the shape of any input (HTTP body, query, NATS payload), checked before validation: class-transformer
 * and class-validator recurse, so a small body nested thousands of levels deep would otherwise overflow the stack.
 */
export const INPUT_LIMITS = {
  /** Nesting of objects and arrays. The deepest real body (a character's JSON fields in an envelope) needs 4. */
  maxDepth: 32,
  /** Items in one array (member lists, id filters, batches). */
  maxArrayLength: 1000,
  /** Keys in one object. */
  maxKeys: 500,
  /** Values in the whole input. */
  maxValues: 50_000,
} as const;

export type InputLimits = typeof INPUT_LIMITS;

/** Text PostgreSQL and clients can hold: no NUL, no unpaired UTF-16 surrogate. */
export function isStorableText(text: string): boolean {
  return !text.includes('\0') && text.isWellFormed();
}

/**
 * Keys naming a member of Object.prototype (`__proto__`, `constructor`, `hasOwnProperty`, `toString`...).
 * class-validator looks each key up in a plain object of declared fields, where these always resolve, so they
 * pass as declared fields instead of being refused as unknown (and `__proto__` replaces the prototype of the
 * object class-transformer builds). No input has a use for them.
 */
const BUILT_IN_KEYS: ReadonlySet<string> = new Set(Object.getOwnPropertyNames(Object.prototype));

type ShapeProblem = {
  code: typeof ErrorCode.MalformedRequest | typeof ErrorCode.PayloadTooLarge;
  message: string;
};

const tooLarge = (message: string): ShapeProblem => ({ code: ErrorCode.PayloadTooLarge, message });
const malformed = (message: string): ShapeProblem => ({ code: ErrorCode.MalformedRequest, message });

export interface InputShape {
  /** What makes the structure unacceptable (too deep, too large, a bad key), if anything. */
  problem?: ShapeProblem;
  /** Paths (keys and indexes) of strings that are not storable text. */
  badText: string[][];
}

/**
 * Walks a parsed input without recursion (its depth must not cost stack), stopping at the first structural
 * problem (a key that is not storable text or names a built-in included), and collects the paths of strings
 * that hold a NUL or an unpaired surrogate.
 */
export function inspectInput(input: unknown, limits: InputLimits = INPUT_LIMITS): InputShape {
  const badText: string[][] = [];
  if (typeof input === 'string') return { badText: isStorableText(input) ? [] : [[]] };
  if (typeof input !== 'object' || input === null) return { badText };
  // Containers still to visit, with their depth, and (per visited container) its parent and key, for paths.
  const pending: { value: object; depth: number; parent: number; key: string }[] = [
    { value: input, depth: 1, parent: -1, key: '' },
  ];
  const parents: number[] = [];
  const keys: string[] = [];
  const pathOf = (container: number, leaf: string): string[] => {
    const path = [leaf];
    for (let at = container; at > 0; at = parents[at] ?? -1) path.unshift(keys[at] ?? '');
    return path;
  };
  let values = 0;
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { value, depth } = next;
    const container = parents.push(next.parent) - 1;
    keys.push(next.key);
    if (depth > limits.maxDepth) return { problem: malformed('The input is nested too deeply'), badText };
    const isList = Array.isArray(value);
    if (isList && value.length > limits.maxArrayLength) {
      return { problem: tooLarge(`A list holds more than ${limits.maxArrayLength} items`), badText };
    }
    const children: [string, unknown][] = isList
      ? value.map((item: unknown, index) => [String(index), item])
      : Object.entries(value);
    if (!isList && children.length > limits.maxKeys) {
      return { problem: tooLarge(`An object has more than ${limits.maxKeys} keys`), badText };
    }
    values += children.length;
    if (values > limits.maxValues) {
      return { problem: tooLarge(`The input holds more than ${limits.maxValues} values`), badText };
    }
    for (const [key, child] of children) {
      if (!isStorableText(key))
        return { problem: malformed('A key holds characters that are not allowed'), badText };
      if (BUILT_IN_KEYS.has(key)) return { problem: malformed(`The key "${key}" is not allowed`), badText };
      if (typeof child === 'string') {
        if (!isStorableText(child)) badText.push(pathOf(container, key));
      } else if (typeof child === 'object' && child !== null) {
        pending.push({ value: child, depth: depth + 1, parent: container, key });
      }
    }
  }
  return { badText };
}

/**
 * Refuses an input whose shape is unacceptable (400 or 413) or that holds unstorable text (a field error per
 * path, as `errors` of the given code), before any validation or handler sees it.
 */
export function assertAcceptableInput(
  input: unknown,
  badTextCode:
    typeof ErrorCode.ValidationFailed | typeof ErrorCode.InvalidPayload | typeof ErrorCode.MalformedRequest,
): void {
  const { problem, badText } = inspectInput(input);
  if (problem) throw new ServiceError(problem.code, problem.message);
  if (badText.length === 0) return;
  const errors: FieldErrors = {};
  for (const path of badText) errors[fieldKey(path) || 'base'] = [Messages.badText];
  const message =
    badTextCode === ErrorCode.MalformedRequest
      ? 'The request holds characters that are not allowed'
      : 'Validation failed';
  throw new ServiceError(badTextCode, message, { errors });
}
