import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { LockMode, MikroORM } from '@mikro-orm/postgresql';
import {
  AccountMessages,
  ErrorCode,
  ServiceError,
  type SessionGrant,
  type SignInPayload,
} from '@shotcaller/contracts';
import type { CampaignEnv } from '../config.js';
import { User } from '../users/user.entity.js';
import { verifyAgainstDecoy, verifyPassword } from '../users/password.js';
import { SignInFailure } from './sign-in-failure.entity.js';
import {
  afterFailedSignIn,
  secondsLocked,
  type LockoutPolicy,
  type LockoutState,
} from './sign-in-lockout.rules.js';
import { TokenIssuer } from './token-issuer.js';
import { unitOfWork } from '@shotcaller/persistence';

const INVALID_CREDENTIALS = 'Invalid email or password';

function locked(retryAfter: number): ServiceError {
  return new ServiceError(
    ErrorCode.AccountLocked,
    'This account is locked after repeated failed sign-ins; try again later',
    { retry_after: retryAfter },
  );
}

@Injectable()
export class SessionsService {
  private readonly policy: LockoutPolicy;
  private readonly requireConfirmedEmail: boolean;

  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    private readonly tokens: TokenIssuer,
    config: ConfigService<CampaignEnv, true>,
  ) {
    this.policy = {
      threshold: config.get('AUTH_LOCKOUT_THRESHOLD', { infer: true }),
      lockSeconds: config.get('AUTH_LOCKOUT_SECONDS', { infer: true }),
    };
    this.requireConfirmedEmail = config.get('REQUIRE_CONFIRMED_EMAIL', { infer: true });
  }

  /**
   * Checks an email and password. Wrong passwords count towards a lock of this account from this client address;
   * while locked, even the right password is refused from there, but the owner can still sign in from elsewhere.
   * An unknown email costs the same time as a wrong password and gets the same answer.
   */
  async signIn({ email, password, client_address }: SignInPayload, now = new Date()): Promise<SessionGrant> {
    const em = unitOfWork(this.orm);
    const user = await em.findOne(User, { email: email.toLowerCase() });
    if (!user) {
      await verifyAgainstDecoy(password);
      throw new ServiceError(ErrorCode.InvalidCredentials, INVALID_CREDENTIALS);
    }
    const failures = await em.findOne(SignInFailure, { user: user.id, clientAddress: client_address });
    const lockedFor = secondsLocked({ lockedUntil: failures?.lockedUntil ?? null }, now);
    if (lockedFor > 0) throw locked(lockedFor);

    if (!(await verifyPassword(user.passwordHash, password))) {
      const after = await this.recordFailure(user.id, client_address, now);
      const nowLocked = secondsLocked(after, now);
      if (nowLocked > 0) throw locked(nowLocked);
      throw new ServiceError(ErrorCode.InvalidCredentials, INVALID_CREDENTIALS);
    }
    if (!user.active) throw new ServiceError(ErrorCode.Unauthenticated, 'This account is deactivated');
    // Told only to whoever knows the password, so it says nothing about the address to anyone else.
    if (this.requireConfirmedEmail && !user.confirmedAt) {
      throw new ServiceError(ErrorCode.Unauthenticated, AccountMessages.unconfirmed);
    }

    if (failures) em.remove(failures);
    user.lastSignInAt = now;
    await em.flush();
    return this.tokens.grant(user);
  }

  /** Counts a failure from one address under a row lock, so concurrent attempts cannot undercount. */
  private recordFailure(userId: string, clientAddress: string, now: Date): Promise<LockoutState> {
    return unitOfWork(this.orm).transactional(async (em) => {
      await em.execute(
        'insert into sign_in_failures (user_id, client_address) values (?, ?) on conflict do nothing',
        [userId, clientAddress],
      );
      const row = await em.findOneOrFail(
        SignInFailure,
        { user: userId, clientAddress },
        { lockMode: LockMode.PESSIMISTIC_WRITE },
      );
      const next = afterFailedSignIn(
        { failedAttempts: row.failedAttempts, lockedUntil: row.lockedUntil ?? null },
        this.policy,
        now,
      );
      row.failedAttempts = next.failedAttempts;
      row.lockedUntil = next.lockedUntil;
      return next;
    });
  }
}
