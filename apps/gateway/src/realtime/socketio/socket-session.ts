import type { ClosingNotice, Topic, TopicAuthorization } from '@shotcaller/contracts';
import type { ConnectionLimits } from '../connections/command-limits.js';
import type { RealtimeConnection } from '../connections/connection-registry.js';
import type { RealtimeIdentity } from '../connections/identity.js';
import type { RealtimeSocket } from './socket-listeners.js';

export interface SocketSubscription {
  topic: Topic;
  authorization: TopicAuthorization;
}

/** How a session's socket is told why and closed (one function for every session). */
export type SocketCloser = (socket: RealtimeSocket, notice: ClosingNotice) => void;

/**
 * One socket.io connection as the gateway keeps it: who it is, what it follows, its rate budgets. There is one
 * per idle socket, so it holds no closures and makes its map of pending subscriptions only while one is pending.
 */
export class SocketSession implements RealtimeConnection {
  readonly subscriptions = new Map<string, SocketSubscription>();
  private joining: Map<string, Promise<SocketSubscription>> | undefined;
  closed = false;

  constructor(
    readonly id: string,
    readonly identity: RealtimeIdentity,
    readonly socket: RealtimeSocket,
    readonly limits: ConnectionLimits,
    private readonly closer: SocketCloser,
  ) {}

  close(notice: ClosingNotice): void {
    this.closer(this.socket, notice);
  }

  /** The subscription to this topic being authorized, if one is. */
  joiningOf(topicName: string): Promise<SocketSubscription> | undefined {
    return this.joining?.get(topicName);
  }

  /** Subscriptions held and being made. */
  get subscriptionCount(): number {
    return this.subscriptions.size + (this.joining?.size ?? 0);
  }

  /** Marks a subscription as being made until `joining` settles (a second subscribe waits for it). */
  trackJoining(topicName: string, joining: Promise<SocketSubscription>): Promise<SocketSubscription> {
    const pending = (this.joining ??= new Map());
    const tracked = joining.finally(() => {
      pending.delete(topicName);
      if (pending.size === 0 && this.joining === pending) this.joining = undefined;
    });
    pending.set(topicName, tracked);
    return tracked;
  }
}
