import { parseTopic, type PresenceDiffPayload } from '@shotcaller/contracts';
import type { TopicFanout } from '../fanout/topic-fanout.js';
import { isPresenceMeta, type RailsPresenceUsers } from './presence.rules.js';

/**
 * What one replica tells every replica about a change of a topic's presence, on the topic's gateway presence
 * subject: the diff, and on `fight:` topics the distinct users after it (the Rails form), read atomically with
 * the change so no replica has to ask Redis again.
 */
export type PresenceBroadcast = PresenceDiffPayload & Partial<RailsPresenceUsers>;

/** Where changes go: every replica, through the topic fan-out's presence subject. */
export interface PresencePublisher {
  publish(broadcast: PresenceBroadcast): Promise<void>;
}

/** Publishes on the topic's presence subject (`gateway.presence.<kind>.<id>`) with TopicFanout. */
export class FanoutPresencePublisher implements PresencePublisher {
  constructor(private readonly fanout: Pick<TopicFanout, 'publishPresence'>) {}

  publish(broadcast: PresenceBroadcast): Promise<void> {
    const topic = parseTopic(broadcast.topic);
    if (!topic) return Promise.reject(new Error(`Not a topic: ${broadcast.topic}`));
    return this.fanout.publishPresence(topic, broadcast);
  }
}

/** The `presence_diff` clients get: the diff alone, without what replicas add for each other. */
export function clientPresenceDiff(change: PresenceDiffPayload): PresenceDiffPayload {
  return { topic: change.topic, joins: change.joins, leaves: change.leaves };
}

/**
 * The Rails form a change carries (fight topics): `{users: [...]}`, to send as `event {topic, data}` on socket.io
 * and as a cable message. Undefined for topics without it, or when what arrived is not a list of users.
 */
export function railsUsersOfChange(change: PresenceDiffPayload): RailsPresenceUsers | undefined {
  const users = (change as PresenceBroadcast).users;
  if (!Array.isArray(users) || !users.every(isPresenceMeta)) return undefined;
  return { users };
}
