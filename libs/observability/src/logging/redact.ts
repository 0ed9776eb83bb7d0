import { serializeError } from './error-serializer.js';

export const REDACTED = '[redacted]';

/**
 * Keys whose values never reach a log, at any depth and in any case or spelling (`password_hash`,
 * `passwordHash`, `Set-Cookie`, `x-actor-token`, `JWT_PRIVATE_KEY`, `NATS_NKEY_SEED`...).
 */
const SECRET_KEY =
  /pass(?:word|wd|phrase)|secret|private[-_]?key|cookie|authori[sz]ation|credential|(?:token|seed|api[-_]?key)s?$|^x[-_]?actor/i;
/** Values that are secrets whatever their key: password hashes, bearer tokens, JWTs. */
const SECRET_VALUE = /\$argon2|^bearer\s|eyJ[\w-]+\.eyJ/i;

/** Deeper than this, values are left out: no log line needs them, and the walk stays cheap. */
const MAX_DEPTH = 10;

/** Fields of a log record that have their own serializer (pino-http's `req` and `res`, our `err`). */
const SERIALIZED_FIELDS = new Set(['req', 'res', 'err']);

/**
 * `formatters.log`: the record fit for a log, every field but those left to a serializer walked: secrets
 * blanked at any depth, errors serialized safely, cycles and over-deep values cut. Only what changes is
 * copied: a line without secrets is walked, not copied.
 */
export function redactLogRecord(record: Record<string, unknown>): Record<string, unknown> {
  return walkEntries(record, 0, new Set([record]), SERIALIZED_FIELDS);
}

function walk(value: unknown, depth: number, ancestors: Set<object>): unknown {
  if (typeof value === 'string') return SECRET_VALUE.test(value) ? REDACTED : value;
  if (typeof value !== 'object' || value === null || value instanceof Date) return value;
  if (value instanceof Error) return serializeError(value);
  if (ancestors.has(value)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[too deep]';
  ancestors.add(value);
  try {
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') return walk(toJSON.call(value), depth + 1, ancestors);
    if (Array.isArray(value)) {
      let copy: unknown[] | undefined;
      value.forEach((item: unknown, index) => {
        const next = walk(item, depth + 1, ancestors);
        if (next !== item) (copy ??= [...value])[index] = next;
      });
      return copy ?? value;
    }
    return walkEntries(value as Record<string, unknown>, depth, ancestors);
  } finally {
    ancestors.delete(value);
  }
}

function walkEntries(
  value: Record<string, unknown>,
  depth: number,
  ancestors: Set<object>,
  skip?: ReadonlySet<string>,
): Record<string, unknown> {
  let copy: Record<string, unknown> | undefined;
  for (const key of Object.keys(value)) {
    if (skip?.has(key)) continue;
    const item = value[key];
    if (item === undefined) continue;
    const next = SECRET_KEY.test(key) ? REDACTED : walk(item, depth + 1, ancestors);
    if (next !== item) (copy ??= { ...value })[key] = next;
  }
  return copy ?? value;
}
