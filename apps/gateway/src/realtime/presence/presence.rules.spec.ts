import {
  decodeEntries,
  encodeEntry,
  hasRailsUsersForm,
  isConnectionId,
  isPresenceMeta,
  presenceDiffOf,
  presencesOf,
  presenceTimingProblems,
  railsUsersOf,
  type PresenceEntry,
} from './presence.rules.js';
import type { UserPresenceMeta } from '@shotcaller/contracts';

const ada: UserPresenceMeta = {
  id: 'u-ada',
  name: 'Ada Lovelace',
  first_name: 'Ada',
  last_name: 'Lovelace',
  image_url: null,
};
const bob = {
  id: 'u-bob',
  name: 'Bob Ross',
  first_name: 'Bob',
  last_name: 'Ross',
  image_url: 'https://i/b.png',
};

const entry = (connectionId: string, meta: UserPresenceMeta, onlineAt: number): PresenceEntry => ({
  connectionId,
  key: meta.id,
  meta,
  onlineAt,
});

describe('presencesOf', () => {
  it('groups connections under their member, one meta per connection, in join order', () => {
    const presences = presencesOf([entry('c3', ada, 30), entry('c2', bob, 20), entry('c1', ada, 10)]);
    expect(Object.keys(presences)).toEqual(['u-ada', 'u-bob']);
    expect(presences['u-ada'].metas).toEqual([
      { ...ada, connection_id: 'c1', online_at: 10 },
      { ...ada, connection_id: 'c3', online_at: 30 },
    ]);
    expect(presences['u-bob'].metas).toEqual([{ ...bob, connection_id: 'c2', online_at: 20 }]);
  });

  it('breaks ties of join time by connection id, so every replica shapes one state alike', () => {
    const one = presencesOf([entry('b', ada, 5), entry('a', ada, 5)]);
    const other = presencesOf([entry('a', ada, 5), entry('b', ada, 5)]);
    expect(one).toEqual(other);
    expect(one['u-ada'].metas.map((meta) => meta.connection_id)).toEqual(['a', 'b']);
  });

  it('does not let a meta replace the connection id or join time', () => {
    const sneaky = { ...ada, connection_id: 'forged', online_at: 1 };
    const presences = presencesOf([{ connectionId: 'real', key: 'u-ada', meta: sneaky, onlineAt: 42 }]);
    expect(presences['u-ada'].metas[0]).toMatchObject({ connection_id: 'real', online_at: 42 });
  });

  it('is empty for nobody', () => {
    expect(presencesOf([])).toEqual({});
  });
});

describe('presenceDiffOf', () => {
  it('names the topic and shapes joins and leaves like the state', () => {
    expect(presenceDiffOf('fight:f', [entry('c1', ada, 1)], [entry('c2', bob, 2)])).toEqual({
      topic: 'fight:f',
      joins: { 'u-ada': { metas: [{ ...ada, connection_id: 'c1', online_at: 1 }] } },
      leaves: { 'u-bob': { metas: [{ ...bob, connection_id: 'c2', online_at: 2 }] } },
    });
  });
});

describe('railsUsersOf', () => {
  it('lists each user once, in arrival order, in the Rails fields', () => {
    expect(railsUsersOf([entry('c3', ada, 30), entry('c2', bob, 20), entry('c1', ada, 10)])).toEqual({
      users: [ada, bob],
    });
  });

  it('is an empty list when the last one left', () => {
    expect(railsUsersOf([])).toEqual({ users: [] });
  });
});

describe('hasRailsUsersForm', () => {
  it('holds for fights only', () => {
    expect(hasRailsUsersForm('fight:0b7e0e76-6c1f-4f27-9a3d-4e4b5a1f2c3d')).toBe(true);
    expect(hasRailsUsersForm('chat:0b7e0e76-6c1f-4f27-9a3d-4e4b5a1f2c3d')).toBe(false);
    expect(hasRailsUsersForm('location:0b7e0e76-6c1f-4f27-9a3d-4e4b5a1f2c3d')).toBe(false);
  });
});

describe('isConnectionId', () => {
  it('takes socket.io ids and UUIDs, and nothing that could break a Redis field or a log line', () => {
    expect(isConnectionId('Xk3_-a9ZzQ1bcDEfAAAB')).toBe(true);
    expect(isConnectionId('0b7e0e76-6c1f-4f27-9a3d-4e4b5a1f2c3d')).toBe(true);
    for (const bad of ['', 'a b', 'x'.repeat(65), 'a\nb', 42, undefined]) {
      expect(isConnectionId(bad)).toBe(false);
    }
  });
});

describe('isPresenceMeta', () => {
  it('takes an object with a string id and name and scalar fields', () => {
    expect(isPresenceMeta(ada)).toBe(true);
    expect(isPresenceMeta({ id: 'p', name: 'Anonymous otter', color: '#f80', accuracy: 3 })).toBe(true);
  });

  it('refuses anything else', () => {
    for (const bad of [
      null,
      [],
      'ada',
      { name: 'no id' },
      { id: 'x', name: 1 },
      { id: 'x', name: 'n', deep: {} },
    ]) {
      expect(isPresenceMeta(bad)).toBe(false);
    }
  });
});

describe('stored entries', () => {
  it('decode as they were encoded, from Redis flat field/value replies', () => {
    const stored = encodeEntry({ key: 'u-ada', meta: ada, onlineAt: 7 });
    expect(decodeEntries(['c1', stored])).toEqual([entry('c1', ada, 7)]);
  });

  it('skip values that are not entries instead of showing them', () => {
    const good = encodeEntry({ key: 'u-bob', meta: bob, onlineAt: 1 });
    const flat = [
      'c1',
      'not json',
      'c2',
      '{"key":1}',
      'c3',
      '{"key":"k","meta":[],"online_at":1}',
      'c4',
      good,
    ];
    expect(decodeEntries(flat)).toEqual([entry('c4', bob, 1)]);
  });
});

describe('presenceTimingProblems', () => {
  it('accepts the defaults: a crashed replica is gone within 17 s', () => {
    expect(
      presenceTimingProblems({ heartbeatIntervalMs: 5000, ttlMs: 15_000, sweepIntervalMs: 2000 }),
    ).toEqual([]);
  });

  it('refuses a TTL that one late heartbeat would outlast', () => {
    const problems = presenceTimingProblems({
      heartbeatIntervalMs: 5000,
      ttlMs: 9000,
      sweepIntervalMs: 2000,
    });
    expect(problems).toEqual([expect.stringContaining('PRESENCE_TTL_MS (9000) must be at least twice')]);
  });

  it('refuses timings that keep a crashed replica present past 30 s', () => {
    const problems = presenceTimingProblems({
      heartbeatIntervalMs: 5000,
      ttlMs: 25_000,
      sweepIntervalMs: 5001,
    });
    expect(problems).toEqual([expect.stringContaining('at most 30000')]);
  });
});
