import { Module, type DynamicModule } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { AccessTokenStrategy, AUTH_SETTINGS, type VerifierSettings } from './access-token.strategy.js';
import { JwtAuthGuard } from './http-auth.js';
import { TokenGate } from './token-gate.js';
import { TokenRevocationList } from './token-revocation.js';

/**
 * Token verification for a public edge. Register JwtAuthGuard as a global guard: every HTTP route then needs a
 * valid token unless marked @Public().
 */
@Module({})
export class EdgeAuthModule {
  static forRoot(settings: VerifierSettings): DynamicModule {
    return {
      module: EdgeAuthModule,
      imports: [PassportModule],
      providers: [
        { provide: AUTH_SETTINGS, useValue: settings },
        TokenRevocationList,
        TokenGate,
        AccessTokenStrategy,
        JwtAuthGuard,
      ],
      exports: [TokenRevocationList, TokenGate, JwtAuthGuard],
    };
  }
}
