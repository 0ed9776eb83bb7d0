import { Body, Controller, Get, HttpCode, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Public, type AuthenticatedUser } from '@shotcaller/auth';
import {
  CurrentUserView,
  EmptyPayload,
  RegisterUserBody,
  SessionResponse,
  Subjects,
  UpdateProfileBody,
  UsersIndexQuery,
  UsersIndexView,
  type ProfileUpdateResult,
  type SessionGrant,
  type UpdateProfilePayload,
} from '@shotcaller/contracts';
import { ServiceClient } from '@shotcaller/messaging';
import type { Response } from 'express';
import { RateLimited } from '../../rate-limits/rate-limits.js';
import { ApiErrors, ApiSignedIn } from '../shared/api-errors.js';
import { RecordId } from '../shared/uuid-param.js';
import { sendToken } from '../shared/session-token.js';

@ApiTags('users')
@Controller('api/v2/users')
export class UsersController {
  constructor(private readonly services: ServiceClient) {}

  @Public()
  @RateLimited('register')
  @Post('register')
  @HttpCode(201)
  @ApiOperation({ summary: 'Create an account; signed in at once (token in the Authorization header)' })
  @ApiCreatedResponse({ type: SessionResponse })
  @ApiErrors(400, 422, 429, 503, 504)
  async register(
    @Body() body: RegisterUserBody,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SessionResponse> {
    const grant = await this.services.request<SessionGrant>(Subjects.campaign.users.register, body.user);
    sendToken(res, grant.token);
    return { code: 201, message: 'Registration successful', data: grant.user, payload: grant.claims };
  }

  @Get('current')
  @ApiOperation({ summary: 'The signed-in user, with the campaigns they run and play in' })
  @ApiOkResponse({ type: CurrentUserView })
  @ApiSignedIn()
  current(@CurrentUser() { actor }: AuthenticatedUser): Promise<CurrentUserView> {
    return this.services.request(Subjects.campaign.users.current, new EmptyPayload(), { actor });
  }

  @Get('profile')
  @ApiOperation({ summary: 'The signed-in user (same as current)' })
  @ApiOkResponse({ type: CurrentUserView })
  @ApiSignedIn()
  profile(@CurrentUser() { actor }: AuthenticatedUser): Promise<CurrentUserView> {
    return this.services.request(Subjects.campaign.users.current, new EmptyPayload(), { actor });
  }

  @Patch('profile')
  @ApiOperation({ summary: 'Change your own profile; a fresh token comes back in the Authorization header' })
  @ApiOkResponse({ type: CurrentUserView })
  @ApiSignedIn()
  @ApiErrors(400, 422)
  updateProfile(
    @CurrentUser() { actor }: AuthenticatedUser,
    @Body() body: UpdateProfileBody,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CurrentUserView> {
    return this.changeProfile(actor, actor.id, body, res);
  }

  @Patch(':id')
  @ApiOperation({ summary: "Change a profile: your own, or anyone's as an admin" })
  @ApiOkResponse({ type: CurrentUserView })
  @ApiSignedIn()
  @ApiErrors(400, 403, 404, 422)
  update(
    @CurrentUser() { actor }: AuthenticatedUser,
    @RecordId() id: string,
    @Body() body: UpdateProfileBody,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CurrentUserView> {
    return this.changeProfile(actor, id, body, res);
  }

  @Get()
  @ApiOperation({
    summary: 'Users you share a campaign with (everyone for admins); campaign_id narrows to one campaign',
  })
  @ApiOkResponse({ type: UsersIndexView })
  @ApiSignedIn()
  @ApiErrors(404, 422)
  list(
    @CurrentUser() { actor }: AuthenticatedUser,
    @Query() query: UsersIndexQuery,
  ): Promise<UsersIndexView> {
    return this.services.request(Subjects.campaign.users.list, query, { actor });
  }

  private async changeProfile(
    actor: AuthenticatedUser['actor'],
    userId: string,
    body: UpdateProfileBody,
    res: Response,
  ): Promise<CurrentUserView> {
    const payload: UpdateProfilePayload = { user_id: userId, changes: body.user };
    const result = await this.services.request<ProfileUpdateResult>(
      Subjects.campaign.users.updateProfile,
      payload,
      {
        actor,
      },
    );
    if (result.token) sendToken(res, result.token);
    return result.user;
  }
}
