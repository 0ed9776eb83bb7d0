import {
  chunkSize,
  LimitBudget,
  type BudgetStore,
  type LimitSpec,
  type Reservation,
} from './limit-budget.js';

class FakeClock {
  ms = 1_000;
  readonly now = () => this.ms;
}

/** Reserves as the Redis script does: exact, a window starting with its key's first reservation. */
class ExactStore implements BudgetStore {
  calls = 0;
  /** Time a reservation takes on the clock, as a round trip would. */
  latencyMs = 0;
  failing = false;
  private readonly windows = new Map<string, { counted: number; endsAt: number }>();

  constructor(private readonly clock: FakeClock) {}

  async reserve(spec: LimitSpec, key: string, amount: number): Promise<Reservation> {
    this.calls += 1;
    await new Promise((resolve) => setImmediate(resolve));
    if (this.failing) throw new Error('Redis is unreachable');
    const now = this.clock.ms;
    this.clock.ms += this.latencyMs;
    let window = this.windows.get(`${spec.name}:${key}`);
    if (window === undefined || window.endsAt <= now) {
      window = { counted: 0, endsAt: now + spec.windowMs };
      this.windows.set(`${spec.name}:${key}`, window);
    }
    const granted = Math.max(0, Math.min(amount, spec.limit - window.counted));
    window.counted += granted;
    return { granted, unreserved: spec.limit - window.counted, windowLeftMs: window.endsAt - now };
  }
}

const spec = (limit: number): LimitSpec => ({ name: 'api', limit, windowMs: 60_000 });

let clock: FakeClock;
let store: ExactStore;

beforeEach(() => {
  clock = new FakeClock();
  store = new ExactStore(clock);
});

/** Admits `count` requests of `key` one after the other; the waits (0: admitted). */
async function admitInTurn(budget: LimitBudget, key: string, count: number): Promise<number[]> {
  const waits: number[] = [];
  for (let index = 0; index < count; index += 1) waits.push(await budget.admit(key));
  return waits;
}

describe('chunkSize', () => {
  it('is about a twentieth of the limit, at least 1', () => {
    expect([1, 3, 10, 20, 39, 40, 200, 600].map(chunkSize)).toEqual([1, 1, 1, 1, 1, 2, 10, 30]);
  });
});

