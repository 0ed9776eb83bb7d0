import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import { Logger, type LoggerService } from '@nestjs/common';
import { ErrorCode, ServiceError, type RevocationsPage, type RevokedTokenDto } from '@shotcaller/contracts';
import { CLOCK_TOLERANCE_SECONDS } from './access-token.verifier.js';
import type { AuthenticatedUser } from './token-gate.js';
import {
  PRUNE_INTERVAL_MS,
  RELOAD_INTERVAL_MS,
  STALE_RETRY_MS,
  TokenRevocationList,
  type RevocationStore,
  type RevocationWatcher,
} from './token-revocation.js';

const HOUR = 3600;
const inAnHour = () => Math.floor(Date.now() / 1000) + HOUR;
const entry = (exp = inAnHour()): RevokedTokenDto => ({ jti: randomUUID(), exp });

/** The store of record as the gateway sees it: pages by token id, and announcements it can send. */
class FakeStore implements RevocationStore {
  rows: RevokedTokenDto[] = [];
  pageSize = 2;
  /** The `after` of every page asked for, in order. */
  asked: (string | undefined)[] = [];
  down = false;
  /** While set, answers wait for it (a slow store). */
  hold: Promise<void> | undefined;
  watcher: RevocationWatcher | undefined;
  watching = false;

  record(user: AuthenticatedUser): Promise<void> {
    if (this.down) return Promise.reject(new ServiceError(ErrorCode.ServiceUnavailable, 'No campaign'));
    this.rows.push({ jti: user.claims.jti, exp: user.claims.exp });
    return Promise.resolve();
  }

  /** Reads the rows at once; the answer arrives when `hold` lets it. */
  async page(after?: string): Promise<RevocationsPage> {
    this.asked.push(after);
    const down = this.down;
    const rest = [...this.rows]
      .sort((a, b) => a.jti.localeCompare(b.jti))
      .filter((row) => after === undefined || row.jti > after);
    await this.hold;
    if (down) throw new ServiceError(ErrorCode.ServiceUnavailable, 'No campaign');
    const revocations = rest.slice(0, this.pageSize);
    return {
      revocations,
      next: rest.length > this.pageSize ? revocations[revocations.length - 1].jti : null,
    };
  }

  watch(watcher: RevocationWatcher): Promise<() => void> {
    this.watcher = watcher;
    this.watching = true;
    return Promise.resolve(() => {
      this.watching = false;
    });
  }
}

class Logs implements LoggerService {
  readonly lines: { level: string; args: unknown[] }[] = [];
  log = (...args: unknown[]) => this.lines.push({ level: 'log', args });
  warn = (...args: unknown[]) => this.lines.push({ level: 'warn', args });
  error = (...args: unknown[]) => this.lines.push({ level: 'error', args });
  debug = () => undefined;
  verbose = () => undefined;
}

const userWith = (token: RevokedTokenDto) => ({ claims: { ...token } }) as unknown as AuthenticatedUser;
const settle = () => new Promise((resolve) => setImmediate(resolve));

let store: FakeStore;
let list: TokenRevocationList;
let logs: Logs;

beforeEach(() => {
  logs = new Logs();
  Logger.overrideLogger(logs);
  store = new FakeStore();
  list = new TokenRevocationList(store);
});

afterEach(() => {
  list.onModuleDestroy();
  Logger.overrideLogger(false);
  jest.useRealTimers();
});

