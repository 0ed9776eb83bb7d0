import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import {
  ErrorCode,
  MAX_TOKEN_EXPIRY,
  ServiceError,
  type RevocationsPage,
  type RevokedTokenDto,
} from '@shotcaller/contracts';
import { CLOCK_TOLERANCE_SECONDS } from './access-token.verifier.js';
import type { AuthenticatedUser } from './token-gate.js';

/** Pages read in one load at most: far more signed-out tokens than a week of tokens could hold. */
const MAX_PAGES = 10_000;
/** How often entries of expired tokens are dropped. */
export const PRUNE_INTERVAL_MS = 60_000;
/**
 * How often the whole view is reloaded anyway: bounds how long a sign-out whose announcement was never sent
 * (`campaign` stopped between committing it and announcing it) is accepted by the other replicas.
 */
export const RELOAD_INTERVAL_MS = 5 * 60_000;
/** Least time between background reloads of a view that is loaded but may have missed announcements. */
export const STALE_RETRY_MS = 1_000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What a replica is told about sign-outs as they happen. */
export interface RevocationWatcher {
  /** A revocation announced after the store committed it, as received (checked by the list). */
  revoked(event: unknown): void;
  /** Announcements may have been lost (the connection that carries them dropped and is back): reload. */
  resync(): void;
}

/** Where revocations are stored durably (the gateway asks the account owner, `campaign`). */
export interface RevocationStore {
  /** Stores the sign-out of the caller's own token; resolves once it is committed. */
  record(user: AuthenticatedUser): Promise<void>;
  /** The stored revocations not yet expired, by token id, after `after`. */
  page(after?: string): Promise<RevocationsPage>;
  /**
   * Starts passing announcements to `watcher`. Resolves once they flow, so a load started after it misses
   * nothing committed later; resolves to a function that stops them.
   */
  watch(watcher: RevocationWatcher): Promise<() => void>;
}

export const REVOCATION_STORE = Symbol('REVOCATION_STORE');

function unavailable(): ServiceError {
  return new ServiceError(ErrorCode.DependencyUnavailable, 'Sign-in state is unavailable; try again shortly');
}

function isRevokedToken(value: unknown): value is RevokedTokenDto {
  const event = value as Partial<RevokedTokenDto> | null;
  return (
    typeof event === 'object' &&
    event !== null &&
    typeof event.jti === 'string' &&
    UUID.test(event.jti) &&
    Number.isSafeInteger(event.exp) &&
    (event.exp as number) >= 0 &&
    (event.exp as number) <= MAX_TOKEN_EXPIRY
  );
}

/**
 * Tokens revoked before they expire (sign-out), as a view in this replica's memory. The store of record is
 * `campaign`'s database: the view is loaded from it at boot, kept current by `campaign`'s announcements, and
 * reloaded when announcements may have been missed. An entry is kept as long as its token could still be
 * accepted. Until a first load succeeds nothing can be checked, so a check waits for one (503 when it fails).
 */
