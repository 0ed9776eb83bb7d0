import type { Socket } from 'socket.io';
import type {
  ClientToServerEvents,
  ServerToClientEvents,
  Topic,
  TopicAuthorization,
} from '@shotcaller/contracts';
import type { RealtimeIdentity } from '../connections/identity.js';
import type { SocketSession } from './socket-session.js';

/** What the gateway keeps on each socket.io socket. */
export interface SocketData {
  /** The connection id (presence entries, connection slots): one per socket. */
  connectionId: string;
  identity: RealtimeIdentity;
  /** The gateway's own state of the socket (subscriptions, rate budgets). */
  session: SocketSession;
}

export type RealtimeSocket = Socket<ClientToServerEvents, ServerToClientEvents, object, SocketData>;

/**
 * Features that follow socket.io subscriptions (presence): told when a subscription is made, before its
 * acknowledgement goes out (what they answer is added to it: presence adds `presence`), and when it ends
 * (unsubscribe or disconnect). Errors they throw are logged, never sent to the client.
 */
export interface SocketTopicListener {
  joined?(
    socket: RealtimeSocket,
    topic: Topic,
    authorization: TopicAuthorization,
  ): void | object | Promise<void | object>;
  left?(socket: RealtimeSocket, topic: Topic): void | Promise<void>;
  /** The socket is gone (after `left` for each of its topics). */
  disconnected?(socket: RealtimeSocket): void | Promise<void>;
}

/**
 * A socket command a feature adds (`presence:heartbeat`, later `chat:send`, `location:update`...): it gets the
 * payload as sent (validate it) and answers the acknowledgement's fields, or throws a ServiceError /
 * RealtimeFailure that the client receives as `{ok: false, error}`. Rate limits are applied before it runs.
 */
export type SocketCommand = (
  socket: RealtimeSocket,
  payload: unknown,
) => Promise<object | void> | object | void;
