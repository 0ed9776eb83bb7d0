import { randomUUID } from 'node:crypto';
import type { Server as HttpServer } from 'node:http';
import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { Server, type ExtendedError } from 'socket.io';
import {
  ClientEvent,
  ErrorCode,
  RealtimeErrorCode,
  ServerEvent,
  type ClientToServerEvents,
  type ClosingNotice,
  type PresenceDiffPayload,
  type RealtimeError,
  type ServerToClientEvents,
  ServiceError,
  type Topic,
  type TopicAuthorization,
} from '@shotcaller/contracts';
import { CommandLimits, type ConnectionLimits } from '../connections/command-limits.js';
import { ConnectionRegistry } from '../connections/connection-registry.js';
import { hasIdentityKey } from '../connections/identity.js';
import { handshakeToken } from '../connections/handshake.rules.js';
import { RealtimeAuthenticator } from '../connections/realtime-authenticator.js';
import { realtimeErrorOf, RealtimeFailure } from '../connections/realtime-failure.js';
import { TopicFanout, type FanoutMessage, type TopicSink } from '../fanout/topic-fanout.js';
import { RealtimeMetrics, type RealtimeTransport } from '../realtime.metrics.js';
import { REALTIME_OPTIONS, type RealtimeOptions } from '../realtime.options.js';
import { TopicAccess, type CampaignAccessEnded } from '../topics/topic-access.js';
import { followsCampaign } from '../topics/topic-access.rules.js';
import { clientPresenceDiff, railsUsersOfChange } from '../presence/presence.publisher.js';
import { backlogBytes, terminateWebSocket } from './socket-backlog.js';
import type { RealtimeSocket, SocketCommand, SocketData, SocketTopicListener } from './socket-listeners.js';
import { splitAck, topicOfPayload } from './socket-payload.rules.js';
import { SocketSession, type SocketSubscription } from './socket-session.js';
import { releaseUpgradeRequests } from './upgrade-requests.js';
import { answeringParser, MALFORMED_PACKET_EVENT } from './malformed-packets.js';

export const SOCKET_IO_PATH = '/socket.io';
/** Subscriptions one socket may hold: a page follows a handful; this bounds what one socket can make us follow. */
export const MAX_SUBSCRIPTIONS_PER_SOCKET = 100;
/** The rate-limit group of subscribe, unsubscribe and presence:heartbeat, and of events no command answers. */
export const COMMANDS_GROUP = 'commands';
/** How events no command answers are counted in the limits (no command has this name: it has a space). */
const UNKNOWN_EVENT = 'unknown event';

const SHUTDOWN: ClosingNotice = {
  code: RealtimeErrorCode.ServerShutdown,
  message: 'This server is stopping; reconnect',
  reconnect: true,
};

type Ack = (answer: unknown) => void;

/** Sockets an event reaches, by transport. */
type Receivers = Partial<Record<RealtimeTransport, number>>;

/** What the gateway keeps of an engine.io connection, whatever socket is open on it. */
interface EngineState {
  /**
   * The connection's rate budgets: kept with it rather than its socket, so a client that closes its socket and
   * opens another on the same connection starts with what it had left.
   */
  readonly limits: ConnectionLimits;
  /** Its socket's session (one socket per connection), until the socket or the connection ends. */
  session?: SocketSession;
  /** Closes the connection once its socket has left, unless another comes. */
  socketless?: NodeJS.Timeout;
}

/** Answers of a topic's owner that say no (rather than "cannot say now"). */
const REFUSALS = new Set<string>([ErrorCode.Forbidden, ErrorCode.NotFound, ErrorCode.Unauthenticated]);

/** How long a stop waits for clients to take their closing notice before their connections are cut. */
const SHUTDOWN_NOTICE_WAIT_MS = 2000;

/**
 * socket.io on the gateway's HTTP server (path /socket.io; websocket and polling), attached in a provider rather
 * than through Nest's websockets layer so its engine options (message size, upgrades left to /cable), the
 * handshake and shutdown are in one place. Every connection is authenticated at the handshake (refusals reach
 * the client as `connect_error` with `{code, message}` data), capped and watched by the ConnectionRegistry, and
 * follows topics through TopicAccess (who may) and TopicFanout (what arrives).
 */
