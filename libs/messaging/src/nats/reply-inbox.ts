import { createInbox, type Msg, type MsgHdrs, type NatsConnection } from '@nats-io/transport-node';
import { PublishBatch } from './publish-batch.js';

/** Nobody subscribes to the subject a request was sent to: the service is down or not deployed. */
export class NoResponders extends Error {
  constructor(readonly subject: string) {
    super(`no responders on ${subject}`);
    this.name = 'NoResponders';
  }
}

/** No answer within the request's deadline. */
export class AnswerTimedOut extends Error {
  constructor() {
    super('no answer in time');
    this.name = 'AnswerTimedOut';
  }
}

/** The connection closed while the request waited. */
export class ConnectionClosed extends Error {
  constructor() {
    super('connection closed');
    this.name = 'ConnectionClosed';
  }
}

interface Waiting {
  subject: string;
  resolve: (message: Msg) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * Requests over one wildcard reply subscription per connection, answers matched by the last token of their reply
 * subject. The client library's own request path does the same, but builds an Error (with a stack trace) for every
 * request it settles; on the hot path that was a measurable share of the gateway's CPU.
 */
export class ReplyInbox {
  private readonly waiting = new Map<string, Waiting>();
  private readonly base: string;
  private readonly batch = new PublishBatch();
  private sequence = 0;

  constructor(
    readonly connection: NatsConnection,
    inboxPrefix: string,
  ) {
    this.base = `${createInbox(inboxPrefix)}.`;
    connection.subscribe(`${this.base}*`, { callback: (_error, message) => this.settle(message) });
    void connection.closed().then(() => this.abandonAll());
  }

  request(subject: string, body: string, headers: MsgHdrs, timeoutMs: number): Promise<Msg> {
    const token = (this.sequence = (this.sequence + 1) % Number.MAX_SAFE_INTEGER).toString(36);
    return new Promise<Msg>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(token);
        reject(new AnswerTimedOut());
      }, timeoutMs);
      this.waiting.set(token, { subject, resolve, reject, timer });
      this.batch.add(
        () => this.connection.publish(subject, body, { reply: `${this.base}${token}`, headers }),
        (error) => {
          clearTimeout(timer);
          this.waiting.delete(token);
          reject(error);
        },
      );
    });
  }

  private settle(message: Msg | undefined): void {
    if (!message) return;
    const token = message.subject.slice(this.base.length);
    const waiting = this.waiting.get(token);
    if (!waiting) return;
    this.waiting.delete(token);
    clearTimeout(waiting.timer);
    // The server answers a request nobody subscribes to with an empty 503 status message.
    if (message.data.length === 0 && message.headers?.code === 503) {
      waiting.reject(new NoResponders(waiting.subject));
    } else {
      waiting.resolve(message);
    }
  }

  private abandonAll(): void {
    for (const [token, waiting] of this.waiting) {
      clearTimeout(waiting.timer);
      this.waiting.delete(token);
      waiting.reject(new ConnectionClosed());
    }
  }
}
