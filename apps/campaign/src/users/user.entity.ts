import { randomUUID } from 'node:crypto';
import { defineEntity, p } from '@mikro-orm/core';
import { Campaign } from '../campaigns/campaign.entity.js';
import { Character } from '../characters/character.entity.js';

const UserSchema = defineEntity({
  name: 'User',
  tableName: 'users',
  // Emails are compared case-insensitively: an expression index, which MikroORM matches by name only.
  uniques: [
    {
      name: 'users_email_unique',
      expression: 'create unique index users_email_unique on users (lower(email))',
    },
  ],
  indexes: [
    { name: 'users_current_character_index', properties: ['currentCharacterId'] },
    // Tokens are looked up by digest. Not unique: two 256-bit random tokens do not collide.
    { name: 'users_confirmation_token_digest_index', properties: ['confirmationTokenDigest'] },
    { name: 'users_reset_password_token_digest_index', properties: ['resetPasswordTokenDigest'] },
  ],
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    /** Stored lower-cased; unique. */
    email: p.string().length(254),
    firstName: p.string().length(50),
    lastName: p.string().length(50),
    /** argon2id. */
    passwordHash: p.text().hidden(),
    admin: p.boolean().default(false),
    gamemaster: p.boolean().default(true),
    active: p.boolean().default(true),
    /** The campaign most calls are scoped to; cleared when the campaign goes or the user leaves it. */
    currentCampaignId: () =>
      p
        .manyToOne(Campaign)
        .mapToPk()
        .nullable()
        .fieldName('current_campaign_id')
        .foreignKeyName('users_current_campaign_fk')
        .deleteRule('set null'),
    /** The character the user plays now; cleared when it is deleted. */
    currentCharacterId: () =>
      p
        .manyToOne(Character)
        .mapToPk()
        .nullable()
        .fieldName('current_character_id')
        .foreignKeyName('users_current_character_fk')
        .deleteRule('set null'),
    /** Bumped to end every token issued before: password change, deactivation, signing out everywhere. */
    tokenVersion: p.integer().default(0),
    lastSignInAt: p.datetime().nullable(),
    /** When the address was confirmed through the emailed link; null: not yet. */
    confirmedAt: p.datetime().nullable(),
    /** SHA-256 (hex) of the pending confirmation token: the token itself is only ever in the mail. */
    confirmationTokenDigest: p.string().length(64).nullable().hidden(),
    /** When the pending confirmation token was issued: it expires from here. */
    confirmationSentAt: p.datetime().nullable(),
    /** SHA-256 (hex) of the pending password reset token. */
    resetPasswordTokenDigest: p.string().length(64).nullable().hidden(),
    /** When the pending reset token was issued: it expires from here. */
    resetPasswordSentAt: p.datetime().nullable(),
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

export class User extends UserSchema.class {}
UserSchema.setClass(User);

export { UserSchema };
