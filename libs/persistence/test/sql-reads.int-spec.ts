import { Logger } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { sql } from 'kysely';
import pg from 'pg';
import type { MikroORM } from '@mikro-orm/postgresql';
import { isDependencyOutage } from '@shotcaller/messaging';
import {
  IdempotencyKeySchema,
  openDatabase,
  openReadPool,
  PersistenceModule,
  preparedRead,
  READ_POOL,
  readQueryBuilder,
  SqlReads,
  statementName,
} from '@shotcaller/persistence';
import { DEFAULT_PORTS, StatementCountingProxy, TcpProxy, TestEnvironment } from '@shotcaller/testing';

interface NotesSchema {
  notes: { id: number; body: string };
}

const env = new TestEnvironment('sql-reads');
const databaseUrl = env.databaseUrl('reads');
const notes = readQueryBuilder<NotesSchema>();
const notesRead = preparedRead((_: object, $: { from: number }) =>
  notes.selectFrom('notes').select(['id', 'body']).where('id', '>=', $.from).orderBy('id'),
);
let orm: MikroORM;
let db: pg.Client;
const pools: pg.Pool[] = [];

function readsOn(url: string, max = 1): [SqlReads, pg.Pool] {
  const pool = openReadPool(url, { min: 0, max });
  pools.push(pool);
  return [new SqlReads(pool), pool];
}

beforeAll(async () => {
  // The connections these tests end on purpose are logged as warnings.
  Logger.overrideLogger(['error']);
  orm = await openDatabase({ databaseUrl, entities: [IdempotencyKeySchema], migrations: [] });
  await orm.em.getConnection().execute('create table notes (id int primary key, body text not null)');
  db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
});

afterAll(async () => {
  await Promise.all(pools.filter((pool) => !pool.ended).map((pool) => pool.end()));
  await db?.end();
  await orm?.close();
  await env.cleanup();
});

beforeEach(async () => {
  await db.query('truncate notes');
});

describe('SqlReads', () => {
  it('runs a read as a named prepared statement, parsed once per connection', async () => {
    await db.query("insert into notes values (1, 'one'), (2, 'two')");
    const proxy = await StatementCountingProxy.start(databaseUrl, DEFAULT_PORTS.postgres);
    try {
      const [reads, pool] = readsOn(proxy.urlFor(databaseUrl));
      expect(await reads.rows(notesRead({}, { from: 1 }))).toEqual([
        { id: 1, body: 'one' },
        { id: 2, body: 'two' },
      ]);
      expect(await reads.first(notesRead({}, { from: 2 }))).toEqual({ id: 2, body: 'two' });
      expect([proxy.sent('P'), proxy.sent('E')]).toEqual([1, 2]);

      const prepared = await pool.query(
        'select name, parameter_types::text[] as types from pg_prepared_statements',
      );
      const { sql: text } = notesRead({}, { from: 1 }).compile();
      expect(prepared.rows).toEqual([{ name: statementName(text), types: ['integer'] }]);
    } finally {
      await proxy.close();
    }
  });

  it('reads inside a transaction on its connection, seeing its uncommitted writes', async () => {
    const [reads, pool] = readsOn(databaseUrl);
    const rolledBack = new Error('roll back');
    await expect(
      orm.em.fork().transactional(async (tx) => {
        await tx.execute("insert into notes values (7, 'draft')");
        // The transaction open in this async context is found without being passed.
        expect(await reads.rows(notesRead({}, { from: 0 }))).toEqual([{ id: 7, body: 'draft' }]);
        // Outside it (the read pool), nothing is written yet.
        expect((await pool.query('select count(*)::int as n from notes')).rows).toEqual([{ n: 0 }]);
        throw rolledBack;
      }),
    ).rejects.toBe(rolledBack);
    expect(await reads.rows(notesRead({}, { from: 0 }))).toEqual([]);
  });

  describe('while PostgreSQL is away', () => {
    it('fails with an error the RPC layer answers 503 for, and recovers', async () => {
      const proxy = await TcpProxy.start(databaseUrl, DEFAULT_PORTS.postgres);
      try {
        const [reads] = readsOn(proxy.urlFor(databaseUrl));
        await reads.rows(notesRead({}, { from: 0 }));
        await proxy.cut();
        const refused = await reads.rows(notesRead({}, { from: 0 })).catch((error: unknown) => error);
        expect(refused).toBeInstanceOf(Error);
        expect(isDependencyOutage(refused)).toBe(true);
        await proxy.open();
        expect(await reads.rows(notesRead({}, { from: 0 }))).toEqual([]);
      } finally {
        await proxy.close();
      }
    });

    it('fails likewise when the server ends the connection during a read', async () => {
      const [reads] = readsOn(databaseUrl);
      const sleeping = notes.selectNoFrom(sql<string>`pg_sleep(10)::text`.as('slept'));
      const read = reads.rows(sleeping).catch((error: unknown) => error);
      const backend = async () =>
        (
          await db.query<{ pid: number }>(
            `select pid from pg_stat_activity where query like '%pg_sleep(10)%' and pid <> pg_backend_pid()`,
          )
        ).rows[0]?.pid;
      let pid: number | undefined;
      while (!(pid = await backend())) await new Promise((resolve) => setTimeout(resolve, 20));
      await db.query('select pg_terminate_backend($1)', [pid]);
      const ended = await read;
      expect(ended).toMatchObject({ code: '57P01' });
      expect(isDependencyOutage(ended)).toBe(true);
    });
  });

  it('comes with the persistence module, next to the ORM, and its pool closes with the application', async () => {
    const module = await Test.createTestingModule({
      imports: [PersistenceModule.forRoot({ databaseUrl, entities: [IdempotencyKeySchema], migrations: [] })],
    }).compile();
    const app = await module.init();
    const pool = app.get<pg.Pool>(READ_POOL);
    expect(pool.options.max).toBe(10);
    expect(await app.get(SqlReads).rows(notesRead({}, { from: 0 }))).toEqual([]);
    await app.close();
    expect(pool.ended).toBe(true);
  });
});
