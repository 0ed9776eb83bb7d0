import type { RealtimeIdentity } from './identity.js';

/** Whether a `campaign.session.revoked` announcement ends this identity's token. */
export function endedByRevocation(identity: RealtimeIdentity, event: unknown): boolean {
  if (identity.kind !== 'user') return false;
  const jti = typeof event === 'object' && event !== null ? (event as { jti?: unknown }).jti : undefined;
  return typeof jti === 'string' && jti === identity.user.claims.jti;
}

/**
 * Whether a `campaign.user.tokens_changed` announcement (a password change, a deactivation, "sign out
 * everywhere") ends this identity's token: same user, and the account is inactive or the token older.
 */
export function endedByTokenChange(identity: RealtimeIdentity, event: unknown): boolean {
  if (identity.kind !== 'user' || typeof event !== 'object' || event === null) return false;
  const change = event as { user_id?: unknown; token_version?: unknown; active?: unknown };
  if (change.user_id !== identity.id) return false;
  if (change.active === false) return true;
  return (
    Number.isSafeInteger(change.token_version) && identity.user.claims.ver < (change.token_version as number)
  );
}
