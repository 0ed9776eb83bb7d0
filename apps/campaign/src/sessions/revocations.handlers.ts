import { Ctx, type NatsContext } from '@nestjs/microservices';
import { AccessTokenVerifier } from '@shotcaller/auth';
import {
  NatsHeader,
  RevocationsQuery,
  RevokeTokenPayload,
  ServiceError,
  Subjects,
  type Actor,
  type RevocationsPage,
} from '@shotcaller/contracts';
import { RpcActor, RpcHandler, RpcHandlers } from '@shotcaller/messaging';
import { RevocationsService } from './revocations.service.js';

const { sessions } = Subjects.campaign;

function actorToken(context: NatsContext): string {
  const headers = context.getHeaders() as { get(name: string): string } | undefined;
  return headers?.get(NatsHeader.ActorToken) ?? '';
}

@RpcHandlers()
export class RevocationsHandlers {
  constructor(
    private readonly revocations: RevocationsService,
    private readonly verifier: AccessTokenVerifier,
  ) {}

  @RpcHandler(sessions.revoke)
  async revoke(
    token: RevokeTokenPayload,
    @RpcActor() actor: Actor,
    @Ctx() context: NatsContext,
  ): Promise<{ revoked: true }> {
    // The access guard verified this token already; the verifier remembers it, so its claims cost no ES256 here.
    const claims = await this.verifier.verify(actorToken(context));
    if (claims.sub !== actor.id) throw ServiceError.unauthenticated('Invalid token');
    return this.revocations.revoke(claims, token);
  }

  @RpcHandler(sessions.revocations)
  revoked({ after }: RevocationsQuery): Promise<RevocationsPage> {
    return this.revocations.page(after);
  }
}
