import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { AccessTokenSigner } from '@shotcaller/auth';
import type { RegistrationGrant, SessionGrant } from '@shotcaller/contracts';
import type { CampaignEnv } from '../config.js';
import type { User } from '../users/user.entity.js';
import { toTokenUserClaims, toUserView } from '../users/user.serializer.js';

/** Issues the access token a user signs in with (and a fresh one when their profile claims change). */
@Injectable()
export class TokenIssuer {
  private readonly signer: AccessTokenSigner;
  /** REQUIRE_CONFIRMED_EMAIL: an unconfirmed account holds no token, from sign-in or from registering. */
  private readonly requireConfirmedEmail: boolean;

  constructor(config: ConfigService<CampaignEnv, true>) {
    this.requireConfirmedEmail = config.get('REQUIRE_CONFIRMED_EMAIL', { infer: true });
    this.signer = new AccessTokenSigner({
      privateKeyPem: config.get('JWT_PRIVATE_KEY', { infer: true }),
      issuer: config.get('JWT_ISSUER', { infer: true }),
      audience: config.get('JWT_AUDIENCE', { infer: true }),
      ttlSeconds: config.get('JWT_TTL_SECONDS', { infer: true }),
    });
  }

  async grant(user: User): Promise<SessionGrant> {
    const { token, claims } = await this.signer.sign(user.id, user.tokenVersion, toTokenUserClaims(user));
    return { user: toUserView(user), token, claims };
  }

  /**
   * What a new account gets: its session, unless sign-in needs a confirmed address that it does not have yet
   * (registering would otherwise sign in past the confirmation).
   */
  async registered(user: User): Promise<RegistrationGrant> {
    if (this.requireConfirmedEmail && !user.confirmedAt) {
      return { user: toUserView(user), token: null, claims: null, requires_confirmation: true };
    }
    return { ...(await this.grant(user)), requires_confirmation: false };
  }
}
