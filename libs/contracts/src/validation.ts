import type { ValidationError } from 'class-validator';
import type { FieldErrors } from './errors.js';

/**
 * Keys under which the Rails API nests a resource in request bodies (`{user: {...}}`). Field errors are
 * reported by attribute, without this envelope, as the Rails API did and the existing clients read them.
 */
export const BODY_ENVELOPES = [
  'user',
  'campaign',
  'membership',
  'invitation',
  'character',
  'vehicle',
  'weapon',
  'schtick',
  'faction',
  'juncture',
  'site',
  'party',
  'fight',
  'shot',
  'image_position',
  'advancement',
  'fight_event',
  'chase_state',
  'effect',
  'character_effect',
  'chase_relationship',
  'onboarding_progress',
] as const;

/** Messages in the Rails wording the clients show under form fields. */
export const Messages = {
  blank: "can't be blank",
  notNull: "can't be null",
  bodyRequired: 'a JSON body is required (Content-Type: application/json)',
  badText: 'contains characters that are not allowed (NUL or an unpaired surrogate)',
  taken: 'has already been taken',
  invalid: 'is invalid',
  notPermitted: 'is not a permitted attribute',
  tooShort: (min: number) => `is too short (minimum is ${min} characters)`,
  tooLong: (max: number) => `is too long (maximum is ${max} characters)`,
  confirmationMismatch: (attribute: string) => `doesn't match ${attribute}`,
} as const;

const UNKNOWN_PROPERTY = 'whitelistValidation';

/** Checks that a value is there at all (`notNull` is the Optional() rule refusing null). */
const MISSING_CHECKS = new Set(['isDefined', 'notNull']);

/** Checks of a value's type. When one fails, the value's length or format says nothing: report the type alone. */
const TYPE_CHECKS = new Set([
  'isString',
  'isBoolean',
  'isInt',
  'isNumber',
  'isArray',
  'isObject',
  'nestedValidation',
]);

/** Flattens class-validator's tree into `{path: [messages]}`, dropping a leading body envelope. */
export function toFieldErrors(errors: ValidationError[]): FieldErrors {
  const result: FieldErrors = {};
  const visit = (error: ValidationError, path: string[]) => {
    const here = [...path, error.property];
    // Missing outranks wrong type, which outranks everything else: report only the most basic failure.
    const all = Object.entries(error.constraints ?? {});
    const missing = all.filter(([name]) => MISSING_CHECKS.has(name));
    const typeFailures = all.filter(([name]) => TYPE_CHECKS.has(name));
    const constraints = Object.fromEntries(
      missing.length > 0 ? missing : typeFailures.length > 0 ? typeFailures : all,
    );
    const messages = Object.entries(constraints).map(([name, message]) =>
      name === UNKNOWN_PROPERTY ? Messages.notPermitted : message,
    );
    if (messages.length > 0) {
      const key = fieldKey(here);
      result[key] = [...(result[key] ?? []), ...messages];
    }
    for (const child of error.children ?? []) visit(child, here);
  };
  for (const error of errors) visit(error, []);
  return result;
}

/** A field's key in `errors`: its dotted path, without a leading body envelope (`user`, `campaign`, ...). */
export function fieldKey(path: string[]): string {
  const [head, ...rest] = path;
  if (rest.length > 0 && (BODY_ENVELOPES as readonly string[]).includes(head ?? '')) return rest.join('.');
  return path.join('.');
}

/** The payload of a request that takes no arguments: anything in it is refused. */
export class EmptyPayload {}
