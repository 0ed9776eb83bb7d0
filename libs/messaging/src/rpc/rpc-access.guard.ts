import { createParamDecorator, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { NatsContext } from '@nestjs/microservices';
import { AccessTokenVerifier, actorOf } from '@shotcaller/auth';
import { ErrorCode, NatsHeader, ServiceError, type Actor, type RpcContract } from '@shotcaller/contracts';
import { natsHeader } from './nats-header.js';
import { RPC_CONTRACT } from './rpc-handler.js';

const verifiedActors = new WeakMap<object, Actor>();

/** The verified caller of the NATS message being handled, once RpcAccessGuard admitted it. */
export function rpcActor(context: ExecutionContext): Actor | undefined {
  return verifiedActors.get(context.switchToRpc().getContext<NatsContext>());
}

/**
 * Runs before every NATS handler. A request whose caller has stopped waiting is skipped. A request whose contract
 * needs an actor must carry the caller's access token,
 * which this service verifies itself (signature, issuer, audience, expiry): nothing another process on the bus
 * says about who is asking is believed. Public contracts need no token.
 */
@Injectable()
export class RpcAccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: AccessTokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const contract = this.reflector.get<RpcContract | undefined>(RPC_CONTRACT, context.getHandler());
    if (!contract) throw new Error('A NATS handler without a contract was called');
    const nats = context.switchToRpc().getContext<NatsContext>();
    // The caller has stopped waiting (a backlog after a restart): its answer would go nowhere, so skip the work.
    const deadline = Number(natsHeader(nats, NatsHeader.Deadline));
    if (deadline > 0 && Date.now() > deadline) {
      throw new ServiceError(
        ErrorCode.UpstreamTimeout,
        'The caller stopped waiting before this request was handled',
      );
    }
    if (contract.access === 'public') return true;
    const token = natsHeader(nats, NatsHeader.ActorToken);
    if (!token) throw ServiceError.unauthenticated('This request needs a signed-in user');
    verifiedActors.set(nats, actorOf(await this.verifier.verify(token)));
    return true;
  }
}

/** The verified actor of a NATS request (handlers whose contract requires one). */
export const RpcActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => {
  const actor = rpcActor(context);
  if (!actor) throw ServiceError.unauthenticated('This request needs a signed-in user');
  return actor;
});
