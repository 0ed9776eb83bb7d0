import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { AccessTokenStrategy, AUTH_SETTINGS, type VerifierSettings } from './access-token.strategy.js';
import { JwtAuthGuard } from './http-auth.js';
import { TOKEN_STATES, TokenGate, type TokenStates } from './token-gate.js';
import { TokenRevocationList } from './token-revocation.js';

export interface EdgeAuthOptions extends VerifierSettings {
  /** Where current token versions come from (the gateway asks the account owner, and caches). */
  tokenStates: Type<TokenStates>;
}

/**
 * Token verification for a public edge. Register JwtAuthGuard as a global guard: every HTTP route then needs a
 * valid token unless marked @Public().
 */
@Module({})
export class EdgeAuthModule {
  static forRoot({ tokenStates, ...settings }: EdgeAuthOptions): DynamicModule {
    return {
      module: EdgeAuthModule,
      imports: [PassportModule],
      providers: [
        { provide: AUTH_SETTINGS, useValue: settings },
        { provide: TOKEN_STATES, useClass: tokenStates },
        TokenRevocationList,
        TokenGate,
        AccessTokenStrategy,
        JwtAuthGuard,
      ],
      exports: [TokenRevocationList, TokenGate, JwtAuthGuard, TOKEN_STATES],
    };
  }
}
