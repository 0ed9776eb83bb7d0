import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import type { Subscription } from '@nats-io/transport-node';
import { ErrorCode, RealtimeErrorCode, Subjects, type ClosingNotice } from '@shotcaller/contracts';
import { TokenRevocationList } from '@shotcaller/auth';
import { NamespacedNatsClient } from '@shotcaller/messaging';
import { REALTIME_OPTIONS, type RealtimeOptions } from '../realtime.options.js';
import { TopicAccess } from '../topics/topic-access.js';
import { CONNECTION_LEASE_MS, ConnectionCapStore } from './connection-cap.store.js';
import { msUntilExpiry } from './handshake.rules.js';
import { identityKey, type RealtimeIdentity } from './identity.js';
import { RealtimeAuthenticator } from './realtime-authenticator.js';
import { RealtimeFailure } from './realtime-failure.js';
import { endedByRevocation, endedByTokenChange } from './token-end.rules.js';

/** A client connection of any transport, as the registry sees it. */
export interface RealtimeConnection {
  readonly id: string;
  readonly identity: RealtimeIdentity;
  /** Tells the client why, then closes the connection (`reconnect` false: the client needs a new token). */
  close(notice: ClosingNotice): void;
}

interface ExpiryGroup {
  timer: NodeJS.Timeout;
  connections: Set<RealtimeConnection>;
}

/** How often every user connection's token is checked again (announcements can be lost in a NATS outage). */
export const RECHECK_INTERVAL_MS = 30_000;

const EXPIRED: ClosingNotice = {
  code: ErrorCode.Unauthenticated,
  message: 'Token has expired',
  reconnect: false,
};
const REVOKED: ClosingNotice = {
  code: ErrorCode.Unauthenticated,
  message: 'Token has been revoked',
  reconnect: false,
};

/**
 * Every realtime connection this replica holds, whatever its transport: caps each user's connections across
 * replicas (REALTIME_MAX_CONNECTIONS_PER_USER, in Redis), closes a connection when its token expires, and when its
 * token is signed out or ended by a password change, deactivation or "sign out everywhere" (campaign's
 * announcements, and a periodic re-check for announcements lost in an outage).
 */
