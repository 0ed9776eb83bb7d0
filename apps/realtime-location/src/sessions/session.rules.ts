import type { FieldErrors } from '@shotcaller/contracts';

export type SessionEndReason = 'ended' | 'expired' | 'inactive';

export interface DurationLimits {
  defaultMinutes: number;
  maxMinutes: number;
}

/** The minutes a new session lasts, or the field error for a duration beyond the limit. */
export function sessionDuration(
  requested: number | undefined,
  limits: DurationLimits,
): { minutes: number } | { errors: FieldErrors } {
  if (requested === undefined) return { minutes: limits.defaultMinutes };
  if (requested > limits.maxMinutes) {
    return { errors: { duration_minutes: [`must be at most ${limits.maxMinutes}`] } };
  }
  return { minutes: requested };
}

export interface OpenSessionState {
  expiresAt: number;
  /** The latest activity known (the database's, or the live one in Redis when newer). */
  lastActivityAt: number;
}

/** Why a still-open session must end now, or null while it may go on. */
export function endReasonAt(
  session: OpenSessionState,
  now: number,
  inactivityMs: number,
): Exclude<SessionEndReason, 'ended'> | null {
  if (session.expiresAt <= now) return 'expired';
  if (session.lastActivityAt <= now - inactivityMs) return 'inactive';
  return null;
}

/** Whether `actor` may remove `target` from a session: themselves, or anyone when they created it. */
export function mayRemove(actor: { id: string; isCreator: boolean }, target: { id: string }): boolean {
  return actor.id === target.id || actor.isCreator;
}

/**
 * Whether a participant is out of their session for good: left, removed, or ended with it. One the sweep marked
 * unseen is not: they may still come back.
 */
export function goneForGood(participant: { leftAt?: Date | null; leftReason?: string | null }): boolean {
  return Boolean(participant.leftAt) && participant.leftReason !== 'unseen';
}
