import type { ErrorCode } from '../errors.js';
import type { PresenceDiffPayload, PresenceStatePayload } from './presence.js';
import type { LocationPositionInput } from '../location/location.dtos.js';
import type { LocationPositionView } from '../location/location.views.js';

/**
 * Error codes a socket client may see: the system's codes (`forbidden`, `not_found`, `rate_limited`,
 * `service_unavailable`, `invalid_payload`, `unauthenticated`...) and those only sockets have.
 */
export const RealtimeErrorCode = {
  /** Not a topic this server knows (`<kind>:<uuid>` with kind campaign, fight, user, chat or location). */
  InvalidTopic: 'invalid_topic',
  /** An event name the server does not handle. */
  UnknownEvent: 'unknown_event',
  /** The user already holds as many connections as allowed (REALTIME_MAX_CONNECTIONS_PER_USER). */
  TooManyConnections: 'too_many_connections',
  /** The client could not keep up with its events and was dropped (REALTIME_MAX_BUFFERED_BYTES). */
  SlowClient: 'slow_client',
  /** The server is stopping: reconnect (to another replica). */
  ServerShutdown: 'server_shutdown',
} as const;
export type RealtimeErrorCode = ErrorCode | (typeof RealtimeErrorCode)[keyof typeof RealtimeErrorCode];

export interface RealtimeError {
  code: RealtimeErrorCode;
  message: string;
}

/** Every acknowledgement: `{ok: true, ...}` or `{ok: false, error: {code, message}}`. */
export type Ack<T extends object = object> = ({ ok: true } & T) | { ok: false; error: RealtimeError };

export interface TopicPayload {
  topic: string;
}

/**
 * A subscription's acknowledgement carries what the client needs to be current: the owning service's `state` (see
 * TopicAuthorization) and, on topics with presence, who is there (`presence`, as in `presence_state`).
 */
export type SubscribeAck = Ack<{
  topic: string;
  state?: Record<string, unknown>;
  presence?: PresenceStatePayload['presences'];
}>;
export type UnsubscribeAck = Ack<{ topic: string }>;
export type HeartbeatAck = Ack;
export type LocationUpdateAck = Ack<{ position: LocationPositionView }>;

/** Client -> server. Each takes an acknowledgement callback as its last argument. */
export interface ClientToServerEvents {
  subscribe: (payload: TopicPayload, ack: (answer: SubscribeAck) => void) => void;
  unsubscribe: (payload: TopicPayload, ack: (answer: UnsubscribeAck) => void) => void;
  /** Keeps this connection's presence entries alive (the server also refreshes them while it is connected). */
  'presence:heartbeat': (payload: Record<string, never>, ack: (answer: HeartbeatAck) => void) => void;
  /** A location participant's own position, for its token's session (realtime-location stores and announces it). */
  'location:update': (payload: LocationPositionInput, ack: (answer: LocationUpdateAck) => void) => void;
}

/** A service's event on a topic, as the service published it. */
export interface TopicEvent<T = unknown> {
  topic: string;
  data: T;
}

/** Why the server is about to close this connection; `reconnect: false` means a new token is needed first. */
export interface ClosingNotice {
  code: RealtimeErrorCode;
  message: string;
  reconnect: boolean;
}

/** Server -> client. */
export interface ServerToClientEvents {
  event: (message: TopicEvent) => void;
  presence_state: (payload: PresenceStatePayload) => void;
  presence_diff: (payload: PresenceDiffPayload) => void;
  /** A message the server could not take that had no acknowledgement callback to answer (`event` names it). */
  error: (error: RealtimeError & { event?: string }) => void;
  /** Sent right before the server closes the connection. */
  closing: (notice: ClosingNotice) => void;
  /** A subscription the server ended (its owner withdrew the access: a player removed from the campaign). */
  unsubscribed: (notice: UnsubscribedNotice) => void;
}

/** Which subscription ended, and why. */
export interface UnsubscribedNotice {
  topic: string;
  error: RealtimeError;
}

/** The server's data on a refused connection, which socket.io clients read as `connect_error`'s `data`. */
export type ConnectRefusal = RealtimeError;

/** Socket.io event names, spelled once. */
export const ClientEvent = {
  Subscribe: 'subscribe',
  Unsubscribe: 'unsubscribe',
  PresenceHeartbeat: 'presence:heartbeat',
  LocationUpdate: 'location:update',
} as const satisfies Record<string, keyof ClientToServerEvents>;

export const ServerEvent = {
  Event: 'event',
  PresenceState: 'presence_state',
  PresenceDiff: 'presence_diff',
  Error: 'error',
  Closing: 'closing',
  Unsubscribed: 'unsubscribed',
} as const satisfies Record<string, keyof ServerToClientEvents>;
