import { Migration } from '@mikro-orm/migrations';

/**
 * Signed-out tokens, kept until they would have expired: the gateways' Redis deny-list is a cache of this table,
 * so a flushed or replaced Redis cannot bring a signed-out token back.
 */
export class RevokedTokens extends Migration {
  override up(): void {
    this.addSql(`
      create table revoked_tokens (
        jti uuid primary key,
        user_id uuid not null references users (id) on delete cascade,
        expires_at timestamptz not null
      )`);
    this.addSql(`create index revoked_tokens_expires_at_index on revoked_tokens (expires_at)`);
  }

  override down(): void {
    this.addSql(`drop table revoked_tokens`);
  }
}
