import { hostname } from 'node:os';
import {
  EmptyPayload,
  SignInPayload,
  Subjects,
  type Actor,
  type PongReply,
  type SessionGrant,
} from '@shotcaller/contracts';
import { RpcActor, RpcHandler, RpcHandlers } from '@shotcaller/messaging';
import { SessionsService } from './sessions.service.js';

const instance = `${hostname()}:${process.pid}`;

@RpcHandlers()
export class SessionsHandlers {
  constructor(private readonly sessions: SessionsService) {}

  @RpcHandler(Subjects.campaign.users.signIn)
  signIn(credentials: SignInPayload): Promise<SessionGrant> {
    return this.sessions.signIn(credentials);
  }

  /** Answered from the verified token alone: the path's cost without any store (the benchmark's ceiling). */
  @RpcHandler(Subjects.campaign.sessions.whoami)
  whoami(_: EmptyPayload, @RpcActor() actor: Actor): PongReply {
    return { pong: true, user_id: actor.id, service: 'campaign', instance, time: new Date().toISOString() };
  }
}
