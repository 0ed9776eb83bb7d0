import { MessagePattern, Payload } from '@nestjs/microservices';
import { RpcActor } from '@shotcaller/auth';
import {
  EmptyPayload,
  RegisterUserDto,
  Subjects,
  UpdateProfilePayload,
  UsersIndexQuery,
  type Actor,
  type CurrentUserView,
  type ProfileUpdateResult,
  type SessionGrant,
  type UsersIndexView,
} from '@shotcaller/contracts';
import { RpcHandlers } from '@shotcaller/messaging';
import { UsersService } from './users.service.js';

@RpcHandlers()
export class UsersHandlers {
  constructor(private readonly users: UsersService) {}

  @MessagePattern(Subjects.campaign.users.register)
  register(@Payload() request: RegisterUserDto): Promise<SessionGrant> {
    return this.users.register(request);
  }

  @MessagePattern(Subjects.campaign.users.current)
  current(@RpcActor() actor: Actor, @Payload() _: EmptyPayload): Promise<CurrentUserView> {
    return this.users.current(actor);
  }

  @MessagePattern(Subjects.campaign.users.updateProfile)
  updateProfile(
    @RpcActor() actor: Actor,
    @Payload() { user_id, changes }: UpdateProfilePayload,
  ): Promise<ProfileUpdateResult> {
    return this.users.updateProfile(actor, user_id, changes);
  }

  @MessagePattern(Subjects.campaign.users.list)
  list(@RpcActor() actor: Actor, @Payload() query: UsersIndexQuery): Promise<UsersIndexView> {
    return this.users.list(actor, query);
  }
}
