import { Inject, Injectable } from '@nestjs/common';
import { Redis } from 'ioredis';
import { ErrorCode, ServiceError } from '@shotcaller/contracts';

const key = (jti: string) => `auth:revoked:${jti}`;

/**
 * Tokens revoked before they expire (sign-out), shared by every gateway replica through Redis. An entry lives
 * as long as the token would have, so the list never outgrows the tokens still in circulation.
 */
@Injectable()
export class TokenRevocationList {
  constructor(@Inject(Redis) private readonly redis: Redis) {}

  async revoke(jti: string, expiresAtSeconds: number, now = Date.now()): Promise<void> {
    const ttlMs = expiresAtSeconds * 1000 - now;
    if (ttlMs <= 0) return;
    await this.guard(() => this.redis.set(key(jti), '1', 'PX', ttlMs));
  }

  async isRevoked(jti: string): Promise<boolean> {
    return (await this.guard(() => this.redis.exists(key(jti)))) === 1;
  }

  /** Without Redis a revoked token cannot be told from a good one: refuse with 503 rather than guess. */
  private async guard<T>(command: () => Promise<T>): Promise<T> {
    try {
      return await command();
    } catch {
      throw new ServiceError(
        ErrorCode.DependencyUnavailable,
        'Sign-in state is unavailable; try again shortly',
      );
    }
  }
}
