import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { connectRedis } from '@shotcaller/persistence';
import { TestEnvironment } from '@shotcaller/testing';
import { CONNECTION_LEASE_MS, ConnectionCapStore } from '../src/realtime/connections/connection-cap.store.js';
import { identityKey } from '../src/realtime/connections/identity.js';
import { leaseEnd as leaseEndIn } from './support/connection-slots.js';

/**
 * ConnectionCapStore on real Redis: each identity's connection slots across replicas, held by leases that the
 * replica holding a connection renews. Time is the store's own `now`, so leases lapse without waiting for them.
 */

const env = new TestEnvironment('connection-cap-int');
let redis: Redis;
let store: ConnectionCapStore;

/**
 * The tests' clock, given to the store as `now`: it runs ahead of the real one, while the keys' own expiry (two
 * leases of real time, set with each take and renewal) outlasts every test.
 */
const T0 = Date.now();

/** A new user's identity key (its connections are a set of their own). */
const someone = () => identityKey({ kind: 'user', id: randomUUID() });
const connection = () => randomUUID();

/** When a connection's slot lapses unless renewed (null: it holds no slot). */
const leaseEnd = (identity: string, connectionId: string) => leaseEndIn(redis, identity, connectionId);

beforeAll(async () => {
  redis = await connectRedis({ url: env.stores.redis, keyPrefix: env.redisKeyPrefix });
  store = new ConnectionCapStore(redis);
});

afterAll(async () => {
  redis?.disconnect();
  await env.cleanup();
});

describe('connection slot leases', () => {
  it('keeps a renewed slot past its first lease end, while one that was not renewed lapses and frees its place', async () => {
    const ada = someone();
    const [renewed, abandoned, newcomer, oneTooMany] = [
      connection(),
      connection(),
      connection(),
      connection(),
    ];
    expect(await store.acquire(ada, renewed, 2, T0)).toBe(true);
    expect(await store.acquire(ada, abandoned, 2, T0)).toBe(true);

    // The replica holding `renewed` renews it; whoever held `abandoned` has gone (a replica that died).
    await store.renew([{ identityKey: ada, connectionId: renewed }], T0 + 40_000);
    expect(await leaseEnd(ada, renewed)).toBe(T0 + 40_000 + CONNECTION_LEASE_MS);
    expect(await leaseEnd(ada, abandoned)).toBe(T0 + CONNECTION_LEASE_MS);

    // Until the first lease ends both slots are held.
    expect(await store.acquire(ada, newcomer, 2, T0 + CONNECTION_LEASE_MS - 1)).toBe(false);

    // Past it the abandoned slot has lapsed: the cap admits a new connection, and the renewed one still counts.
    const later = T0 + CONNECTION_LEASE_MS + 1;
    expect(await store.acquire(ada, newcomer, 2, later)).toBe(true);
    expect(await store.acquire(ada, oneTooMany, 2, later)).toBe(false);
    expect(await leaseEnd(ada, abandoned)).toBeNull();
    expect(await leaseEnd(ada, renewed)).toBe(T0 + 40_000 + CONNECTION_LEASE_MS);
  });

  it('renews every identity when there are more of them than one round trip carries', async () => {
    // Three chunks of identities (500 a round trip), the first with a second connection.
    const held = Array.from({ length: 1201 }, () => ({ identityKey: someone(), connectionId: connection() }));
    held.push({ identityKey: held[0].identityKey, connectionId: connection() });
    const granted = await Promise.all(
      held.map(({ identityKey: identity, connectionId }) => store.acquire(identity, connectionId, 2, T0)),
    );
    expect(granted.every(Boolean)).toBe(true);

    await store.renew(held, T0 + 30_000);

    const ends = await Promise.all(
      held.map(({ identityKey: identity, connectionId }) => leaseEnd(identity, connectionId)),
    );
    const notRenewed = held.filter((_, index) => ends[index] !== T0 + 30_000 + CONNECTION_LEASE_MS);
    expect(notRenewed).toEqual([]);

    // What a renewal is for: past the first lease end, the last identity renewed still fills its one slot.
    const last = held[1200];
    expect(await store.acquire(last.identityKey, connection(), 1, T0 + CONNECTION_LEASE_MS + 1)).toBe(false);
  });

  it('frees a slot at once on release, and a later renewal does not bring it back', async () => {
    const bob = someone();
    const [first, second] = [connection(), connection()];
    expect(await store.acquire(bob, first, 1, T0)).toBe(true);
    expect(await store.acquire(bob, second, 1, T0)).toBe(false);

    await store.release(bob, first);

    // Long before the lease would have ended.
    expect(await store.acquire(bob, second, 1, T0 + 1)).toBe(true);
    expect(await leaseEnd(bob, first)).toBeNull();

    // A renewal that raced the release (the connection closing meanwhile) does not take the slot again.
    await store.renew(
      [
        { identityKey: bob, connectionId: first },
        { identityKey: bob, connectionId: second },
      ],
      T0 + 2,
    );
    expect(await leaseEnd(bob, first)).toBeNull();
    expect(await leaseEnd(bob, second)).toBe(T0 + 2 + CONNECTION_LEASE_MS);
    expect(await store.acquire(bob, first, 1, T0 + 3)).toBe(false);
  });
});
