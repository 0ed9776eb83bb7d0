import { Migration } from '@mikro-orm/migrations';

/**
 * Email confirmation and password reset by emailed token. Only a token's SHA-256 digest is stored, with when it
 * was issued (it expires from then); using it clears it, so it works once. Accounts made before confirmation
 * existed count as confirmed: requiring confirmation later must not lock them out.
 */
export class AccountTokens extends Migration {
  override up(): void {
    this.addSql(`
      alter table users
        add column confirmed_at timestamptz null,
        add column confirmation_token_digest varchar(64) null,
        add column confirmation_sent_at timestamptz null,
        add column reset_password_token_digest varchar(64) null,
        add column reset_password_sent_at timestamptz null`);
    this.addSql(`update users set confirmed_at = created_at`);
    this.addSql(`create index users_confirmation_token_digest_index on users (confirmation_token_digest)`);
    this.addSql(
      `create index users_reset_password_token_digest_index on users (reset_password_token_digest)`,
    );
  }

  override down(): void {
    this.addSql(`drop index users_reset_password_token_digest_index`);
    this.addSql(`drop index users_confirmation_token_digest_index`);
    this.addSql(`
      alter table users
        drop column reset_password_sent_at,
        drop column reset_password_token_digest,
        drop column confirmation_sent_at,
        drop column confirmation_token_digest,
        drop column confirmed_at`);
  }
}
