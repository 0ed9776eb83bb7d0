import { KeptAnswers } from './kept-answers.js';

const bytes = (length: number, fill = 'x') => Buffer.from(fill.repeat(length));

describe('KeptAnswers', () => {
  it('keeps a copy of the answer under its request, replacing the one before', () => {
    const kept = new KeptAnswers(10_000);
    const received = Buffer.from('..{"a":1}..');
    const view = received.subarray(2, 9);
    kept.keep('k', 't1', view);
    received.fill(0);
    expect(kept.get('k')).toEqual({ tag: 't1', json: Buffer.from('{"a":1}') });
    kept.keep('k', 't2', Buffer.from('{"a":2}'));
    expect(kept.get('k')?.tag).toBe('t2');
    expect(kept.size).toBe(1);
    expect(kept.heldBytes).toBe('k'.length + 't2'.length + 7);
  });

  it('lets the least recently used answers go to stay within its bytes', () => {
    const kept = new KeptAnswers(1000);
    kept.keep('a', 't', bytes(200));
    kept.keep('b', 't', bytes(200));
    kept.keep('c', 't', bytes(200));
    kept.get('a');
    kept.keep('d', 't', bytes(200));
    kept.keep('e', 't', bytes(200));
    expect(kept.heldBytes).toBeLessThanOrEqual(1000);
    expect(kept.get('b')).toBeUndefined();
    expect(kept.get('a')).toBeDefined();
    expect(kept.get('e')).toBeDefined();
  });

  it('does not keep an answer larger than a quarter of its bytes, and keeps nothing at 0', () => {
    const kept = new KeptAnswers(1000);
    kept.keep('small', 't', bytes(100));
    expect(kept.keep('large', 't', bytes(300)).json).toEqual(bytes(300));
    expect(kept.get('large')).toBeUndefined();
    expect(kept.get('small')).toBeDefined();
    const none = new KeptAnswers(0);
    expect(none.enabled).toBe(false);
    none.keep('k', 't', bytes(1));
    expect(none.size).toBe(0);
  });
});
