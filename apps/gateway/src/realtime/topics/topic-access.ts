import { Inject, Injectable } from '@nestjs/common';
import { TopicAuthorizeSubjects, type Topic, type TopicAuthorization } from '@shotcaller/contracts';
import { ServiceClient } from '@shotcaller/messaging';
import { identityKey, type RealtimeIdentity } from '../connections/identity.js';
import { REALTIME_OPTIONS, type RealtimeOptions } from '../realtime.options.js';
import { refusedLocally } from './topic-access.rules.js';

const MAX_CACHED = 20_000;

/** A user who left (or was removed from) a campaign. */
export interface CampaignAccessEnded {
  userId: string;
  campaignId: string;
}

export type CampaignAccessEndedListener = (ended: CampaignAccessEnded) => void;

interface Cached {
  answer: TopicAuthorization;
  until: number;
}

/**
 * Whether an identity may follow a topic, asked of the topic's owner (`<service>.topics.authorize`, with the
 * identity's token as the actor). A yes is kept REALTIME_AUTHORIZE_CACHE_MS per identity and topic (so another
 * tab, or a repeated subscribe, does not ask again at once), and forgotten when the identity's last connection
 * here closes; a no is a ServiceError (forbidden, not_found, service_unavailable when the owner does not answer)
 * and is not kept.
 */
@Injectable()
export class TopicAccess {
  private readonly cache = new Map<string, Cached>();
  private readonly pending = new Map<string, Promise<TopicAuthorization>>();
  private readonly endedListeners: CampaignAccessEndedListener[] = [];
  /** Counts forget() calls: an answer asked before one is not kept. */
  private forgets = 0;

  constructor(
    private readonly services: ServiceClient,
    @Inject(REALTIME_OPTIONS) private readonly options: RealtimeOptions,
  ) {}

  async authorize(identity: RealtimeIdentity, topic: Topic, now = Date.now()): Promise<TopicAuthorization> {
    const refusal = refusedLocally(identity, topic);
    if (refusal) throw refusal;
    const key = `${identityKey(identity)}|${topic.name}`;
    const cached = this.cache.get(key);
    if (cached && cached.until > now) return cached.answer;
    if (cached) this.cache.delete(key);
    let lookup = this.pending.get(key);
    if (!lookup) {
      lookup = this.ask(identity, topic).finally(() => {
        if (this.pending.get(key) === lookup) this.pending.delete(key);
      });
      this.pending.set(key, lookup);
    }
    const forgets = this.forgets;
    const answer = await lookup;
    // An answer asked before the identity's answers were forgotten may be stale: it is used once, not kept.
    if (forgets === this.forgets) this.remember(key, answer, now);
    return answer;
  }

  /** Forgets an identity's answers (its token ended). */
  forget(identity: Pick<RealtimeIdentity, 'kind' | 'id'>): void {
    const prefix = `${identityKey(identity)}|`;
    this.forgets += 1;
    for (const key of this.cache.keys()) if (key.startsWith(prefix)) this.cache.delete(key);
    for (const key of this.pending.keys()) if (key.startsWith(prefix)) this.pending.delete(key);
  }

  /** Calls `listener` whenever a user loses a campaign (the transports end what they follow of it). */
  onCampaignAccessEnded(listener: CampaignAccessEndedListener): () => void {
    this.endedListeners.push(listener);
    return () => {
      const index = this.endedListeners.indexOf(listener);
      if (index !== -1) this.endedListeners.splice(index, 1);
    };
  }

  /** User `userId` no longer plays in campaign `campaignId`: their answers go, and the transports are told. */
  campaignAccessEnded(ended: CampaignAccessEnded): void {
    this.forget({ kind: 'user', id: ended.userId });
    for (const listener of this.endedListeners) listener(ended);
  }

  private ask(identity: RealtimeIdentity, topic: Topic): Promise<TopicAuthorization> {
    const caller = { token: identity.token };
    const payload = { topic: topic.name };
    switch (topic.owner) {
      case 'campaign':
        return this.services.request(TopicAuthorizeSubjects.campaign, payload, { caller });
      case 'realtime-location':
        return this.services.request(TopicAuthorizeSubjects['realtime-location'], payload, { caller });
      // chat does not answer this yet: its contract joins RpcContracts with its handler (the contract test sends
      // every registered subject to its service). Same payload and answer.
      case 'chat':
        return this.services.requestUnchecked<TopicAuthorization>(TopicAuthorizeSubjects.chat, payload, {
          caller,
        });
    }
  }

  private remember(key: string, answer: TopicAuthorization, now: number): void {
    if (this.options.authorizeCacheMs <= 0) return;
    if (this.cache.size >= MAX_CACHED && !this.cache.has(key)) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    this.cache.set(key, { answer, until: now + this.options.authorizeCacheMs });
  }
}
