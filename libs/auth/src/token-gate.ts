import { Inject, Injectable } from '@nestjs/common';
import { ServiceError, type AccessTokenClaims, type Actor, type TokenState } from '@shotcaller/contracts';
import { actorOf, isAccessTokenClaims } from './access-token.verifier.js';
import { TokenRevocationList } from './token-revocation.js';

/** A request's verified identity: the actor, the claims of its token, and the token itself (sent on to services). */
export interface AuthenticatedUser {
  actor: Actor;
  claims: AccessTokenClaims;
  token: string;
}

/** Where the gateway learns a user's current token version and whether the account is active. */
export interface TokenStates {
  /** The state, possibly cached; `refresh` asks the owner afresh (a token newer than the cached version). */
  current(userId: string, options?: { refresh?: boolean }): Promise<TokenState>;
}

export const TOKEN_STATES = Symbol('TOKEN_STATES');

/** Whether a token of this version is still good for an account in this state. */
export function tokenStillValid(claims: Pick<AccessTokenClaims, 'ver'>, state: TokenState): boolean {
  return state.active && claims.ver === state.token_version;
}

/**
 * What happens after a token's signature, issuer, audience and expiry check out: its claims must be a user
 * token's, it must not have been signed out, and it must be of the account's current token version (a password
 * change, a deactivation or signing out everywhere ends older ones). HTTP and socket authentication both pass
 * through here.
 */
@Injectable()
export class TokenGate {
  constructor(
    private readonly revocations: TokenRevocationList,
    @Inject(TOKEN_STATES) private readonly states: TokenStates,
  ) {}

  async admit(claims: unknown, token: string): Promise<AuthenticatedUser> {
    if (!isAccessTokenClaims(claims)) throw ServiceError.unauthenticated('Invalid token');
    // A lookup in memory once the list is loaded; before that a wait for the load, and 503 without one.
    if (await this.revocations.isRevoked(claims.jti)) {
      throw ServiceError.unauthenticated('Token has been revoked');
    }
    const cached = await this.states.current(claims.sub);
    // A token newer than what is cached was issued since (a password change): the cache is what is stale.
    const state =
      claims.ver > cached.token_version ? await this.states.current(claims.sub, { refresh: true }) : cached;
    if (!state.active) throw ServiceError.unauthenticated('This account is deactivated');
    if (!tokenStillValid(claims, state)) throw ServiceError.unauthenticated('Token has been revoked');
    return { actor: actorOf(claims), claims, token };
  }
}
