import { Inject, Injectable, Logger } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import type { AuthenticatedUser, RevocationStore, RevocationWatcher } from '@shotcaller/auth';
import { natsSubject, Subjects, type RevocationsPage } from '@shotcaller/contracts';
import {
  MESSAGING_OPTIONS,
  NamespacedNatsClient,
  ServiceClient,
  type MessagingOptions,
} from '@shotcaller/messaging';

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
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
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
    const connection: NatsConnection = this.nats.connection() ?? (await this.nats.connect());
    const subscription = connection.subscribe(
      natsSubject(Subjects.campaign.events.sessionRevoked, this.options.subjectPrefix),
      {
        callback: (error, message) => {
          if (error) {
            this.logger.warn({ err: error }, 'The signed-out tokens subscription failed');
            return;
          }
          let event: unknown;
          try {
            event = message.json();
          } catch {
            event = undefined;
          }
          watcher.revoked(event);
        },
      },
    );
    // The status replays the current one first; only a return to "connected" after a loss means a gap.
    let lost = false;
    const statuses = this.nats.status.subscribe((status: string) => {
      if (status !== 'connected') {
        lost = true;
      } else if (lost) {
        lost = false;
        watcher.resync();
      }
    });
    // The server has the subscription once this resolves: a load that starts after it misses nothing.
    await connection.flush();
    return () => {
      statuses.unsubscribe();
      subscription.unsubscribe();
    };
  }
}
