import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { AccessTokenStrategy, AUTH_SETTINGS, type VerifierSettings } from './access-token.strategy.js';
import { JwtAuthGuard } from './http-auth.js';
import { TOKEN_STATES, TokenGate, type TokenStates } from './token-gate.js';
import { REVOCATION_STORE, TokenRevocationList, type RevocationStore } from './token-revocation.js';

export interface EdgeAuthOptions extends VerifierSettings {
  /** Where current token versions come from (the gateway asks the account owner, and caches). */
  tokenStates: Type<TokenStates>;
  /** Where sign-outs are stored durably; the Redis deny-list is rebuilt from it. */
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
      imports: [PassportModule],
      providers: [
        { provide: AUTH_SETTINGS, useValue: settings },
        { provide: TOKEN_STATES, useClass: tokenStates },
        { provide: REVOCATION_STORE, useClass: revocationStore },
        TokenRevocationList,
        TokenGate,
        AccessTokenStrategy,
        JwtAuthGuard,
      ],
      exports: [TokenRevocationList, TokenGate, JwtAuthGuard, TOKEN_STATES],
    };
  }
}
