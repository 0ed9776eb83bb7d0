import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { headers as natsHeaders, type Msg, type NatsConnection } from '@nats-io/transport-node';
import { randomUUID } from 'node:crypto';
import {
  ErrorCode,
  isErrorPayload,
  NatsHeader,
  REALTIME_EXCEPT_ACTOR_HEADER,
  REALTIME_PUBLISHED_AT_HEADER,
  ServiceError,
  natsInboxPrefix,
  natsSubject,
  type EventPayload,
  type RealtimeSubject,
  type EventSubject,
  type RpcAccessOf,
  type RpcRequest,
  type RpcResponse,
  type RpcSubject,
} from '@shotcaller/contracts';
import {
  currentIdempotencyKey,
  currentRequestId,
  DependencyUnreachable,
  labelled,
  Metrics,
} from '@shotcaller/observability';
import { KeptAnswers } from './kept-answers.js';
import { NamespacedNatsClient } from './nats/namespaced-nats.transport.js';
import { AnswerTimedOut, ConnectionClosed, NoResponders, ReplyInbox } from './nats/reply-inbox.js';
import { MESSAGING_OPTIONS, type MessagingOptions } from './messaging.options.js';
import { answerPrefix, requestPacket } from './rpc/wire.js';

/** Someone signed in, as far as the services are concerned: the access token they proved at the edge. */
export interface Caller {
  token: string;
}

export interface RequestOptions {
  /** The signed-in caller; their token travels along and the handling service verifies it itself. */
  caller?: Caller;
  /** Deadline for the answer; defaults to NATS_REQUEST_TIMEOUT_MS (5 s). */
  timeoutMs?: number;
  /**
   * For `relay`: the answer depends on the request alone (a fight's shot counter), so the answer kept for one
   * caller is named in another's identical request. Otherwise each caller's answers are kept apart (one user's
   * current campaign is not another's). Either way a kept answer is passed on only when the service names it.
   */
  keepAcrossCallers?: boolean;
}

/** Requests whose contract needs an actor must name the caller; public ones may not need one. */
type OptionsFor<S extends RpcSubject> =
  RpcAccessOf<S> extends 'actor'
    ? [options: RequestOptions & { caller: Caller }]
    : [options?: RequestOptions];

/**
 * A service's answer as the bytes of the JSON it wrote, for a caller that passes it on (the gateway's reads); with
 * the service's tag when it gave one (a digest of the bytes: an HTTP ETag as it is).
 */
export class ServiceAnswer<T> {
  declare readonly __answer?: T;
  constructor(
    readonly json: Buffer,
    readonly tag?: string,
  ) {}
}

/** An answer off the bus: its JSON (undefined when the handler returned nothing) and what its headers said. */
interface Exchanged {
  json: Buffer | undefined;
  tag: string | undefined;
  unchanged: boolean;
}

const CLOSING_BRACE = 0x7d;
const NULL_JSON = Buffer.from('null');

/**
 * The one way to call another service over NATS. Every request carries the current request id and the
 * actor, has a deadline, and fails with a typed ServiceError: the remote error as the service raised it,
 * `service_unavailable` when nobody listens, `upstream_timeout` past the deadline. Requests share the
 * connection's one reply subscription.
 */
