import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { ACCESS_TOKEN_ALGORITHM, readPublicKey } from './keys.js';
import { TokenGate, type AuthenticatedUser } from './token-gate.js';

export const AUTH_SETTINGS = Symbol('AUTH_SETTINGS');

export interface VerifierSettings {
  publicKeyPem: string;
  issuer: string;
  audience: string;
}

/** The checks every access token must pass before its claims are looked at. */
export function accessTokenVerifyOptions(settings: VerifierSettings) {
  return {
    algorithms: [ACCESS_TOKEN_ALGORITHM] as const,
    issuer: settings.issuer,
    audience: settings.audience,
    clockTolerance: 5,
  };
}

/** passport-jwt over the Authorization bearer token, verified with the public key only. */
@Injectable()
export class AccessTokenStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    @Inject(AUTH_SETTINGS) settings: VerifierSettings,
    private readonly gate: TokenGate,
  ) {
    readPublicKey(settings.publicKeyPem);
    const { algorithms, issuer, audience, clockTolerance } = accessTokenVerifyOptions(settings);
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: settings.publicKeyPem,
      algorithms: [...algorithms],
      issuer,
      audience,
      jsonWebTokenOptions: { clockTolerance },
    });
  }

  validate(claims: unknown): Promise<AuthenticatedUser> {
    return this.gate.admit(claims);
  }
}
