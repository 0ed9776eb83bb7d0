import { MessagePattern, Payload } from '@nestjs/microservices';
import { SignInDto, Subjects, type SessionGrant } from '@shotcaller/contracts';
import { RpcHandlers } from '@shotcaller/messaging';
import { SessionsService } from './sessions.service.js';

@RpcHandlers()
export class SessionsHandlers {
  constructor(private readonly sessions: SessionsService) {}

  @MessagePattern(Subjects.campaign.users.signIn)
  signIn(@Payload() credentials: SignInDto): Promise<SessionGrant> {
    return this.sessions.signIn(credentials);
  }
}
