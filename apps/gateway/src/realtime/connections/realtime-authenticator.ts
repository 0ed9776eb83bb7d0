import { Inject, Injectable } from '@nestjs/common';
import { errors as joseErrors, jwtVerify, type JWTHeaderParameters } from 'jose';
import {
  ACCESS_TOKEN_ALGORITHM,
  AccessTokenVerifier,
  CLOCK_TOLERANCE_SECONDS,
  EDGE_TOKEN_VERIFIER,
  TokenGate,
  VerificationKeys,
} from '@shotcaller/auth';
import {
  isParticipantTokenClaims,
  PARTICIPANT_TOKEN_SCOPE,
  ServiceError,
  type ParticipantTokenClaims,
} from '@shotcaller/contracts';
import { REALTIME_OPTIONS, type RealtimeOptions } from '../realtime.options.js';
import { unverifiedScope } from './handshake.rules.js';
import type { RealtimeIdentity } from './identity.js';

/**
 * Who a realtime connection's token stands for. A user token passes the very checks HTTP applies (signature, then
 * TokenGate: not signed out, current version, active account); a location participant token is verified with
 * realtime-location's public key (LOCATION_TOKEN_PUBLIC_KEY). Failures are `unauthenticated` ServiceErrors.
 */
@Injectable()
export class RealtimeAuthenticator {
  private readonly participantKeys: VerificationKeys;

  constructor(
    @Inject(EDGE_TOKEN_VERIFIER) private readonly verifier: AccessTokenVerifier,
    private readonly gate: TokenGate,
    @Inject(REALTIME_OPTIONS) private readonly options: RealtimeOptions,
  ) {
    this.participantKeys = VerificationKeys.fromPem(
      options.participantTokens.publicKeyPem,
      'LOCATION_TOKEN_PUBLIC_KEY',
    );
  }

  async authenticate(token: string | undefined): Promise<RealtimeIdentity> {
    if (!token) throw ServiceError.unauthenticated('Authentication required: send a token');
    if (unverifiedScope(token) === PARTICIPANT_TOKEN_SCOPE) return this.participant(token);
    const claims = await this.verifier.verify(token);
    const user = await this.gate.admit(claims, token);
    return { kind: 'user', id: user.actor.id, token, expiresAt: claims.exp * 1000, user };
  }

  /** Whether a user connection's token is still good (not signed out, current version, active account). */
  async stillAdmitted(identity: RealtimeIdentity): Promise<boolean> {
    if (identity.kind !== 'user') return true;
    try {
      await this.gate.admit(identity.user.claims, identity.token);
      return true;
    } catch (error) {
      // Only a refusal of the token ends a connection; an outage of the sign-in state does not.
      return !(error instanceof ServiceError && error.code === 'unauthenticated');
    }
  }

  private async participant(token: string): Promise<RealtimeIdentity> {
    if (this.participantKeys.size === 0) throw ServiceError.unauthenticated('Invalid token');
    let payload: unknown;
    try {
      ({ payload } = await jwtVerify(
        token,
        (header: JWTHeaderParameters) => {
          const key = this.participantKeys.get(header.kid);
          if (!key) throw new joseErrors.JWKSNoMatchingKey();
          return key;
        },
        {
          algorithms: [ACCESS_TOKEN_ALGORITHM],
          issuer: this.options.participantTokens.issuer,
          audience: this.options.participantTokens.audience,
          clockTolerance: CLOCK_TOLERANCE_SECONDS,
        },
      ));
    } catch (error) {
      throw ServiceError.unauthenticated(
        error instanceof joseErrors.JWTExpired ? 'Token has expired' : 'Invalid token',
      );
    }
    if (!isParticipantTokenClaims(payload)) throw ServiceError.unauthenticated('Invalid token');
    const claims: ParticipantTokenClaims = payload;
    return {
      kind: 'participant',
      id: claims.sub,
      token,
      expiresAt: claims.exp * 1000,
      sessionId: claims.sid,
      claims,
    };
  }
}