describe('LimitBudget', () => {
  it('reserves a chunk, then spends it without asking the store, synchronously', async () => {
    const budget = new LimitBudget(spec(200), store, clock.now);
    expect(await budget.admit('ip:a')).toBe(0);
    expect(store.calls).toBe(1);
    for (let index = 0; index < 9; index += 1) expect(budget.admit('ip:a')).toBe(0);
    expect(store.calls).toBe(1);

    expect(budget.admit('ip:a')).toBeInstanceOf(Promise);
    expect(store.calls).toBe(2);
  });

  it('admits exactly the limit on one replica, then refuses until the window ends without asking again', async () => {
    const budget = new LimitBudget(spec(200), store, clock.now);
    const waits = await admitInTurn(budget, 'ip:a', 205);
    expect(waits.filter((wait) => wait === 0)).toHaveLength(200);
    expect(waits.slice(200)).toEqual([60_000, 60_000, 60_000, 60_000, 60_000]);
    const calls = store.calls;

    clock.ms += 59_000;
    expect(budget.admit('ip:a')).toBe(1_000);
    expect(store.calls).toBe(calls);
  });

  it('starts afresh when the window ends, dropping what was left of the old one', async () => {
    const budget = new LimitBudget(spec(200), store, clock.now);
    await admitInTurn(budget, 'ip:a', 195);
    clock.ms += 60_000;
    const next = await admitInTurn(budget, 'ip:a', 201);
    expect(next.filter((wait) => wait === 0)).toHaveLength(200);
    expect(next[200]).toBe(60_000);
  });

  it('lets the local window end no later than the store’s, however long the reservation took', async () => {
    store.latencyMs = 50;
    const budget = new LimitBudget(spec(200), store, clock.now);
    expect(await budget.admit('ip:a')).toBe(0);
    clock.ms = 1_000 + 60_000 - 1;
    expect(budget.admit('ip:a')).toBe(0);
    clock.ms += 1;
    // Unspent budget of a window that may have ended in Redis is never used.
    expect(budget.admit('ip:a')).toBeInstanceOf(Promise);
  });

  it('shares one reservation between the requests of a key that wait for it', async () => {
    const budget = new LimitBudget(spec(200), store, clock.now);
    const waits = await Promise.all(Array.from({ length: 10 }, async () => budget.admit('ip:a')));
    expect(waits).toEqual(Array.from({ length: 10 }, () => 0));
    expect(store.calls).toBe(1);
  });

  it('reserves again for the waiting requests a reservation was too small for, and refuses the rest', async () => {
    const budget = new LimitBudget(spec(3), store, clock.now);
    const waits = await Promise.all(Array.from({ length: 5 }, async () => budget.admit('ip:a')));
    expect(waits).toEqual([0, 0, 0, 60_000, 60_000]);
    expect(store.calls).toBe(3);
  });

  it('keeps keys apart', async () => {
    const budget = new LimitBudget(spec(3), store, clock.now);
    await admitInTurn(budget, 'ip:a', 4);
    expect(await budget.admit('ip:b')).toBe(0);
  });

  it('never admits more than the limit across replicas, however requests interleave', async () => {
    for (const limit of [3, 10, 45, 200, 1_000]) {
      store = new ExactStore(clock);
      const replicas = [0, 1, 2].map(() => new LimitBudget(spec(limit), store, clock.now));
      const waits: number[] = [];
      // Waves of concurrent requests spread unevenly over the replicas, more than the limit in all.
      for (let wave = 0; waits.length < limit * 2; wave += 1) {
        const requests = Array.from({ length: 1 + (wave % 7) * 5 }, async (_, index) =>
          replicas[(index * 7 + wave) % 3].admit('ip:a'),
        );
        waits.push(...(await Promise.all(requests)));
      }
      const admitted = waits.filter((wait) => wait === 0).length;
      expect(admitted).toBeLessThanOrEqual(limit);
      expect(admitted).toBeGreaterThanOrEqual(limit - 3 * (chunkSize(limit) - 1));
    }
  });

  it('fails every request waiting on a reservation the store could not make, and tries again after', async () => {
    const budget = new LimitBudget(spec(200), store, clock.now);
    store.failing = true;
    const outcomes = await Promise.allSettled([budget.admit('ip:a'), budget.admit('ip:a')]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
    expect(store.calls).toBe(1);

    store.failing = false;
    expect(await budget.admit('ip:a')).toBe(0);
  });

  it('spends what it holds while the store is unreachable', async () => {
    const budget = new LimitBudget(spec(200), store, clock.now);
    await budget.admit('ip:a');
    store.failing = true;
    expect(await admitInTurn(budget, 'ip:a', 9)).toEqual(Array.from({ length: 9 }, () => 0));
    await expect(budget.admit('ip:a')).rejects.toThrow('Redis is unreachable');
  });

  it('keeps at most maxKeys keys, dropping ended windows first', async () => {
    const budget = new LimitBudget(spec(200), store, clock.now, 100);
    for (let index = 0; index < 80; index += 1) await budget.admit(`ip:old-${index}`);
    clock.ms += 60_000;
    for (let index = 0; index < 30; index += 1) await budget.admit(`ip:new-${index}`);
    // Ended windows went at the first sweep after the window: nothing of the old ones is held.
    expect(budget.trackedKeys).toBe(30);

    for (let index = 0; index < 1_000; index += 1) await budget.admit(`ip:flood-${index}`);
    expect(budget.trackedKeys).toBeLessThanOrEqual(100);
    // A key that was dropped reserves again, from the same window in the store: nothing over the limit.
    const waits = await admitInTurn(budget, 'ip:new-0', 200);
    expect(waits.filter((wait) => wait === 0).length).toBeLessThanOrEqual(199);
  });
});
