import { Injectable, type OnModuleInit } from '@nestjs/common';
import {
  ClientEvent,
  ErrorCode,
  ServerEvent,
  ServiceError,
  type PresenceStatePayload,
  type Topic,
  type TopicAuthorization,
} from '@shotcaller/contracts';
import { realtimeErrorOf } from '../connections/realtime-failure.js';
import type { RealtimeSocket, SocketTopicListener } from '../socketio/socket-listeners.js';
import { SocketIoServer } from '../socketio/socketio.server.js';
import { PresenceService } from './presence.service.js';

/**
 * Presence for socket.io: a subscription whose authorization has `presence` joins (after its acknowledgement),
 * and the subscriber gets `presence_state`; an unsubscribe or a disconnect leaves. `presence:heartbeat` refreshes
 * the socket's entries at once. The diffs (and the Rails `{users}` form of fights) reach sockets through the
 * topic fan-out's presence sink of SocketIoServer.
 */
@Injectable()
export class SocketIoPresence implements SocketTopicListener, OnModuleInit {
  constructor(
    private readonly sockets: SocketIoServer,
    private readonly presence: PresenceService,
  ) {}

  onModuleInit(): void {
    this.sockets.addListener(this);
    this.sockets.addCommand(ClientEvent.PresenceHeartbeat, (socket, payload) =>
      this.heartbeat(socket, payload),
    );
  }

  /** Joins the topic's presence; the acknowledgement carries the presences (`presence`), as `presence_state` does. */
  async joined(
    socket: RealtimeSocket,
    topic: Topic,
    authorization: TopicAuthorization,
  ): Promise<{ presence: PresenceStatePayload['presences'] } | undefined> {
    const meta = authorization.presence;
    if (!meta) return undefined;
    try {
      const joined = await this.presence.join(topic.name, {
        connectionId: socket.data.connectionId,
        key: meta.id,
        meta,
      });
      socket.emit(ServerEvent.PresenceState, joined.state);
      // A join announces the users to the whole topic; a repeated subscribe changed nothing, so only it is told.
      if (!joined.changed && joined.users)
        socket.emit(ServerEvent.Event, { topic: topic.name, data: joined.users });
      return { presence: joined.state.presences };
    } catch (error) {
      // The subscription stands (its events still arrive); the client learns it is not shown as present.
      socket.emit(ServerEvent.Error, { ...realtimeErrorOf(error), event: ClientEvent.Subscribe });
      return undefined;
    }
  }

  left(socket: RealtimeSocket, topic: Topic): Promise<void> {
    return this.presence.leave(topic.name, socket.data.connectionId);
  }

  disconnected(socket: RealtimeSocket): Promise<void> {
    return this.presence.leaveConnection(socket.data.connectionId);
  }

  private async heartbeat(socket: RealtimeSocket, payload: unknown): Promise<void> {
    const empty =
      payload === undefined ||
      (typeof payload === 'object' &&
        payload !== null &&
        !Array.isArray(payload) &&
        Object.keys(payload).length === 0);
    if (!empty) {
      throw new ServiceError(ErrorCode.InvalidPayload, 'presence:heartbeat takes no fields');
    }
    await this.presence.heartbeat(socket.data.connectionId);
  }
}
