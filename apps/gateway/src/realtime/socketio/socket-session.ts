import type { Topic, TopicAuthorization } from '@shotcaller/contracts';
import type { ConnectionLimits } from '../connections/command-limits.js';

export interface SocketSubscription {
  topic: Topic;
  authorization: TopicAuthorization;
}

/** One socket's subscriptions and rate budgets. */
export class SocketSession {
  readonly subscriptions = new Map<string, SocketSubscription>();
  /** Subscriptions being authorized: a second subscribe to the same topic waits for the first. */
  readonly joining = new Map<string, Promise<SocketSubscription>>();
  closed = false;

  constructor(readonly limits: ConnectionLimits) {}
}
