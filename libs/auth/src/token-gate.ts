import { Injectable } from '@nestjs/common';
import {
  ACCESS_TOKEN_SCOPE,
  ActorKind,
  ServiceError,
  UserRole,
  type AccessTokenClaims,
  type Actor,
} from '@shotcaller/contracts';
import { TokenRevocationList } from './token-revocation.js';

/** A request's verified identity: the actor sent on to services, and the claims of the token it came with. */
export interface AuthenticatedUser {
  actor: Actor;
  claims: AccessTokenClaims;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function isAccessTokenClaims(value: unknown): value is AccessTokenClaims {
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
    typeof claims.user === 'object' &&
    claims.user !== null
  );
}

/** The roles a user token grants, as hints for services (which re-check anything that grants power). */
export function rolesOf(claims: AccessTokenClaims): string[] {
  const roles: string[] = [];
  if (claims.user.admin) roles.push(UserRole.Admin);
  if (claims.user.gamemaster) roles.push(UserRole.Gamemaster);
  return roles;
}

/**
 * What happens after a token's signature, issuer, audience and expiry check out: its claims must be a user
 * token's, and it must not have been revoked. HTTP and socket authentication both pass through here.
 */
@Injectable()
export class TokenGate {
  constructor(private readonly revocations: TokenRevocationList) {}

  async admit(claims: unknown): Promise<AuthenticatedUser> {
    if (!isAccessTokenClaims(claims)) throw ServiceError.unauthenticated('Invalid token');
    if (await this.revocations.isRevoked(claims.jti))
      throw ServiceError.unauthenticated('Token has been revoked');
    return { actor: { id: claims.sub, kind: ActorKind.User, roles: rolesOf(claims) }, claims };
  }
}
