import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { Counter } from 'prom-client';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import {
  ErrorCode,
  RealtimeErrorCode,
  ServiceError,
  type ClosingNotice,
  type PresenceDiffPayload,
} from '@shotcaller/contracts';
import { labelled, Metrics } from '@shotcaller/observability';
import { takeToken, type RateSpec } from '../connections/command-limits.js';
import { ConnectionRegistry } from '../connections/connection-registry.js';
import type { RealtimeIdentity } from '../connections/identity.js';
import { RealtimeAuthenticator } from '../connections/realtime-authenticator.js';
import { RealtimeFailure } from '../connections/realtime-failure.js';
import { TopicFanout, type FanoutMessage, type TopicSink } from '../fanout/topic-fanout.js';
import { railsUsersOfChange } from '../presence/presence.publisher.js';
import { PresenceService } from '../presence/presence.service.js';
import { RealtimeMetrics } from '../realtime.metrics.js';
import { REALTIME_OPTIONS, type RealtimeOptions } from '../realtime.options.js';
import { TopicAccess, type CampaignAccessEnded } from '../topics/topic-access.js';
import { followsCampaign } from '../topics/topic-access.rules.js';
import { CableConnection, type CableSubscription } from './cable-connection.js';
import {
  CABLE_UNSUPPORTED_PROTOCOL,
  confirmFrame,
  disconnectFrame,
  errorFrame,
  messageFrame,
  parseCommand,
  pingFrame,
  rejectFrame,
  requestPath,
  routeChannel,
  selectSubprotocol,
  tokenFromRequestUrl,
  welcomeFrame,
  type ChannelIdentifier,
  type DisconnectReason,
  type FrameError,
} from './cable.protocol.js';

export const CABLE_PATH = '/cable';
/** The Rails server's beat: the client counts a connection stale after two missed pings (6 s). */
export const CABLE_PING_INTERVAL_MS = 3000;
/** Subscriptions one connection may hold (a page has a handful; this bounds what one socket can make us follow). */
export const MAX_SUBSCRIPTIONS_PER_CONNECTION = 100;
/** Frames kept while a connection's token is being checked (the client sends nothing before the welcome). */
const MAX_EARLY_FRAMES = 32;

const TRANSPORT = 'cable';

/** Failures that say nothing about the subscriber's rights: the client is left to retry. */
const TRANSIENT = new Set<string>([
  ErrorCode.ServiceUnavailable,
  ErrorCode.DependencyUnavailable,
  ErrorCode.UpstreamTimeout,
  ErrorCode.Internal,
]);

/**
 * The ActionCable endpoint: `/cable` on the gateway's HTTP server, speaking `actioncable-v1-json` so a frontend
 * written for the Rails backend connects unchanged. Tokens pass RealtimeAuthenticator (the verifier and
 * TokenGate HTTP uses) and the ConnectionRegistry (per-user cap, token expiry and revocation); subscriptions are authorized by the topic's owner (TopicAccess) and fed by the shared TopicFanout, fight
 * presence by PresenceService.
 */
