import { Migration } from '@mikro-orm/migrations';
import { IDEMPOTENCY_KEYS_TABLE_SQL } from '@shotcaller/persistence';

/** Responses of creates made with an Idempotency-Key, so a retry gets the first answer instead of a duplicate. */
export class IdempotencyKeys extends Migration {
  override up(): void {
    this.addSql(IDEMPOTENCY_KEYS_TABLE_SQL);
  }

  override down(): void {
    this.addSql('drop table idempotency_keys');
  }
}
