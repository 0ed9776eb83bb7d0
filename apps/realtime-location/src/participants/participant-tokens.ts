import { createPublicKey, randomUUID, type KeyObject } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { errors as joseErrors, jwtVerify, SignJWT, type JWTHeaderParameters } from 'jose';
import {
  ACCESS_TOKEN_ALGORITHM,
  CLOCK_TOLERANCE_SECONDS,
  generateSigningKeyPair,
  keyId,
  readPrivateKey,
} from '@shotcaller/auth';
import {
  isParticipantTokenClaims,
  PARTICIPANT_TOKEN_SCOPE,
  ServiceError,
  type ParticipantTokenClaims,
} from '@shotcaller/contracts';
import { LOCATION_SETTINGS, type LocationSettings } from '../location.settings.js';

const MAX_CACHED = 20_000;

/**
 * Signs and verifies participant tokens (ES256 with this service's own key; the gateway verifies them with its
 * public half, LOCATION_TOKEN_PUBLIC_KEY). A token names one participant of one session and lasts until the
 * session expires plus LOCATION_TOKEN_GRACE_SECONDS: long enough for the sweep to end an expired session and tell
 * its participants, whose connections the gateway would otherwise close as expired first. A valid token does not
 * open a closed session: the service refuses every request in it from expires_at on (assertOpen).
 */
@Injectable()
export class ParticipantTokens {
  private readonly logger = new Logger(ParticipantTokens.name);
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;
  private readonly kid: string;
  private readonly verified = new Map<string, ParticipantTokenClaims>();

  constructor(@Inject(LOCATION_SETTINGS) private readonly settings: LocationSettings) {
    let pem = settings.tokenPrivateKeyPem;
    if (pem.trim() === '') {
      const pair = generateSigningKeyPair();
      pem = pair.privateKeyPem;
      this.logger.warn(
        { public_key: pair.publicKeyPem },
        'LOCATION_TOKEN_PRIVATE_KEY is not set: participant tokens are signed with a key made at boot; ' +
          'give the gateway this public key (LOCATION_TOKEN_PUBLIC_KEY)',
      );
    }
    this.privateKey = readPrivateKey(pem, 'LOCATION_TOKEN_PRIVATE_KEY');
    this.publicKey = createPublicKey(this.privateKey);
    this.kid = keyId(this.publicKey);
  }

  /** The public key, in PEM (what the gateway needs). */
  get publicKeyPem(): string {
    return this.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  }

  async sign(
    participant: { id: string; sessionId: string; displayName: string },
    expiresAt: Date,
    now = new Date(),
  ): Promise<{ token: string; claims: ParticipantTokenClaims }> {
    const iat = Math.floor(now.getTime() / 1000);
    const claims: ParticipantTokenClaims = {
      sub: participant.id,
      jti: randomUUID(),
      scp: PARTICIPANT_TOKEN_SCOPE,
      sid: participant.sessionId,
      name: participant.displayName,
      iss: this.settings.tokenIssuer,
      aud: this.settings.tokenAudience,
      iat,
      // The grace is at least a minute, so a token given moments before the end still lasts that long.
      exp: Math.ceil(expiresAt.getTime() / 1000) + this.settings.tokenGraceSeconds,
    };
    const token = await new SignJWT({ ...claims })
      .setProtectedHeader({ alg: ACCESS_TOKEN_ALGORITHM, typ: 'JWT', kid: this.kid })
      .sign(this.privateKey);
    return { token, claims };
  }

  /** The claims of a participant token this service signed; `unauthenticated` for anything else. */
  async verify(token: string, nowMs = Date.now()): Promise<ParticipantTokenClaims> {
    if (!token) throw ServiceError.unauthenticated('This request needs a participant token');
    const cached = this.verified.get(token);
    if (cached && (cached.exp + CLOCK_TOLERANCE_SECONDS) * 1000 > nowMs) return cached;
    if (cached) this.verified.delete(token);
    let payload: unknown;
    try {
      ({ payload } = await jwtVerify(
        token,
        (header: JWTHeaderParameters) => {
          if (header.kid !== this.kid) throw new joseErrors.JWKSNoMatchingKey();
          return this.publicKey;
        },
        {
          algorithms: [ACCESS_TOKEN_ALGORITHM],
          issuer: this.settings.tokenIssuer,
          audience: this.settings.tokenAudience,
          clockTolerance: CLOCK_TOLERANCE_SECONDS,
          currentDate: new Date(nowMs),
        },
      ));
    } catch (error) {
      throw ServiceError.unauthenticated(
        error instanceof joseErrors.JWTExpired ? 'Token has expired' : 'Invalid token',
      );
    }
    if (!isParticipantTokenClaims(payload)) throw ServiceError.unauthenticated('Invalid token');
    if (this.verified.size >= MAX_CACHED) {
      const oldest = this.verified.keys().next().value;
      if (oldest !== undefined) this.verified.delete(oldest);
    }
    this.verified.set(token, payload);
    return payload;
  }
}