@Injectable()
export class ConnectionRegistry implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ConnectionRegistry.name);
  private readonly connections = new Map<string, RealtimeConnection>();
  private readonly byIdentity = new Map<string, Set<RealtimeConnection>>();
  /** Connections by the moment their tokens expire: one timer closes all whose tokens end together. */
  private readonly expiring = new Map<number, ExpiryGroup>();
  private readonly subscriptions: Subscription[] = [];
  private renewer: NodeJS.Timeout | undefined;
  private rechecker: NodeJS.Timeout | undefined;
  private stopCatchingUp: (() => void) | undefined;
  /** The re-check under way: one at a time, and one more after it when asked meanwhile. */
  private rechecking: Promise<void> | undefined;
  private recheckAgain = false;

  constructor(
    private readonly caps: ConnectionCapStore,
    private readonly authenticator: RealtimeAuthenticator,
    private readonly revocations: TokenRevocationList,
    private readonly access: TopicAccess,
    private readonly nats: NamespacedNatsClient,
    @Inject(REALTIME_OPTIONS) private readonly options: RealtimeOptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.subscriptions.push(
      await this.nats.listen(Subjects.campaign.events.sessionRevoked, (event) =>
        this.closeWhere((identity) => endedByRevocation(identity, event), REVOKED),
      ),
      await this.nats.listen(Subjects.campaign.events.userTokensChanged, (event) =>
        this.closeWhere((identity) => endedByTokenChange(identity, event), REVOKED),
      ),
    );
    this.renewer = setInterval(() => void this.renewLeases(), CONNECTION_LEASE_MS / 3);
    this.renewer.unref();
    this.rechecker = setInterval(() => void this.recheckTokens(), RECHECK_INTERVAL_MS);
    this.rechecker.unref();
    // Back from an outage, with the sign-outs reloaded (and the token states dropped): at once, not at the next tick.
    this.stopCatchingUp = this.revocations.afterCatchingUp(() => void this.recheckTokens());
  }

  onModuleDestroy(): void {
    clearInterval(this.renewer);
    clearInterval(this.rechecker);
    this.stopCatchingUp?.();
    for (const subscription of this.subscriptions) subscription.unsubscribe();
    for (const group of this.expiring.values()) clearTimeout(group.timer);
  }

  /**
   * Takes one of the identity's connection slots and watches the token; refuses (too_many_connections) when the
   * identity holds as many connections as allowed on all replicas together.
   */
  async admit(connection: RealtimeConnection, now = Date.now()): Promise<void> {
    const key = identityKey(connection.identity);
    const granted = await this.caps.acquire(key, connection.id, this.options.maxConnectionsPerUser, now);
    if (!granted) {
      throw new RealtimeFailure(
        RealtimeErrorCode.TooManyConnections,
        `At most ${this.options.maxConnectionsPerUser} connections at once`,
      );
    }
    this.connections.set(connection.id, connection);
    let own = this.byIdentity.get(key);
    if (!own) this.byIdentity.set(key, (own = new Set()));
    own.add(connection);
    const expiresAt = connection.identity.expiresAt;
    let group = this.expiring.get(expiresAt);
    if (!group) {
      group = { timer: this.expiryTimer(expiresAt, now), connections: new Set() };
      this.expiring.set(expiresAt, group);
    }
    group.connections.add(connection);
  }

  /** The connection is gone: frees its slot. */
  remove(connection: RealtimeConnection): void {
    if (this.connections.get(connection.id) !== connection) return;
    this.connections.delete(connection.id);
    const expiresAt = connection.identity.expiresAt;
    const group = this.expiring.get(expiresAt);
    group?.connections.delete(connection);
    if (group?.connections.size === 0) {
      clearTimeout(group.timer);
      this.expiring.delete(expiresAt);
    }
    const key = identityKey(connection.identity);
    const own = this.byIdentity.get(key);
    own?.delete(connection);
    if (own?.size === 0) {
      this.byIdentity.delete(key);
      this.access.forget(connection.identity);
    }
    void this.caps.release(key, connection.id);
  }

  /** Closes every connection with the same notice (shutdown). */
  closeAll(notice: ClosingNotice): void {
    for (const connection of [...this.connections.values()]) connection.close(notice);
  }

  /**
   * Closes the connections of a location session's participants (one participant's, when named): their tokens
   * are for that session only, and it is over for them.
   */
  closeParticipants(sessionId: string, participantId: string | undefined, notice: ClosingNotice): void {
    this.closeWhere(
      (identity) =>
        identity.kind === 'participant' &&
        identity.sessionId.toLowerCase() === sessionId &&
        (participantId === undefined || identity.id.toLowerCase() === participantId),
      notice,
    );
  }

  get size(): number {
    return this.connections.size;
  }

  /** Who holds each connection of this replica (once per connection). */
  *identities(): IterableIterator<RealtimeIdentity> {
    for (const connection of this.connections.values()) yield connection.identity;
  }

  /** Closes the connections whose tokens expire at `expiresAt`, once it has come (a timer fires at most ~24 days out). */
  private expiryTimer(expiresAt: number, now: number): NodeJS.Timeout {
    const timer = setTimeout(
      () => {
        const group = this.expiring.get(expiresAt);
        if (!group) return;
        if (Date.now() < expiresAt) {
          group.timer = this.expiryTimer(expiresAt, Date.now());
          return;
        }
        this.expiring.delete(expiresAt);
        for (const connection of [...group.connections]) connection.close(EXPIRED);
      },
      msUntilExpiry(expiresAt, now),
    );
    timer.unref();
    return timer;
  }

  private closeWhere(ended: (identity: RealtimeIdentity) => boolean, notice: ClosingNotice): void {
    for (const connection of [...this.connections.values()]) {
      if (ended(connection.identity)) connection.close(notice);
    }
  }

  private async renewLeases(): Promise<void> {
    await this.caps.renew(
      [...this.connections.values()].map((connection) => ({
        identityKey: identityKey(connection.identity),
        connectionId: connection.id,
      })),
    );
  }

  /** Checks every connection's token again: one check at a time, and one more after it when asked meanwhile. */
  private recheckTokens(): Promise<void> {
    if (this.rechecking) {
      this.recheckAgain = true;
      return this.rechecking;
    }
    this.rechecking = (async () => {
      do {
        this.recheckAgain = false;
        await this.recheckAll();
      } while (this.recheckAgain);
    })().finally(() => {
      this.rechecking = undefined;
    });
    return this.rechecking;
  }

  /** Checks each token once, however many connections hold it, and closes those of tokens that ended. */
  private async recheckAll(): Promise<void> {
    const byToken = new Map<string, RealtimeConnection[]>();
    for (const connection of this.connections.values()) {
      const holders = byToken.get(connection.identity.token);
      if (holders) holders.push(connection);
      else byToken.set(connection.identity.token, [connection]);
    }
    for (const holders of byToken.values()) {
      try {
        if (await this.authenticator.stillAdmitted(holders[0].identity)) continue;
        for (const connection of holders) connection.close(REVOKED);
      } catch (error) {
        this.logger.warn({ err: error }, 'Could not re-check a realtime connection');
      }
    }
  }
}
