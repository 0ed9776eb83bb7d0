import { defineEntity, p } from '@mikro-orm/core';
import { User } from '../users/user.entity.js';

const SignInFailureSchema = defineEntity({
  name: 'SignInFailure',
  tableName: 'sign_in_failures',
  properties: {
    user: () =>
      p.manyToOne(User).primary().foreignKeyName('sign_in_failures_user_id_fkey').deleteRule('cascade'),
    /** The client address the guesses came from, as the gateway saw it. */
    clientAddress: p.string().length(45).primary(),
    failedAttempts: p.integer().default(0),
    lockedUntil: p.datetime().nullable(),
    updatedAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});

/** Consecutive failed sign-ins to one account from one client address, and the lock they led to. */
export class SignInFailure extends SignInFailureSchema.class {}
SignInFailureSchema.setClass(SignInFailure);

export { SignInFailureSchema };
