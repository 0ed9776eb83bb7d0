import { randomUUID } from 'node:crypto';
import { defineEntity, p } from '@mikro-orm/core';
import { Campaign } from '../campaigns/campaign.entity.js';
import { User } from '../users/user.entity.js';

/** The unique index that keeps one pending invitation per campaign and address. */
export const PENDING_EMAIL_UNIQUE = 'invitations_pending_email_unique';

const InvitationSchema = defineEntity({
  name: 'Invitation',
  tableName: 'invitations',
  // A partial expression index, which MikroORM matches by name only (schema-truth.int-spec.ts compares the rest).
  uniques: [
    {
      name: PENDING_EMAIL_UNIQUE,
      expression: `create unique index ${PENDING_EMAIL_UNIQUE} on invitations (campaign_id, lower(email)) where not redeemed`,
    },
  ],
  indexes: [
    { name: 'invitations_campaign_created_at_index', properties: ['campaign', 'createdAt'] },
    { name: 'invitations_user_index', properties: ['inviter'] },
  ],
  checks: [
    { name: 'invitations_email_or_count_check', expression: '(email is null) <> (maximum_count is null)' },
    { name: 'invitations_maximum_count_check', expression: 'maximum_count >= 1' },
    {
      name: 'invitations_remaining_count_check',
      expression:
        '(remaining_count is null) = (maximum_count is null) and remaining_count >= 0 and remaining_count <= maximum_count',
    },
    { name: 'invitations_redeemed_at_check', expression: 'redeemed = (redeemed_at is not null)' },
  ],
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    campaign: () =>
      p.manyToOne(Campaign).foreignKeyName('invitations_campaign_id_fkey').deleteRule('cascade'),
    /** The gamemaster (or admin) who made it (column `user_id`, as in the Rails schema). */
    inviter: () =>
      p.manyToOne(User).fieldName('user_id').foreignKeyName('invitations_user_id_fkey').deleteRule('cascade'),
    /** Stored lower-cased; null for a counted invitation. */
    email: p.string().length(254).nullable(),
    /** How many people a counted invitation lets in; null for an email invitation. */
    maximumCount: p.integer().nullable(),
    /** Places left on a counted invitation; null for an email invitation. */
    remainingCount: p.integer().nullable(),
    /** Used: by its invitee (email), or to the last place (counted). Pending until then. */
    redeemed: p.boolean().default(false),
    redeemedAt: p.datetime().nullable(),
    createdAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});

/** An invitation to join a campaign: for one address, or for a number of people. */
export class Invitation extends InvitationSchema.class {}
InvitationSchema.setClass(Invitation);

export { InvitationSchema };
