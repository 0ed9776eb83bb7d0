import { errors as joseErrors, jwtVerify, type JWTHeaderParameters } from 'jose';
import {
  ACCESS_TOKEN_SCOPE,
  ActorKind,
  ServiceError,
  UserRole,
  type AccessTokenClaims,
  type Actor,
} from '@shotcaller/contracts';
import { ACCESS_TOKEN_ALGORITHM, type VerificationKeys } from './keys.js';

export interface TokenCheck {
  keys: VerificationKeys;
  issuer: string;
  audience: string;
}

/** Seconds of clock difference between issuer and verifier that a token's times may be off by. */
export const CLOCK_TOLERANCE_SECONDS = 5;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A verified token's claims have the shape of a user token (scope, ids, version, user summary). */
export function isAccessTokenClaims(value: unknown): value is AccessTokenClaims {
  const claims = value as Partial<AccessTokenClaims> | null;
  return (
    typeof claims === 'object' &&
    claims !== null &&
    typeof claims.sub === 'string' &&
    UUID.test(claims.sub) &&
    typeof claims.jti === 'string' &&
    UUID.test(claims.jti) &&
    claims.scp === ACCESS_TOKEN_SCOPE &&
    typeof claims.exp === 'number' &&
    Number.isSafeInteger(claims.ver) &&
    typeof claims.user === 'object' &&
    claims.user !== null
  );
}

/** The roles a user token grants, as hints for services (which re-check anything that grants power). */
export function rolesOf(claims: AccessTokenClaims): string[] {
  // Array literals of the exact size: a gateway keeps one per realtime connection, and a pushed-to array
  // reserves room for 16.
  const { admin, gamemaster } = claims.user;
  if (admin && gamemaster) return [UserRole.Admin, UserRole.Gamemaster];
  if (admin) return [UserRole.Admin];
  if (gamemaster) return [UserRole.Gamemaster];
  return [];
}

/** The actor a verified user token stands for. */
export function actorOf(claims: AccessTokenClaims): Actor {
  return { id: claims.sub, kind: ActorKind.User, roles: rolesOf(claims), tokenVersion: claims.ver };
}

const MAX_CACHED = 10_000;

/**
 * Verifies access tokens where they arrive on the bus: signature by the key the token names, issuer, audience,
 * expiry and the user-token shape. A token verified once is remembered (whole token as the key, so a forged
 * token reusing another's `jti` is not a hit) until it expires, so a busy caller pays for ES256 once.
 */
export class AccessTokenVerifier {
  private readonly verified = new Map<string, AccessTokenClaims>();

  constructor(private readonly check: TokenCheck) {}

  async verify(token: string, nowMs = Date.now()): Promise<AccessTokenClaims> {
    const cached = this.verified.get(token);
    if (cached && cached.exp * 1000 + CLOCK_TOLERANCE_SECONDS * 1000 > nowMs) return cached;
    if (cached) this.verified.delete(token);
    const claims = await this.verifyAfresh(token, nowMs);
    if (this.verified.size >= MAX_CACHED) {
      const oldest = this.verified.keys().next().value;
      if (oldest !== undefined) this.verified.delete(oldest);
    }
    this.verified.set(token, claims);
    return claims;
  }

  private async verifyAfresh(token: string, nowMs: number): Promise<AccessTokenClaims> {
    let payload: unknown;
    try {
      ({ payload } = await jwtVerify(
        token,
        (header: JWTHeaderParameters) => {
          const key = this.check.keys.get(header.kid);
          if (!key) throw new joseErrors.JWKSNoMatchingKey();
          return key;
        },
        {
          algorithms: [ACCESS_TOKEN_ALGORITHM],
          issuer: this.check.issuer,
          audience: this.check.audience,
          clockTolerance: CLOCK_TOLERANCE_SECONDS,
          currentDate: new Date(nowMs),
        },
      ));
    } catch (error) {
      throw ServiceError.unauthenticated(
        error instanceof joseErrors.JWTExpired ? 'Token has expired' : 'Invalid token',
      );
    }
    if (!isAccessTokenClaims(payload)) throw ServiceError.unauthenticated('Invalid token');
    return payload;
  }
}
