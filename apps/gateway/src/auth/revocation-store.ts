import { Injectable, Logger } from '@nestjs/common';
import type { AuthenticatedUser, RevocationStore, RevocationWatcher } from '@shotcaller/auth';
import { Subjects, type RevocationsPage } from '@shotcaller/contracts';
import { NamespacedNatsClient, ServiceClient } from '@shotcaller/messaging';

/**
 * Sign-outs are stored by `campaign`, the account owner, which announces each one on
 * `campaign.session.revoked` to every gateway replica (no queue group). Announcements sent while this replica's
 * NATS connection was down are lost: after a reconnect the watcher is told to reload.
 */
@Injectable()
export class GatewayRevocationStore implements RevocationStore {
  private readonly logger = new Logger(GatewayRevocationStore.name);

  constructor(
    private readonly services: ServiceClient,
    private readonly nats: NamespacedNatsClient,
  ) {}

  async record(user: AuthenticatedUser): Promise<void> {
    await this.services.request(
      Subjects.campaign.sessions.revoke,
      { jti: user.claims.jti, exp: user.claims.exp },
      { caller: user },
    );
  }

  page(after?: string): Promise<RevocationsPage> {
    return this.services.request(Subjects.campaign.sessions.revocations, after ? { after } : {});
  }

  async watch(watcher: RevocationWatcher): Promise<() => void> {
    // The server has the subscription once this resolves: a load that starts after it misses nothing.
    const subscription = await this.nats.listen(
      Subjects.campaign.events.sessionRevoked,
      (event) => watcher.revoked(event),
      { onError: (error) => this.logger.warn({ err: error }, 'The signed-out tokens subscription failed') },
    );
    const stopAfterOutage = this.nats.afterOutage(() => watcher.resync());
    return () => {
      stopAfterOutage();
      subscription.unsubscribe();
    };
  }
}
