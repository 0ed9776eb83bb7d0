import { Body, Controller, Delete, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Public, TokenRevocationList, type AuthenticatedUser } from '@shotcaller/auth';
import { SessionResponse, SignInBody, StatusMessage, Subjects } from '@shotcaller/contracts';
import { ServiceClient } from '@shotcaller/messaging';
import type { Request, Response } from 'express';
import { RateLimited } from '../../rate-limits/rate-limits.js';
import { ApiErrors, ApiSignedIn } from '../shared/api-errors.js';
import { sendToken } from '../shared/session-token.js';

@ApiTags('sessions')
@Controller()
export class SessionsController {
  constructor(
    private readonly services: ServiceClient,
    private readonly revocations: TokenRevocationList,
  ) {}

  @Public()
  @RateLimited('sign-in')
  @Post('users/sign_in')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in; the token comes back in the Authorization header' })
  @ApiOkResponse({ type: SessionResponse })
  @ApiErrors(400, 401, 422, 429, 503, 504)
  async signIn(
    @Body() body: SignInBody,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SessionResponse> {
    // Failed sign-ins lock an account for the address they came from only (req.ip honours TRUST_PROXY).
    const grant = await this.services.request(Subjects.campaign.users.signIn, {
      ...body.user,
      client_address: req.ip ?? '',
    });
    sendToken(res, grant.token);
    return { code: 200, message: 'User signed in successfully', data: grant.user, payload: grant.claims };
  }

  @Delete(['users/sign_out', 'logout'])
  @HttpCode(200)
  @ApiOperation({
    summary: 'Sign out: the token is revoked on every gateway replica until it would have expired',
  })
  @ApiOkResponse({ type: StatusMessage })
  @ApiSignedIn()
  async signOut(@CurrentUser() user: AuthenticatedUser): Promise<StatusMessage> {
    await this.revocations.revoke(user);
    return { status: 200, message: 'Signed out successfully' };
  }
}
