import { isPresenceDiff, readPublishedAt } from './fanout.rules.js';

describe('readPublishedAt', () => {
  it('reads epoch milliseconds and ignores anything else', () => {
    expect(readPublishedAt('1764640000000')).toBe(1764640000000);
    expect(readPublishedAt(undefined)).toBeUndefined();
    expect(readPublishedAt('')).toBeUndefined();
    expect(readPublishedAt('-1')).toBeUndefined();
    expect(readPublishedAt('1e12')).toBeUndefined();
    expect(readPublishedAt('9'.repeat(20))).toBeUndefined();
  });
});

describe('isPresenceDiff', () => {
  const meta = { id: 'u', name: 'U', connection_id: 'c', online_at: 1 };
  it('accepts a diff of its own topic', () => {
    expect(isPresenceDiff({ topic: 'fight:1', joins: { u: { metas: [meta] } }, leaves: {} }, 'fight:1')).toBe(
      true,
    );
  });

  it.each([
    [{ topic: 'fight:2', joins: {}, leaves: {} }],
    [{ topic: 'fight:1', joins: [], leaves: {} }],
    [{ topic: 'fight:1', joins: { u: { metas: [{ id: 'u' }] } }, leaves: {} }],
    [{ topic: 'fight:1', joins: { u: {} }, leaves: {} }],
    [{ topic: 'fight:1', joins: {} }],
    [null],
  ])('refuses %p', (value) => {
    expect(isPresenceDiff(value, 'fight:1')).toBe(false);
  });
});
