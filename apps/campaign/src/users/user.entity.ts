import { randomUUID } from 'node:crypto';
import { defineEntity, p } from '@mikro-orm/core';

const UserSchema = defineEntity({
  name: 'User',
  tableName: 'users',
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
    currentCampaignId: p.uuid().nullable(),
    failedSignInAttempts: p.integer().default(0),
    lockedUntil: p.datetime().nullable(),
    lastSignInAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});

export class User extends UserSchema.class {}
UserSchema.setClass(User);

export { UserSchema };
