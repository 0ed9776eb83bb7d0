import type { ExecutionContext, PreRequestHook } from '@nestjs/common';
import type { NatsContext } from '@nestjs/microservices';
import {
  ErrorCode,
  HTTP_STATUS_BY_ERROR_CODE,
  isErrorPayload,
  NatsHeader,
  ServiceError,
} from '@shotcaller/contracts';
import {
  acceptRequestId,
  labelled,
  runWithRequestId,
  type Metrics,
  type RpcLogContext,
} from '@shotcaller/observability';
import { Observable } from 'rxjs';
import type { InFlightRequests } from './in-flight.js';
import { natsHeader } from './nats-header.js';
import { rpcActor } from './rpc-access.guard.js';
import { isDependencyOutage } from './outages.js';

const requestIds = new WeakMap<object, string>();

function natsContextOf(context: ExecutionContext): NatsContext {
  return context.switchToRpc().getContext<NatsContext>();
}

/** The caller's request id (or a new one, fixed for the message), shared by logs, metrics and onward calls. */
export function rpcRequestId(context: ExecutionContext): string {
  const nats = natsContextOf(context);
  let id = requestIds.get(nats);
  if (!id) {
    id = acceptRequestId(natsHeader(nats, NatsHeader.RequestId));
    requestIds.set(nats, id);
  }
  return id;
}

/** How NATS messages appear in logs: request id, subject and the verified actor's id (never the payload). */
export const rpcLogContext: RpcLogContext = {
  requestId: rpcRequestId,
  props: (context) => {
    const actor = rpcActor(context);
    return { subject: natsContextOf(context).getSubject(), ...(actor ? { actor: actor.id } : {}) };
  },
  isExpected: (error) => isExpectedFailure(error),
};

/**
 * A refusal (a 4xx) or a store outage (a 503 the outage log reports once) is logged as a warning with its code;
 * anything else is logged as an error with a stack.
 */
function isExpectedFailure(error: unknown): boolean {
  if (isDependencyOutage(error)) return true;
  const code = error instanceof ServiceError ? error.code : isErrorPayload(error) ? error.code : undefined;
  return (
    code !== undefined && (HTTP_STATUS_BY_ERROR_CODE[code] < 500 || code === ErrorCode.DependencyUnavailable)
  );
}

function outcomeOf(error: unknown): string {
  if (error instanceof ServiceError) return error.code;
  if (isErrorPayload(error)) return error.code;
  return ErrorCode.Internal;
}

/**
 * Wraps the handling of every NATS request: binds the request id for the handler's own calls, counts it as in
 * flight for graceful shutdown, and records its latency and outcome.
 */
export function rpcRequestHook(
  metrics: Metrics,
  inFlight: InFlightRequests,
  subjectPrefix: string,
): PreRequestHook {
  const namespace = subjectPrefix ? `${subjectPrefix}.` : '';
  return (context, next) =>
    new Observable((subscriber) => {
      const requestId = rpcRequestId(context);
      const wireSubject = String(context.switchToRpc().getContext<NatsContext>().getSubject());
      // Metrics are labelled by the logical subject, the same in every environment.
      const subject =
        namespace && wireSubject.startsWith(namespace) ? wireSubject.slice(namespace.length) : wireSubject;
      const started = performance.now();
      const finish = (outcome: string) => {
        labelled(metrics.natsHandledDuration, subject, outcome).observe((performance.now() - started) / 1000);
        labelled(metrics.natsHandled, subject, outcome).inc();
        if (outcome === ErrorCode.Internal) metrics.errors.inc({ source: 'nats', code: outcome });
        inFlight.end();
      };
      inFlight.begin();
      return runWithRequestId(requestId, () =>
        next().subscribe({
          next: (value) => subscriber.next(value),
          error: (error: unknown) => {
            finish(outcomeOf(error));
            subscriber.error(error);
          },
          complete: () => {
            finish('ok');
            subscriber.complete();
          },
        }),
      );
    });
}
