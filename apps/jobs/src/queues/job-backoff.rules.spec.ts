import { RETRY_AFTER_MAX_MS, retryDelayMs } from './job-backoff.rules.js';

describe('the delay before a retry', () => {
  it('doubles from the base with each attempt made', () => {
    expect([1, 2, 3, 4].map((made) => retryDelayMs(made, 1000))).toEqual([1000, 2000, 4000, 8000]);
  });

  it("waits what the other side asked for when it said (a 429's retry-after)", () => {
    expect(retryDelayMs(1, 1000, 12_000)).toBe(12_000);
    expect(retryDelayMs(3, 1000, 0)).toBe(0);
  });

  it('falls back to doubling when the ask is out of bounds', () => {
    expect(retryDelayMs(2, 1000, RETRY_AFTER_MAX_MS + 1)).toBe(2000);
    expect(retryDelayMs(2, 1000, -5)).toBe(2000);
  });
});
