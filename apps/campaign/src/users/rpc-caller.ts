import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { NatsContext } from '@nestjs/microservices';
import { NatsHeader } from '@shotcaller/contracts';
import { rpcActor, type Caller } from '@shotcaller/messaging';

/**
 * The caller of an actor request as another service is to be told it: their access token, already verified by
 * RpcAccessGuard (undefined where no actor was verified). Passed on so that the jobs service reports a job's
 * outcome to them.
 */
export const RpcCaller = createParamDecorator((_: unknown, context: ExecutionContext): Caller | undefined => {
  if (!rpcActor(context)) return undefined;
  const headers = context.switchToRpc().getContext<NatsContext>().getHeaders() as
    { get(name: string): string } | undefined;
  const token = headers?.get(NatsHeader.ActorToken);
  return token ? { token } : undefined;
});
