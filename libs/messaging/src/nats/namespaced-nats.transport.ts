import { ClientNats, ServerNats, type NatsOptions } from '@nestjs/microservices';
import {
  headers as natsHeaders,
  type Msg,
  type NatsConnection,
  type Subscription,
} from '@nats-io/transport-node';
import { NatsHeader, natsSubject } from '@shotcaller/contracts';
import type { InFlightRequests } from '../rpc/in-flight.js';
import type { RpcHandlerExtras } from '../rpc/rpc-handler.js';
import { JsonText, ReplySerializer, RequestDeserializer } from '../rpc/wire.js';
import { PublishBatch } from './publish-batch.js';

export type NatsConnectionOptions = Required<NatsOptions>['options'];

/**
 * Nest's NATS server, subscribing each handler's logical subject inside the environment's namespace
 * (`NATS_SUBJECT_PREFIX`), on the service's queue group. On close it stops taking messages, lets the ones
 * being handled finish (up to a deadline), then disconnects.
 */
export class NamespacedNatsServer extends ServerNats {
  private readonly ownSubscriptions: Subscription[] = [];
  private readonly replies = new PublishBatch();
  private closing: Promise<void> | undefined;

  constructor(
    private readonly namespace: string,
    private readonly inFlight: InFlightRequests,
    private readonly drainTimeoutMs: number,
    options: NatsConnectionOptions,
  ) {
    super({
      ...options,
      gracefulShutdown: false,
      serializer: new ReplySerializer(),
      deserializer: new RequestDeserializer(),
    });
  }

  override bindEvents(client: NatsConnection): void {
    const options = (this as unknown as { options: NatsConnectionOptions }).options;
    const defaultQueue = this.getOptionsProp(options, 'queue');
    for (const [pattern, handler] of this.messageHandlers) {
      const extras = handler.extras as (Partial<RpcHandlerExtras> & { queue?: string }) | undefined;
      // Validation and the actor check hang on the contract: a handler declared without one would skip them.
      if (!extras?.contract)
        throw new Error(`The NATS handler of ${pattern} is not declared with @RpcHandler`);
      const subscription = client.subscribe(natsSubject(pattern, this.namespace), {
        queue: extras?.queue ?? defaultQueue,
        callback: this.getMessageHandler(pattern).bind(this) as (err: Error | null, msg: unknown) => void,
      });
      this.ownSubscriptions.push(subscription);
    }
  }

  /**
   * Drains: the server stops routing new messages here, every message already routed is still handled and
   * answered (up to the deadline), the last replies are flushed, then the connection closes. Safe to call twice:
   * shutdown drains early (before the HTTP side closes) and Nest closes the server again later.
   */
  override close(): Promise<void> {
    this.closing ??= this.drainAndClose();
    return this.closing;
  }

  private async drainAndClose(): Promise<void> {
    await Promise.all(
      this.ownSubscriptions.splice(0).map((subscription) => subscription.drain().catch(() => undefined)),
    );
    await this.inFlight.settled(this.drainTimeoutMs);
    // Answers wait for the end of the turn (PublishBatch): let the last ones go out before the flush.
    await new Promise((resolve) => setImmediate(resolve));
    // Replies are buffered by the client: send the last ones before the connection goes.
    await this.connection()
      ?.flush()
      .catch(() => undefined);
    await super.close();
  }

  /**
   * A handler is found by its subject as it is. Nest's lookup first reads the subject as JSON (patterns may be
   * objects in other transports), which throws, with a stack trace, for every message: about 50 µs of each
   * request (seen in `--cpu-prof`).
   */
  override getRouteFromPattern(pattern: string): string {
    return this.normalizePattern(pattern);
  }

  /**
   * Answers go out in one write per turn of the event loop, with the other answers of that turn. A tagged answer
   * (JsonText.tagged) carries its tag; when the request named that very tag, the body is left out (the caller
   * holds it) and the answer says so.
   */
  override getPublisher(message: Msg, id: string): (response: object) => void {
    if (!message.reply) return () => undefined;
    return (packet: { response?: unknown; err?: unknown }) => {
      const answer = packet.err === undefined ? packet.response : undefined;
      const tag = answer instanceof JsonText ? answer.tag : undefined;
      let data: string;
      let options: { headers: ReturnType<typeof natsHeaders> } | undefined;
      if (tag === undefined) {
        data = (this.serializer.serialize({ ...packet, id }) as { data: string }).data;
      } else {
        const unchanged = message.headers?.get(NatsHeader.IfAnswerTag) === tag;
        data = (
          this.serializer.serialize({ ...packet, id, response: unchanged ? null : answer }) as {
            data: string;
          }
        ).data;
        options = { headers: natsHeaders() };
        options.headers.set(NatsHeader.AnswerTag, tag);
        if (unchanged) options.headers.set(NatsHeader.AnswerUnchanged, '1');
      }
      this.replies.add(
        () => message.respond(data, options),
        (error) => this.logger.error(`Could not answer on ${message.subject}: ${error.message}`),
      );
    };
  }

  /** The live connection, or undefined before listen() and after close(). */
  connection(): NatsConnection | undefined {
    try {
      return this.unwrap<NatsConnection>();
    } catch {
      return undefined;
    }
  }
}

/**
 * The process's NATS connection for requests, events and subscriptions (Nest's NATS client for its connection
 * handling; requests go through ServiceClient, on the connection's shared reply subscription).
 */
export class NamespacedNatsClient extends ClientNats {
  constructor(
    private readonly namespace: string,
    options: NatsConnectionOptions,
  ) {
    super(options);
  }

  protected override normalizePattern(pattern: Parameters<ClientNats['normalizePattern']>[0]): string {
    return natsSubject(super.normalizePattern(pattern), this.namespace);
  }

  /** The live connection, or undefined while not connected. */
  connection(): NatsConnection | undefined {
    return (this.natsClient as NatsConnection | null) ?? undefined;
  }

  /**
   * Follows the events of a logical subject (in this client's namespace, on `queue` when given): each message's
   * JSON goes to `handle`, or undefined when it is not JSON (handlers check what they get, as from any sender);
   * a subscription error goes to `onError`. Resolves once the server has the subscription, so nothing published
   * afterwards is missed.
   */
  async listen(
    subject: string,
    handle: (event: unknown) => void,
    options: { queue?: string; onError?: (error: Error) => void } = {},
  ): Promise<Subscription> {
    const connection = this.connection() ?? (await this.connect());
    const subscription = connection.subscribe(natsSubject(subject, this.namespace), {
      ...(options.queue === undefined ? {} : { queue: options.queue }),
      callback: (error: Error | null, message: Msg) => {
        if (error) {
          options.onError?.(error);
          return;
        }
        let event: unknown;
        try {
          event = message.json();
        } catch {
          event = undefined;
        }
        handle(event);
      },
    });
    await connection.flush();
    return subscription;
  }

  /**
   * Calls `listener` each time the connection is back after it was lost: events published meanwhile (to plain,
   * not JetStream, subscriptions) were missed. Answers a function that stops it.
   */
  afterOutage(listener: () => void): () => void {
    // The status replays the current one first; only a return to "connected" after a loss means a gap.
    let lost = false;
    const statuses = this.status.subscribe((status: string) => {
      if (status !== 'connected') {
        lost = true;
      } else if (lost) {
        lost = false;
        listener();
      }
    });
    return () => statuses.unsubscribe();
  }
}
