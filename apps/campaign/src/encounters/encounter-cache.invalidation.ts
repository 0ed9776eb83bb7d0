import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { natsSubject, RealtimeSubjects } from '@shotcaller/contracts';
import { MESSAGING_OPTIONS, NamespacedNatsClient, type MessagingOptions } from '@shotcaller/messaging';
import { EncounterCache } from './encounter-cache.js';

/** `rt.campaign.<id>` -> `<id>`, whatever the deployment's subject prefix. */
export function campaignIdOfSubject(subject: string): string | undefined {
  const id = subject.slice(subject.lastIndexOf('.') + 1);
  return id.length > 0 ? id : undefined;
}

/**
 * Feeds the encounter cache the campaigns' announcements, from every replica of this service (no queue group:
 * each replica keeps its own cache). While the bus is away the cache keeps nothing.
 */
@Injectable()
export class EncounterCacheInvalidation implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(EncounterCacheInvalidation.name);
  private stop: (() => void) | undefined;

  constructor(
    private readonly cache: EncounterCache,
    private readonly nats: NamespacedNatsClient,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const connection: NatsConnection = this.nats.connection() ?? (await this.nats.connect());
    const subscription: Subscription = connection.subscribe(
      natsSubject(RealtimeSubjects.everyCampaign, this.options.subjectPrefix),
      {
        callback: (error, message) => {
          if (error) {
            this.logger.warn({ err: error }, 'The campaign announcements subscription failed');
            this.cache.setListening(false);
            return;
          }
          const campaignId = campaignIdOfSubject(message.subject);
          if (campaignId) this.cache.campaignChanged(campaignId);
        },
      },
    );
    // The subscription is the server's once flushed: from then on no announcement is missed.
    await connection.flush();
    const statuses = this.nats.status.subscribe((status: string) =>
      this.cache.setListening(status === 'connected' && !subscription.isClosed()),
    );
    this.cache.setListening(!subscription.isClosed());
    this.stop = () => {
      statuses.unsubscribe();
      subscription.unsubscribe();
      this.cache.setListening(false);
    };
  }

  onModuleDestroy(): void {
    this.stop?.();
  }
}
