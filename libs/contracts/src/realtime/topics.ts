import { RealtimeSubjects, Subjects, type RealtimeSubject } from '../subjects.js';
import type { BackendServiceName } from '../services.js';

/** The kinds of realtime topic a client may subscribe to (`<kind>:<uuid>`). */
export const TopicKind = {
  Campaign: 'campaign',
  Fight: 'fight',
  User: 'user',
  Chat: 'chat',
  Location: 'location',
} as const;
export type TopicKind = (typeof TopicKind)[keyof typeof TopicKind];

/** The services that decide who may follow a topic, and so answer `<service>.topics.authorize`. */
export type TopicOwner = Extract<BackendServiceName, 'campaign' | 'chat' | 'realtime-location'>;

/** The owner of each kind of topic. */
export const TOPIC_OWNERS: Record<TopicKind, TopicOwner> = {
  campaign: 'campaign',
  fight: 'campaign',
  user: 'campaign',
  chat: 'chat',
  location: 'realtime-location',
};

/** The request subject each owner answers to authorize a subscription (`{topic}` with the actor). */
export const TopicAuthorizeSubjects = {
  campaign: Subjects.campaign.topics.authorize,
  chat: Subjects.chat.topics.authorize,
  'realtime-location': Subjects.location.topics.authorize,
} as const satisfies Record<TopicOwner, string>;
export type TopicAuthorizeSubject = (typeof TopicAuthorizeSubjects)[TopicOwner];

/** A parsed topic: its canonical name (lowercase id), its kind and id, and where its events travel. */
export interface Topic {
  /** `<kind>:<id>` with the id in lowercase: the one spelling used for rooms, caches and presence keys. */
  readonly name: string;
  readonly kind: TopicKind;
  readonly id: string;
  /** The logical NATS subject its events are published on (`rt.<kind>.<id>`, chat: `rt.chat.channel.<id>`). */
  readonly subject: RealtimeSubject;
  /** The logical NATS subject its presence changes travel on between gateway replicas. */
  readonly presenceSubject: string;
  readonly owner: TopicOwner;
}

/** Longest topic text worth parsing: `location:` + a uuid is 45 characters. */
export const MAX_TOPIC_LENGTH = 64;
const TOPIC =
  /^(campaign|fight|user|chat|location):([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;
/** What a valid topic looks like, for validators (`AuthorizeTopicPayload`). */
export const TOPIC_PATTERN = TOPIC;

const SUBJECT_OF: Record<TopicKind, (id: string) => RealtimeSubject> = {
  campaign: RealtimeSubjects.campaign,
  fight: RealtimeSubjects.fight,
  user: RealtimeSubjects.user,
  chat: RealtimeSubjects.chatChannel,
  location: RealtimeSubjects.location,
};

/** The topic a client named, or null for anything else (unknown kind, not a uuid, not a string). */
export function parseTopic(text: unknown): Topic | null {
  if (typeof text !== 'string' || text.length > MAX_TOPIC_LENGTH) return null;
  const match = TOPIC.exec(text);
  if (!match) return null;
  const kind = match[1].toLowerCase() as TopicKind;
  const id = match[2].toLowerCase();
  return {
    name: `${kind}:${id}`,
    kind,
    id,
    subject: SUBJECT_OF[kind](id),
    presenceSubject: GatewaySubjects.presence(kind, id),
    owner: TOPIC_OWNERS[kind],
  };
}

/**
 * Subjects only gateway replicas publish and read: presence changes of a topic, so every replica with members of
 * it tells its own clients. Kept apart from `Subjects` (the services' requests and events).
 */
export const GatewaySubjects = {
  presence: (kind: TopicKind, id: string): string => `gateway.presence.${kind}.${id}`,
} as const;

/** NATS header a publisher of realtime fan-out sets: when it published (epoch ms), for the fan-out latency. */
export const REALTIME_PUBLISHED_AT_HEADER = 'x-published-at';

/**
 * NATS header of a realtime event its own actor should not receive (a participant's position goes to every
 * other participant): the actor's key, `<kind>:<id>` as `realtimeActorKey` makes it.
 */
export const REALTIME_EXCEPT_ACTOR_HEADER = 'x-except-actor';

/** Who holds a realtime connection, as one string: `user:<id>` or `participant:<id>`. */
export function realtimeActorKey(kind: 'user' | 'participant', id: string): string {
  return `${kind}:${id}`;
}
