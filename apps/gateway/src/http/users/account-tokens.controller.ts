import { Body, Controller, Get, HttpCode, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@shotcaller/auth';
import {
  AccountEmailBody,
  AccountMessage,
  ConfirmEmailQuery,
  EmailConfirmed,
  ResetPasswordBody,
  Subjects,
} from '@shotcaller/contracts';
import { ServiceClient, type ServiceAnswer } from '@shotcaller/messaging';
import { RateLimited } from '../../rate-limits/rate-limits.js';
import { ApiErrors } from '../shared/api-errors.js';

const { users } = Subjects.campaign;

/**
 * Email confirmation and password reset, at Devise's routes. The links in the mails open the client's pages
 * (`/confirm?confirmation_token=`, `/reset-password/<token>`), which call these. The routes that send a mail
 * answer alike whether or not the address has an account, and are limited per client address and per address
 * asked about, as registration is, so they cannot be used to flood a mailbox.
 */
@ApiTags('users')
@Public()
@Controller('users')
export class AccountTokensController {
  constructor(private readonly services: ServiceClient) {}

  @Get('confirmation')
  @ApiOperation({
    summary: 'Confirm an email address with the token from the confirmation mail (works once)',
  })
  @ApiOkResponse({ type: EmailConfirmed })
  @ApiErrors(422, 429, 503, 504)
  confirm(@Query() query: ConfirmEmailQuery): Promise<ServiceAnswer<EmailConfirmed>> {
    return this.services.relay(users.confirmEmail, query);
  }

  @Post('confirmation')
  @HttpCode(200)
  @RateLimited('register')
  @ApiOperation({
    summary: 'Mail the confirmation link again; the same answer whether or not the address has an account',
  })
  @ApiOkResponse({ type: AccountMessage })
  @ApiErrors(400, 422, 429, 503, 504)
  resendConfirmation(@Body() body: AccountEmailBody): Promise<ServiceAnswer<AccountMessage>> {
    return this.services.relay(users.resendConfirmation, body.user);
  }

  @Post('password')
  @HttpCode(200)
  @RateLimited('register')
  @ApiOperation({
    summary: 'Mail a password reset link; the same answer whether or not the address has an account',
  })
  @ApiOkResponse({ type: AccountMessage })
  @ApiErrors(400, 422, 429, 503, 504)
  requestPasswordReset(@Body() body: AccountEmailBody): Promise<ServiceAnswer<AccountMessage>> {
    return this.services.relay(users.requestPasswordReset, body.user);
  }

  @Put('password')
  @ApiOperation({
    summary:
      'Set a new password with the token from the reset mail (works once); every session is signed out',
  })
  @ApiOkResponse({ type: AccountMessage })
  @ApiErrors(400, 422, 429, 503, 504)
  resetPassword(@Body() body: ResetPasswordBody): Promise<ServiceAnswer<AccountMessage>> {
    return this.services.relay(users.resetPassword, body.user);
  }

  // One route decorator per handler (a second would replace the first): PATCH is the same as PUT, as in Devise.
  @Patch('password')
  @ApiOperation({ summary: 'Same as PUT /users/password' })
  @ApiOkResponse({ type: AccountMessage })
  @ApiErrors(400, 422, 429, 503, 504)
  resetPasswordByPatch(@Body() body: ResetPasswordBody): Promise<ServiceAnswer<AccountMessage>> {
    return this.resetPassword(body);
  }
}
