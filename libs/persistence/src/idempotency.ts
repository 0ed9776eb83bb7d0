import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { defineEntity, p } from '@mikro-orm/core';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { ErrorCode, ServiceError, type ErrorDetails } from '@shotcaller/contracts';

/**
 * The EntityManager a request works with. Inside an idempotent request it joins the transaction that also records
 * the Idempotency-Key, so the write and the record of its response commit together or not at all; anywhere else
 * it is a plain fork.
 */
export function unitOfWork(orm: MikroORM): EntityManager {
  return orm.em.fork({ keepTransactionContext: true });
}

/** How long a key is remembered: a retry after that runs the request again. */
export const IDEMPOTENCY_KEY_HOURS = 24;
/** How long a retry waits for the first attempt's lock before answering 409 (the first is still running). */
const STILL_RUNNING_AFTER_MS = 200;
const LOCK_NOT_AVAILABLE = '55P03';

/** The table every service that takes Idempotency-Keys creates in a migration of its own. */
export const IDEMPOTENCY_KEYS_TABLE_SQL = `
  create table idempotency_keys (
    scope varchar(64) not null,
    subject varchar(200) not null,
    key varchar(255) not null,
    request_hash varchar(64) not null,
    response jsonb null,
    created_at timestamptz not null default now(),
    primary key (scope, subject, key)
  )`;

/** The same table for the ORM (its schema diff must match the migration); rows are only read and written in SQL. */
export const IdempotencyKeySchema = defineEntity({
  name: 'IdempotencyKey',
  tableName: 'idempotency_keys',
  properties: {
    scope: p.string().length(64).primary(),
    subject: p.string().length(200).primary(),
    key: p.string().length(255).primary(),
    requestHash: p.string().length(64),
    response: p.json().nullable(),
    createdAt: p.datetime().defaultRaw('now()'),
  },
});

export interface IdempotentCall {
  /** Whose key it is: the actor's id (keys of different callers never meet), or `public`. */
  scope: string;
  subject: string;
  key: string;
  payload: unknown;
}

/** A stable hash of a request payload (keys sorted), to tell a retry from a different request under the same key. */
export function requestHash(subject: string, payload: unknown): string {
  const canonical = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(canonical)
      : typeof value === 'object' && value !== null
        ? Object.fromEntries(
            Object.keys(value)
              .sort()
              .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
          )
        : value;
  return createHash('sha256')
    .update(JSON.stringify([subject, canonical(payload)]))
    .digest('hex');
}

function conflict(message: string, details?: ErrorDetails): ServiceError {
  return new ServiceError(ErrorCode.Conflict, message, details);
}

/**
 * Requests made safe to retry with an Idempotency-Key, as Stripe and the IETF draft describe: the first request with
 * a key runs, and its response is recorded in the same transaction as its writes; a retry with the same key and the
 * same request gets that response without running again; the same key with another request is 422; a retry while
 * the first is still running is 409. A request that fails records nothing, so its retry runs again.
 */
@Injectable()
export class IdempotentRequests {
  constructor(@Inject(MikroORM) private readonly orm: MikroORM) {}

  run<T>(call: IdempotentCall, work: () => Promise<T>): Promise<T> {
    const hash = requestHash(call.subject, call.payload);
    return this.orm.em.fork().transactional(async (tx) => {
      await tx.execute(`set local lock_timeout = '${STILL_RUNNING_AFTER_MS}ms'`);
      let claimed: unknown[];
      try {
        // A key older than the retention window is claimed afresh, as if it had never been used.
        claimed = await tx.execute(
          `insert into idempotency_keys (scope, subject, key, request_hash) values (?, ?, ?, ?)
           on conflict (scope, subject, key) do update
             set request_hash = excluded.request_hash, response = null, created_at = now()
             where idempotency_keys.created_at < now() - interval '${IDEMPOTENCY_KEY_HOURS} hours'
           returning 1`,
          [call.scope, call.subject, call.key, hash],
        );
      } catch (error) {
        if ((error as { code?: string }).code === LOCK_NOT_AVAILABLE || isLockTimeout(error)) {
          throw conflict('A request with this Idempotency-Key is still being processed; retry later');
        }
        throw error;
      }
      await tx.execute('set local lock_timeout = 0');
      if (claimed.length === 0) return this.replay<T>(tx, call, hash);
      const response = await work();
      await tx.execute(
        'update idempotency_keys set response = ? where scope = ? and subject = ? and key = ?',
        [JSON.stringify(this.toStored(call.subject, response) ?? null), call.scope, call.subject, call.key],
      );
      return response;
    });
  }

  private async replay<T>(tx: EntityManager, call: IdempotentCall, hash: string): Promise<T> {
    const [row] = await tx.execute<{ request_hash: string; response: T | null }[]>(
      'select request_hash, response from idempotency_keys where scope = ? and subject = ? and key = ?',
      [call.scope, call.subject, call.key],
    );
    if (!row) throw conflict('A request with this Idempotency-Key is still being processed; retry later');
    if (row.request_hash !== hash) {
      throw ServiceError.validation(
        { idempotency_key: ['was used for a different request'] },
        'This Idempotency-Key was used for a different request',
      );
    }
    return (await this.fromStored(call.subject, row.response, tx)) as T;
  }

  /** What is kept of an answer. A service whose answers carry secrets (tokens) keeps less, and rebuilds them. */
  protected toStored(_subject: string, response: unknown): unknown {
    return response;
  }

  /** The answer a retry gets, from what was kept. */
  protected fromStored(_subject: string, stored: unknown, _tx: EntityManager): unknown {
    return stored;
  }
}

function isLockTimeout(error: unknown): boolean {
  const cause = (error as { cause?: { code?: string } } | null)?.cause;
  return cause?.code === LOCK_NOT_AVAILABLE || /lock timeout/i.test(String((error as Error)?.message));
}
