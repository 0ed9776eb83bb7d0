import { endReasonAt, goneForGood, mayRemove, sessionDuration } from './session.rules.js';

describe('sessionDuration', () => {
  const limits = { defaultMinutes: 1440, maxMinutes: 2880 };

  it('uses the default when none is asked', () => {
    expect(sessionDuration(undefined, limits)).toEqual({ minutes: 1440 });
  });

  it('takes a duration within the limit and refuses one beyond it', () => {
    expect(sessionDuration(2880, limits)).toEqual({ minutes: 2880 });
    expect(sessionDuration(2881, limits)).toEqual({
      errors: { duration_minutes: ['must be at most 2880'] },
    });
  });
});

describe('endReasonAt', () => {
  const hour = 3_600_000;
  const now = 10 * hour;

  it('ends a session at its expiry, before looking at activity', () => {
    expect(endReasonAt({ expiresAt: now, lastActivityAt: now }, now, hour)).toBe('expired');
  });

  it('ends a session idle for the whole inactivity period', () => {
    expect(endReasonAt({ expiresAt: now + hour, lastActivityAt: now - hour }, now, hour)).toBe('inactive');
  });

  it('keeps a session with recent activity before its expiry', () => {
    expect(endReasonAt({ expiresAt: now + 1, lastActivityAt: now - hour + 1 }, now, hour)).toBeNull();
  });
});

describe('mayRemove', () => {
  it('lets a participant remove themselves and the creator remove anyone', () => {
    expect(mayRemove({ id: 'a', isCreator: false }, { id: 'a' })).toBe(true);
    expect(mayRemove({ id: 'a', isCreator: false }, { id: 'b' })).toBe(false);
    expect(mayRemove({ id: 'c', isCreator: true }, { id: 'b' })).toBe(true);
  });
});

describe('goneForGood', () => {
  const leftAt = new Date();

  it('counts one who left, was removed or ended with the session as gone, not one marked unseen', () => {
    expect(goneForGood({ leftAt: null, leftReason: null })).toBe(false);
    expect(goneForGood({ leftAt, leftReason: 'unseen' })).toBe(false);
    for (const leftReason of ['left', 'removed', 'ended'])
      expect(goneForGood({ leftAt, leftReason })).toBe(true);
  });
});
