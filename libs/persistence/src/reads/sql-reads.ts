import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { TransactionContext } from '@mikro-orm/core';
import type { Compilable, CompiledQuery, QueryResult } from 'kysely';
import pg from 'pg';

/** The pg pool read queries run on as prepared statements (beside the ORM's pool, sized alike). */
export const READ_POOL = Symbol('READ_POOL');

const logger = new Logger('SqlReads');

export interface ReadPoolSettings {
  min: number;
  max: number;
}

export function openReadPool(databaseUrl: string, settings: ReadPoolSettings): pg.Pool {
  const pool = new pg.Pool({ connectionString: databaseUrl, ...settings });
  // A connection the server drops is reported as an 'error' event, fatal without a listener; the query in
  // flight (if any) fails by itself, and the pool discards the connection.
  pool.on('connect', (client) => {
    client.on('error', (error) => logger.warn(`PostgreSQL connection error: ${error.message}`));
  });
  pool.on('error', (error) => logger.warn(`PostgreSQL pool error: ${error.message}`));
  return pool;
}

@Injectable()
export class ReadPoolLifecycle implements OnApplicationShutdown {
  constructor(@Inject(READ_POOL) private readonly pool: pg.Pool) {}

  async onApplicationShutdown(): Promise<void> {
    if (!this.pool.ended) await this.pool.end();
  }
}

/** Kysely's side of MikroORM's transaction context: runs a compiled query on the transaction's connection. */
interface TransactionConnection {
  executeQuery<R>(query: CompiledQuery<R>): Promise<QueryResult<R>>;
}

const statementNames = new Map<string, string>();

/** The prepared statement's name: the same for the same SQL text, in every process. */
export function statementName(sqlText: string): string {
  let name = statementNames.get(sqlText);
  if (!name) {
    name = `read_${createHash('sha256').update(sqlText).digest('hex').slice(0, 40)}`;
    statementNames.set(sqlText, name);
  }
  return name;
}

/** Runs read queries (see read-queries.ts) and returns their rows as PostgreSQL sent them. */
@Injectable()
export class SqlReads {
  constructor(@Inject(READ_POOL) private readonly pool: pg.Pool) {}

  /**
   * The rows of a query. Inside a transaction of this async context (em.transactional, or a request inside the
   * idempotency transaction), on that transaction's connection, so the read sees its uncommitted writes;
   * otherwise as a named prepared statement on the read pool.
   */
  async rows<R>(query: Compilable<R>): Promise<R[]> {
    const compiled = query.compile();
    const em = TransactionContext.getEntityManager();
    if (em?.isInTransaction()) {
      const transaction = em.getTransactionContext<TransactionConnection>();
      if (transaction) return (await transaction.executeQuery(compiled)).rows;
    }
    const result = await this.pool.query<R & pg.QueryResultRow>({
      name: statementName(compiled.sql),
      text: compiled.sql,
      values: compiled.parameters as unknown[],
    });
    return result.rows;
  }

  /** The first row of a query, if any. */
  async first<R>(query: Compilable<R>): Promise<R | undefined> {
    return (await this.rows(query))[0];
  }
}
