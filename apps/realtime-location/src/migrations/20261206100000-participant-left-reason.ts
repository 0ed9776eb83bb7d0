import { Migration } from '@mikro-orm/migrations';

/**
 * Why a participant left: `left` (themselves), `removed` (by the creator), `unseen` (by the sweep; such a
 * participant may come back with their token while the session has room), `ended` (with the session).
 */
export class ParticipantLeftReason extends Migration {
  override up(): void {
    this.addSql('alter table location_participants add column left_reason varchar(20) null');
    this.addSql(`update location_participants set left_reason = 'left' where left_at is not null`);
    this.addSql(`
      alter table location_participants add constraint location_participants_left_check
        check ((left_at is null) = (left_reason is null))`);
  }

  override down(): void {
    this.addSql('alter table location_participants drop constraint location_participants_left_check');
    this.addSql('alter table location_participants drop column left_reason');
  }
}