@Injectable()
export class CableServer implements TopicSink, OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(CableServer.name);
  private readonly wss: WebSocketServer;
  private readonly connections = new Set<CableConnection>();
  /** topic name -> confirmed subscriptions of local connections. */
  private readonly byTopic = new Map<string, Set<CableSubscription>>();
  private readonly ignoredFrames: Counter<'reason'>;
  /** Every frame's budget, per connection. */
  private readonly frameRate: RateSpec;
  private httpServer: Server | undefined;
  private pingTimer: NodeJS.Timeout | undefined;
  private unregisterSink: (() => void) | undefined;
  private unregisterAccessEnded: (() => void) | undefined;
  private stopping = false;
  private subscriptionCount = 0;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly authenticator: RealtimeAuthenticator,
    private readonly registry: ConnectionRegistry,
    private readonly access: TopicAccess,
    private readonly fanout: TopicFanout,
    private readonly presenceService: PresenceService,
    private readonly metrics: RealtimeMetrics,
    @Inject(Metrics) observability: Metrics,
    @Inject(REALTIME_OPTIONS) private readonly options: RealtimeOptions,
  ) {
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: options.maxMessageBytes,
      perMessageDeflate: false,
      clientTracking: false,
      handleProtocols: (offered) => selectSubprotocol(offered),
    });
    this.frameRate = { perSecond: options.commandRatePerSecond, burst: options.commandBurst };
    this.ignoredFrames = new Counter({
      name: 'realtime_cable_frames_ignored_total',
      help: 'Client frames on /cable that were not commands (or named no subscription), by reason',
      labelNames: ['reason'] as const,
      registers: [observability.registry],
    });
  }

  onApplicationBootstrap(): void {
    this.httpServer = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    this.httpServer?.on('upgrade', this.onUpgrade);
    this.unregisterSink = this.fanout.registerSink(this);
    this.unregisterAccessEnded = this.access.onCampaignAccessEnded(
      (ended) => void this.campaignAccessEnded(ended),
    );
    this.metrics.countConnections(() => ({ cable: this.connections.size }));
    this.metrics.countSubscriptions(() => ({ cable: this.subscriptionCount }));
    this.pingTimer = setInterval(() => this.beat(), CABLE_PING_INTERVAL_MS);
    this.pingTimer.unref();
  }

  /** Graceful stop: no new connections; every client is told to reconnect (to another replica) and closed. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearInterval(this.pingTimer);
    const closing = [...this.connections].map((connection) =>
      this.disconnect(connection, 'server_restart', true, 1001),
    );
    await Promise.all(closing);
    this.unregisterSink?.();
    this.unregisterAccessEnded?.();
    this.httpServer?.off('upgrade', this.onUpgrade);
    this.wss.close();
  }

  /** How many cable connections this replica holds (tests and metrics). */
  get size(): number {
    return this.connections.size;
  }

  // --- the HTTP upgrade -------------------------------------------------------------------------------------

  private readonly onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    if (requestPath(request.url) !== CABLE_PATH) return;
    socket.on('error', () => socket.destroy());
    if (this.stopping) {
      socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(request, socket, head, (ws) => this.onConnection(ws, request));
  };

  private onConnection(ws: WebSocket, request: IncomingMessage): void {
    const connection = new CableConnection(
      `cable-${randomUUID()}`,
      ws,
      this.options.commandBurst,
      Date.now(),
      (closing, notice) => void this.closeFor(closing, notice),
    );
    this.connections.add(connection);
    ws.on('message', (data, isBinary) => this.onFrame(connection, data, isBinary));
    ws.on('close', () => void this.onClose(connection));
    ws.on('error', (error) => {
      // Oversized frames (maxPayload) and protocol violations: ws closes the socket itself (1009 / 1002).
      this.logger.debug({ connection: connection.id, reason: error.message }, 'A cable socket failed');
      if (/max payload/i.test(error.message)) this.ignored('too_large');
    });
    if (ws.protocol === CABLE_UNSUPPORTED_PROTOCOL) {
      // The client offered only protocol versions this server does not speak; the Rails client stops here.
      ws.close(1000);
      return;
    }
    void this.admit(connection, tokenFromRequestUrl(request.url));
  }

  /**
   * Checks the token as HTTP does and takes one of the user's connection slots, then welcomes the client; or
   * tells it why not and closes (as Rails does: `disconnect` then close).
   */
  private async admit(connection: CableConnection, token: string | undefined): Promise<void> {
    let identity: RealtimeIdentity;
    try {
      identity = await this.authenticator.authenticate(token);
      // A location participant's token is for socket.io's location topics; no cable channel takes it.
      if (identity.kind !== 'user') throw ServiceError.unauthenticated('Invalid token');
    } catch (error) {
      const unavailable = !(error instanceof ServiceError) || error.code !== ErrorCode.Unauthenticated;
      if (unavailable) this.logger.warn({ err: error }, 'Could not check a cable token');
      this.metrics.refusedFor(
        TRANSPORT,
        unavailable ? ErrorCode.DependencyUnavailable : ErrorCode.Unauthenticated,
      );
      // Not the client's fault when the sign-in state cannot be read: it may come back and retry.
      await this.disconnect(connection, unavailable ? 'server_restart' : 'unauthorized', unavailable);
      return;
    }
    if (connection.closed) return;
    connection.identify(identity);
    try {
      await this.registry.admit(connection);
      connection.registered = true;
    } catch (error) {
      const full = error instanceof RealtimeFailure && error.code === RealtimeErrorCode.TooManyConnections;
      if (!full) this.logger.warn({ err: error }, 'Could not admit a cable connection');
      this.metrics.refusedFor(
        TRANSPORT,
        full ? RealtimeErrorCode.TooManyConnections : ErrorCode.DependencyUnavailable,
      );
      // Reconnecting later is right either way: a slot frees when another tab closes.
      await this.disconnect(connection, full ? 'too_many_connections' : 'server_restart', true);
      return;
    }
    if (connection.closed) {
      this.registry.remove(connection);
      return;
    }
    connection.welcomed = true;
    this.send(connection, welcomeFrame());
    for (const frame of connection.early.splice(0)) this.handleFrame(connection, frame);
  }

  /** The registry ends a connection (token expired or revoked, shutdown): in Rails terms. */
  private async closeFor(connection: CableConnection, notice: ClosingNotice): Promise<void> {
    if (notice.code === ErrorCode.Unauthenticated) {
      await this.disconnect(connection, 'unauthorized', false);
    } else if (notice.code === RealtimeErrorCode.ServerShutdown) {
      await this.disconnect(connection, 'server_restart', true, 1001);
    } else {
      await this.disconnect(connection, 'remote', notice.reconnect);
    }
  }

  // --- client frames ----------------------------------------------------------------------------------------

  private onFrame(connection: CableConnection, data: RawData, isBinary: boolean): void {
    if (connection.closed) return;
    // Every frame spends a token, so the errors sent back are bounded by the command rate too.
    if (!takeToken(connection.bucket, this.frameRate, Date.now())) {
      this.metrics.rateLimitedOn(TRANSPORT, 'frame');
      this.logger.debug({ connection: connection.id }, 'A cable command over the rate limit was dropped');
      return;
    }
    if (isBinary) {
      this.refuseFrame(connection, 'binary');
      return;
    }
    const frame = rawText(data);
    if (!connection.welcomed) {
      if (connection.early.length < MAX_EARLY_FRAMES) connection.early.push(frame);
      else this.refuseFrame(connection, 'before_welcome');
      return;
    }
    this.handleFrame(connection, frame);
  }

  private handleFrame(connection: CableConnection, frame: string): void {
    const parsed = parseCommand(frame);
    if (!parsed.ok) {
      // No identifier to answer under (a subscribe for a channel we lack is rejected below).
      this.refuseFrame(connection, parsed.reason);
      return;
    }
    const { command } = parsed;
    switch (command.command) {
      case 'subscribe':
        void this.subscribe(connection, command.identifier, command.channel);
        return;
      case 'unsubscribe':
        void this.unsubscribe(connection, command.identifier);
        return;
      case 'message':
        // No channel has actions yet: accepted and ignored, as Rails ignores an action a channel lacks.
        if (!connection.subscriptions.has(command.identifier))
          this.refuseFrame(connection, 'no_such_subscription');
        else this.ignore(connection, 'no_such_action');
        return;
    }
  }

  /** A frame not followed, with an error frame saying why. */
  private refuseFrame(connection: CableConnection, reason: FrameError): void {
    this.ignore(connection, reason);
    this.send(connection, errorFrame(reason));
  }

  private ignore(connection: CableConnection, reason: string): void {
    this.ignored(reason);
    this.logger.debug({ connection: connection.id, reason }, 'Ignored a cable frame');
  }

  private ignored(reason: string): void {
    labelled(this.ignoredFrames, reason).inc();
  }

  // --- subscriptions ----------------------------------------------------------------------------------------

  private async subscribe(
    connection: CableConnection,
    identifier: string,
    channel: ChannelIdentifier,
  ): Promise<void> {
    const identity = connection.identity;
    // The client re-sends a subscribe every 500 ms until it is answered: one already known is being handled.
    if (connection.subscriptions.has(identifier)) return;
    const route = routeChannel(channel, identity.id);
    if (!route.ok) {
      this.send(connection, rejectFrame(identifier));
      this.ignore(connection, route.reason);
      return;
    }
    if (connection.subscriptions.size >= MAX_SUBSCRIPTIONS_PER_CONNECTION) {
      this.send(connection, rejectFrame(identifier));
      this.ignore(connection, 'too_many_subscriptions');
      return;
    }
    const subscription: CableSubscription = {
      connection,
      identifier,
      topic: route.topic,
      state: 'pending',
      present: false,
    };
    connection.subscriptions.set(identifier, subscription);
    let presenceMeta;
    try {
      subscription.authorization = await this.access.authorize(identity, route.topic);
      presenceMeta = subscription.authorization.presence;
      if (subscription.state !== 'pending') return;
      await this.fanout.retain(route.topic);
    } catch (error) {
      if (subscription.state === 'pending') this.refuse(subscription, error);
      return;
    }
    if (subscription.state !== 'pending') {
      // Unsubscribed or disconnected while the topic was being followed.
      this.fanout.release(route.topic);
      return;
    }
    subscription.state = 'confirmed';
    this.subscriptionCount += 1;
    let members = this.byTopic.get(route.topic.name);
    if (!members) this.byTopic.set(route.topic.name, (members = new Set()));
    members.add(subscription);
    this.send(connection, confirmFrame(identifier));
    if (presenceMeta) await this.enterPresence(subscription, identity, presenceMeta);
  }

  /**
   * A subscription that cannot be confirmed. A refusal (forbidden, not found) is answered `reject_subscription`,
   * which the client takes as final; when the owner could not answer, nothing is sent, so the client's own
   * retry (every 500 ms while unanswered) asks again once it is back.
   */
  private refuse(subscription: CableSubscription, error: unknown): void {
    const { connection } = subscription;
    connection.subscriptions.delete(subscription.identifier);
    subscription.state = 'ended';
    const topic = subscription.topic.name;
    if (error instanceof ServiceError && !TRANSIENT.has(error.code)) {
      this.logger.debug({ connection: connection.id, topic, code: error.code }, 'Subscription refused');
      this.send(connection, rejectFrame(subscription.identifier));
      return;
    }
    this.logger.warn(
      { err: error, connection: connection.id, topic },
      'A cable subscription could not be checked',
    );
  }

  /**
   * Fight presence: the connection joins the topic's presence; the change reaches every subscriber of the fight
   * (this one too) as the Rails `{users}` message through the presence broadcast. A second subscription of the
   * same connection to the same fight changes nothing there, so it is sent the current users itself.
   */
  private async enterPresence(
    subscription: CableSubscription,
    identity: RealtimeIdentity,
    meta: NonNullable<Awaited<ReturnType<TopicAccess['authorize']>>['presence']>,
  ): Promise<void> {
    const { connection, topic } = subscription;
    const alreadyPresent = connection.othersOn(topic.name, subscription).some((other) => other.present);
    subscription.present = true;
    try {
      const joined = await this.presenceService.join(topic.name, {
        connectionId: connection.id,
        key: identity.id,
        meta,
      });
      if (alreadyPresent && joined.users && subscription.state === 'confirmed') {
        this.send(connection, messageFrame(subscription.identifier, JSON.stringify(joined.users)));
      }
    } catch (error) {
      subscription.present = false;
      this.logger.warn({ err: error, topic: topic.name }, 'A cable subscription could not join presence');
    }
    if (subscription.state === 'ended') await this.leavePresence(subscription);
  }

  /**
   * A user lost a campaign: their connections stop following it and its fights, each subscription answered
   * `reject_subscription` (the Rails client then drops it and calls its `rejected` callback).
   */
  private async campaignAccessEnded({ userId, campaignId }: CampaignAccessEnded): Promise<void> {
    const ending: CableSubscription[] = [];
    for (const connection of this.connections) {
      if (!connection.welcomed || connection.identity.kind !== 'user' || connection.identity.id !== userId)
        continue;
      for (const subscription of connection.subscriptions.values()) {
        if (subscription.state !== 'confirmed') continue;
        if (followsCampaign(subscription.topic, subscription.authorization, campaignId))
          ending.push(subscription);
      }
    }
    for (const subscription of ending) {
      subscription.connection.subscriptions.delete(subscription.identifier);
      this.send(subscription.connection, rejectFrame(subscription.identifier));
      await this.end(subscription);
    }
  }

  private async unsubscribe(connection: CableConnection, identifier: string): Promise<void> {
    const subscription = connection.subscriptions.get(identifier);
    if (!subscription) {
      this.refuseFrame(connection, 'no_such_subscription');
      return;
    }
    connection.subscriptions.delete(identifier);
    await this.end(subscription);
  }

  /** Lets go of a subscription: the topic (the last local member unsubscribes) and its presence. */
  private async end(subscription: CableSubscription): Promise<void> {
    const wasConfirmed = subscription.state === 'confirmed';
    subscription.state = 'ended';
    if (!wasConfirmed) return;
    this.subscriptionCount -= 1;
    const members = this.byTopic.get(subscription.topic.name);
    members?.delete(subscription);
    if (members?.size === 0) this.byTopic.delete(subscription.topic.name);
    this.fanout.release(subscription.topic);
    await this.leavePresence(subscription);
  }

  private async leavePresence(subscription: CableSubscription): Promise<void> {
    if (!subscription.present) return;
    subscription.present = false;
    const { connection, topic } = subscription;
    // Presence is per connection: it leaves with its last subscription to the topic.
    if (connection.othersOn(topic.name, subscription).some((other) => other.present)) return;
    await this.presenceService.leave(topic.name, connection.id);
  }

  // --- delivery (TopicSink) ---------------------------------------------------------------------------------

  deliver(topicName: string, message: FanoutMessage): void {
    const members = this.byTopic.get(topicName);
    if (!members || members.size === 0) return;
    if (!isJsonObject(message.json)) {
      this.metrics.droppedFor(TRANSPORT, 'unreadable', members.size);
      this.logger.warn({ topic: topicName }, 'Dropped a topic event that is not a JSON object');
      return;
    }
    const sent = this.broadcast(members, message.json);
    this.metrics.emittedTo(TRANSPORT, sent);
    this.metrics.observeFanout(TRANSPORT, message.publishedAt);
  }

  /** Fight presence changes reach cable clients in the Rails form only: `{users: [...]}`. */
  presence(topicName: string, diff: PresenceDiffPayload): void {
    const members = this.byTopic.get(topicName);
    if (!members || members.size === 0) return;
    const users = railsUsersOfChange(diff);
    if (!users) return;
    this.metrics.emittedTo(TRANSPORT, this.broadcast(members, JSON.stringify(users)));
  }

  /** Sends one payload to subscriptions; subscriptions sharing an identifier share one frame. */
  private broadcast(members: Iterable<CableSubscription>, json: string): number {
    const frames = new Map<string, string>();
    let sent = 0;
    for (const subscription of [...members]) {
      let frame = frames.get(subscription.identifier);
      if (frame === undefined) {
        frame = messageFrame(subscription.identifier, json);
        frames.set(subscription.identifier, frame);
      }
      if (this.send(subscription.connection, frame)) sent += 1;
    }
    return sent;
  }

  private beat(): void {
    const frame = pingFrame(Date.now());
    for (const connection of this.connections) {
      if (connection.welcomed) this.send(connection, frame);
    }
  }

  /** Sends a frame, or drops the client when what it has not read yet passes the bound (a slow client). */
  private send(connection: CableConnection, frame: string): boolean {
    if (connection.closed) return false;
    const socket = connection.socket;
    if (socket.readyState !== socket.OPEN) return false;
    if (socket.bufferedAmount > this.options.maxBufferedBytes) {
      this.metrics.droppedFor(TRANSPORT, 'slow_client');
      this.metrics.refusedFor(TRANSPORT, RealtimeErrorCode.SlowClient);
      this.logger.warn({ connection: connection.id }, 'Dropped a cable client that does not keep up');
      // Nothing more can be sent to it in time, a disconnect frame included.
      socket.terminate();
      void this.onClose(connection);
      return false;
    }
    socket.send(frame);
    return true;
  }

  // --- closing ----------------------------------------------------------------------------------------------

  /** Tells the client why (`disconnect`), then closes; `reconnect: false` stops the Rails client retrying. */
  private async disconnect(
    connection: CableConnection,
    reason: DisconnectReason,
    reconnect: boolean,
    code = 1000,
  ): Promise<void> {
    if (connection.closed) return;
    this.send(connection, disconnectFrame(reason, reconnect));
    connection.socket.close(code);
    await this.onClose(connection);
  }

  private async onClose(connection: CableConnection): Promise<void> {
    if (connection.closed) return;
    connection.closed = true;
    this.connections.delete(connection);
    if (connection.registered) this.registry.remove(connection);
    const subscriptions = [...connection.subscriptions.values()];
    connection.subscriptions.clear();
    await Promise.all(subscriptions.map((subscription) => this.end(subscription)));
  }
}

function rawText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

function isJsonObject(json: string): boolean {
  try {
    const value: unknown = JSON.parse(json);
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}
