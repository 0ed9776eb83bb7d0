import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Public, TokenRevocationList, type AuthenticatedUser } from '@shotcaller/auth';
import {
  ChangePasswordBody,
  CurrentUserView,
  PasswordChangeResponse,
  StatusMessage,
  EmptyPayload,
  RegisterUserBody,
  AccountMessages,
  RegistrationResponse,
  Subjects,
  UpdateProfileBody,
  UsersIndexQuery,
  UsersIndexView,
  type UpdateProfilePayload,
} from '@shotcaller/contracts';
import { ServiceClient, type ServiceAnswer } from '@shotcaller/messaging';
import type { Response } from 'express';
import { RateLimited } from '../../rate-limits/rate-limits.js';
import { ApiErrors, ApiSignedIn } from '../shared/api-errors.js';
import { AcceptsMultipartRecord } from '../shared/multipart-record.interceptor.js';
import { RecordId } from '../shared/uuid-param.js';
import { sendToken } from '../shared/session-token.js';

@ApiTags('users')
@Controller('api/v2/users')
export class UsersController {
  constructor(
    private readonly services: ServiceClient,
    private readonly revocations: TokenRevocationList,
  ) {}

  @Public()
  @RateLimited('register')
  @Post('register')
  @HttpCode(201)
  @ApiOperation({
    summary:
      'Create an account; signed in at once (token in the Authorization header), unless sign-in needs a confirmed address (then requires_confirmation, no token)',
  })
  @ApiCreatedResponse({ type: RegistrationResponse })
  @ApiErrors(400, 422, 429, 503, 504)
  async register(
    @Body() body: RegisterUserBody,
    @Res({ passthrough: true }) res: Response,
  ): Promise<RegistrationResponse> {
    const grant = await this.services.request(Subjects.campaign.users.register, body.user);
    if (grant.token !== null) sendToken(res, grant.token);
    return {
      code: 201,
      message: grant.requires_confirmation ? AccountMessages.signedUpUnconfirmed : 'Registration successful',
      data: grant.user,
      payload: grant.claims,
      requires_confirmation: grant.requires_confirmation,
    };
  }

  @Get('current')
  @ApiOperation({ summary: 'The signed-in user, with the campaigns they run and play in' })
  @ApiOkResponse({ type: CurrentUserView })
  @ApiSignedIn()
  current(@CurrentUser() caller: AuthenticatedUser): Promise<ServiceAnswer<CurrentUserView>> {
    return this.services.relay(Subjects.campaign.users.current, new EmptyPayload(), { caller });
  }

  @Get('profile')
  @ApiOperation({ summary: 'The signed-in user (same as current)' })
  @ApiOkResponse({ type: CurrentUserView })
  @ApiSignedIn()
  profile(@CurrentUser() caller: AuthenticatedUser): Promise<ServiceAnswer<CurrentUserView>> {
    return this.services.relay(Subjects.campaign.users.current, new EmptyPayload(), { caller });
  }

  @Patch('profile')
  @AcceptsMultipartRecord('user')
  @ApiOperation({
    summary:
      'Change your own profile; JSON, or multipart with the record in a "user" field (no image: users have none yet); a fresh token comes back in the Authorization header',
  })
  @ApiOkResponse({ type: CurrentUserView })
  @ApiSignedIn()
  @ApiErrors(400, 422)
  updateProfile(
    @CurrentUser() caller: AuthenticatedUser,
    @Body() body: UpdateProfileBody,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CurrentUserView> {
    return this.changeProfile(caller, caller.actor.id, body, res);
  }

  @Patch(':id')
  @AcceptsMultipartRecord('user')
  @ApiOperation({
    summary:
      'Change a profile: your own, or anyone\'s as an admin; JSON, or multipart with the record in a "user" field (no image: users have none yet)',
  })
  @ApiOkResponse({ type: CurrentUserView })
  @ApiSignedIn()
  @ApiErrors(400, 403, 404, 422)
  update(
    @CurrentUser() caller: AuthenticatedUser,
    @RecordId() id: string,
    @Body() body: UpdateProfileBody,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CurrentUserView> {
    return this.changeProfile(caller, id, body, res);
  }

  @Get()
  @ApiOperation({
    summary: 'Users you share a campaign with (everyone for admins); campaign_id narrows to one campaign',
  })
  @ApiOkResponse({ type: UsersIndexView })
  @ApiSignedIn()
  @ApiErrors(404, 422)
  list(
    @CurrentUser() caller: AuthenticatedUser,
    @Query() query: UsersIndexQuery,
  ): Promise<ServiceAnswer<UsersIndexView>> {
    return this.services.relay(Subjects.campaign.users.list, query, { caller });
  }

  @Post('change_password')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Change your password; every other session ends, a fresh token comes back in the header',
  })
  @ApiOkResponse({ type: PasswordChangeResponse })
  @ApiSignedIn()
  @ApiErrors(400, 415, 422)
  async changePassword(
    @CurrentUser() caller: AuthenticatedUser,
    @Body() body: ChangePasswordBody,
    @Res({ passthrough: true }) res: Response,
  ): Promise<PasswordChangeResponse> {
    const { token } = await this.services.request(Subjects.campaign.users.changePassword, body, { caller });
    sendToken(res, token);
    return { success: true, message: 'Password changed; other sessions have been signed out' };
  }

  @Delete('sessions')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign out everywhere: every token issued to you so far ends, this one included' })
  @ApiOkResponse({ type: StatusMessage })
  @ApiSignedIn()
  async endSessions(@CurrentUser() caller: AuthenticatedUser): Promise<StatusMessage> {
    await this.services.request(Subjects.campaign.users.endSessions, new EmptyPayload(), { caller });
    return { status: 200, message: 'Signed out everywhere' };
  }

  /** A change to one's own profile comes with a fresh token: the one it replaces ends here. */
  private async changeProfile(
    caller: AuthenticatedUser,
    userId: string,
    body: UpdateProfileBody,
    res: Response,
  ): Promise<CurrentUserView> {
    const payload: UpdateProfilePayload = { user_id: userId, changes: body.user };
    const result = await this.services.request(Subjects.campaign.users.updateProfile, payload, { caller });
    if (result.token) {
      sendToken(res, result.token);
      await this.revocations.revoke(caller);
    }
    return result.user;
  }
}