describe('loading the view', () => {
  it('reads every page in token-id order, then answers from memory without asking again', async () => {
    const stored = [entry(), entry(), entry(), entry(), entry()];
    store.rows = [...stored];
    const other = randomUUID();

    await expect(list.isRevoked(stored[0].jti)).resolves.toBe(true);
    const sorted = stored.map((row) => row.jti).sort();
    expect(store.asked).toEqual([undefined, sorted[1], sorted[3]]);
    for (const { jti } of stored) expect(list.isRevoked(jti)).toBe(true);
    expect(list.isRevoked(other)).toBe(false);
    expect(store.asked).toHaveLength(3);
  });

  it('subscribes at boot before it loads, so nothing committed meanwhile is missed', async () => {
    const stored = entry();
    store.rows = [stored];
    await list.onApplicationBootstrap();
    expect(store.watching).toBe(true);
    await settle();
    expect(store.asked).toEqual([undefined]);
    expect(list.isRevoked(stored.jti)).toBe(true);
    list.onModuleDestroy();
    expect(store.watching).toBe(false);
  });

  it('shares one load among the checks that arrive while it runs', async () => {
    let release = () => undefined as void;
    store.hold = new Promise((resolve) => (release = resolve));
    const stored = entry();
    store.rows = [stored];
    const checks = [list.isRevoked(stored.jti), list.isRevoked(randomUUID()), list.isRevoked(stored.jti)];
    release();
    await expect(Promise.all(checks.map((check) => Promise.resolve(check)))).resolves.toEqual([
      true,
      false,
      true,
    ]);
    expect(store.asked).toEqual([undefined]);
  });

  it('answers 503 while the store cannot be read, and loads on the next check once it can', async () => {
    const stored = entry();
    store.rows = [stored];
    store.down = true;
    for (let attempt = 0; attempt < 2; attempt += 1) {
      await expect(list.isRevoked(stored.jti)).rejects.toMatchObject({
        code: ErrorCode.DependencyUnavailable,
        message: 'Sign-in state is unavailable; try again shortly',
      });
    }
    expect(store.asked).toHaveLength(2);

    store.down = false;
    await expect(list.isRevoked(stored.jti)).resolves.toBe(true);
    expect(list.isRevoked(stored.jti)).toBe(true);
  });
});

describe('keeping the view current', () => {
  beforeEach(async () => {
    await list.onApplicationBootstrap();
    await settle();
  });

  it('adds an announced sign-out at once', () => {
    const announced = entry();
    expect(list.isRevoked(announced.jti)).toBe(false);
    store.watcher!.revoked(announced);
    expect(list.isRevoked(announced.jti)).toBe(true);
  });

  it('ignores malformed announcements with a warning that does not repeat them', () => {
    const jti = randomUUID();
    const malformed: unknown[] = [
      undefined,
      null,
      'revoked',
      { jti },
      { jti: 'not-a-uuid', exp: inAnHour() },
      { jti, exp: '9999999999' },
      { jti, exp: 1.5 },
      { jti, exp: -1 },
      { jti, exp: Number.MAX_SAFE_INTEGER },
    ];
    for (const event of malformed) store.watcher!.revoked(event);
    expect(list.isRevoked(jti)).toBe(false);
    expect(list.size).toBe(0);
    const warnings = logs.lines.filter((line) => line.level === 'warn');
    expect(warnings).toHaveLength(malformed.length);
    for (const warning of warnings) {
      expect(warning.args[0]).toBe('Ignored a malformed session_revoked event');
      expect(JSON.stringify(warning.args)).not.toContain(jti);
    }
  });

  it('adds the sign-out this replica handled once the store has it, and none the store refused', async () => {
    const signedOut = entry();
    await list.revoke(userWith(signedOut));
    expect(store.rows).toEqual([signedOut]);
    expect(list.isRevoked(signedOut.jti)).toBe(true);

    store.down = true;
    const refused = entry();
    await expect(list.revoke(userWith(refused))).rejects.toMatchObject({
      code: ErrorCode.ServiceUnavailable,
    });
    expect(list.isRevoked(refused.jti)).toBe(false);
  });

  it('reloads after announcements may have been lost, keeping what it knows meanwhile', async () => {
    const known = entry();
    store.watcher!.revoked(known);
    const missed = entry();
    store.rows.push(missed);
    expect(list.isRevoked(missed.jti)).toBe(false);

    store.watcher!.resync();
    await settle();
    expect(list.isRevoked(missed.jti)).toBe(true);
    expect(list.isRevoked(known.jti)).toBe(true);
  });

  it('tells its listeners once a reload after lost announcements has caught up, and only then', async () => {
    const caughtUp: string[] = [];
    const stop = list.afterCatchingUp(() => caughtUp.push('caught up'));
    const missed = entry();
    store.rows.push(missed);
    store.down = true;
    store.watcher!.resync();
    await settle();
    // A failed reload has caught up with nothing.
    expect(caughtUp).toEqual([]);
    store.down = false;
    void list.isRevoked(missed.jti, Date.now() + STALE_RETRY_MS);
    await settle();
    expect(caughtUp).toEqual(['caught up']);
    expect(list.isRevoked(missed.jti)).toBe(true);
    stop();
    store.watcher!.resync();
    await settle();
    expect(caughtUp).toEqual(['caught up']);
  });

  it('loads again when a reconnect happens while a load is running', async () => {
    let release = () => undefined as void;
    store.hold = new Promise((resolve) => (release = resolve));
    store.watcher!.resync();
    // Committed during the first reload, after it read its page, and announced while disconnected.
    const missed = entry();
    store.rows.push(missed);
    store.watcher!.resync();
    store.hold = undefined;
    release();
    await settle();
    expect(store.asked).toEqual([undefined, undefined, undefined]);
    expect(list.isRevoked(missed.jti)).toBe(true);
  });

  it('keeps answering when a reload fails, and retries on a later check', async () => {
    const known = entry();
    store.watcher!.revoked(known);
    store.down = true;
    store.watcher!.resync();
    await settle();
    expect(list.isRevoked(known.jti)).toBe(true);
    const asked = store.asked.length;

    const missed = entry();
    store.rows.push(missed);
    store.down = false;
    // Not hammered: a retry waits STALE_RETRY_MS after a failure.
    expect(list.isRevoked(missed.jti)).toBe(false);
    expect(store.asked).toHaveLength(asked);
    expect(list.isRevoked(missed.jti, Date.now() + STALE_RETRY_MS)).toBe(false);
    await settle();
    expect(store.asked).toHaveLength(asked + 1);
    expect(list.isRevoked(missed.jti)).toBe(true);
  });
});

