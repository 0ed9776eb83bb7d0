import { CommandLimits, takeToken } from './command-limits.js';

describe('takeToken', () => {
  it('spends the burst, then refills at the sustained rate up to the burst', () => {
    const spec = { perSecond: 2, burst: 3 };
    const bucket = { tokens: 3, at: 0 };
    expect([1, 2, 3, 4].map(() => takeToken(bucket, spec, 0))).toEqual([true, true, true, false]);
    expect(takeToken(bucket, spec, 400)).toBe(false);
    expect(takeToken(bucket, spec, 500)).toBe(true);
    // A long pause refills to the burst, never beyond.
    expect([1, 2, 3, 4].map(() => takeToken(bucket, spec, 60_000))).toEqual([true, true, true, false]);
  });

  it('does not refill backwards when the clock steps back', () => {
    const bucket = { tokens: 0, at: 10_000 };
    expect(takeToken(bucket, { perSecond: 1, burst: 5 }, 5_000)).toBe(false);
  });
});

describe('CommandLimits', () => {
  const limits = new CommandLimits()
    .limit('commands', { perSecond: 1, burst: 2 }, ['subscribe', 'unsubscribe'])
    .limit('location:update', { perSecond: 1, burst: 1 }, ['location:update']);

  it('shares one budget among the commands of a group, per connection', () => {
    const one = limits.forConnection();
    expect(one.allow('subscribe', 0)).toBe(true);
    expect(one.allow('unsubscribe', 0)).toBe(true);
    expect(one.allow('subscribe', 0)).toBe(false);
    // Another group, and another connection, have budgets of their own.
    expect(one.allow('location:update', 0)).toBe(true);
    expect(limits.forConnection().allow('subscribe', 0)).toBe(true);
  });

  it('leaves commands of no group unlimited', () => {
    const one = limits.forConnection();
    expect(Array.from({ length: 100 }, () => one.allow('chat:read', 0)).every(Boolean)).toBe(true);
  });
});

describe('ConnectionLimits', () => {
  it('refills each group of one connection at its own rate, a group first used late starting full', () => {
    const limits = new CommandLimits()
      .limit('slow', { perSecond: 1, burst: 1 }, ['a'])
      .limit('fast', { perSecond: 10, burst: 2 }, ['b'])
      .forConnection();
    expect(limits.allow('b', 0)).toBe(true);
    expect(limits.allow('b', 0)).toBe(true);
    expect(limits.allow('b', 0)).toBe(false);
    expect(limits.allow('b', 100)).toBe(true);
    expect(limits.allow('a', 100)).toBe(true);
    expect(limits.allow('a', 900)).toBe(false);
    expect(limits.allow('a', 1100)).toBe(true);
  });

  it('lets a group be limited again with a new budget', () => {
    const limits = new CommandLimits()
      .limit('chat', { perSecond: 1, burst: 1 }, ['chat:send'])
      .limit('chat', { perSecond: 1, burst: 3 }, ['chat:send']);
    const one = limits.forConnection();
    expect([1, 2, 3, 4].map(() => one.allow('chat:send', 0))).toEqual([true, true, true, false]);
  });
});
