import { jest } from '@jest/globals';
import type { ClosingNotice } from '@shotcaller/contracts';
import type { NamespacedNatsClient } from '@shotcaller/messaging';
import type { RealtimeOptions } from '../realtime.options.js';
import type { TopicAccess } from '../topics/topic-access.js';
import type { ConnectionCapStore } from './connection-cap.store.js';
import { ConnectionRegistry, type RealtimeConnection } from './connection-registry.js';
import type { RealtimeIdentity } from './identity.js';
import type { RealtimeAuthenticator } from './realtime-authenticator.js';

const NOW = Date.parse('2026-12-02T12:00:00Z');
const DAY = 24 * 60 * 60 * 1000;

/** A connection that records the notices it was closed with. */
function connection(id: string, expiresAt: number): RealtimeConnection & { notices: ClosingNotice[] } {
  const identity: RealtimeIdentity = {
    kind: 'participant',
    id,
    token: 't',
    expiresAt,
    sessionId: id,
    claims: {} as never,
  };
  const notices: ClosingNotice[] = [];
  return { id, identity, notices, close: (notice) => notices.push(notice) };
}

function registry(): ConnectionRegistry {
  const caps = { acquire: async () => true, release: async () => undefined } as unknown as ConnectionCapStore;
  const access = { forget: () => undefined } as unknown as TopicAccess;
  return new ConnectionRegistry(
    caps,
    {} as RealtimeAuthenticator,
    access,
    {} as NamespacedNatsClient,
    { maxConnectionsPerUser: 10 } as RealtimeOptions,
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
