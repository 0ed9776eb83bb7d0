/** What a logged error becomes: enough to find the fault, nothing of the data it was handling. */
export interface SerializedError {
  type: string;
  message: string;
  code?: string | number;
  /** Schema objects a database error names (never the values involved). */
  schema?: string;
  table?: string;
  column?: string;
  constraint?: string;
  stack?: string;
  cause?: SerializedError;
  /** The errors of an AggregateError (a connection attempt to every address of a host, say). */
  errors?: SerializedError[];
}

/**
 * Fields only database drivers put on errors (pg's `DatabaseError`, which MikroORM's exceptions copy onto
 * themselves; MySQL's `sqlMessage`; query builders' `sql` and bindings). Any of them marks an error whose
 * message may quote a statement, its parameters or a row.
 */
const DRIVER_FIELDS = [
  'detail',
  'where',
  'hint',
  'query',
  'sql',
  'params',
  'parameters',
  'values',
  'internalQuery',
  'severity',
  'routine',
  'sqlState',
  'sqlMessage',
  'errmsg',
];
const IDENTIFIER_FIELDS = ['schema', 'table', 'column', 'constraint'] as const;

/**
 * Text that quotes data: PostgreSQL's row and key details (also as MikroORM appends them to messages), SQL
 * statements, password hashes and JWTs.
 */
const LEAKY_TEXT =
  /failing row contains|\bkey \(.*\)=\(|\n - (?:detail|hint): |\binsert into\b|\bdelete from\b|\bupdate\s+\S+\s+set\b|\bselect\b.*\bfrom\b|\$argon2|eyJ[\w-]+\.eyJ/i;
const WITHHELD = '[withheld: it quotes a statement, a row or a secret]';
const FRAME = /^\s+at /;

const MAX_CAUSES = 5;
const MAX_AGGREGATED = 10;
const MAX_FRAMES = 50;
const MAX_TEXT = 1000;
const MAX_NAME = 100;

const produced = new WeakSet<object>();
const cache = new WeakMap<object, SerializedError>();

/** A line of text fit for a log: cut to a sane length, or withheld whole when it quotes data. */
export function safeLogText(text: string): string {
  const cut = text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}...` : text;
  return LEAKY_TEXT.test(cut) ? WITHHELD : cut;
}

/**
 * The one serializer of every logged error (`err` of every line, errors nested anywhere in a line, the
 * causes of both). It keeps the class, the code (a SQLSTATE for database errors), the schema objects named,
 * and the stack frames under a header rebuilt from the safe message; it never copies other fields.
 *
 * Messages: a driver's message quotes the data it was handling (MikroORM appends PostgreSQL's `detail`, the
 * failing row, to it; other drivers quote the statement with its parameters), so a driver error's message
 * is rebuilt from its code and the schema objects. Any other error keeps its own message, written by our
 * code or a library for people; one that quotes a statement, a row, a hash or a token anyway (an error that
 * wraps a driver's message in its own) is withheld whole.
 */
export function serializeError(value: unknown): SerializedError {
  const error = unwrapStdSerialized(value);
  if (typeof error !== 'object' || error === null) return serialize(error, 0, new Set());
  if (produced.has(error)) return error as SerializedError;
  let result = cache.get(error);
  if (!result) {
    result = serialize(error, 0, new Set());
    cache.set(error, result);
  }
  return result;
}

/** pino-http runs pino's own error serializer first and hands ours its output: the original is its `raw`. */
function unwrapStdSerialized(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Object.hasOwn(value, 'raw')) return value;
  const raw = (value as { raw?: unknown }).raw;
  return typeof raw === 'object' && raw !== null ? raw : value;
}

function serialize(value: unknown, depth: number, seen: Set<object>): SerializedError {
  if (typeof value !== 'object' || value === null) {
    return { type: typeof value, message: safeLogText(String(value)) };
  }
  seen.add(value);
  const fields = value as Record<string, unknown>;
  const type = typeOf(value);
  const code = codeOf(fields.code ?? fields.sqlState);
  const driver = DRIVER_FIELDS.some((field) => Object.hasOwn(value, field));
  const identifiers: Partial<Record<(typeof IDENTIFIER_FIELDS)[number], string>> = {};
  if (driver) {
    for (const field of IDENTIFIER_FIELDS) {
      const name = fields[field];
      if (typeof name === 'string' && name.length <= MAX_NAME) identifiers[field] = name;
    }
  }
  const message = driver
    ? driverMessage(code, identifiers)
    : typeof fields.message === 'string'
      ? safeLogText(fields.message)
      : '';

  const result: SerializedError = { type, message };
  if (code !== undefined) result.code = code;
  Object.assign(result, identifiers);
  if (typeof fields.stack === 'string') result.stack = rebuildStack(type, message, fields.stack);

  const cause = fields.cause;
  if (cause !== undefined && !(typeof cause === 'object' && cause !== null && seen.has(cause))) {
    if (depth < MAX_CAUSES) result.cause = serialize(cause, depth + 1, seen);
  }
  if (value instanceof Error && Array.isArray(fields.errors) && depth < MAX_CAUSES) {
    result.errors = (fields.errors as unknown[])
      .slice(0, MAX_AGGREGATED)
      .filter((inner) => !(typeof inner === 'object' && inner !== null && seen.has(inner)))
      .map((inner) => serialize(inner, depth + 1, seen));
  }
  produced.add(result);
  return result;
}

function typeOf(value: object): string {
  const constructorName = (value.constructor as { name?: unknown } | undefined)?.name;
  const name = (value as { name?: unknown }).name;
  const type =
    typeof constructorName === 'string' && constructorName !== '' && constructorName !== 'Object'
      ? constructorName
      : typeof name === 'string' && name !== ''
        ? name
        : 'Object';
  return safeLogText(type.slice(0, MAX_NAME));
}

function codeOf(code: unknown): string | number | undefined {
  if (typeof code === 'number') return code;
  return typeof code === 'string' && code.length <= 64 ? safeLogText(code) : undefined;
}

function driverMessage(code: string | number | undefined, identifiers: Record<string, string>): string {
  const names = Object.entries(identifiers).map(([field, name]) => `${field} ${name}`);
  const subject = code === undefined ? 'database error' : `database error ${code}`;
  return `${subject}${names.length ? ` (${names.join(', ')})` : ''}; driver message withheld`;
}

/** The stack's first lines repeat the message as it was: keep only the frames, under the safe message. */
function rebuildStack(type: string, message: string, stack: string): string {
  const frames = stack
    .split('\n')
    .filter((line) => FRAME.test(line) && !LEAKY_TEXT.test(line))
    .slice(0, MAX_FRAMES);
  return [`${type}: ${message}`, ...frames].join('\n');
}
