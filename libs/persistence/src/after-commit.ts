import { Inject, Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import type { EntityManager, EventSubscriber, TransactionEventArgs } from '@mikro-orm/core';

/**
 * Work to run once a change is committed, and never if it is rolled back: announcing it on NATS. A request with an
 * Idempotency-Key runs inside the transaction that records its answer (see IdempotentRequests), which commits
 * after the handler returns; so a handler cannot publish "when its own transaction is done" and be sure the change
 * is there. This waits for the outermost transaction, whichever manager of it it is given (a nested
 * transaction's `tx` included): at once when there is none. Work queued in a savepoint rolled back is dropped.
 */
@Injectable()
export class AfterCommit {
  private readonly pending = new WeakMap<object, (() => void)[]>();
  /** The transaction each savepoint was made in. */
  private readonly parents = new WeakMap<object, object>();
  /** The transaction a nested one is starting in, by the manager starting it (between its start events). */
  private readonly startingIn = new WeakMap<object, object>();

  constructor(@Inject(MikroORM) orm: MikroORM) {
    const subscriber: EventSubscriber = {
      beforeTransactionStart: ({ em, transaction }: TransactionEventArgs) => {
        if (isObject(transaction)) this.startingIn.set(em, transaction);
      },
      afterTransactionStart: ({ em, transaction }: TransactionEventArgs) => {
        const parent = this.startingIn.get(em);
        this.startingIn.delete(em);
        if (parent && isObject(transaction)) this.parents.set(transaction, parent);
      },
      afterTransactionCommit: ({ transaction }: TransactionEventArgs) => this.settle(transaction, true),
      afterTransactionRollback: ({ transaction }: TransactionEventArgs) => this.settle(transaction, false),
    };
    // Transactions copy the subscribers of the manager they start from: every fork of the ORM's has this one.
    orm.em.getEventManager().registerSubscriber(subscriber);
  }

  /** Runs `work` when the outermost transaction `em` is in commits, or now when it is in none. */
  run(em: EntityManager, work: () => void): void {
    const transaction: unknown = em.getTransactionContext();
    if (!isObject(transaction)) {
      work();
      return;
    }
    this.queue(transaction, [work]);
  }

  private queue(transaction: object, work: (() => void)[]): void {
    const queued = this.pending.get(transaction);
    if (queued) queued.push(...work);
    else this.pending.set(transaction, [...work]);
  }

  private settle(transaction: unknown, committed: boolean): void {
    if (!isObject(transaction)) return;
    const queued = this.pending.get(transaction);
    this.pending.delete(transaction);
    const parent = this.parents.get(transaction);
    if (!queued || !committed) return;
    // A savepoint released hands its work to the transaction around it.
    if (parent) this.queue(parent, queued);
    else for (const work of queued) work();
  }
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}
