import { ClosedSessions } from './closed-sessions.js';

describe('ClosedSessions', () => {
  it('remembers the sessions it is told are closed', () => {
    const closed = new ClosedSessions();
    closed.add('a');
    expect(closed.has('a')).toBe(true);
    expect(closed.has('b')).toBe(false);
  });

  it('forgets the oldest past its capacity, keeping the rest', () => {
    const closed = new ClosedSessions(2);
    closed.add('a');
    closed.add('b');
    closed.add('a');
    closed.add('c');
    expect(['a', 'b', 'c'].map((id) => closed.has(id))).toEqual([false, true, true]);
  });
});
