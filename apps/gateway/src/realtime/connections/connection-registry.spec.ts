import { jest } from '@jest/globals';
import type { ClosingNotice } from '@shotcaller/contracts';
import type { TokenRevocationList } from '@shotcaller/auth';
import type { NamespacedNatsClient } from '@shotcaller/messaging';
import type { RealtimeOptions } from '../realtime.options.js';
import type { TopicAccess } from '../topics/topic-access.js';
import type { ConnectionCapStore } from './connection-cap.store.js';
import { ConnectionRegistry, RECHECK_INTERVAL_MS, type RealtimeConnection } from './connection-registry.js';
import type { RealtimeIdentity } from './identity.js';
import type { RealtimeAuthenticator } from './realtime-authenticator.js';

const NOW = Date.parse('2026-12-02T12:00:00Z');
const DAY = 24 * 60 * 60 * 1000;

/** A connection that records the notices it was closed with. */
function connection(
  id: string,
  expiresAt: number,
  token = 't',
): RealtimeConnection & { notices: ClosingNotice[] } {
  const identity: RealtimeIdentity = {
    kind: 'participant',
    id,
    token,
    expiresAt,
    sessionId: id,
    claims: {} as never,
  };
  const notices: ClosingNotice[] = [];
  return { id, identity, notices, close: (notice) => notices.push(notice) };
}

/**
 * A registry over stand-ins: slots always granted, tokens still admitted unless `admitted` says otherwise, and
 * the revocation list's catch-up listener kept in `catchUp`.
 */
function registry(admitted: (token: string) => Promise<boolean> = async () => true) {
  const caps = {
    acquire: async () => true,
    release: async () => undefined,
    renew: async () => undefined,
  } as unknown as ConnectionCapStore;
  const access = { forget: () => undefined } as unknown as TopicAccess;
  const stands = { catchUp: (): void => undefined };
  const revocations = {
    afterCatchingUp: (listener: () => void) => {
      stands.catchUp = listener;
      return () => undefined;
    },
  } as unknown as TokenRevocationList;
  const nats = {
    listen: async () => ({ unsubscribe: () => undefined }),
  } as unknown as NamespacedNatsClient;
  const authenticator = {
    stillAdmitted: (identity: RealtimeIdentity) => admitted(identity.token),
  } as unknown as RealtimeAuthenticator;
  return Object.assign(
    new ConnectionRegistry(caps, authenticator, revocations, access, nats, {
      maxConnectionsPerUser: 10,
    } as RealtimeOptions),
    { stands },
  );
}

describe('ConnectionRegistry: token expiry', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: NOW, doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] });
  });

  afterEach(() => jest.useRealTimers());

  it('closes every connection whose token expires at that moment, and none that has gone', async () => {
    const connections = registry();
    const [first, second, gone, later] = [
      connection('a', NOW + 60_000),
      connection('b', NOW + 60_000),
      connection('c', NOW + 60_000),
      connection('d', NOW + 120_000),
    ];
    for (const one of [first, second, gone, later]) await connections.admit(one, NOW);
    connections.remove(gone);

    jest.advanceTimersByTime(59_999);
    expect(first.notices).toEqual([]);
    jest.advanceTimersByTime(1);
    expect([first, second].map((one) => one.notices.map((notice) => notice.message))).toEqual([
      ['Token has expired'],
      ['Token has expired'],
    ]);
    expect(gone.notices).toEqual([]);
    expect(later.notices).toEqual([]);
    jest.advanceTimersByTime(60_000);
    expect(later.notices).toHaveLength(1);
  });

  it('waits out an expiry further away than one timer reaches instead of closing early', async () => {
    const connections = registry();
    const distant = connection('a', NOW + 40 * DAY);
    await connections.admit(distant, NOW);

    jest.advanceTimersByTime(39 * DAY);
    expect(distant.notices).toEqual([]);
    jest.advanceTimersByTime(DAY);
    expect(distant.notices.map((notice) => notice.code)).toEqual(['unauthenticated']);
  });

  it('lets a timer go once its last connection has gone', async () => {
    const connections = registry();
    const only = connection('a', NOW + 60_000);
    await connections.admit(only, NOW);
    expect(jest.getTimerCount()).toBe(1);
    connections.remove(only);
    expect(jest.getTimerCount()).toBe(0);
  });
});

describe('ConnectionRegistry: checking tokens again', () => {
  let connections: ReturnType<typeof registry>;
  const ended = new Set<string>();

  beforeEach(async () => {
    jest.useFakeTimers({ now: NOW, doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] });
    ended.clear();
  });

  afterEach(() => {
    connections.onModuleDestroy();
    jest.useRealTimers();
  });

  async function held(admitted?: (token: string) => Promise<boolean>) {
    connections = registry(admitted ?? (async (token) => !ended.has(token)));
    await connections.onApplicationBootstrap();
    const all = [connection('a', NOW + DAY, 'good'), connection('b', NOW + DAY, 'bad')];
    for (const one of all) await connections.admit(one, NOW);
    return all;
  }

  const settle = () => new Promise((resolve) => setImmediate(resolve));

  it('closes, every RECHECK_INTERVAL_MS, the connections whose tokens are no longer admitted', async () => {
    const [good, bad] = await held();
    ended.add('bad');
    jest.advanceTimersByTime(RECHECK_INTERVAL_MS - 1);
    await settle();
    expect(bad.notices).toEqual([]);
    jest.advanceTimersByTime(1);
    await settle();
    expect(bad.notices.map((notice) => notice.message)).toEqual(['Token has been revoked']);
    expect(good.notices).toEqual([]);
  });

  it('checks at once when the signed-out tokens have caught up after an outage', async () => {
    const [good, bad] = await held();
    ended.add('bad');
    connections.stands.catchUp();
    await settle();
    expect(bad.notices.map((notice) => notice.message)).toEqual(['Token has been revoked']);
    expect(good.notices).toEqual([]);
  });

  it('runs one check at a time, and once more when asked during one', async () => {
    const asked: { token: string; answer: (admitted: boolean) => void }[] = [];
    const [good, bad] = await held((token) => new Promise((answer) => asked.push({ token, answer })));
    jest.advanceTimersByTime(RECHECK_INTERVAL_MS);
    await settle();
    expect(asked.map((question) => question.token)).toEqual(['good']);
    // Caught up while the first check waits: no second check alongside it...
    connections.stands.catchUp();
    await settle();
    expect(asked).toHaveLength(1);
    asked[0].answer(true);
    await settle();
    asked[1].answer(true);
    await settle();
    // ...but a whole one after it, which sees the token ended since.
    asked[2].answer(true);
    await settle();
    expect(asked.map((question) => question.token)).toEqual(['good', 'bad', 'good', 'bad']);
    asked[3].answer(false);
    await settle();
    expect(bad.notices.map((notice) => notice.message)).toEqual(['Token has been revoked']);
    expect(good.notices).toEqual([]);
    expect(asked).toHaveLength(4);
  });
});
