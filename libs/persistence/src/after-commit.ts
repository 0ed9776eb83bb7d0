import { Inject, Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import type { EntityManager, EventSubscriber, TransactionEventArgs } from '@mikro-orm/core';

/**
 * Work to run once a change is committed, and never if it is rolled back: announcing it on NATS. A request with an
 * Idempotency-Key runs inside the transaction that records its answer (see IdempotentRequests), which commits
 * after the handler returns; so a handler cannot publish "when its own transaction is done" and be sure the change
 * is there. This waits for the outermost transaction the unit of work is in: at once when there is none.
 */
@Injectable()
export class AfterCommit {
  private readonly pending = new WeakMap<object, (() => void)[]>();

  constructor(@Inject(MikroORM) orm: MikroORM) {
    const subscriber: EventSubscriber = {
      // Savepoints are released and rolled back with events of their own context, which has no work here.
      afterTransactionCommit: ({ transaction }: TransactionEventArgs) => this.settle(transaction, true),
      afterTransactionRollback: ({ transaction }: TransactionEventArgs) => this.settle(transaction, false),
    };
    // Transactions copy the subscribers of the manager they start from: every fork of the ORM's has this one.
    orm.em.getEventManager().registerSubscriber(subscriber);
  }

  /** Runs `work` when the transaction `em` is in commits, or now when it is in none. */
  run(em: EntityManager, work: () => void): void {
    const transaction: unknown = em.getTransactionContext();
    if (typeof transaction !== 'object' || transaction === null) {
      work();
      return;
    }
    const queued = this.pending.get(transaction);
    if (queued) queued.push(work);
    else this.pending.set(transaction, [work]);
  }

  private settle(transaction: unknown, committed: boolean): void {
    if (typeof transaction !== 'object' || transaction === null) return;
    const queued = this.pending.get(transaction);
    if (!queued) return;
    this.pending.delete(transaction);
    if (committed) for (const work of queued) work();
  }
}
