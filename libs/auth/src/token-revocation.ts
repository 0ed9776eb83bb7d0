import { Inject, Injectable, Logger } from '@nestjs/common';
import { Redis } from 'ioredis';
import { ErrorCode, ServiceError, type RevocationsPage } from '@shotcaller/contracts';
import type { AuthenticatedUser } from './token-gate.js';

const key = (jti: string) => `auth:revoked:${jti}`;
/** Written once the deny-list holds every stored revocation; without it (a flushed or new Redis) it is cold. */
export const REVOCATIONS_LOADED_KEY = 'auth:revocations:loaded';
/** Pages read in one rebuild at most: far more signed-out tokens than a week of tokens could hold. */
const MAX_PAGES = 10_000;

/** Where revocations are stored durably (the gateway asks the account owner, `campaign`). */
export interface RevocationStore {
  /** Stores the sign-out of the caller's own token; resolves once it is committed. */
  record(user: AuthenticatedUser): Promise<void>;
  /** The stored revocations not yet expired, by token id, after `after`. */
  page(after?: string): Promise<RevocationsPage>;
}

export const REVOCATION_STORE = Symbol('REVOCATION_STORE');

function unavailable(): ServiceError {
  return new ServiceError(ErrorCode.DependencyUnavailable, 'Sign-in state is unavailable; try again shortly');
}

/**
 * Tokens revoked before they expire (sign-out). The store of record is `campaign`'s database; Redis holds a
 * deny-list shared by every gateway replica, an entry living as long as its token would have. A flushed or
 * replaced Redis has lost the list: it is rebuilt from the store before a miss is believed.
 */
@Injectable()
export class TokenRevocationList {
  private readonly logger = new Logger(TokenRevocationList.name);
  private rebuilding: Promise<void> | undefined;

  constructor(
    @Inject(Redis) private readonly redis: Redis,
    @Inject(REVOCATION_STORE) private readonly store: RevocationStore,
  ) {}

  /** Durable first: a sign-out the store did not take fails rather than living in the cache only. */
  async revoke(user: AuthenticatedUser, now = Date.now()): Promise<void> {
    await this.store.record(user);
    await this.cache(user.claims.jti, user.claims.exp, now);
  }

  async isRevoked(jti: string): Promise<boolean> {
    const [entry, loaded] = await this.guard(() => this.redis.mget(key(jti), REVOCATIONS_LOADED_KEY));
    if (entry !== null) return true;
    if (loaded !== null) return false;
    await this.rebuild();
    return (await this.guard(() => this.redis.exists(key(jti)))) === 1;
  }

  /**
   * Reloads the deny-list from the store, then marks it loaded. Concurrent requests on this replica share one
   * rebuild; replicas rebuilding at once write the same entries, so they need no lock.
   */
  private rebuild(): Promise<void> {
    this.rebuilding ??= this.load().finally(() => {
      this.rebuilding = undefined;
    });
    return this.rebuilding;
  }

  private async load(now = Date.now()): Promise<void> {
    let after: string | undefined;
    for (let pages = 0; pages < MAX_PAGES; pages += 1) {
      let page: RevocationsPage;
      try {
        page = await this.store.page(after);
      } catch (error) {
        // Without the list a revoked token cannot be told from a good one: refuse with 503 rather than guess.
        this.logger.warn({ err: error }, 'Could not reload signed-out tokens');
        throw unavailable();
      }
      const writes = this.redis.pipeline();
      for (const { jti, exp } of page.revocations) {
        const ttlMs = exp * 1000 - now;
        if (ttlMs > 0) writes.set(key(jti), '1', 'PX', ttlMs);
      }
      await this.guard(async () => {
        const results = await writes.exec();
        if (results?.some(([error]) => error)) throw new Error('A deny-list write failed');
      });
      if (page.next === null) {
        await this.guard(() => this.redis.set(REVOCATIONS_LOADED_KEY, '1'));
        this.logger.log('Reloaded the signed-out tokens into Redis');
        return;
      }
      after = page.next;
    }
    throw unavailable();
  }

  private async cache(jti: string, expiresAtSeconds: number, now: number): Promise<void> {
    const ttlMs = expiresAtSeconds * 1000 - now;
    if (ttlMs <= 0) return;
    await this.guard(() => this.redis.set(key(jti), '1', 'PX', ttlMs));
  }

  /** Without Redis a revoked token cannot be told from a good one: refuse with 503 rather than guess. */
  private async guard<T>(command: () => Promise<T>): Promise<T> {
    try {
      return await command();
    } catch {
      throw unavailable();
    }
  }
}
