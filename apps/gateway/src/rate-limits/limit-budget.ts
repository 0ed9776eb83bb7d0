/** A limit as the store counts it: `limit` requests per key per window of `windowMs`. */
export interface LimitSpec {
  name: string;
  limit: number;
  windowMs: number;
}

/** What one reservation got from the shared store. */
export interface Reservation {
  /** Requests this replica may admit; 0 when the window's budget is all reserved. */
  granted: number;
  /** What is left of the window's budget for every replica after this reservation. */
  unreserved: number;
  windowLeftMs: number;
}

/**
 * The budget every replica reserves from. Reservations must be exact (atomic in Redis): the sum granted for a
 * key's window never exceeds the limit. A window starts with its key's first reservation.
 */
export interface BudgetStore {
  reserve(spec: LimitSpec, key: string, amount: number): Promise<Reservation>;
}

/**
 * How much a replica reserves at a time: about a twentieth of the limit, at least 1. Budget a replica reserved
 * but did not spend before the window ended is lost, so each replica strands at most 5% of the limit (10%
 * with two); a limit under 40 is reserved one request at a time and is exact.
 */
export function chunkSize(limit: number): number {
  return Math.max(1, Math.floor(limit / 20));
}

/** Keys tracked per limit, at most, unless told otherwise: a flood of client addresses cannot grow it further. */
export const DEFAULT_MAX_KEYS = 50_000;

interface Budget {
  /** Requests this replica may still admit in the window. */
  remaining: number;
  /** On the local monotonic clock; the budget is void from then on. */
  windowEndsAt: number;
  /** The store had nothing left for this window: refuse until it ends, without asking again. */
  storeExhausted: boolean;
  /** The reservation in flight, shared by every request of this key that waits for budget. */
  reservation: Promise<void> | undefined;
}

/**
 * One limit on one replica: spends budget reserved from the store without I/O, and reserves another chunk when
 * it runs out.
 */
export class LimitBudget {
  readonly chunk: number;
  private readonly budgets = new Map<string, Budget>();
  private nextSweepAt = 0;

  constructor(
    readonly spec: LimitSpec,
    private readonly store: BudgetStore,
    private readonly now: () => number = () => performance.now(),
    private readonly maxKeys = DEFAULT_MAX_KEYS,
  ) {
    this.chunk = chunkSize(spec.limit);
  }

  /** Keys with a budget held on this replica. */
  get trackedKeys(): number {
    return this.budgets.size;
  }

  /**
   * Counts one request of `key`: 0 if it is admitted, otherwise the milliseconds until the window ends. A
   * promise only when it has to reserve; rejects with the store's error if that fails.
   */
  admit(key: string): number | Promise<number> {
    const budget = this.budgets.get(key);
    if (budget !== undefined) {
      const verdict = this.spend(budget, this.now());
      if (verdict !== undefined) return verdict;
    }
    return this.admitAfterReserving(key);
  }

  /** Admits (0) or refuses (ms to wait) from the local budget; undefined when it has to reserve first. */
  private spend(budget: Budget, now: number): number | undefined {
    if (now >= budget.windowEndsAt) return undefined;
    if (budget.remaining > 0) {
      budget.remaining -= 1;
      return 0;
    }
    return budget.storeExhausted ? budget.windowEndsAt - now : undefined;
  }

  private async admitAfterReserving(key: string): Promise<number> {
    for (;;) {
      const budget = this.budgetOf(key);
      budget.reservation ??= this.reserve(key, budget);
      await budget.reservation;
      const verdict = this.spend(budget, this.now());
      if (verdict !== undefined) return verdict;
      // The requests that shared the reservation took all of it, or the window ended meanwhile.
    }
  }

  private async reserve(key: string, budget: Budget): Promise<void> {
    const requestedAt = this.now();
    try {
      const reservation = await this.store.reserve(this.spec, key, this.chunk);
      budget.remaining = reservation.granted;
      budget.storeExhausted = reservation.granted === 0 || reservation.unreserved <= 0;
      // Timed from before the call, so the local window never outlasts the store's.
      budget.windowEndsAt = requestedAt + Math.max(1, reservation.windowLeftMs);
    } finally {
      budget.reservation = undefined;
    }
  }

  private budgetOf(key: string): Budget {
    let budget = this.budgets.get(key);
    if (budget === undefined) {
      this.makeRoom();
      budget = { remaining: 0, windowEndsAt: 0, storeExhausted: false, reservation: undefined };
      this.budgets.set(key, budget);
    }
    return budget;
  }

  /**
   * Once a window, or when full, drops the budgets whose window has ended. Still full of live ones, it drops
   * the oldest tenth (their unspent budget is lost, which only ever admits fewer), so the next sweep is far.
   */
  private makeRoom(): void {
    const now = this.now();
    if (this.budgets.size < this.maxKeys && now < this.nextSweepAt) return;
    this.nextSweepAt = now + this.spec.windowMs;
    for (const [key, budget] of this.budgets) {
      if (budget.windowEndsAt <= now && budget.reservation === undefined) this.budgets.delete(key);
    }
    if (this.budgets.size < this.maxKeys) return;
    let excess = this.budgets.size - Math.floor(this.maxKeys * 0.9);
    for (const key of this.budgets.keys()) {
      if (excess <= 0) break;
      this.budgets.delete(key);
      excess -= 1;
    }
  }
}
