import type { PresenceMeta } from './topic-authorization.js';

/** One connection present in a topic: the actor's meta plus the connection and when it joined (epoch ms). */
export type PresenceEntryMeta = PresenceMeta & { connection_id: string; online_at: number };

/** Those present, by key (user or participant id), each with one meta per connection (Phoenix's shape). */
export type Presences = Record<string, { metas: PresenceEntryMeta[] }>;

/** Sent to a subscriber of a presence topic right after it joins: everyone there. */
export interface PresenceStatePayload {
  topic: string;
  presences: Presences;
}

/** Sent on every change: connections that joined and that left. Also what replicas publish to each other. */
export interface PresenceDiffPayload {
  topic: string;
  joins: Presences;
  leaves: Presences;
}
