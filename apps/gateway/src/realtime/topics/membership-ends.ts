import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Subscription } from '@nats-io/transport-node';
import { parseTopic, Subjects } from '@shotcaller/contracts';
import { NamespacedNatsClient } from '@shotcaller/messaging';
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
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.subscription = await this.nats.listen(
      Subjects.campaign.events.membershipEnded,
      (event) => {
        const ended = membershipEndOf(event);
        if (!ended) {
          this.logger.warn('Ignored a malformed membership.ended event');
          return;
        }
        this.access.campaignAccessEnded(ended);
      },
      { onError: (error) => this.logger.warn({ err: error }, 'The membership ends subscription failed') },
    );
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
  }
}
