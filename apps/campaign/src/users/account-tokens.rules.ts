import { createHash, randomBytes } from 'node:crypto';
import { Messages, type FieldErrors } from '@shotcaller/contracts';

/** An emailed account token: the token goes into the mail, only its digest is stored. */
export interface IssuedToken {
  token: string;
  digest: string;
}

/** A new random token (32 bytes, base64url: 43 characters) and its digest. */
export function issueAccountToken(): IssuedToken {
  const token = randomBytes(32).toString('base64url');
  return { token, digest: accountTokenDigest(token) };
}

/** SHA-256 in hex: what is stored and looked up. A fast hash suffices for 256 random bits. */
export function accountTokenDigest(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A stored token as checking it needs it: when it was issued (null: none pending). */
export interface PendingToken {
  sentAt: Date | null;
}

export type TokenCheck = 'valid' | 'expired' | 'invalid';

/** A token found by its digest works until `lifetimeSeconds` after it was issued; one not found is invalid. */
export function checkAccountToken(
  found: PendingToken | null,
  lifetimeSeconds: number,
  now: Date,
): TokenCheck {
  if (!found || !found.sentAt) return 'invalid';
  return now.getTime() - found.sentAt.getTime() < lifetimeSeconds * 1000 ? 'valid' : 'expired';
}

/** The field errors for a refused token, in Devise's words, under the name of the field it came in. */
export function accountTokenErrors(
  field: 'confirmation_token' | 'reset_password_token',
  check: Exclude<TokenCheck, 'valid'>,
): FieldErrors {
  return { [field]: [check === 'expired' ? 'has expired, please request a new one' : Messages.invalid] };
}

/**
 * Caller-chosen mail job ids: the same mail of the same state gets the same id, so a retried enqueue is not
 * mailed twice, while a new token (or a resend) is a new mail. Letters, digits and `-` only (JOB_ID_PATTERN).
 */
export const MailJobIds = {
  welcome: (userId: string) => `welcome-${userId}`,
  emailConfirmation: (userId: string, sentAt: Date) => `email-confirmation-${userId}-${sentAt.getTime()}`,
  passwordReset: (userId: string, sentAt: Date) => `password-reset-${userId}-${sentAt.getTime()}`,
  campaignInvitation: (invitationId: string, sentAt: Date) =>
    `invitation-${invitationId}-${sentAt.getTime()}`,
  campaignJoined: (campaignId: string, userId: string, at: Date) =>
    `campaign-joined-${campaignId}-${userId}-${at.getTime()}`,
  campaignRemoved: (campaignId: string, userId: string, at: Date) =>
    `campaign-removed-${campaignId}-${userId}-${at.getTime()}`,
} as const;
