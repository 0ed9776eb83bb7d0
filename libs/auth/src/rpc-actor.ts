import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { NatsContext } from '@nestjs/microservices';
import { decodeActor, NatsHeader, ServiceError, type Actor } from '@shotcaller/contracts';

function actorOf(context: ExecutionContext): Actor | undefined {
  const headers = context.switchToRpc().getContext<NatsContext>().getHeaders() as
    { get(name: string): string } | undefined;
  return decodeActor(headers?.get(NatsHeader.Actor));
}

/**
 * The actor of a NATS request, from the `x-actor` header the gateway set after verifying a token. A request
 * without one (or with a malformed one) is refused as unauthenticated.
 */
export const RpcActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => {
  const actor = actorOf(context);
  if (!actor) throw ServiceError.unauthenticated('This request needs a signed-in user');
  return actor;
});