@Injectable()
export class SocketIoServer
  implements TopicSink, OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown
{
  private readonly logger = new Logger(SocketIoServer.name);
  private io: Server<ClientToServerEvents, ServerToClientEvents, object, SocketData> | undefined;
  /** Each engine.io connection's state, from its first socket's handshake. */
  private readonly engines = new WeakMap<object, EngineState>();
  // One listener of each kind serves every socket (`this` is the socket, or its engine.io connection), so an idle
  // connection holds no closures of its own.
  private readonly onSocketEvent: (this: RealtimeSocket, event: unknown, ...args: unknown[]) => void;
  private readonly onSocketDisconnect: (this: RealtimeSocket) => void;
  private readonly onEngineClose: (this: object) => void;
  private readonly closeSocket = (socket: RealtimeSocket, notice: ClosingNotice) =>
    this.close(socket, notice);
  private readonly listeners: SocketTopicListener[] = [];
  private readonly commands = new Map<string, SocketCommand>();
  private readonly limits: CommandLimits;
  private unregisterSink: (() => void) | undefined;
  private unregisterAccessEnded: (() => void) | undefined;
  private stopping = false;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly authenticator: RealtimeAuthenticator,
    private readonly registry: ConnectionRegistry,
    private readonly access: TopicAccess,
    private readonly fanout: TopicFanout,
    private readonly metrics: RealtimeMetrics,
    @Inject(REALTIME_OPTIONS) private readonly options: RealtimeOptions,
  ) {
    this.limits = new CommandLimits().limit(
      COMMANDS_GROUP,
      { perSecond: options.commandRatePerSecond, burst: options.commandBurst },
      [ClientEvent.Subscribe, ClientEvent.Unsubscribe, ClientEvent.PresenceHeartbeat, UNKNOWN_EVENT],
    );
    // Answered here while no feature claims it: the connection is alive.
    this.commands.set(ClientEvent.PresenceHeartbeat, () => undefined);
    const received = (socket: RealtimeSocket, event: unknown, args: unknown[]) =>
      this.received(socket, event, args);
    const disconnected = (socket: RealtimeSocket) => this.disconnected(socket);
    const engineClosed = (engine: object) => this.engineClosed(engine);
    this.onSocketEvent = function (this: RealtimeSocket, event: unknown, ...args: unknown[]) {
      received(this, event, args);
    };
    this.onSocketDisconnect = function (this: RealtimeSocket) {
      disconnected(this);
    };
    this.onEngineClose = function (this: object) {
      engineClosed(this);
    };
  }

  /** Follows subscriptions (presence joins and leaves). */
  addListener(listener: SocketTopicListener): void {
    this.listeners.push(listener);
  }

  /**
   * Adds (or replaces) a socket command. `limit`, when given, rate-limits it per socket with its own budget
   * (`chat:send`, `location:update`...); without it, a command named in an existing group keeps that group's.
   */
  addCommand(event: string, command: SocketCommand, limit?: { perSecond: number; burst: number }): void {
    this.commands.set(event, command);
    if (limit) this.limits.limit(event, limit, [event]);
  }

  /** The socket.io server (tests, and features that emit to rooms themselves). */
  get server(): Server<ClientToServerEvents, ServerToClientEvents, object, SocketData> | undefined {
    return this.io;
  }

  onApplicationBootstrap(): void {
    const httpServer = this.adapterHost.httpAdapter?.getHttpServer() as HttpServer | undefined;
    if (!httpServer) return;
    this.io = new Server<ClientToServerEvents, ServerToClientEvents, object, SocketData>(httpServer, {
      path: SOCKET_IO_PATH,
      transports: ['polling', 'websocket'],
      serveClient: false,
      maxHttpBufferSize: this.options.maxMessageBytes,
      parser: answeringParser,
      // A connection that opens no socket is closed after this (socket.io's own timer).
      connectTimeout: this.options.connectTimeoutMs,
      // Upgrades of other paths (/cable) are left to their own handler instead of being destroyed.
      destroyUpgrade: false,
      allowRequest: (_request, callback) => callback(null, !this.stopping),
      cors: { origin: this.options.corsOrigins, credentials: true },
    });
    releaseUpgradeRequests(this.io);
    this.io.use((socket, next) => void this.handshake(socket, next));
    this.io.on('connection', (socket) => this.connected(socket));
    this.unregisterSink = this.fanout.registerSink(this);
    this.unregisterAccessEnded = this.access.onCampaignAccessEnded((ended) =>
      this.campaignAccessEnded(ended),
    );
    this.metrics.countConnections(() => this.countByTransport(() => 1));
    this.metrics.countSubscriptions(() =>
      this.countByTransport((socket) => socket.data.session?.subscriptions.size ?? 0),
    );
  }

  /**
   * Graceful stop: no new connections; every client is told to reconnect elsewhere, then its transport closes
   * (once the notice is written). Waits for that, a bounded while, before the HTTP server goes.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    const closing = [...(this.io?.sockets.sockets.values() ?? [])].map(
      (socket) => new Promise<void>((resolve) => socket.conn.once('close', () => resolve())),
    );
    this.registry.closeAll(SHUTDOWN);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(closing),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, SHUTDOWN_NOTICE_WAIT_MS);
      }),
    ]);
    clearTimeout(timer);
  }

  onApplicationShutdown(): void {
    this.unregisterSink?.();
    this.unregisterAccessEnded?.();
    // What did not close by itself (a client gone silent) is closed now; the HTTP server is Nest's to close.
    this.io?.engine.close();
  }

  // --- TopicSink ----------------------------------------------------------------------------------------------

  deliver(topicName: string, message: FanoutMessage): void {
    const io = this.io;
    const room = io?.sockets.adapter.rooms.get(topicName);
    if (!io || !room || room.size === 0) return;
    let data: unknown;
    try {
      data = JSON.parse(message.json);
    } catch {
      this.metrics.droppedFor('websocket', 'unreadable');
      this.logger.warn({ topic: topicName }, 'Dropped a topic event that is not JSON');
      return;
    }
    const skipped: string[] = [];
    const receivers = this.receiversIn(room, skipped, message.exceptActor);
    // One packet, encoded once, written to every socket of the room (a socket in it twice is there once) but
    // the skipped (each socket is also in the room of its own id).
    io.to(topicName).except(skipped).emit(ServerEvent.Event, { topic: topicName, data });
    this.countEmitted(receivers, message.publishedAt);
  }

  presence(topicName: string, diff: PresenceDiffPayload): void {
    const receivers = this.receiversIn(this.io?.sockets.adapter.rooms.get(topicName) ?? [], []);
    this.io?.to(topicName).emit(ServerEvent.PresenceDiff, clientPresenceDiff(diff));
    // Fight topics: who is there after the change, in the Rails-era form, as a topic event.
    const users = railsUsersOfChange(diff);
    if (users) {
      this.io?.to(topicName).emit(ServerEvent.Event, { topic: topicName, data: users });
      this.countEmitted(receivers);
    }
  }

  /**
   * The sockets of a room that what is emitted next is queued for, by transport. A socket with more unsent than
   * allowed is dropped instead (it leaves the room at once, and deleting from a Set while iterating it is safe);
   * the sockets of `exceptActor` are neither checked nor counted, their ids put in `skipped`.
   */
  private receiversIn(room: Iterable<string>, skipped: string[], exceptActor?: string): Receivers {
    const receivers: Receivers = {};
    const sockets = this.io?.sockets.sockets;
    for (const id of room) {
      const socket = sockets?.get(id);
      if (!socket) continue;
      if (exceptActor && hasIdentityKey(socket.data.identity, exceptActor)) {
        skipped.push(id);
        continue;
      }
      const transport = transportOf(socket);
      if (backlogBytes(socket.conn) > this.options.maxBufferedBytes) {
        this.dropSlow(socket, transport);
        continue;
      }
      receivers[transport] = (receivers[transport] ?? 0) + 1;
    }
    return receivers;
  }

  /** Counts a topic event emitted to its receivers, and how long after its publishing (when known). */
  private countEmitted(receivers: Receivers, publishedAt?: number): void {
    const now = Date.now();
    for (const [transport, count] of Object.entries(receivers) as [RealtimeTransport, number][]) {
      this.metrics.emittedTo(transport, count);
      this.metrics.observeFanout(transport, publishedAt, now);
    }
  }

  // --- connections --------------------------------------------------------------------------------------------

  private async handshake(socket: RealtimeSocket, next: (error?: ExtendedError) => void): Promise<void> {
    const transport = transportOf(socket);
    try {
      if (this.stopping)
        throw new RealtimeFailure(RealtimeErrorCode.ServerShutdown, 'This server is stopping');
      const identity = await this.authenticator.authenticate(
        handshakeToken(socket.handshake.auth, socket.handshake.query),
      );
      const engine = socket.conn;
      let state = this.engines.get(engine);
      // socket.io lets a client open the same namespace twice on one connection; each would be a connection of
      // its own with its own budgets. One is enough.
      if (state?.session) {
        throw new RealtimeFailure(ErrorCode.Conflict, 'This connection already has a socket');
      }
      if (!state) this.engines.set(engine, (state = { limits: this.limits.forConnection() }));
      const session = new SocketSession(randomUUID(), identity, socket, state.limits, this.closeSocket);
      state.session = session;
      clearTimeout(state.socketless);
      try {
        await this.registry.admit(session);
      } catch (error) {
        state.session = undefined;
        throw error;
      }
      socket.data.connectionId = session.id;
      socket.data.identity = identity;
      socket.data.session = session;
      // Freed with the socket, or with the engine connection when it closes before socket.io reports the
      // socket connected (socket.io then says nothing); listened to once per engine connection, however often a
      // client leaves and opens its socket on it again.
      if (!engine.listeners('close').includes(this.onEngineClose)) engine.on('close', this.onEngineClose);
      if (engine.readyState !== 'open') this.engineClosed(engine);
      next();
    } catch (error) {
      const refusal = realtimeErrorOf(error);
      if (refusal.code === ErrorCode.Internal) this.logger.error({ err: error }, 'A socket handshake failed');
      this.metrics.refusedFor(transport, refusal.code);
      next(Object.assign(new Error(refusal.message), { data: refusal }));
    }
  }

  private connected(socket: RealtimeSocket): void {
    socket.onAny(this.onSocketEvent);
    socket.on('disconnect', this.onSocketDisconnect);
  }

  private received(socket: RealtimeSocket, event: unknown, args: unknown[]): void {
    // Every event may be answered: a client that does not read what it is sent is dropped before more is queued.
    if (backlogBytes(socket.conn) > this.options.maxBufferedBytes) {
      this.dropSlow(socket, transportOf(socket));
      return;
    }
    if (typeof event === 'string' && (this.commands.has(event) || isSubscription(event))) {
      this.command(socket, event, args);
      return;
    }
    const { ack } = splitAck(args);
    const name = String(event);
    if (!this.allowed(socket, socket.data.session, UNKNOWN_EVENT, name, ack)) return;
    if (event === MALFORMED_PACKET_EVENT) {
      // The parser's stand-in has no acknowledgement; a client that sent this name itself with one is answered on it.
      this.fail(socket, name, ack, {
        code: ErrorCode.MalformedRequest,
        message: `Unreadable packet: ${String(args[0]).slice(0, 120)}`,
      });
      return;
    }
    this.fail(socket, name, ack, {
      code: RealtimeErrorCode.UnknownEvent,
      message: `Unknown event ${JSON.stringify(name).slice(0, 80)}`,
    });
  }

  private command(socket: RealtimeSocket, event: string, args: unknown[]): void {
    const session = socket.data.session;
    const { payload, ack } = splitAck(args);
    if (!session || !this.allowed(socket, session, event, event, ack)) return;
    const run = async (): Promise<object | void> => {
      if (event === ClientEvent.Subscribe) return this.subscribe(socket, session, payload);
      if (event === ClientEvent.Unsubscribe) return this.unsubscribe(socket, session, payload);
      const handler = this.commands.get(event) as SocketCommand;
      return handler(socket, payload);
    };
    run()
      .then(async (answer) =>
        event === ClientEvent.Subscribe && answer
          ? { ...answer, ...(await this.notifyJoined(socket, session, answer as { topic: string })) }
          : answer,
      )
      .then(
        (answer) => {
          ack?.({ ok: true, ...(answer ?? {}) });
        },
        (error: unknown) => {
          const failure = realtimeErrorOf(error);
          if (failure.code === ErrorCode.Internal) {
            this.logger.error({ err: error, event }, 'A socket command failed');
          }
          this.fail(socket, event, ack, failure);
        },
      );
  }

  /** Whether the socket's budget for `command` allows one more now; answers `rate_limited` when not. */
  private allowed(
    socket: RealtimeSocket,
    session: SocketSession,
    command: string,
    event: string,
    ack: Ack | undefined,
  ): boolean {
    if (session.limits.allow(command)) return true;
    this.metrics.rateLimitedOn(transportOf(socket), command);
    this.fail(socket, event, ack, { code: ErrorCode.RateLimited, message: 'Too many messages; slow down' });
    return false;
  }

  private async subscribe(
    socket: RealtimeSocket,
    session: SocketSession,
    payload: unknown,
  ): Promise<{ topic: string; state?: Record<string, unknown> }> {
    const parsed = topicOfPayload(payload);
    if ('error' in parsed) throw new RealtimeFailure(parsed.error.code, parsed.error.message);
    const { topic } = parsed;
    const known = session.subscriptions.get(topic.name);
    if (known) {
      // Subscribed already: nothing is followed twice; the answer is current again. Refused now (no longer a
      // member): the subscription ends too.
      let authorization: TopicAuthorization;
      try {
        authorization = await this.access.authorize(socket.data.identity, topic);
      } catch (error) {
        if (
          error instanceof ServiceError &&
          REFUSALS.has(error.code) &&
          session.subscriptions.get(topic.name) === known
        ) {
          this.leave(socket, session, known);
        }
        throw error;
      }
      known.authorization = authorization;
      return answerOf(topic, authorization.state);
    }
    let joining = session.joiningOf(topic.name);
    if (!joining) {
      if (session.subscriptionCount >= MAX_SUBSCRIPTIONS_PER_SOCKET) {
        throw new RealtimeFailure(
          ErrorCode.RateLimited,
          `At most ${MAX_SUBSCRIPTIONS_PER_SOCKET} subscriptions per connection`,
        );
      }
      joining = session.trackJoining(topic.name, this.join(socket, session, topic));
    }
    const subscription = await joining;
    return answerOf(topic, subscription.authorization.state);
  }

  private async join(
    socket: RealtimeSocket,
    session: SocketSession,
    topic: Topic,
  ): Promise<SocketSubscription> {
    const authorization = await this.access.authorize(socket.data.identity, topic);
    if (session.closed) throw new RealtimeFailure(ErrorCode.Unauthenticated, 'The connection is closed');
    const followed = await this.fanout.retain(topic);
    if (session.closed) {
      this.fanout.release(followed);
      throw new RealtimeFailure(ErrorCode.Unauthenticated, 'The connection is closed');
    }
    const subscription = { topic: followed, authorization };
    session.subscriptions.set(followed.name, subscription);
    void socket.join(followed.name);
    return subscription;
  }

  private async unsubscribe(
    socket: RealtimeSocket,
    session: SocketSession,
    payload: unknown,
  ): Promise<{ topic: string }> {
    const parsed = topicOfPayload(payload);
    if ('error' in parsed) throw new RealtimeFailure(parsed.error.code, parsed.error.message);
    const { topic } = parsed;
    await session.joiningOf(topic.name)?.catch(() => undefined);
    const subscription = session.subscriptions.get(topic.name);
    if (subscription) this.leave(socket, session, subscription);
    return { topic: topic.name };
  }

  private leave(socket: RealtimeSocket, session: SocketSession, subscription: SocketSubscription): void {
    session.subscriptions.delete(subscription.topic.name);
    void socket.leave(subscription.topic.name);
    this.fanout.release(subscription.topic);
    for (const listener of this.listeners) {
      this.safely(() => listener.left?.(socket, subscription.topic), 'left');
    }
  }

  /** A user lost a campaign: their sockets stop following it and its fights, and are told (`unsubscribed`). */
  private campaignAccessEnded({ userId, campaignId }: CampaignAccessEnded): void {
    for (const socket of this.io?.sockets.sockets.values() ?? []) {
      const identity = socket.data.identity as SocketData['identity'] | undefined;
      if (identity?.kind !== 'user' || identity.id !== userId) continue;
      const session = socket.data.session;
      for (const subscription of [...(session?.subscriptions.values() ?? [])]) {
        if (!session || !followsCampaign(subscription.topic, subscription.authorization, campaignId))
          continue;
        this.leave(socket, session, subscription);
        socket.emit(ServerEvent.Unsubscribed, {
          topic: subscription.topic.name,
          error: { code: ErrorCode.Forbidden, message: 'You no longer play in this campaign' },
        });
      }
    }
  }

  /** Tells the listeners of a subscription made; what they answer (presence) joins the acknowledgement. */
  private async notifyJoined(
    socket: RealtimeSocket,
    session: SocketSession,
    answer: { topic: string },
  ): Promise<object> {
    const subscription = session.subscriptions.get(answer.topic);
    if (!subscription) return {};
    const additions = await Promise.all(
      this.listeners.map(async (listener) => {
        try {
          return (await listener.joined?.(socket, subscription.topic, subscription.authorization)) ?? {};
        } catch (error) {
          this.logger.error({ err: error }, 'A socket listener failed (joined)');
          return {};
        }
      }),
    );
    return Object.assign({}, ...additions) as object;
  }

  private disconnected(socket: RealtimeSocket): void {
    const session = socket.data.session;
    session.closed = true;
    this.release(socket.conn, session);
    this.closeIfSocketless(socket.conn);
    for (const subscription of [...session.subscriptions.values()]) this.leave(socket, session, subscription);
    for (const listener of this.listeners) {
      this.safely(() => listener.disconnected?.(socket), 'disconnected');
    }
  }

  /**
   * A connection whose socket left may open another (it keeps its budgets), for a while: then it is closed, as
   * socket.io closes one that never opens a socket, so every open connection holds a connection slot or soon goes.
   */
  private closeIfSocketless(engine: RealtimeSocket['conn']): void {
    const state = this.engines.get(engine);
    if (!state || engine.readyState !== 'open') return;
    clearTimeout(state.socketless);
    state.socketless = setTimeout(() => {
      state.socketless = undefined;
      if (!state.session) engine.close();
    }, this.options.connectTimeoutMs);
    state.socketless.unref();
  }

  private engineClosed(engine: object): void {
    const state = this.engines.get(engine);
    if (!state) return;
    clearTimeout(state.socketless);
    state.socketless = undefined;
    if (state.session) this.release(engine, state.session);
  }

  /** The session's connection slot is free again. */
  private release(engine: object, session: SocketSession): void {
    const state = this.engines.get(engine);
    if (state?.session === session) state.session = undefined;
    this.registry.remove(session);
  }

  /** Tells the client why, then closes: a reconnect hint closes the transport only (socket.io clients retry). */
  private close(socket: RealtimeSocket, notice: ClosingNotice): void {
    if (socket.disconnected) return;
    socket.emit(ServerEvent.Closing, notice);
    if (notice.reconnect) {
      socket.conn.close();
    } else {
      socket.disconnect(true);
    }
    this.metrics.refusedFor(transportOf(socket), notice.code);
  }

  private dropSlow(socket: RealtimeSocket, transport: RealtimeTransport): void {
    // Once: the rest of a batch the client sent (or of a room) may still come through before the close is done.
    if (socket.conn.readyState !== 'open') return;
    this.metrics.droppedFor(transport, RealtimeErrorCode.SlowClient);
    this.metrics.refusedFor(transport, RealtimeErrorCode.SlowClient);
    this.logger.warn({ connection: socket.data.connectionId }, 'Dropped a client that could not keep up');
    terminateWebSocket(socket.conn);
    socket.conn.close(true);
  }

  private fail(socket: RealtimeSocket, event: string, ack: Ack | undefined, error: RealtimeError): void {
    if (ack) ack({ ok: false, error });
    else socket.emit(ServerEvent.Error, { ...error, event: event.slice(0, 80) });
  }

  private safely(run: () => void | Promise<void>, what: string): void {
    try {
      const result = run();
      if (result instanceof Promise) {
        result.catch((error: unknown) =>
          this.logger.error({ err: error }, `A socket listener failed (${what})`),
        );
      }
    } catch (error) {
      this.logger.error({ err: error }, `A socket listener failed (${what})`);
    }
  }

  private countByTransport(
    count: (socket: RealtimeSocket) => number,
  ): Partial<Record<RealtimeTransport, number>> {
    const totals: Partial<Record<RealtimeTransport, number>> = { websocket: 0, polling: 0 };
    for (const socket of this.io?.sockets.sockets.values() ?? []) {
      const transport = transportOf(socket);
      totals[transport] = (totals[transport] ?? 0) + count(socket);
    }
    return totals;
  }
}

function isSubscription(event: string): boolean {
  return event === ClientEvent.Subscribe || event === ClientEvent.Unsubscribe;
}

function transportOf(socket: RealtimeSocket): RealtimeTransport {
  return socket.conn.transport.name === 'websocket' ? 'websocket' : 'polling';
}

function answerOf(topic: Topic, state: Record<string, unknown> | undefined) {
  return state === undefined ? { topic: topic.name } : { topic: topic.name, state };
}
