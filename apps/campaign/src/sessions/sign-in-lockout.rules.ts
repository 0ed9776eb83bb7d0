/** How many consecutive failed sign-ins lock an account, and for how long. */
export interface LockoutPolicy {
  threshold: number;
  lockSeconds: number;
}

export interface LockoutState {
  failedAttempts: number;
  lockedUntil: Date | null;
}

/** Seconds until a lock ends (rounded up), or 0 when the account is not locked at `now`. */
export function secondsLocked(state: Pick<LockoutState, 'lockedUntil'>, now: Date): number {
  if (!state.lockedUntil) return 0;
  const remaining = state.lockedUntil.getTime() - now.getTime();
  return remaining > 0 ? Math.ceil(remaining / 1000) : 0;
}

/**
 * The state after one more wrong password. Failures after an expired lock count from zero again; reaching
 * the threshold locks the account for the policy's duration.
 */
export function afterFailedSignIn(state: LockoutState, policy: LockoutPolicy, now: Date): LockoutState {
  const lockExpired = state.lockedUntil !== null && state.lockedUntil.getTime() <= now.getTime();
  const failedAttempts = (lockExpired ? 0 : state.failedAttempts) + 1;
  if (failedAttempts >= policy.threshold) {
    return { failedAttempts, lockedUntil: new Date(now.getTime() + policy.lockSeconds * 1000) };
  }
  return { failedAttempts, lockedUntil: lockExpired ? null : state.lockedUntil };
}
