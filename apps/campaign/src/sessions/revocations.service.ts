import { Inject, Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import {
  ServiceError,
  type AccessTokenClaims,
  type RevocationsPage,
  type RevokedTokenDto,
} from '@shotcaller/contracts';
import { RevokedToken } from './revoked-token.entity.js';
import { unitOfWork } from '@shotcaller/persistence';

/** Signed-out tokens in one page of `campaign.sessions.revocations`. */
export const REVOCATIONS_PAGE_SIZE = 1000;
/** Expired rows deleted on each sign-out: enough to outpace new ones, small enough to stay quick. */
const EXPIRED_BATCH = 100;

/**
 * Signed-out tokens, stored until they would have expired. This table is the truth; the gateways' Redis
 * deny-list is a cache rebuilt from it.
 */
@Injectable()
export class RevocationsService {
  constructor(@Inject(MikroORM) private readonly orm: MikroORM) {}

  /**
   * Signs out the token the request was sent with: `verified` are its claims, so a caller cannot sign out a token
   * of someone else (or one they only know the id of). Answers once the row is committed.
   */
  async revoke(
    verified: AccessTokenClaims,
    { jti, exp }: RevokedTokenDto,
    now = new Date(),
  ): Promise<{ revoked: true }> {
    if (jti !== verified.jti || exp !== verified.exp) {
      throw ServiceError.forbidden('Only the token this request is sent with can be signed out');
    }
    const em = unitOfWork(this.orm);
    // Through users, so a token of a deleted account writes nothing (it has no account to sign in to anyway).
    await em.execute(
      `insert into revoked_tokens (jti, user_id, expires_at)
         select ?, id, ? from users where id = ?
         on conflict (jti) do nothing`,
      [jti, new Date(exp * 1000), verified.sub],
    );
    await em.execute(
      `delete from revoked_tokens where jti in
         (select jti from revoked_tokens where expires_at <= ? order by expires_at limit ?)`,
      [now, EXPIRED_BATCH],
    );
    return { revoked: true };
  }

  /** The signed-out tokens not yet expired, by token id, a page at a time. */
  async page(after: string | undefined, now = new Date()): Promise<RevocationsPage> {
    const rows = await this.orm.em
      .fork()
      .find(
        RevokedToken,
        { expiresAt: { $gt: now }, ...(after ? { jti: { $gt: after } } : {}) },
        { orderBy: { jti: 'asc' }, limit: REVOCATIONS_PAGE_SIZE + 1 },
      );
    const page = rows.slice(0, REVOCATIONS_PAGE_SIZE);
    return {
      revocations: page.map((row) => ({ jti: row.jti, exp: Math.round(row.expiresAt.getTime() / 1000) })),
      next: rows.length > REVOCATIONS_PAGE_SIZE ? page[page.length - 1].jti : null,
    };
  }
}
