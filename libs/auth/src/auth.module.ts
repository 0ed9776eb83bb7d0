import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { AccessTokenVerifier } from './access-token.verifier.js';
import { EDGE_TOKEN_VERIFIER, JwtAuthGuard } from './http-auth.js';
import { VerificationKeys } from './keys.js';
import { TOKEN_STATES, TokenGate, type TokenStates } from './token-gate.js';
import { REVOCATION_STORE, TokenRevocationList, type RevocationStore } from './token-revocation.js';

export interface VerifierSettings {
  /** One or more PEM public keys: the signing key and, during a rotation, the earlier ones. */
  publicKeyPem: string;
  issuer: string;
  audience: string;
}

export interface EdgeAuthOptions extends VerifierSettings {
  /** Where current token versions come from (the gateway asks the account owner, and caches). */
  tokenStates: Type<TokenStates>;
  /** Where sign-outs are stored durably and announced; each replica's view of them is loaded from it. */
  revocationStore: Type<RevocationStore>;
}

/**
 * Token verification for a public edge. Register JwtAuthGuard as a global guard: every HTTP route then needs a
 * valid token unless marked @Public().
 */
@Module({})
export class EdgeAuthModule {
  static forRoot({ tokenStates, revocationStore, ...settings }: EdgeAuthOptions): DynamicModule {
    return {
      module: EdgeAuthModule,
      providers: [
        {
          provide: EDGE_TOKEN_VERIFIER,
          useValue: new AccessTokenVerifier({
            keys: VerificationKeys.fromPem(settings.publicKeyPem),
            issuer: settings.issuer,
            audience: settings.audience,
          }),
        },
        { provide: TOKEN_STATES, useClass: tokenStates },
        { provide: REVOCATION_STORE, useClass: revocationStore },
        TokenRevocationList,
        TokenGate,
        JwtAuthGuard,
      ],
      exports: [TokenRevocationList, TokenGate, JwtAuthGuard, TOKEN_STATES, EDGE_TOKEN_VERIFIER],
    };
  }
}
