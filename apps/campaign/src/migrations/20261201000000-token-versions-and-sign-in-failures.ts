import { Migration } from '@mikro-orm/migrations';

/**
 * Tokens carry the user's token version, so changing a password, deactivating an account or signing out
 * everywhere ends every token issued before. Failed sign-ins are counted per account and client address, so
 * guesses from one address cannot lock the owner out everywhere else.
 */
export class TokenVersionsAndSignInFailures extends Migration {
  override up(): void {
    this.addSql(`alter table users add column token_version integer not null default 0`);
    this.addSql(`
      create table sign_in_failures (
        user_id uuid not null references users (id) on delete cascade,
        client_address varchar(45) not null,
        failed_attempts integer not null default 0,
        locked_until timestamptz null,
        updated_at timestamptz not null default now(),
        primary key (user_id, client_address)
      )`);
    this.addSql(`alter table users drop column failed_sign_in_attempts`);
    this.addSql(`alter table users drop column locked_until`);
  }

  override down(): void {
    this.addSql(`alter table users add column locked_until timestamptz null`);
    this.addSql(`alter table users add column failed_sign_in_attempts integer not null default 0`);
    this.addSql(`drop table sign_in_failures`);
    this.addSql(`alter table users drop column token_version`);
  }
}
