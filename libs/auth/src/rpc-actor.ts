import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ServiceError, type Actor } from '@shotcaller/contracts';
import { rpcActor } from '@shotcaller/messaging';

/**
 * The actor of a NATS request, from the `x-actor` header the gateway set after verifying a token. A request
 * without one (or with a malformed one) is refused as unauthenticated.
 */
export const RpcActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => {
  const actor = rpcActor(context);
  if (!actor) throw ServiceError.unauthenticated('This request needs a signed-in user');
  return actor;
});
