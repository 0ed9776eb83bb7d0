import { ErrorCode, ServiceError, type Topic, type TopicAuthorization } from '@shotcaller/contracts';
import type { RealtimeIdentity } from '../connections/identity.js';

/**
 * What the gateway refuses without asking anyone: another user's `user:` topic, and for a location participant
 * anything but `location:<their session>`. Undefined: the owning service decides.
 */
export function refusedLocally(
  identity: Pick<RealtimeIdentity, 'kind' | 'id'> & { sessionId?: string },
  topic: Topic,
): ServiceError | undefined {
  if (identity.kind === 'participant') {
    if (topic.kind === 'location' && topic.id === identity.sessionId) return undefined;
    return new ServiceError(ErrorCode.Forbidden, 'A session participant may follow only its own session');
  }
  if (topic.kind === 'user' && topic.id !== identity.id) {
    return new ServiceError(ErrorCode.Forbidden, "You may not follow another user's topic");
  }
  return undefined;
}

/**
 * Whether a subscription depends on membership of campaign `campaignId`: its own topic, or one of its fights (the
 * fight's campaign is in the state its authorization answered).
 */
export function followsCampaign(
  topic: Pick<Topic, 'kind' | 'id'>,
  authorization: TopicAuthorization | undefined,
  campaignId: string,
): boolean {
  if (topic.kind === 'campaign') return topic.id === campaignId;
  if (topic.kind === 'fight') return authorization?.state?.campaign_id === campaignId;
  return false;
}
