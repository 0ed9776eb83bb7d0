import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import { decodeProtectedHeader } from 'jose';
import { ExtractJwt, Strategy, type SecretOrKeyProvider } from 'passport-jwt';
import { CLOCK_TOLERANCE_SECONDS } from './access-token.verifier.js';
import { ACCESS_TOKEN_ALGORITHM, VerificationKeys } from './keys.js';
import { TokenGate, type AuthenticatedUser } from './token-gate.js';

export const AUTH_SETTINGS = Symbol('AUTH_SETTINGS');

export interface VerifierSettings {
  /** One or more PEM public keys: the signing key and, during a rotation, the earlier ones. */
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
    clockTolerance: CLOCK_TOLERANCE_SECONDS,
  };
}

const bearerToken = ExtractJwt.fromAuthHeaderAsBearerToken();

/** The key a token names (`kid`), from the verification key set; a token naming no known key is refused. */
function keyProvider(keys: VerificationKeys): SecretOrKeyProvider {
  return (_request, rawToken, done) => {
    let kid: unknown;
    try {
      kid = decodeProtectedHeader(String(rawToken)).kid;
    } catch {
      return done(new Error('unreadable token header'));
    }
    const key = keys.get(kid);
    if (!key) return done(new Error('unknown signing key'));
    // passport-jwt hands the key to jsonwebtoken, which takes a KeyObject as is (no PEM parsing per request).
    return done(null, key as unknown as string);
  };
}

/** passport-jwt over the Authorization bearer token, verified with public keys only, picked by `kid`. */
@Injectable()
export class AccessTokenStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    @Inject(AUTH_SETTINGS) settings: VerifierSettings,
    private readonly gate: TokenGate,
  ) {
    const { algorithms, issuer, audience, clockTolerance } = accessTokenVerifyOptions(settings);
    super({
      jwtFromRequest: bearerToken,
      secretOrKeyProvider: keyProvider(VerificationKeys.fromPem(settings.publicKeyPem)),
      algorithms: [...algorithms],
      issuer,
      audience,
      jsonWebTokenOptions: { clockTolerance },
      passReqToCallback: true,
    });
  }

  validate(request: Request, claims: unknown): Promise<AuthenticatedUser> {
    return this.gate.admit(claims, bearerToken(request) ?? '');
  }
}
