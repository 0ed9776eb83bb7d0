import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Subscription } from '@nats-io/transport-node';
import type { TokenStates } from '@shotcaller/auth';
import { Subjects, type TokensChangedEvent, type TokenState } from '@shotcaller/contracts';
import { NamespacedNatsClient, ServiceClient } from '@shotcaller/messaging';

/** How long a user's token state is trusted without news from the account owner. */
export const TOKEN_STATE_TTL_MS = 30_000;
const MAX_CACHED = 50_000;

interface CachedState {
  state: TokenState;
  until: number;
}

function isTokensChangedEvent(value: unknown): value is TokensChangedEvent {
  const event = value as Partial<TokensChangedEvent> | null;
  return (
    typeof event === 'object' &&
    event !== null &&
    typeof event.user_id === 'string' &&
    Number.isSafeInteger(event.token_version) &&
    typeof event.active === 'boolean'
  );
}

/**
 * Each user's current token version and whether the account is active, asked of `campaign` and kept for a short
 * while. `campaign` announces every change (`campaign.user.tokens_changed`) to every gateway replica, so a
 * password change, a deactivation or "sign out everywhere" ends old tokens at once. After a NATS outage, whose
 * announcements are lost, every kept state is dropped and asked for again.
 */
@Injectable()
export class GatewayTokenStates implements TokenStates, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(GatewayTokenStates.name);
  private readonly cache = new Map<string, CachedState>();
  private readonly lookups = new Map<string, Promise<TokenState>>();
  private subscription: Subscription | undefined;
  private stopAfterOutage: (() => void) | undefined;

  constructor(
    private readonly services: ServiceClient,
    private readonly nats: NamespacedNatsClient,
  ) {}

  async current(userId: string, { refresh = false } = {}, now = Date.now()): Promise<TokenState> {
    const cached = this.cache.get(userId);
    if (cached && cached.until > now && !refresh) return cached.state;
    // Concurrent requests of one user share one lookup.
    let lookup = this.lookups.get(userId);
    if (!lookup) {
      lookup = this.services
        .request(Subjects.campaign.users.tokenState, { user_id: userId })
        .finally(() => this.lookups.delete(userId));
      this.lookups.set(userId, lookup);
    }
    try {
      const state = await lookup;
      this.remember(userId, state, now);
      return state;
    } catch (error) {
      // While campaign cannot answer, the last state it gave stands; a user never seen cannot be checked (503).
      if (cached) return cached.state;
      throw error;
    }
  }

  async onApplicationBootstrap(): Promise<void> {
    this.subscription = await this.nats.listen(Subjects.campaign.events.userTokensChanged, (event) => {
      if (!isTokensChangedEvent(event)) {
        this.logger.warn('Ignored a malformed tokens_changed event');
        return;
      }
      // Versions only grow: an announcement older than what was fetched since changes nothing.
      const known = this.cache.get(event.user_id)?.state.token_version ?? -1;
      if (event.token_version < known) return;
      this.remember(event.user_id, { token_version: event.token_version, active: event.active });
    });
    // Announcements sent while the connection was down are lost: every kept state may be behind.
    this.stopAfterOutage = this.nats.afterOutage(() => this.cache.clear());
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
    this.stopAfterOutage?.();
  }

  private remember(userId: string, state: TokenState, now = Date.now()): void {
    if (this.cache.size >= MAX_CACHED && !this.cache.has(userId)) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    this.cache.set(userId, { state, until: now + TOKEN_STATE_TTL_MS });
  }
}
