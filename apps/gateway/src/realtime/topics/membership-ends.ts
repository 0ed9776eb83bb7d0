import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { natsSubject, parseTopic, Subjects } from '@shotcaller/contracts';
import { MESSAGING_OPTIONS, NamespacedNatsClient, type MessagingOptions } from '@shotcaller/messaging';
import { TopicAccess, type CampaignAccessEnded } from './topic-access.js';

/** A `campaign.membership.ended` event as the gateway reads it (ids lowercased), or null when malformed. */
export function membershipEndOf(event: unknown): CampaignAccessEnded | null {
  if (typeof event !== 'object' || event === null) return null;
  const { campaign_id: campaignId, user_id: userId } = event as Record<string, unknown>;
  const campaign = parseTopic(`campaign:${String(campaignId)}`);
  const user = parseTopic(`user:${String(userId)}`);
  return campaign && user ? { campaignId: campaign.id, userId: user.id } : null;
}

/**
 * Follows `campaign.membership.ended` (every replica: no queue group): a player who left or was removed from a
 * campaign stops receiving it at once, on every transport, instead of until they next subscribe.
 */
@Injectable()
export class MembershipEnds implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(MembershipEnds.name);
  private subscription: Subscription | undefined;

  constructor(
    private readonly access: TopicAccess,
    private readonly nats: NamespacedNatsClient,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const connection: NatsConnection = this.nats.connection() ?? (await this.nats.connect());
    this.subscription = connection.subscribe(
      natsSubject(Subjects.campaign.events.membershipEnded, this.options.subjectPrefix),
      {
        callback: (error, message) => {
          if (error) {
            this.logger.warn({ err: error }, 'The membership ends subscription failed');
            return;
          }
          let ended: CampaignAccessEnded | null;
          try {
            ended = membershipEndOf(message.json());
          } catch {
            ended = null;
          }
          if (!ended) {
            this.logger.warn('Ignored a malformed membership.ended event');
            return;
          }
          this.access.campaignAccessEnded(ended);
        },
      },
    );
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
  }
}
