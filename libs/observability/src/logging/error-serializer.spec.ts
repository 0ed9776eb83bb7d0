import { Writable } from 'node:stream';
import {
  DriverException,
  PostgreSqlPlatform,
  UniqueConstraintViolationException,
} from '@mikro-orm/postgresql';
import pg from 'pg';
import { pino } from 'pino';
import { pinoHttp } from 'pino-http';
import { serializeError } from './error-serializer.js';
import { safeLogOptions } from './log-safety.js';

const EMAIL = 'gm@example.com';
const HASH = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g';
const ROW = `Failing row contains (7, ${EMAIL}, ${HASH}, Boom, Master).`;

/** What pg's protocol parser builds from PostgreSQL's error response. */
function pgError(code: string, message: string, fields: Record<string, string>): pg.DatabaseError {
  const error = new pg.DatabaseError(message, 200, 'error');
  return Object.assign(error, { severity: 'ERROR', code, routine: 'ExecConstraints', ...fields });
}

/** The exception MikroORM's PostgreSQL driver throws for it (the converter appends `detail` to the message). */
function driverException(error: pg.DatabaseError): DriverException {
  return new PostgreSqlPlatform().getExceptionConverter().convertException(error);
}

const checkViolation = () =>
  driverException(
    pgError('23514', 'new row for relation "users" violates check constraint "users_first_name_boom"', {
      detail: ROW,
      schema: 'public',
      table: 'users',
      constraint: 'users_first_name_boom',
    }),
  );

function leaks(text: string): string[] {
  return [EMAIL, HASH, '$argon2', 'Failing row', 'Boom', 'insert into', 'secret-param', 'Key ('].filter(
    (secret) => text.includes(secret),
  );
}

function capture(): { sink: Writable; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const lines = () =>
    chunks
      .join('')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { sink, lines };
}

describe('serializeError', () => {
  it('keeps the class, SQLSTATE, schema objects and frames of a driver error, and none of its data', () => {
    const exception = checkViolation();
    expect(exception.message).toContain('Failing row'); // what would have been logged

    const serialized = serializeError(exception);

    expect(serialized).toMatchObject({
      type: 'CheckConstraintViolationException',
      code: '23514',
      schema: 'public',
      table: 'users',
      constraint: 'users_first_name_boom',
    });
    expect(serialized.message).toContain('23514');
    expect(serialized.stack).toMatch(/^CheckConstraintViolationException: database error 23514/);
    expect(serialized.stack).toMatch(/\n\s+at /);
    expect(Object.keys(serialized)).not.toEqual(
      expect.arrayContaining(['detail', 'where', 'query', 'sql', 'params', 'parameters', 'values', 'hint']),
    );
    expect(leaks(JSON.stringify(serialized))).toEqual([]);
  });

  it('drops statements and parameters a driver puts on its errors or in their messages', () => {
    const raw = Object.assign(
      new Error(`insert into "users" ("email") values ('${EMAIL}') - duplicate key value violates unique`),
      {
        code: '23505',
        constraint: 'users_email_unique',
        detail: `Key (email)=(${EMAIL}) already exists.`,
        query: `insert into "users" ("email", "password_hash") values ($1, $2)`,
        sql: `insert into "users" ("email") values ('${EMAIL}')`,
        params: [EMAIL, HASH],
        parameters: ['secret-param'],
        values: ['secret-param'],
        where: 'SQL statement "insert into users ..."',
      },
    );
    const serialized = serializeError(new UniqueConstraintViolationException(raw));

    expect(serialized).toMatchObject({
      type: 'UniqueConstraintViolationException',
      code: '23505',
      constraint: 'users_email_unique',
    });
    expect(leaks(JSON.stringify(serialized))).toEqual([]);
  });

  it('walks the cause chain with the same rules, through cycles, and bounded', () => {
    const wrapper = new Error('Could not register the account', { cause: checkViolation() });
    const echo = new Error(`Registration failed: ${checkViolation().message}`, { cause: wrapper });
    (wrapper as { cause?: unknown }).cause = Object.assign(checkViolation(), { cause: echo });

    const serialized = serializeError(echo);

    expect(serialized.type).toBe('Error');
    expect(serialized.message).toMatch(/withheld/); // a plain error that quotes a driver's message
    expect(serialized.cause?.message).toBe('Could not register the account');
    expect(serialized.cause?.cause).toMatchObject({
      type: 'CheckConstraintViolationException',
      code: '23514',
    });
    expect(serialized.cause?.cause?.cause).toBeUndefined(); // back to `echo`: the cycle is cut
    expect(leaks(JSON.stringify(serialized))).toEqual([]);

    let deep: Error = new Error('bottom');
    for (let level = 0; level < 20; level += 1) deep = new Error(`level ${level}`, { cause: deep });
    let depth = 0;
    for (let link = serializeError(deep).cause; link; link = link.cause) depth += 1;
    expect(depth).toBe(5);
  });

  it('keeps only name, safe message and stack of unknown shapes', () => {
    const payload = {
      statusCode: 500,
      code: 'internal_error',
      message: 'Internal server error',
      token: 'abc',
    };
    expect(serializeError(payload)).toEqual({
      type: 'Object',
      code: 'internal_error',
      message: 'Internal server error',
    });
    expect(serializeError({ name: 'Weird', message: 'it broke', password: 'hunter22', stack: 'x' })).toEqual({
      type: 'Weird',
      message: 'it broke',
      stack: 'Weird: it broke',
    });
    expect(serializeError({ message: 'no good', detail: ROW })).toEqual({
      type: 'Object',
      message: 'database error; driver message withheld',
    });
    expect(serializeError('thrown string')).toEqual({ type: 'string', message: 'thrown string' });
  });

  it('is what every logger writes, as `err`, nested, as the message, and behind pino-http', () => {
    const { sink, lines } = capture();
    const logger = pino({ ...safeLogOptions() }, sink);
    const http = pinoHttp({ ...safeLogOptions() }, sink).logger;

    logger.error({ err: checkViolation(), req_id: 'r-1' }, 'NATS handler failed');
    logger.error(checkViolation());
    logger.error({ err: checkViolation() });
    logger.warn({ outcome: { attempts: [{ error: checkViolation() }] } }, 'retrying');
    http.error({ err: checkViolation() }, 'request errored');
    logger.info(`debug: ${checkViolation().message}`);

    const written = lines();
    expect(written).toHaveLength(6);
    expect(written[0]).toMatchObject({
      msg: 'NATS handler failed',
      req_id: 'r-1',
      err: { type: 'CheckConstraintViolationException', code: '23514', constraint: 'users_first_name_boom' },
    });
    expect(written[1]?.msg).toMatch(/^database error 23514/);
    expect(written[2]?.msg).toMatch(/^database error 23514/);
    expect(written[3]).toMatchObject({
      outcome: { attempts: [{ error: { type: 'CheckConstraintViolationException', code: '23514' } }] },
    });
    expect(written[4]).toMatchObject({ err: { type: 'CheckConstraintViolationException', code: '23514' } });
    expect(written[5]?.msg).toMatch(/withheld/);
    expect(leaks(JSON.stringify(written))).toEqual([]);
  });
});
