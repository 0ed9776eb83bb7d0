import { defineEntity, p } from '@mikro-orm/core';
import { User } from '../users/user.entity.js';

const RevokedTokenSchema = defineEntity({
  name: 'RevokedToken',
  tableName: 'revoked_tokens',
  indexes: [{ name: 'revoked_tokens_expires_at_index', properties: ['expiresAt'] }],
  properties: {
    jti: p.uuid().primary(),
    user: () => p.manyToOne(User).foreignKeyName('revoked_tokens_user_id_fkey').deleteRule('cascade'),
    /** When the token would have expired; the row is useless after that. */
    expiresAt: p.datetime(),
  },
});

/** A token signed out before it expired. */
export class RevokedToken extends RevokedTokenSchema.class {}
RevokedTokenSchema.setClass(RevokedToken);

export { RevokedTokenSchema };
