import type { DestinationStream, LogFn, Logger, LoggerOptions } from 'pino';
import { safeLogText, serializeError } from './error-serializer.js';
import { REDACTED, redactLogRecord } from './redact.js';

/** Where a service writes its log lines: stdout unless a test captures them. */
export type LogDestination = DestinationStream;

/**
 * Headers of pino-http's `req` and `res`, which their serializers produce after the deep redaction ran:
 * blanked by path. Everything else is redacted by key at any depth (see redact.ts). ETags are digests of what
 * was answered (a stored image's checksum, a record's JSON), so they stay out too.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-actor"]',
  'req.headers["x-actor-token"]',
  'req.headers["if-none-match"]',
  'res.headers.authorization',
  'res.headers["set-cookie"]',
  'res.headers.etag',
];

/**
 * pino makes an error's own message the line's `msg` when none is given: give it the safe one instead, and
 * withhold a `msg` that quotes a statement, a row or a secret.
 */
function safeMessage(this: Logger, args: Parameters<LogFn>, method: LogFn): void {
  const values = args as unknown[];
  const [first, second] = values;
  if (typeof first === 'string') {
    values[0] = safeLogText(first);
  } else if (typeof first === 'object' && first !== null) {
    if (typeof second === 'string') {
      values[1] = safeLogText(second);
    } else if (second === undefined) {
      const fields = first as { err?: unknown; msg?: unknown };
      const error = first instanceof Error ? first : fields.err;
      if (error !== undefined && fields.msg === undefined) values[1] = serializeError(error).message;
    }
  }
  method.apply(this, values as Parameters<LogFn>);
}

/**
 * What every logger of a service is built with, so no line carries a secret, a row or a statement. pino runs
 * no formatter on a child logger's bindings: ours are fixed fields (pino-http's serialized `req`, nestjs-pino's
 * `rpc` and `req_id`, the subject and the actor's id), and a message's payload is never bound.
 */
export function safeLogOptions() {
  return {
    redact: { paths: REDACTED_PATHS, censor: REDACTED },
    serializers: { err: serializeError },
    formatters: { log: redactLogRecord },
    hooks: { logMethod: safeMessage },
  } satisfies LoggerOptions;
}
