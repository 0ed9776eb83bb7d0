import type { MikroORM } from '@mikro-orm/postgresql';
import { AfterCommit, IdempotencyKeySchema, openDatabase, unitOfWork } from '@shotcaller/persistence';
import { TestEnvironment } from '@shotcaller/testing';

const env = new TestEnvironment('after-commit');
let orm: MikroORM;
let afterCommit: AfterCommit;

class Refused extends Error {}

beforeAll(async () => {
  orm = await openDatabase({
    databaseUrl: env.databaseUrl('after'),
    entities: [IdempotencyKeySchema],
    migrations: [],
  });
  afterCommit = new AfterCommit(orm);
});

afterAll(async () => {
  await orm?.close();
  await env.cleanup();
});

describe('AfterCommit', () => {
  it('runs at once outside a transaction', () => {
    const ran: string[] = [];
    afterCommit.run(unitOfWork(orm), () => ran.push('now'));
    expect(ran).toEqual(['now']);
  });

  it('waits for the commit, and drops the work of a rolled-back transaction', async () => {
    const ran: string[] = [];
    await unitOfWork(orm).transactional(async (tx) => {
      afterCommit.run(tx, () => ran.push('committed'));
      expect(ran).toEqual([]);
    });
    await expect(
      unitOfWork(orm).transactional(async (tx) => {
        afterCommit.run(tx, () => ran.push('rolled back'));
        throw new Refused();
      }),
    ).rejects.toBeInstanceOf(Refused);
    expect(ran).toEqual(['committed']);
  });

  it("waits for the outermost transaction when given a nested transaction's manager", async () => {
    const ran: string[] = [];
    await unitOfWork(orm).transactional(async (outer) => {
      await outer.transactional(async (inner) => {
        afterCommit.run(inner, () => ran.push('inner'));
      });
      // The savepoint is released: the work still waits for the transaction.
      expect(ran).toEqual([]);
      afterCommit.run(outer, () => ran.push('outer'));
    });
    expect(ran).toEqual(['inner', 'outer']);
  });

  it('drops the work of a nested transaction when the outer one rolls back', async () => {
    const ran: string[] = [];
    await expect(
      unitOfWork(orm).transactional(async (outer) => {
        await outer.transactional(async (inner) => {
          afterCommit.run(inner, () => ran.push('inner'));
        });
        throw new Refused();
      }),
    ).rejects.toBeInstanceOf(Refused);
    expect(ran).toEqual([]);
  });

  it('drops the work of a rolled-back savepoint and keeps that of the transaction around it', async () => {
    const ran: string[] = [];
    await unitOfWork(orm).transactional(async (outer) => {
      afterCommit.run(outer, () => ran.push('outer'));
      await expect(
        outer.transactional(async (inner) => {
          afterCommit.run(inner, () => ran.push('inner'));
          throw new Refused();
        }),
      ).rejects.toBeInstanceOf(Refused);
    });
    expect(ran).toEqual(['outer']);
  });
});
