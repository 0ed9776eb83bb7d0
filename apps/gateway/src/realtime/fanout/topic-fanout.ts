import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { Msg, NatsConnection, Subscription } from '@nats-io/transport-node';
import {
  ErrorCode,
  natsSubject,
  ServiceError,
  REALTIME_EXCEPT_ACTOR_HEADER,
  REALTIME_PUBLISHED_AT_HEADER,
  type PresenceDiffPayload,
  type Topic,
} from '@shotcaller/contracts';
import { MESSAGING_OPTIONS, NamespacedNatsClient, type MessagingOptions } from '@shotcaller/messaging';
import { RealtimeMetrics } from '../realtime.metrics.js';
import { isPresenceDiff, readPublishedAt } from './fanout.rules.js';

/**
 * One topic event as it arrived: the publisher's JSON untouched, when it was published if it said, and the actor
 * (`realtimeActorKey`) whose own sockets it skips, if any.
 */
export interface FanoutMessage {
  json: string;
  publishedAt?: number;
  exceptActor?: string;
}

/**
 * Where a transport receives the events of the topics its members follow. Called synchronously, in arrival
 * order, for every topic this replica retains (a sink skips topics it has no members of).
 */
export interface TopicSink {
  deliver(topic: string, message: FanoutMessage): void;
  /** A presence change of the topic, from any replica (this one included). */
  presence?(topic: string, diff: PresenceDiffPayload): void;
}

interface Followed {
  /** The topic as this replica keeps it: one object (and one set of strings) shared by all its members. */
  topic: Topic;
  members: number;
  subscriptions: Subscription[];
  /** Settles once NATS has the subscriptions: events published after that reach this replica. */
  ready: Promise<void>;
}

/**
 * Reference-counted NATS subscriptions for realtime topics: this replica follows `rt.<topic>` (and the topic's
 * presence subject) only while it has local members, whatever their transport, and hands every message to every
 * registered sink. NATS keeps one subscription's messages in publish order, and sinks are called synchronously,
 * so each topic's events reach clients in the order the service published them.
 */
@Injectable()
export class TopicFanout implements OnApplicationShutdown {
  private readonly logger = new Logger(TopicFanout.name);
  private readonly followed = new Map<string, Followed>();
  private readonly sinks: TopicSink[] = [];

  constructor(
    private readonly nats: NamespacedNatsClient,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    private readonly metrics: RealtimeMetrics,
  ) {}

  /** Registers a transport's sink; answers a function that removes it. */
  registerSink(sink: TopicSink): () => void {
    this.sinks.push(sink);
    return () => {
      const index = this.sinks.indexOf(sink);
      if (index >= 0) this.sinks.splice(index, 1);
    };
  }

  /**
   * One more local member of `topic`. The first subscribes on NATS; resolves once the subscription is in place,
   * so an acknowledgement sent after it promises every event published afterwards, with the topic as kept here
   * (members hold that one rather than a copy each).
   */
  async retain(topic: Topic): Promise<Topic> {
    let entry = this.followed.get(topic.name);
    if (entry) {
      entry.members += 1;
    } else {
      entry = { topic, members: 1, subscriptions: [], ready: Promise.resolve() };
      this.followed.set(topic.name, entry);
      this.metrics.topics.set(this.followed.size);
      entry.ready = this.follow(topic, entry);
    }
    try {
      await entry.ready;
    } catch (error) {
      this.release(topic);
      throw error;
    }
    return entry.topic;
  }

  /** One local member of `topic` fewer; the last one unsubscribes. */
  release(topic: Topic): void {
    const entry = this.followed.get(topic.name);
    if (!entry) return;
    entry.members -= 1;
    if (entry.members > 0) return;
    this.followed.delete(topic.name);
    this.metrics.topics.set(this.followed.size);
    for (const subscription of entry.subscriptions) subscription.unsubscribe();
  }

  /** Whether this replica follows the topic (has local members). */
  follows(topicName: string): boolean {
    return this.followed.has(topicName);
  }

  /** How many local members follow the topic. */
  members(topicName: string): number {
    return this.followed.get(topicName)?.members ?? 0;
  }

  /** Tells every replica following `topic` (this one too) about a presence change. */
  async publishPresence(topic: Topic, diff: PresenceDiffPayload): Promise<void> {
    const connection = await this.connection();
    connection.publish(natsSubject(topic.presenceSubject, this.options.subjectPrefix), JSON.stringify(diff));
  }

  onApplicationShutdown(): void {
    for (const entry of this.followed.values()) {
      for (const subscription of entry.subscriptions) subscription.unsubscribe();
    }
    this.followed.clear();
  }

  private async follow(topic: Topic, entry: Followed): Promise<void> {
    const connection = await this.connection();
    // Released while connecting: nothing to follow any more.
    if (this.followed.get(topic.name) !== entry) return;
    const prefix = this.options.subjectPrefix;
    entry.subscriptions.push(
      connection.subscribe(natsSubject(topic.subject, prefix), {
        callback: (error, message) => {
          if (error) {
            this.logger.warn({ err: error, topic: topic.name }, 'A topic subscription failed');
            return;
          }
          this.deliver(topic.name, message);
        },
      }),
      connection.subscribe(natsSubject(topic.presenceSubject, prefix), {
        callback: (error, message) => {
          if (error) return;
          this.deliverPresence(topic.name, message);
        },
      }),
    );
    await connection.flush();
  }

  private deliver(topicName: string, message: Msg): void {
    const fanoutMessage: FanoutMessage = {
      json: message.string(),
      publishedAt: readPublishedAt(message.headers?.get(REALTIME_PUBLISHED_AT_HEADER)),
      exceptActor: message.headers?.get(REALTIME_EXCEPT_ACTOR_HEADER) || undefined,
    };
    for (const sink of this.sinks) {
      try {
        sink.deliver(topicName, fanoutMessage);
      } catch (error) {
        this.logger.error({ err: error, topic: topicName }, 'A realtime sink failed to deliver an event');
      }
    }
  }

  private deliverPresence(topicName: string, message: Msg): void {
    let diff: unknown;
    try {
      diff = message.json();
    } catch {
      diff = undefined;
    }
    if (!isPresenceDiff(diff, topicName)) {
      this.logger.warn({ topic: topicName }, 'Ignored a malformed presence change');
      return;
    }
    for (const sink of this.sinks) {
      try {
        sink.presence?.(topicName, diff);
      } catch (error) {
        this.logger.error({ err: error, topic: topicName }, 'A realtime sink failed to deliver presence');
      }
    }
  }

  private async connection(): Promise<NatsConnection> {
    try {
      return this.nats.connection() ?? (await this.nats.connect());
    } catch {
      throw new ServiceError(ErrorCode.ServiceUnavailable, 'The message bus is unreachable');
    }
  }
}
