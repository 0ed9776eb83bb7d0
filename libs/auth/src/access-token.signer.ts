import { randomUUID, createPublicKey, type KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';
import {
  ACCESS_TOKEN_SCOPE,
  type AccessTokenClaims,
  type AccessTokenUserClaims,
} from '@shotcaller/contracts';
import { ACCESS_TOKEN_ALGORITHM, keyId, readPrivateKey } from './keys.js';

export interface SignerSettings {
  privateKeyPem: string;
  issuer: string;
  audience: string;
  ttlSeconds: number;
}

export interface SignedToken {
  token: string;
  claims: AccessTokenClaims;
}

/** Signs access tokens. Only the issuing service holds the private key. */
export class AccessTokenSigner {
  readonly privateKey: KeyObject;
  private readonly kid: string;

  constructor(private readonly settings: SignerSettings) {
    this.privateKey = readPrivateKey(settings.privateKeyPem);
    this.kid = keyId(createPublicKey(this.privateKey));
  }

  async sign(
    userId: string,
    tokenVersion: number,
    user: AccessTokenUserClaims,
    now = new Date(),
  ): Promise<SignedToken> {
    const iat = Math.floor(now.getTime() / 1000);
    const claims: AccessTokenClaims = {
      sub: userId,
      jti: randomUUID(),
      scp: ACCESS_TOKEN_SCOPE,
      iss: this.settings.issuer,
      aud: this.settings.audience,
      iat,
      exp: iat + this.settings.ttlSeconds,
      ver: tokenVersion,
      user,
    };
    const token = await new SignJWT({ ...claims })
      .setProtectedHeader({ alg: ACCESS_TOKEN_ALGORITHM, typ: 'JWT', kid: this.kid })
      .sign(this.privateKey);
    return { token, claims };
  }
}
