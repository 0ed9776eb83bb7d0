import type { ClosingNotice, Topic, TopicAuthorization } from '@shotcaller/contracts';
import type { WebSocket } from 'ws';
import type { Bucket } from '../connections/command-limits.js';
import type { RealtimeConnection } from '../connections/connection-registry.js';
import type { RealtimeIdentity } from '../connections/identity.js';

/** One subscription of a connection, under the identifier the client named it by. */
export interface CableSubscription {
  connection: CableConnection;
  /** The identifier text exactly as the client sent it. */
  identifier: string;
  topic: Topic;
  /** `pending` while the owner is asked; `confirmed` once it follows the topic; `ended` once let go. */
  state: 'pending' | 'confirmed' | 'ended';
  /** Whether this subscription entered the topic's presence (fights). */
  present: boolean;
  /** The owner's yes, once confirmed (a fight's names its campaign). */
  authorization?: TopicAuthorization;
}

/** One `/cable` WebSocket: who holds it and what it follows. */
export class CableConnection implements RealtimeConnection {
  private admitted: RealtimeIdentity | undefined;
  /** By identifier text. */
  readonly subscriptions = new Map<string, CableSubscription>();
  /** Frames that arrived before the token was checked, handled in order after the welcome. */
  readonly early: string[] = [];
  /** The command rate budget (REALTIME_COMMAND_RATE_PER_SECOND / REALTIME_COMMAND_BURST). */
  readonly bucket: Bucket;
  /** Registered with the ConnectionRegistry (which must then be told when it ends). */
  registered = false;
  /** Sent the welcome: commands are handled from then on. */
  welcomed = false;
  closed = false;

  constructor(
    /** Unique across replicas and transports (presence entries and connection slots are keyed by it). */
    readonly id: string,
    readonly socket: WebSocket,
    burst: number,
    now: number,
    /** How the server closes a connection for the registry (token ended, shutdown). */
    private readonly closer: (connection: CableConnection, notice: ClosingNotice) => void,
  ) {
    this.bucket = { tokens: burst, at: now };
  }

  get identity(): RealtimeIdentity {
    if (!this.admitted) throw new Error('The connection has not been admitted');
    return this.admitted;
  }

  /** The token checked out: who holds the connection (before it is welcomed). */
  identify(identity: RealtimeIdentity): void {
    this.admitted = identity;
  }

  close(notice: ClosingNotice): void {
    this.closer(this, notice);
  }

  /** Other subscriptions of this connection to the same topic. */
  othersOn(topicName: string, except: CableSubscription): CableSubscription[] {
    return [...this.subscriptions.values()].filter(
      (subscription) => subscription !== except && subscription.topic.name === topicName,
    );
  }
}
