import {
  Inject,
  Injectable,
  Optional,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { NatsContext } from '@nestjs/microservices';
import { NatsHeader, type RpcContract } from '@shotcaller/contracts';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { natsHeader } from './nats-header.js';
import { rpcActor } from './rpc-access.guard.js';
import { RPC_CONTRACT } from './rpc-handler.js';

/** Where a service records idempotent requests (libs/persistence's IdempotentRequests, on its database). */
export interface IdempotencyStore {
  run<T>(
    call: { scope: string; subject: string; key: string; payload: unknown },
    work: () => Promise<T>,
  ): Promise<T>;
}

export const IDEMPOTENCY_STORE = Symbol('IDEMPOTENCY_STORE');

/**
 * Runs a request of an idempotent contract that carries an Idempotency-Key through the service's store, so a retry
 * gets the first answer instead of a second write. Requests without a key, and other contracts, pass straight on.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    @Optional() @Inject(IDEMPOTENCY_STORE) private readonly store?: IdempotencyStore,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const contract = this.reflector.get<RpcContract | undefined>(RPC_CONTRACT, context.getHandler());
    const nats = context.switchToRpc().getContext<NatsContext>();
    const key = natsHeader(nats, NatsHeader.IdempotencyKey);
    if (!contract?.idempotent || !key) return next.handle();
    if (!this.store) throw new Error('An idempotent request reached a service without an idempotency store');
    const call = {
      scope: rpcActor(context)?.id ?? 'public',
      subject: String(nats.getSubject()),
      key,
      payload: context.switchToRpc().getData(),
    };
    return from(this.store.run(call, () => lastValueFrom(next.handle())));
  }
}
