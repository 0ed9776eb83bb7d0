import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { LockMode, MikroORM } from '@mikro-orm/postgresql';
import { ErrorCode, ServiceError, type SessionGrant, type SignInDto } from '@shotcaller/contracts';
import type { CampaignEnv } from '../config.js';
import { User } from '../users/user.entity.js';
import { verifyAgainstDecoy, verifyPassword } from '../users/password.js';
import {
  AFTER_SUCCESSFUL_SIGN_IN,
  afterFailedSignIn,
  secondsLocked,
  type LockoutPolicy,
} from './sign-in-lockout.rules.js';
import { TokenIssuer } from './token-issuer.js';

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

  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    private readonly tokens: TokenIssuer,
    config: ConfigService<CampaignEnv, true>,
  ) {
    this.policy = {
      threshold: config.get('AUTH_LOCKOUT_THRESHOLD', { infer: true }),
      lockSeconds: config.get('AUTH_LOCKOUT_SECONDS', { infer: true }),
    };
  }

  /**
   * Checks an email and password. Wrong passwords count towards a lock; while locked, even the right password
   * is refused. An unknown email costs the same time as a wrong password and gets the same answer.
   */
  async signIn({ email, password }: SignInDto, now = new Date()): Promise<SessionGrant> {
    const em = this.orm.em.fork();
    const user = await em.findOne(User, { email: email.toLowerCase() });
    if (!user) {
      await verifyAgainstDecoy(password);
      throw new ServiceError(ErrorCode.InvalidCredentials, INVALID_CREDENTIALS);
    }
    const lockedFor = secondsLocked({ lockedUntil: user.lockedUntil ?? null }, now);
    if (lockedFor > 0) throw locked(lockedFor);

    if (!(await verifyPassword(user.passwordHash, password))) {
      const after = await this.recordFailure(user.id, now);
      const nowLocked = secondsLocked(after, now);
      if (nowLocked > 0) throw locked(nowLocked);
      throw new ServiceError(ErrorCode.InvalidCredentials, INVALID_CREDENTIALS);
    }
    if (!user.active) throw new ServiceError(ErrorCode.Unauthenticated, 'This account is deactivated');

    user.failedSignInAttempts = AFTER_SUCCESSFUL_SIGN_IN.failedAttempts;
    user.lockedUntil = AFTER_SUCCESSFUL_SIGN_IN.lockedUntil;
    user.lastSignInAt = now;
    await em.flush();
    return this.tokens.grant(user);
  }

  /** Counts a failure under a row lock, so concurrent attempts cannot undercount. */
  private recordFailure(userId: string, now: Date) {
    return this.orm.em.fork().transactional(async (em) => {
      const user = await em.findOneOrFail(User, userId, { lockMode: LockMode.PESSIMISTIC_WRITE });
      const next = afterFailedSignIn(
        { failedAttempts: user.failedSignInAttempts, lockedUntil: user.lockedUntil ?? null },
        this.policy,
        now,
      );
      user.failedSignInAttempts = next.failedAttempts;
      user.lockedUntil = next.lockedUntil;
      return next;
    });
  }
}