describe('entries of expired tokens', () => {
  it('are kept while the verifier could still accept the token, then pruned', async () => {
    await list.onApplicationBootstrap();
    await settle();
    const exp = Math.floor(Date.now() / 1000) + 60;
    const soon = { jti: randomUUID(), exp };
    const later = entry();
    store.watcher!.revoked(soon);
    store.watcher!.revoked(later);
    expect(list.size).toBe(2);

    list.prune((exp + CLOCK_TOLERANCE_SECONDS) * 1000 - 1);
    expect(list.isRevoked(soon.jti)).toBe(true);
    list.prune((exp + CLOCK_TOLERANCE_SECONDS) * 1000);
    expect(list.isRevoked(soon.jti)).toBe(false);
    expect(list.isRevoked(later.jti)).toBe(true);
    expect(list.size).toBe(1);
  });

  it('are pruned on a timer', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] });
    await list.onApplicationBootstrap();
    await settle();
    const soon = { jti: randomUUID(), exp: Math.floor(Date.now() / 1000) + 30 };
    store.watcher!.revoked(soon);
    store.watcher!.revoked(entry());

    jest.advanceTimersByTime(PRUNE_INTERVAL_MS);
    expect(list.size).toBe(1);
    expect(list.isRevoked(soon.jti)).toBe(false);
  });

  it('are reloaded on a timer, so a sign-out that was never announced is refused too', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] });
    await list.onApplicationBootstrap();
    await settle();
    const unannounced = entry();
    store.rows.push(unannounced);
    expect(list.isRevoked(unannounced.jti)).toBe(false);

    jest.advanceTimersByTime(RELOAD_INTERVAL_MS);
    await settle();
    expect(list.isRevoked(unannounced.jti)).toBe(true);
  });

  it('are not taken in when already expired, from a load or an announcement', async () => {
    const past = Math.floor(Date.now() / 1000) - CLOCK_TOLERANCE_SECONDS - 1;
    store.rows = [entry(past), entry()];
    await list.onApplicationBootstrap();
    await settle();
    store.watcher!.revoked(entry(past));
    expect(list.size).toBe(1);
  });
});
