import { shardedPath } from './object-keys.js';

describe('shardedPath', () => {
  it('shards an id by its first four hex digits', () => {
    expect(shardedPath('abcd1234-0000-4000-8000-000000000000')).toEqual([
      'ab',
      'cd',
      'abcd1234-0000-4000-8000-000000000000',
    ]);
  });

  it.each([
    '../etc/passwd',
    'ABCD1234-0000-4000-8000-000000000000',
    '',
    'abcd1234-0000-4000-8000-00000000000/',
  ])('refuses %j, which is not a lowercase UUID', (key) => {
    expect(() => shardedPath(key)).toThrow('A storage key must be a lowercase UUID');
  });
});
