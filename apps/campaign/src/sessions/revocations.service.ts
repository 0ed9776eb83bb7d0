import { Inject, Injectable, Logger } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import {
  ServiceError,
  Subjects,
  type AccessTokenClaims,
  type RevocationsPage,
  type RevokedTokenDto,
} from '@shotcaller/contracts';
import { NamespacedNatsClient, ServiceClient } from '@shotcaller/messaging';
import { RevokedToken } from './revoked-token.entity.js';
import { unitOfWork } from '@shotcaller/persistence';

/** Signed-out tokens in one page of `campaign.sessions.revocations`. */
export const REVOCATIONS_PAGE_SIZE = 1000;
/** Expired rows deleted on each sign-out: enough to outpace new ones, small enough to stay quick. */
const EXPIRED_BATCH = 100;
/** How long a sign-out waits for NATS to confirm it has the announcement before answering anyway. */
const ANNOUNCE_WAIT_MS = 1000;

/**
 * Signed-out tokens, stored until they would have expired. This table is the truth; each gateway replica keeps
 * a view of it in memory, loaded from `page` and kept current by `campaign.session.revoked`.
 */
@Injectable()
export class RevocationsService {
  private readonly logger = new Logger(RevocationsService.name);

  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    private readonly services: ServiceClient,
    private readonly nats: NamespacedNatsClient,
  ) {}

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
    // Committed (no transaction: the statement stands alone). Announced even when the row was there already,
    // so a retried sign-out whose first announcement was lost is announced again.
    await this.announce({ jti, exp });
    await em.execute(
      `delete from revoked_tokens where jti in
         (select jti from revoked_tokens where expires_at <= ? order by expires_at limit ?)`,
      [now, EXPIRED_BATCH],
    );
    return { revoked: true };
  }

  /**
   * Tells every gateway replica, best effort: a replica that misses it reloads after its reconnect. Waits (a
   * little) until NATS has the event, so it is on its way to the other replicas before the sign-out is answered.
   */
  private async announce(token: RevokedTokenDto): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await this.services.publish(Subjects.campaign.events.sessionRevoked, {
        jti: token.jti,
        exp: token.exp,
      });
      const flushed = this.nats.connection()?.flush();
      const late = new Promise<'late'>((resolve) => {
        timer = setTimeout(() => resolve('late'), ANNOUNCE_WAIT_MS);
      });
      if ((await Promise.race([flushed, late])) === 'late') {
        this.logger.warn('NATS has not confirmed a sign-out announcement; answering anyway');
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'Could not announce a sign-out');
    } finally {
      clearTimeout(timer);
    }
  }

  /** The signed-out tokens not yet expired, by token id, a page at a time. */
  async page(after: string | undefined, now = new Date()): Promise<RevocationsPage> {
    const rows = await unitOfWork(this.orm).find(
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
