import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { connect, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import type { Redis } from 'ioredis';
import {
  ErrorCode,
  natsSubject,
  parseTopic,
  ServiceError,
  type PresenceDiffPayload,
} from '@shotcaller/contracts';
import { NamespacedNatsClient, type MessagingOptions } from '@shotcaller/messaging';
import { Metrics } from '@shotcaller/observability';
import { connectRedis } from '@shotcaller/persistence';
import { DEFAULT_PORTS, eventually, TcpProxy, TestEnvironment } from '@shotcaller/testing';
import { TopicFanout } from '../src/realtime/fanout/topic-fanout.js';
import { RealtimeMetrics } from '../src/realtime/realtime.metrics.js';
import {
  clientPresenceDiff,
  FanoutPresencePublisher,
  railsUsersOfChange,
  type PresenceBroadcast,
} from '../src/realtime/presence/presence.publisher.js';
import { PresenceService, type PresenceOptions } from '../src/realtime/presence/presence.service.js';
import { PresenceStore } from '../src/realtime/presence/presence.store.js';

/**
 * PresenceService on real Redis and NATS, several instances standing for gateway replicas that share one Redis
 * prefix: entries per connection, changes published on the gateway presence subject, expiry of a replica that
 * stops refreshing, and a sweep that announces each expired entry exactly once however many replicas run it.
 */

const env = new TestEnvironment('presence-int');
let nats: NatsConnection;
const natsClients: NamespacedNatsClient[] = [];
const proxies: TcpProxy[] = [];
const metricsOf = new Map<PresenceService, Metrics>();

/** A counter's or gauge's value in a replica's metrics (0 when it has no sample). */
async function metricValue(service: PresenceService, name: string): Promise<number> {
  const metric = metricsOf.get(service)!.registry.getSingleMetric(name);
  const { values } = (await metric?.get()) ?? { values: [] };
  return values.reduce((sum, sample) => sum + sample.value, 0);
}
let subscription: Subscription;
const redisClients: Redis[] = [];
const services: PresenceService[] = [];
/** Every presence change any replica published, in arrival order. */
const published: PresenceBroadcast[] = [];

const DEFAULTS: PresenceOptions = {
  heartbeatIntervalMs: 5000,
  ttlMs: 15_000,
  sweepIntervalMs: 2000,
  maxEntriesPerTopic: 1000,
  maxMetasPerKey: 10,
};

/** A replica: its own Redis client (same prefix) and topic fan-out on NATS. Timers start only when asked. */
async function replica(options: Partial<PresenceOptions> = {}): Promise<PresenceService> {
  return (await replicaWithFanout(options)).service;
}

async function replicaWithFanout(
  options: Partial<PresenceOptions> = {},
  redisUrl = env.stores.redis,
): Promise<{ service: PresenceService; fanout: TopicFanout }> {
  const redis = await connectRedis({ url: redisUrl, keyPrefix: env.redisKeyPrefix });
  redisClients.push(redis);
  const settings = { ...DEFAULTS, ...options };
  const natsClient = new NamespacedNatsClient(env.subjectPrefix, { servers: [env.stores.nats] });
  natsClients.push(natsClient);
  const messaging = { service: 'gateway', subjectPrefix: env.subjectPrefix } as MessagingOptions;
  const metrics = new Metrics('gateway');
  const fanout = new TopicFanout(natsClient, messaging, new RealtimeMetrics(metrics));
  const publisher = new FanoutPresencePublisher(fanout);
  const service = new PresenceService(new PresenceStore(redis, settings), publisher, settings, metrics);
  services.push(service);
  metricsOf.set(service, metrics);
  return { service, fanout };
}

const fight = () => `fight:${randomUUID()}`;
const user = (first: string) => {
  const id = randomUUID();
  return {
    id,
    name: `${first} Tester`,
    first_name: first,
    last_name: 'Tester',
    image_url: null,
  };
};
const connection = () => randomUUID();

/** What was published about one topic. */
const about = (topic: string) => published.filter((broadcast) => broadcast.topic === topic);

/**
 * Waits until everything the replicas published so far has arrived: each replica's connection is flushed (the
 * server has routed what it sent), then a marker sent after it arrives behind all of it.
 */
async function settled(): Promise<void> {
  for (const client of natsClients) await client.connection()?.flush();
  await nats.flush();
  const marker = `location:${randomUUID()}`;
  nats.publish(
    natsSubject(`gateway.presence.location.${marker.slice('location:'.length)}`, env.subjectPrefix),
    JSON.stringify({ topic: marker, joins: {}, leaves: {} }),
  );
  await eventually(() => expect(about(marker)).toHaveLength(1), 10_000, 10);
}

/** Keys under this file's prefix (the whole presence state of these tests). */
async function presenceKeys(): Promise<string[]> {
  const redis = redisClients[0];
  const keys = await redis.call('KEYS', `${env.redisKeyPrefix}presence:*`);
  return (keys as string[]).map((key) => key.slice(env.redisKeyPrefix.length)).sort();
}

beforeAll(async () => {
  // Nest's NATS client logs every status change; the behaviour under test is asserted, not read from logs.
  Logger.overrideLogger(false);
  nats = await connect({ servers: env.stores.nats });
  subscription = nats.subscribe(natsSubject('gateway.presence.>', env.subjectPrefix), {
    callback: (_, message) => {
      published.push(message.json<PresenceBroadcast>());
    },
  });
  await nats.flush();
});

afterAll(async () => {
  for (const service of services) await service.stop().catch(() => undefined);
  subscription?.unsubscribe();
  await nats?.close();
  for (const client of natsClients) await client.close();
  for (const redis of redisClients) redis.disconnect();
  for (const proxy of proxies) await proxy.close();
  await env.cleanup();
});

describe('joining a presence topic', () => {
  it('answers the state with every replica’s connections, one meta per connection under its member', async () => {
    const [a, b] = [await replica(), await replica()];
    const topic = fight();
    const ada = user('Ada');
    const bob = user('Bob');
    const [adaTab1, adaTab2, bobTab] = [connection(), connection(), connection()];

    const first = await a.join(topic, { connectionId: adaTab1, key: ada.id, meta: ada });
    expect(first.state).toEqual({
      topic,
      presences: { [ada.id]: { metas: [{ ...ada, connection_id: adaTab1, online_at: expect.any(Number) }] } },
    });
    await b.join(topic, { connectionId: adaTab2, key: ada.id, meta: ada });
    const last = await b.join(topic, { connectionId: bobTab, key: bob.id, meta: bob });

    expect(Object.keys(last.state.presences)).toEqual([ada.id, bob.id]);
    expect(last.state.presences[ada.id].metas.map((meta) => meta.connection_id)).toEqual([adaTab1, adaTab2]);
    expect(last.state.presences[bob.id].metas).toEqual([
      { ...bob, connection_id: bobTab, online_at: expect.any(Number) },
    ]);
    // The Rails form counts Ada once however many tabs she has.
    expect(last.users).toEqual({ users: [ada, bob] });
  });

  it('publishes each join as a diff, with the fight’s distinct users after it', async () => {
    const [a, b] = [await replica(), await replica()];
    const topic = fight();
    const ada = user('Ada');
    const bob = user('Bob');
    const [adaTab1, adaTab2, bobTab] = [connection(), connection(), connection()];

    await a.join(topic, { connectionId: adaTab1, key: ada.id, meta: ada });
    await b.join(topic, { connectionId: adaTab2, key: ada.id, meta: ada });
    await b.join(topic, { connectionId: bobTab, key: bob.id, meta: bob });
    await settled();

    const changes = about(topic);
    expect(changes).toHaveLength(3);
    expect(changes[0]).toEqual({
      topic,
      joins: { [ada.id]: { metas: [{ ...ada, connection_id: adaTab1, online_at: expect.any(Number) }] } },
      leaves: {},
      users: [ada],
    });
    expect(changes[1].joins[ada.id].metas[0].connection_id).toBe(adaTab2);
    expect(changes[1].users).toEqual([ada]);
    expect(changes[2].joins).toEqual({
      [bob.id]: { metas: [{ ...bob, connection_id: bobTab, online_at: expect.any(Number) }] },
    });
    expect(changes[2].users).toEqual([ada, bob]);
  });

  it('publishes no Rails users form on topics other than fights', async () => {
    const a = await replica();
    const topic = `chat:${randomUUID()}`;
    const ada = user('Ada');
    const joined = await a.join(topic, { connectionId: connection(), key: ada.id, meta: ada });
    await settled();
    expect(joined.users).toBeUndefined();
    expect(about(topic)).toHaveLength(1);
    expect(about(topic)[0]).not.toHaveProperty('users');
  });

  it('answers the same connection joining twice with the state, publishing nothing new', async () => {
    const a = await replica();
    const topic = fight();
    const ada = user('Ada');
    const tab = connection();
    await a.join(topic, { connectionId: tab, key: ada.id, meta: ada });
    const again = await a.join(topic, { connectionId: tab, key: ada.id, meta: ada });
    await settled();
    expect(again.state.presences[ada.id].metas).toHaveLength(1);
    expect(about(topic)).toHaveLength(1);
  });

  it('refuses a member past its connections cap and a topic past its entries cap, changing nothing', async () => {
    const a = await replica({ maxEntriesPerTopic: 3, maxMetasPerKey: 2 });
    const topic = fight();
    const ada = user('Ada');
    const bob = user('Bob');
    await a.join(topic, { connectionId: connection(), key: ada.id, meta: ada });
    await a.join(topic, { connectionId: connection(), key: ada.id, meta: ada });
    const third = a.join(topic, { connectionId: connection(), key: ada.id, meta: ada });
    await expect(third).rejects.toMatchObject({
      code: ErrorCode.Conflict,
      details: { reason: 'too_many_connections' },
    });

    await a.join(topic, { connectionId: connection(), key: bob.id, meta: bob });
    const carol = user('Carol');
    const full = a.join(topic, { connectionId: connection(), key: carol.id, meta: carol });
    await expect(full).rejects.toBeInstanceOf(ServiceError);
    await expect(full).rejects.toMatchObject({ code: ErrorCode.Conflict, details: { reason: 'topic_full' } });
    await settled();

    const presences = await a.state(topic);
    expect(Object.keys(presences)).toEqual([ada.id, bob.id]);
    expect(presences[ada.id].metas).toHaveLength(2);
    expect(about(topic)).toHaveLength(3);
  });

  it('refuses a member that is not one (bad connection id or meta) before touching Redis', async () => {
    const a = await replica();
    const topic = fight();
    const ada = user('Ada');
    await expect(a.join(topic, { connectionId: 'has spaces', key: ada.id, meta: ada })).rejects.toMatchObject(
      {
        code: ErrorCode.InvalidPayload,
      },
    );
    const deep = { ...ada, nested: { not: 'scalar' } } as unknown as typeof ada;
    await expect(
      a.join(topic, { connectionId: connection(), key: ada.id, meta: deep }),
    ).rejects.toMatchObject({
      code: ErrorCode.InvalidPayload,
    });
    expect(await a.state(topic)).toEqual({});
  });
});

describe('leaving', () => {
  it('publishes the leave once however many times and from however many replicas it is asked', async () => {
    const [a, b] = [await replica(), await replica()];
    const topic = fight();
    const ada = user('Ada');
    const bob = user('Bob');
    const adaTab = connection();
    await a.join(topic, { connectionId: adaTab, key: ada.id, meta: ada });
    await a.join(topic, { connectionId: connection(), key: bob.id, meta: bob });

    await Promise.all([a.leave(topic, adaTab), b.leave(topic, adaTab), a.leave(topic, adaTab)]);
    await settled();

    const leaves = about(topic).filter((change) => Object.keys(change.leaves).length > 0);
    expect(leaves).toEqual([
      {
        topic,
        joins: {},
        leaves: { [ada.id]: { metas: [{ ...ada, connection_id: adaTab, online_at: expect.any(Number) }] } },
        users: [bob],
      },
    ]);
    expect(Object.keys(await a.state(topic))).toEqual([bob.id]);
  });

  it('announces an expired entry once when its leave races the sweeps of other replicas', async () => {
    const stalled = await replica({ ttlMs: 300 });
    const sweepers = [await replica(), await replica()];
    const topic = fight();
    const ada = user('Ada');
    const tab = connection();
    await stalled.join(topic, { connectionId: tab, key: ada.id, meta: ada });
    await new Promise((resolve) => setTimeout(resolve, 400)); // past its expiry: both a leave and a sweep may take it

    await Promise.all([stalled.leave(topic, tab), ...sweepers.map((sweeper) => sweeper.runSweep())]);
    await settled();

    const leftTabs = about(topic).flatMap((change) => change.leaves[ada.id]?.metas ?? []);
    expect(leftTabs.map((meta) => meta.connection_id)).toEqual([tab]);
    expect(await stalled.state(topic)).toEqual({});
  });

  it('on a disconnect leaves every topic the connection joined on this replica', async () => {
    const a = await replica();
    const [one, two] = [fight(), fight()];
    const ada = user('Ada');
    const tab = connection();
    const otherTab = connection();
    await a.join(one, { connectionId: tab, key: ada.id, meta: ada });
    await a.join(two, { connectionId: tab, key: ada.id, meta: ada });
    await a.join(two, { connectionId: otherTab, key: ada.id, meta: ada });

    await a.leaveConnection(tab);
    await settled();

    expect(await a.state(one)).toEqual({});
    expect((await a.state(two))[ada.id].metas.map((meta) => meta.connection_id)).toEqual([otherTab]);
    expect(about(one).at(-1)).toMatchObject({ leaves: { [ada.id]: {} }, users: [] });
    expect(a.topicsOfConnection(tab)).toEqual([]);
  });

  it('leaves nothing behind in Redis once a topic is empty', async () => {
    const a = await replica();
    const topic = fight();
    const ada = user('Ada');
    const tab = connection();
    await a.join(topic, { connectionId: tab, key: ada.id, meta: ada });
    const withEntry = await presenceKeys();
    expect(withEntry).toEqual(
      expect.arrayContaining([
        `presence:entries:${topic}`,
        `presence:expiry:${topic}`,
        `presence:metas:${topic}`,
        'presence:topics',
      ]),
    );
    await a.leave(topic, tab);
    expect((await presenceKeys()).filter((key) => key.includes(topic))).toEqual([]);
    expect(await redisClients[0].zscore('presence:topics', topic)).toBeNull();
  });

  it('takes a graceful stop as every connection of the replica leaving', async () => {
    const [a, b] = [await replica(), await replica()];
    const topic = fight();
    const ada = user('Ada');
    const bob = user('Bob');
    await a.join(topic, { connectionId: connection(), key: ada.id, meta: ada });
    await a.join(topic, { connectionId: connection(), key: ada.id, meta: ada });
    await b.join(topic, { connectionId: connection(), key: bob.id, meta: bob });

    await a.stop();
    await settled();

    expect(Object.keys(await b.state(topic))).toEqual([bob.id]);
    const leftMetas = about(topic).flatMap((change) => change.leaves[ada.id]?.metas ?? []);
    expect(leftMetas).toHaveLength(2);
    // One connection publishes them in order: the last of this replica's leaves shows Bob alone.
    expect(
      about(topic)
        .filter((change) => ada.id in change.leaves)
        .at(-1)?.users,
    ).toEqual([bob]);
  });
});

describe('expiry', () => {
  it('pushes back the expiry of this replica’s entries on each heartbeat', async () => {
    const a = await replica();
    const topic = fight();
    const ada = user('Ada');
    const tab = connection();
    await a.join(topic, { connectionId: tab, key: ada.id, meta: ada });
    const expiry = () => redisClients.at(-1)!.zscore(`presence:expiry:${topic}`, tab).then(Number);
    const before = await expiry();
    await new Promise((resolve) => setTimeout(resolve, 20));

    await a.runHeartbeat();
    const afterTimer = await expiry();
    expect(afterTimer).toBeGreaterThan(before);

    await new Promise((resolve) => setTimeout(resolve, 20));
    await a.heartbeat(tab);
    expect(await expiry()).toBeGreaterThan(afterTimer);
  });

  it('removes the entries of a replica that stopped refreshing and publishes each leave exactly once', async () => {
    // Replica "dead" joins and never refreshes; three live replicas sweep at once, several times over.
    const dead = await replica({ ttlMs: 300 });
    const sweepers = [await replica(), await replica(), await replica()];
    const topic = fight();
    const ada = user('Ada');
    const bob = user('Bob');
    const survivor = await replica();
    const bobTab = connection();
    await survivor.join(topic, { connectionId: bobTab, key: bob.id, meta: bob });
    const deadTabs = [connection(), connection(), connection()];
    for (const tab of deadTabs) await dead.join(topic, { connectionId: tab, key: ada.id, meta: ada });

    await eventually(
      async () => {
        await Promise.all(sweepers.flatMap((sweeper) => [sweeper.runSweep(), sweeper.runSweep()]));
        expect(Object.keys(await survivor.state(topic))).toEqual([bob.id]);
      },
      20_000,
      100,
    );
    await settled();

    const leftTabs = about(topic).flatMap((change) =>
      (change.leaves[ada.id]?.metas ?? []).map((meta) => meta.connection_id),
    );
    expect(leftTabs.sort()).toEqual([...deadTabs].sort());
    // Counted where they were removed: three entries, whichever sweeper took each.
    const swept = await Promise.all(
      sweepers.map((sweeper) => metricValue(sweeper, 'realtime_presence_swept_total')),
    );
    expect(swept.reduce((sum, count) => sum + count, 0)).toBe(deadTabs.length);
    expect(await metricValue(dead, 'realtime_presence_local_entries')).toBe(deadTabs.length);
    // Sweepers publish on connections of their own: whichever removal came last, it showed Bob alone.
    expect(about(topic).filter((change) => ada.id in change.leaves && change.users?.length === 1)).toEqual([
      expect.objectContaining({ leaves: { [ada.id]: expect.anything() }, users: [bob] }),
    ]);
  });

  it('puts back a live connection whose entry was swept while its replica stalled, announcing it', async () => {
    const stalled = await replica({ ttlMs: 300 });
    const sweeper = await replica();
    const topic = fight();
    const ada = user('Ada');
    const tab = connection();
    await stalled.join(topic, { connectionId: tab, key: ada.id, meta: ada });
    await eventually(async () => {
      await sweeper.runSweep();
      expect(await sweeper.state(topic)).toEqual({});
    });

    await stalled.runHeartbeat();
    await settled();

    expect((await sweeper.state(topic))[ada.id].metas.map((meta) => meta.connection_id)).toEqual([tab]);
    const changes = about(topic);
    expect(changes.map((change) => [Object.keys(change.joins), Object.keys(change.leaves)])).toEqual([
      [[ada.id], []],
      [[], [ada.id]],
      [[ada.id], []],
    ]);
  });

  it('sweeps from the index of topics with entries, and drops a topic from it once empty', async () => {
    const dead = await replica({ ttlMs: 300 });
    const sweeper = await replica();
    const topic = fight();
    const ada = user('Ada');
    await dead.join(topic, { connectionId: connection(), key: ada.id, meta: ada });
    const index = redisClients[0];
    expect(await index.zscore('presence:topics', topic)).not.toBeNull();

    await eventually(async () => {
      await sweeper.runSweep();
      expect(await index.zscore('presence:topics', topic)).toBeNull();
    });
    expect((await presenceKeys()).filter((key) => key.includes(topic))).toEqual([]);
  });

  it('clears in one sweep more expired topics than one batch holds', async () => {
    const dead = await replica({ ttlMs: 300 });
    const sweeper = await replica();
    const ada = user('Ada');
    const topics = Array.from({ length: 450 }, fight);
    await Promise.all(
      topics.map((topic) => dead.join(topic, { connectionId: connection(), key: ada.id, meta: ada })),
    );
    await new Promise((resolve) => setTimeout(resolve, 400)); // every entry is past its expiry

    await sweeper.runSweep();
    await settled();

    const index = redisClients[0];
    const stillIndexed = await Promise.all(topics.map((topic) => index.zscore('presence:topics', topic)));
    expect(stillIndexed.filter((score) => score !== null)).toEqual([]);
    const leftTopics = new Set(
      published.filter((change) => ada.id in change.leaves).map((change) => change.topic),
    );
    expect(topics.filter((topic) => !leftTopics.has(topic))).toEqual([]);
  });

  it('runs heartbeat and sweep on timers once started: a stopped replica’s members leave, the live one stays', async () => {
    const timings = { heartbeatIntervalMs: 100, ttlMs: 1000, sweepIntervalMs: 100 };
    const live = await replica(timings);
    const crashed = await replica(timings);
    live.start();
    const topic = fight();
    const ada = user('Ada');
    const bob = user('Bob');
    const adaTab = connection();
    await live.join(topic, { connectionId: adaTab, key: ada.id, meta: ada });
    await crashed.join(topic, { connectionId: connection(), key: bob.id, meta: bob });

    // "crashed" never started its timers: nothing refreshes Bob's entry, and the live replica's sweep removes it.
    await eventually(() => expect(about(topic).at(-1)?.leaves).toHaveProperty(bob.id), 20_000, 50);
    expect(Object.keys(await live.state(topic))).toEqual([ada.id]);
    expect(about(topic).at(-1)?.users).toEqual([ada]);
    await live.stop();
  });
});

describe('across replicas', () => {
  it('reaches the sinks of another replica following the topic: the diff for clients and the Rails users', async () => {
    const a = await replica();
    const { fanout } = await replicaWithFanout();
    const topic = fight();
    const received: Array<{ diff: PresenceDiffPayload; users: unknown }> = [];
    fanout.registerSink({
      deliver: () => undefined,
      presence: (name, diff) => {
        if (name === topic)
          received.push({ diff: clientPresenceDiff(diff), users: railsUsersOfChange(diff) });
      },
    });
    await fanout.retain(parseTopic(topic)!);
    const ada = user('Ada');
    const tab = connection();

    await a.join(topic, { connectionId: tab, key: ada.id, meta: ada });
    await a.leave(topic, tab);

    await eventually(() => expect(received).toHaveLength(2), 10_000, 10);
    const meta = { ...ada, connection_id: tab, online_at: expect.any(Number) };
    expect(received).toEqual([
      { diff: { topic, joins: { [ada.id]: { metas: [meta] } }, leaves: {} }, users: { users: [ada] } },
      { diff: { topic, joins: {}, leaves: { [ada.id]: { metas: [meta] } } }, users: { users: [] } },
    ]);
  });
});

describe('while Redis is unreachable', () => {
  it('refuses joins as unavailable, and the heartbeat puts the replica’s members back once it returns', async () => {
    const proxy = await TcpProxy.start(env.stores.redis, DEFAULT_PORTS.redis);
    proxies.push(proxy);
    const { service: a } = await replicaWithFanout({}, proxy.urlFor(env.stores.redis));
    const observer = await replica();
    const topic = fight();
    const ada = user('Ada');
    const bob = user('Bob');
    const tab = connection();
    await a.join(topic, { connectionId: tab, key: ada.id, meta: ada });

    await proxy.cut();
    const refused = a.join(topic, { connectionId: connection(), key: bob.id, meta: bob });
    await expect(refused).rejects.toMatchObject({ code: ErrorCode.DependencyUnavailable });
    await a.runHeartbeat(); // fails quietly: nothing to throw at
    // Redis loses everything meanwhile (a restart without persistence).
    await env.deleteRedisKeys();
    await proxy.open();

    await eventually(async () => {
      await a.runHeartbeat();
      expect(Object.keys(await observer.state(topic))).toEqual([ada.id]);
    });
  });
});
