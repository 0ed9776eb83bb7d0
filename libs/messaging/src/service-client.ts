import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { NatsRecordBuilder } from '@nestjs/microservices';
import { headers as natsHeaders, type NatsConnection } from '@nats-io/transport-node';
import { randomUUID } from 'node:crypto';
import {
  ErrorCode,
  isErrorPayload,
  NatsHeader,
  ServiceError,
  natsSubject,
  type EventPayload,
  type EventSubject,
  type RpcAccessOf,
  type RpcRequest,
  type RpcResponse,
  type RpcSubject,
} from '@shotcaller/contracts';
import { currentIdempotencyKey, currentRequestId, Metrics } from '@shotcaller/observability';
import { firstValueFrom, throwError, timeout } from 'rxjs';
import { NamespacedNatsClient, NoResponders } from './nats/namespaced-nats.transport.js';
import { MESSAGING_OPTIONS, type MessagingOptions } from './messaging.options.js';
import { DependencyUnreachable } from '@shotcaller/observability';

/** Someone signed in, as far as the services are concerned: the access token they proved at the edge. */
export interface Caller {
  token: string;
}

export interface RequestOptions {
  /** The signed-in caller; their token travels along and the handling service verifies it itself. */
  caller?: Caller;
  /** Deadline for the answer; defaults to NATS_REQUEST_TIMEOUT_MS (5 s). */
  timeoutMs?: number;
}

/** Requests whose contract needs an actor must name the caller; public ones may not need one. */
type OptionsFor<S extends RpcSubject> =
  RpcAccessOf<S> extends 'actor'
    ? [options: RequestOptions & { caller: Caller }]
    : [options?: RequestOptions];

class DeadlineExceeded extends Error {}

/**
 * The one way to call another service over NATS. Every request carries the current request id and the
 * actor, has a deadline, and fails with a typed ServiceError: the remote error as the service raised it,
 * `service_unavailable` when nobody listens, `upstream_timeout` past the deadline.
 */
@Injectable()
export class ServiceClient implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(ServiceClient.name);

  constructor(
    private readonly client: NamespacedNatsClient,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    @Inject(Metrics) private readonly metrics: Metrics,
  ) {}

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

  /** The same without a contract: for subjects outside the shared map (tests of the transport itself). */
  async requestUnchecked<TResult>(
    subject: string,
    payload: object,
    options: RequestOptions = {},
  ): Promise<TResult> {
    const deadline = options.timeoutMs ?? this.options.requestTimeoutMs;
    const headers = natsHeaders();
    headers.set(NatsHeader.RequestId, currentRequestId() ?? randomUUID());
    headers.set(NatsHeader.Deadline, String(Date.now() + deadline));
    if (options.caller) headers.set(NatsHeader.ActorToken, options.caller.token);
    const idempotencyKey = currentIdempotencyKey();
    if (idempotencyKey) headers.set(NatsHeader.IdempotencyKey, idempotencyKey);
    const record = new NatsRecordBuilder(payload).setHeaders(headers).build();

    const stop = this.metrics.natsSentDuration.startTimer({ subject });
    try {
      const result = await firstValueFrom(
        this.client
          .send<TResult>(subject, record)
          .pipe(timeout({ first: deadline, with: () => throwError(() => new DeadlineExceeded()) })),
      );
      this.record(stop, subject, 'ok');
      return result;
    } catch (error) {
      const failure = this.toServiceError(error, subject, deadline);
      this.record(stop, subject, failure.code);
      throw failure;
    }
  }

  /** Publishes an event (no answer). Fails only when the bus cannot take it. */
  async publish<S extends EventSubject>(subject: S, payload: EventPayload<S>): Promise<void> {
    const connection: NatsConnection = this.client.connection() ?? (await this.client.connect());
    connection.publish(natsSubject(subject, this.options.subjectPrefix), JSON.stringify(payload));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }

  private record(stop: (labels: { outcome: string }) => void, subject: string, outcome: string): void {
    stop({ outcome });
    this.metrics.natsSent.inc({ subject, outcome });
  }

  private toServiceError(error: unknown, subject: string, deadline: number): ServiceError {
    if (error instanceof DeadlineExceeded) {
      return new ServiceError(ErrorCode.UpstreamTimeout, `No answer to ${subject} within ${deadline} ms`);
    }
    if (isErrorPayload(error)) return ServiceError.fromPayload(error);
    if (error instanceof NoResponders) {
      return new ServiceError(ErrorCode.ServiceUnavailable, `No service is answering ${subject}`);
    }
    if (isConnectionFailure(error)) {
      return new ServiceError(ErrorCode.ServiceUnavailable, 'The message bus is unreachable');
    }
    this.logger.error({ err: error, subject }, 'Unexpected answer from a service');
    return new ServiceError(ErrorCode.Internal, 'Internal server error');
  }
}

function isConnectionFailure(error: unknown): boolean {
  const text = error instanceof Error ? `${error.name} ${error.message}` : String(error);
  return /connection|reconnect|closed|ECONNREFUSED|ConnectionError/i.test(text);
}