@Injectable()
export class TokenRevocationList implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(TokenRevocationList.name);
  /** Token id -> its `exp` (unix seconds). */
  private readonly revoked = new Map<string, number>();
  private loaded = false;
  /** A load is due: never done, or announcements may have been missed since the last. */
  private stale = true;
  /** Counts the times announcements may have been lost; a load that saw the count change is not current. */
  private gaps = 0;
  private loading: Promise<void> | undefined;
  private lastFailure = 0;
  private stopWatching: (() => void) | undefined;
  /** Told when a reload after missed announcements has brought the view up to date. */
  private readonly catchUpListeners = new Set<() => void>();
  private pruner: NodeJS.Timeout | undefined;
  private reloader: NodeJS.Timeout | undefined;

  constructor(@Inject(REVOCATION_STORE) private readonly store: RevocationStore) {}

  /** Subscribes before the first load, so a sign-out committed meanwhile is in one or the other. */
  async onApplicationBootstrap(): Promise<void> {
    this.stopWatching = await this.store.watch({
      revoked: (event) => this.announced(event),
      resync: () => this.resync(),
    });
    this.pruner = setInterval(() => this.prune(), PRUNE_INTERVAL_MS);
    this.pruner.unref();
    this.reloader = setInterval(() => void this.refresh().catch(() => undefined), RELOAD_INTERVAL_MS);
    this.reloader.unref();
    // Not awaited: the gateway starts while campaign is away, and checks wait for (or retry) the load.
    this.refresh().catch(() => undefined);
  }

  onModuleDestroy(): void {
    clearInterval(this.pruner);
    clearInterval(this.reloader);
    this.stopWatching?.();
  }

  /** Durable first: a sign-out the store did not take fails rather than living in this replica only. */
  async revoke(user: AuthenticatedUser, now = Date.now()): Promise<void> {
    await this.store.record(user);
    this.add(user.claims.jti, user.claims.exp, now);
  }

  /** A lookup once the view is loaded; before that, the check waits for a load and fails with 503 without one. */
  isRevoked(jti: string, now = Date.now()): boolean | Promise<boolean> {
    if (!this.loaded) return this.refresh().then(() => this.revoked.has(jti));
    // Possibly behind after a reconnect: answer from what is known while a reload catches up.
    if (this.stale && !this.loading && now - this.lastFailure >= STALE_RETRY_MS) {
      this.refresh().catch(() => undefined);
    }
    return this.revoked.has(jti);
  }

  /**
   * Calls `listener` whenever the view is current again after announcements may have been missed (what was
   * accepted meanwhile can be checked again then). Answers a function that stops it.
   */
  afterCatchingUp(listener: () => void): () => void {
    this.catchUpListeners.add(listener);
    return () => this.catchUpListeners.delete(listener);
  }

  /** Drops the entries of tokens that can no longer be accepted anyway. */
  prune(now = Date.now()): void {
    for (const [jti, exp] of this.revoked) {
      if (!this.useful(exp, now)) this.revoked.delete(jti);
    }
  }

  /** How many signed-out tokens the view holds. */
  get size(): number {
    return this.revoked.size;
  }

  private announced(event: unknown): void {
    if (!isRevokedToken(event)) {
      this.logger.warn('Ignored a malformed session_revoked event');
      return;
    }
    this.add(event.jti, event.exp);
  }

  private resync(): void {
    this.gaps += 1;
    this.stale = true;
    this.logger.log('Reloading signed-out tokens: announcements may have been missed');
    this.refresh().catch(() => undefined);
  }

  private add(jti: string, exp: number, now = Date.now()): void {
    if (this.useful(exp, now)) this.revoked.set(jti, exp);
  }

  /** The verifier accepts a token up to the clock tolerance past its expiry: its entry stays that long too. */
  private useful(exp: number, now: number): boolean {
    return (exp + CLOCK_TOLERANCE_SECONDS) * 1000 > now;
  }

  /** Concurrent callers share one load. */
  private refresh(): Promise<void> {
    this.loading ??= this.loadUntilCurrent().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  /** Loads everything, again if announcements may have been lost while it ran. */
  private async loadUntilCurrent(): Promise<void> {
    for (;;) {
      const gaps = this.gaps;
      try {
        await this.load();
      } catch (error) {
        this.lastFailure = Date.now();
        // Without the list a revoked token cannot be told from a good one: refuse with 503 rather than guess.
        this.logger.warn({ err: error }, 'Could not load signed-out tokens');
        throw unavailable();
      }
      this.loaded = true;
      if (gaps === this.gaps) {
        // Stale after a first load only when a gap made it so.
        const caughtUp = this.stale && gaps > 0;
        this.stale = false;
        if (caughtUp) for (const listener of this.catchUpListeners) listener();
        return;
      }
    }
  }

  /** Adds every stored revocation; entries only ever join (until they expire), so announcements meanwhile stay. */
  private async load(): Promise<void> {
    let after: string | undefined;
    let count = 0;
    for (let pages = 0; pages < MAX_PAGES; pages += 1) {
      const page = await this.store.page(after);
      const now = Date.now();
      for (const { jti, exp } of page.revocations) this.add(jti, exp, now);
      count += page.revocations.length;
      if (page.next === null) {
        this.logger.log({ count }, 'Loaded the signed-out tokens');
        return;
      }
      after = page.next;
    }
    throw new Error(`More than ${MAX_PAGES} pages of signed-out tokens`);
  }
}
