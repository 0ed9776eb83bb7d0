import { afterFailedSignIn, secondsLocked } from './sign-in-lockout.rules.js';

const policy = { threshold: 3, lockSeconds: 600 };
const now = new Date('2026-11-21T12:00:00Z');
const later = (seconds: number) => new Date(now.getTime() + seconds * 1000);

describe('sign-in lockout', () => {
  it('counts failures below the threshold without locking', () => {
    expect(afterFailedSignIn({ failedAttempts: 0, lockedUntil: null }, policy, now)).toEqual({
      failedAttempts: 1,
      lockedUntil: null,
    });
  });

  it('locks for the policy duration when the threshold is reached', () => {
    const state = afterFailedSignIn({ failedAttempts: 2, lockedUntil: null }, policy, now);
    expect(state).toEqual({ failedAttempts: 3, lockedUntil: later(600) });
    expect(secondsLocked(state, now)).toBe(600);
  });

  it('counts from zero again once a lock has expired', () => {
    const expired = { failedAttempts: 3, lockedUntil: later(-1) };
    expect(secondsLocked(expired, now)).toBe(0);
    expect(afterFailedSignIn(expired, policy, now)).toEqual({ failedAttempts: 1, lockedUntil: null });
  });

  it('rounds the remaining lock up to whole seconds', () => {
    expect(secondsLocked({ lockedUntil: new Date(now.getTime() + 1500) }, now)).toBe(2);
  });
});
