import {
  ChangePasswordBody,
  RegisterUserDto,
  Subjects,
  TokenStatePayload,
  UpdateProfilePayload,
  UsersIndexQuery,
  type Actor,
  type CurrentUserView,
  type PasswordChanged,
  type ProfileUpdateResult,
  type RegistrationGrant,
  type TokenState,
  type UsersIndexView,
} from '@shotcaller/contracts';
import { RpcActor, RpcHandler, RpcHandlers } from '@shotcaller/messaging';
import { UsersService } from './users.service.js';

const { users } = Subjects.campaign;

@RpcHandlers()
export class UsersHandlers {
  constructor(private readonly users: UsersService) {}

  @RpcHandler(users.register)
  register(request: RegisterUserDto): Promise<RegistrationGrant> {
    return this.users.register(request);
  }

  @RpcHandler(users.current)
  current(_: object, @RpcActor() actor: Actor): Promise<CurrentUserView> {
    return this.users.current(actor);
  }

  @RpcHandler(users.updateProfile)
  updateProfile(
    { user_id, changes }: UpdateProfilePayload,
    @RpcActor() actor: Actor,
  ): Promise<ProfileUpdateResult> {
    return this.users.updateProfile(actor, user_id, changes);
  }

  @RpcHandler(users.list)
  list(query: UsersIndexQuery, @RpcActor() actor: Actor): Promise<UsersIndexView> {
    return this.users.list(actor, query);
  }

  @RpcHandler(users.changePassword)
  changePassword(request: ChangePasswordBody, @RpcActor() actor: Actor): Promise<PasswordChanged> {
    return this.users.changePassword(actor, request);
  }

  @RpcHandler(users.endSessions)
  endSessions(_: object, @RpcActor() actor: Actor): Promise<TokenState> {
    return this.users.endSessions(actor);
  }

  @RpcHandler(users.tokenState)
  tokenState({ user_id }: TokenStatePayload): Promise<TokenState> {
    return this.users.tokenState(user_id);
  }
}
