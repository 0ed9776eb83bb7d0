import { SignInPayload, Subjects, type SessionGrant } from '@shotcaller/contracts';
import { RpcHandler, RpcHandlers } from '@shotcaller/messaging';
import { SessionsService } from './sessions.service.js';

@RpcHandlers()
export class SessionsHandlers {
  constructor(private readonly sessions: SessionsService) {}

  @RpcHandler(Subjects.campaign.users.signIn)
  signIn(credentials: SignInPayload): Promise<SessionGrant> {
    return this.sessions.signIn(credentials);
  }
}
