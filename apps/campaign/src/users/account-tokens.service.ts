import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { LockMode } from '@mikro-orm/core';
import { MikroORM } from '@mikro-orm/postgresql';
import {
  AccountMessages,
  ServiceError,
  type AccountEmailDto,
  type AccountMessage,
  type ConfirmEmailQuery,
  type EmailConfirmed,
  type ResetPasswordDto,
} from '@shotcaller/contracts';
import { unitOfWork } from '@shotcaller/persistence';
import type { CampaignEnv } from '../config.js';
import { SignInFailure } from '../sessions/sign-in-failure.entity.js';
import { mailConfirmation, mailPasswordReset } from './account-mails.js';
import {
  accountTokenDigest,
  accountTokenErrors,
  checkAccountToken,
  issueAccountToken,
} from './account-tokens.rules.js';
import { MailJobs } from './mail-jobs.js';
import { hashPassword } from './password.js';
import { User } from './user.entity.js';
import { toUserView } from './user.serializer.js';
import { UsersService } from './users.service.js';

/**
 * Email confirmation and password reset by emailed token (Devise's `confirmable` and `recoverable`). A token is
 * 32 random bytes; only its SHA-256 digest is stored, with when it was issued. It works once (using it clears
 * it) and until its lifetime is over. Asking for a mail answers the same whether or not the address has an
 * account, so these routes never tell who has one.
 */
@Injectable()
export class AccountTokensService {
  private readonly confirmationSeconds: number;
  private readonly resetSeconds: number;

  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    private readonly mail: MailJobs,
    private readonly users: UsersService,
    config: ConfigService<CampaignEnv, true>,
  ) {
    this.confirmationSeconds = config.get('CONFIRMATION_TOKEN_TTL_SECONDS', { infer: true });
    this.resetSeconds = config.get('RESET_PASSWORD_TOKEN_TTL_SECONDS', { infer: true });
  }

  /** Confirms the address the token was mailed to. */
  async confirmEmail({ confirmation_token }: ConfirmEmailQuery, now = new Date()): Promise<EmailConfirmed> {
    const user = await unitOfWork(this.orm).transactional(async (tx) => {
      const found = await tx.findOne(
        User,
        { confirmationTokenDigest: accountTokenDigest(confirmation_token) },
        { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true },
      );
      const check = checkAccountToken(
        found && { sentAt: found.confirmationSentAt ?? null },
        this.confirmationSeconds,
        now,
      );
      if (!found || check !== 'valid') {
        throw ServiceError.validation(
          accountTokenErrors('confirmation_token', check === 'valid' ? 'invalid' : check),
        );
      }
      found.confirmedAt = now;
      found.confirmationTokenDigest = null;
      found.confirmationSentAt = null;
      await tx.flush();
      return found;
    });
    return { message: AccountMessages.confirmed, data: toUserView(user) };
  }

  /** Mails a new confirmation link to an unconfirmed account; anything else is answered alike, and sends nothing. */
  async resendConfirmation({ email }: AccountEmailDto, now = new Date()): Promise<AccountMessage> {
    await unitOfWork(this.orm).transactional(async (tx) => {
      const user = await tx.findOne(
        User,
        { email: email.toLowerCase() },
        { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true },
      );
      if (!user || user.confirmedAt || !user.active) return;
      const confirmation = issueAccountToken();
      user.confirmationTokenDigest = confirmation.digest;
      user.confirmationSentAt = now;
      await tx.flush();
      await mailConfirmation(this.mail, user, confirmation.token, now);
    });
    return { message: AccountMessages.confirmationSent };
  }

  /** Mails a password reset link to an active account; an unknown address is answered alike, and sends nothing. */
  async requestPasswordReset({ email }: AccountEmailDto, now = new Date()): Promise<AccountMessage> {
    await unitOfWork(this.orm).transactional(async (tx) => {
      const user = await tx.findOne(
        User,
        { email: email.toLowerCase() },
        { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true },
      );
      if (!user || !user.active) return;
      const reset = issueAccountToken();
      user.resetPasswordTokenDigest = reset.digest;
      user.resetPasswordSentAt = now;
      await tx.flush();
      await mailPasswordReset(this.mail, user, reset.token, now);
    });
    return { message: AccountMessages.resetSent };
  }

  /**
   * Sets a new password with the mailed token. Every token issued before ends (every session is signed out) and
   * the account's sign-in locks are lifted; the user signs in again with the new password.
   */
  async resetPassword(request: ResetPasswordDto, now = new Date()): Promise<AccountMessage> {
    const digest = accountTokenDigest(request.reset_password_token);
    // A token that matches nothing is refused before the password is hashed (tens of milliseconds of CPU).
    const seen = await unitOfWork(this.orm).findOne(User, { resetPasswordTokenDigest: digest });
    if (!seen) throw ServiceError.validation(accountTokenErrors('reset_password_token', 'invalid'));
    const passwordHash = await hashPassword(request.password);
    const user = await unitOfWork(this.orm).transactional(async (tx) => {
      const found = await tx.findOne(
        User,
        { resetPasswordTokenDigest: digest },
        { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true },
      );
      const check = checkAccountToken(
        found && { sentAt: found.resetPasswordSentAt ?? null },
        this.resetSeconds,
        now,
      );
      if (!found || check !== 'valid') {
        throw ServiceError.validation(
          accountTokenErrors('reset_password_token', check === 'valid' ? 'invalid' : check),
        );
      }
      found.passwordHash = passwordHash;
      found.tokenVersion += 1;
      found.resetPasswordTokenDigest = null;
      found.resetPasswordSentAt = null;
      await tx.nativeDelete(SignInFailure, { user: found.id });
      await tx.flush();
      return found;
    });
    await this.users.announceTokens(user);
    return { message: AccountMessages.passwordReset };
  }
}
