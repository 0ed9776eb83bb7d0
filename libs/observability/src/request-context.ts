import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

interface RequestScope {
  requestId: string;
  /** The client's Idempotency-Key, carried to the service that makes the request's write. */
  idempotencyKey?: string;
}

const scope = new AsyncLocalStorage<RequestScope>();

/** Runs `fn` with this request id as the current one, for logs and for NATS calls made on its behalf. */
export function runWithRequestId<T>(requestId: string, fn: () => T, idempotencyKey?: string): T {
  return scope.run(idempotencyKey ? { requestId, idempotencyKey } : { requestId }, fn);
}

/** The Idempotency-Key of the HTTP request being handled, if its client sent one. */
export function currentIdempotencyKey(): string | undefined {
  return scope.getStore()?.idempotencyKey;
}

/** The request id of the HTTP request, socket event or NATS message being handled, if any. */
export function currentRequestId(): string | undefined {
  return scope.getStore()?.requestId;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** A caller's request id if it is a sane token, else a new one: ids are logged, so they are not free text. */
export function acceptRequestId(candidate: unknown): string {
  return typeof candidate === 'string' && REQUEST_ID.test(candidate) ? candidate : randomUUID();
}