@Injectable()
export class ServiceClient implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(ServiceClient.name);
  private sequence = 0;
  private inbox: ReplyInbox | undefined;
  private readonly kept: KeptAnswers;

  constructor(
    private readonly client: NamespacedNatsClient,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    @Inject(Metrics) private readonly metrics: Metrics,
  ) {
    this.kept = new KeptAnswers(options.keptAnswerBytes ?? 0);
  }

  /** Connects at boot, so a process that cannot reach NATS says so instead of failing its first request. */
  async onModuleInit(): Promise<void> {
    try {
      await this.client.connect();
    } catch (error) {
      throw new DependencyUnreachable('NATS', this.options.servers.join(','), error);
    }
  }

  /** A request to another service, typed by its subject's contract (payload, answer, and whether a caller is due). */
  request<S extends RpcSubject>(
    subject: S,
    payload: RpcRequest<S>,
    ...[options]: OptionsFor<S>
  ): Promise<RpcResponse<S>> {
    return this.requestUnchecked<RpcResponse<S>>(subject, payload, options);
  }

  /**
   * The same, answering with the service's JSON untouched: to pass on as it is, without parsing it. A tagged
   * answer is kept (up to `keptAnswerBytes`), and the next identical request names its tag, so that the service
   * can leave the body out when it would send the same bytes.
   */
  relay<S extends RpcSubject>(
    subject: S,
    payload: RpcRequest<S>,
    ...[options]: OptionsFor<S>
  ): Promise<ServiceAnswer<RpcResponse<S>>> {
    return this.relayUnchecked(subject, payload, options);
  }

  /** `relay` without a contract: for subjects outside the shared map (tests of the transport itself). */
  async relayUnchecked<TResult>(
    subject: string,
    payload: object,
    options: RequestOptions = {},
  ): Promise<ServiceAnswer<TResult>> {
    const payloadJson = JSON.stringify(payload);
    if (!this.kept.enabled) {
      const { json, tag } = await this.exchange(subject, payloadJson, options);
      return new ServiceAnswer(json ?? NULL_JSON, tag);
    }
    const asker = options.keepAcrossCallers ? '' : (options.caller?.token ?? '');
    const key = `${subject} ${asker} ${payloadJson}`;
    const held = this.kept.get(key);
    const { json, tag, unchanged } = await this.exchange(subject, payloadJson, options, held?.tag);
    if (unchanged) {
      if (!held || tag !== held.tag) throw this.toServiceError(new UnexpectedAnswer(subject), subject, 0);
      labelled(this.metrics.natsAnswersReused, subject).inc();
      return new ServiceAnswer(held.json, held.tag);
    }
    if (tag === undefined || json === undefined) return new ServiceAnswer(json ?? NULL_JSON, tag);
    return new ServiceAnswer(this.kept.keep(key, tag, json).json, tag);
  }

  /** The same without a contract: for subjects outside the shared map (tests of the transport itself). */
  async requestUnchecked<TResult>(
    subject: string,
    payload: object,
    options: RequestOptions = {},
  ): Promise<TResult> {
    const { json } = await this.exchange(subject, JSON.stringify(payload), options);
    return (json === undefined ? undefined : JSON.parse(json.toString('utf8'))) as TResult;
  }

  /** Publishes an event (no answer). Fails only when the bus cannot take it. */
  async publish<S extends EventSubject>(subject: S, payload: EventPayload<S>): Promise<void> {
    const connection = await this.connection();
    connection.publish(natsSubject(subject, this.options.subjectPrefix), JSON.stringify(payload));
  }

  /**
   * Publishes realtime fan-out (`rt.…`, see RealtimeSubjects), which the gateway relays to sockets as it is;
   * `exceptActor` (a `realtimeActorKey`) keeps it from that actor's own sockets.
   */
  async publishRealtime(
    subject: RealtimeSubject,
    payload: object,
    options: { exceptActor?: string } = {},
  ): Promise<void> {
    const connection = await this.connection();
    // When it was published, for the gateway's fan-out latency (publish to emit).
    const headers = natsHeaders();
    headers.set(REALTIME_PUBLISHED_AT_HEADER, String(Date.now()));
    if (options.exceptActor) headers.set(REALTIME_EXCEPT_ACTOR_HEADER, options.exceptActor);
    connection.publish(natsSubject(subject, this.options.subjectPrefix), JSON.stringify(payload), {
      headers,
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }

  /**
   * Sends one request (its payload as JSON; naming `ifTag`, the tag of an answer held) and answers with what came
   * back.
   */
  private async exchange(
    subject: string,
    payloadJson: string,
    options: RequestOptions = {},
    ifTag?: string,
  ): Promise<Exchanged> {
    const timeoutMs = options.timeoutMs ?? this.options.requestTimeoutMs;
    const id = String((this.sequence = (this.sequence + 1) % Number.MAX_SAFE_INTEGER));
    const started = performance.now();
    let answer: Exchanged;
    try {
      const inbox = await this.replyInbox();
      const headers = this.headersFor(options, timeoutMs);
      if (ifTag !== undefined) headers.set(NatsHeader.IfAnswerTag, ifTag);
      const message = await inbox.request(
        natsSubject(subject, this.options.subjectPrefix),
        requestPacket(subject, payloadJson, id),
        headers,
        timeoutMs,
      );
      const tag = message.headers?.get(NatsHeader.AnswerTag) || undefined;
      answer = {
        json: this.answerOf(message, id, subject),
        tag,
        unchanged: tag !== undefined && message.headers?.get(NatsHeader.AnswerUnchanged) === '1',
      };
    } catch (error) {
      const failure = this.toServiceError(error, subject, timeoutMs);
      this.record(subject, failure.code, started);
      throw failure;
    }
    this.record(subject, 'ok', started);
    return answer;
  }

  private headersFor(options: RequestOptions, timeoutMs: number) {
    const headers = natsHeaders();
    headers.set(NatsHeader.RequestId, currentRequestId() ?? randomUUID());
    headers.set(NatsHeader.Deadline, String(Date.now() + timeoutMs));
    if (options.caller) headers.set(NatsHeader.ActorToken, options.caller.token);
    const idempotencyKey = currentIdempotencyKey();
    if (idempotencyKey) headers.set(NatsHeader.IdempotencyKey, idempotencyKey);
    return headers;
  }

  /**
   * The answer's JSON. Services write it last in the packet, so its bytes are taken as they are: a view of the
   * message, never decoded, parsed or copied (the NATS client never reuses the buffers it reads into; a copy of
   * every answer was external memory whose churn set off V8's major collections in the gateway). Any other
   * layout is parsed in full, and a failure in it is thrown.
   */
  private answerOf(message: Msg, id: string, subject: string): Buffer | undefined {
    const data = Buffer.from(message.data.buffer, message.data.byteOffset, message.data.length);
    const prefix = answerPrefix(id);
    const start = prefix.length; // the prefix is ASCII: one byte per character
    if (
      data.length > start &&
      data[data.length - 1] === CLOSING_BRACE &&
      data.toString('latin1', 0, start) === prefix
    ) {
      return data.subarray(start, data.length - 1);
    }
    let packet: { err?: unknown; response?: unknown } | null;
    try {
      packet = JSON.parse(data.toString('utf8')) as typeof packet;
    } catch {
      packet = null;
    }
    if (typeof packet !== 'object' || packet === null) throw new UnexpectedAnswer(subject);
    if (packet.err !== undefined) throw new RemoteFailure(packet.err);
    return packet.response === undefined ? undefined : Buffer.from(JSON.stringify(packet.response));
  }

  private async connection(): Promise<NatsConnection> {
    return this.client.connection() ?? (await this.client.connect());
  }

  /** The reply subscription of the current connection, made again when the connection was replaced. */
  private async replyInbox(): Promise<ReplyInbox> {
    const connection = await this.connection();
    if (this.inbox?.connection !== connection) {
      this.inbox = new ReplyInbox(
        connection,
        natsInboxPrefix(this.options.service, this.options.subjectPrefix),
      );
    }
    return this.inbox;
  }

  private record(subject: string, outcome: string, started: number): void {
    labelled(this.metrics.natsSentDuration, subject, outcome).observe((performance.now() - started) / 1000);
    labelled(this.metrics.natsSent, subject, outcome).inc();
  }

  private toServiceError(error: unknown, subject: string, timeoutMs: number): ServiceError {
    if (error instanceof RemoteFailure && isErrorPayload(error.failure)) {
      return ServiceError.fromPayload(error.failure);
    }
    if (error instanceof AnswerTimedOut) {
      return new ServiceError(ErrorCode.UpstreamTimeout, `No answer to ${subject} within ${timeoutMs} ms`);
    }
    if (error instanceof NoResponders) {
      return new ServiceError(ErrorCode.ServiceUnavailable, `No service is answering ${subject}`);
    }
    const local = !(error instanceof RemoteFailure) && !(error instanceof UnexpectedAnswer);
    if (error instanceof ConnectionClosed || (local && isConnectionFailure(error))) {
      return new ServiceError(ErrorCode.ServiceUnavailable, 'The message bus is unreachable');
    }
    const detail = error instanceof RemoteFailure ? error.failure : error;
    this.logger.error({ err: detail, subject }, 'Unexpected answer from a service');
    return new ServiceError(ErrorCode.Internal, 'Internal server error');
  }
}

/** A service answered with a failure (its error payload, or whatever else it put there). */
class RemoteFailure extends Error {
  constructor(readonly failure: unknown) {
    super('remote failure');
  }
}

class UnexpectedAnswer extends Error {
  constructor(subject: string) {
    super(`unreadable answer to ${subject}`);
  }
}

function isConnectionFailure(error: unknown): boolean {
  const text = error instanceof Error ? `${error.name} ${error.message}` : String(error);
  return /connection|reconnect|closed|ECONNREFUSED|ConnectionError/i.test(text);
}
