import type { ChildProcess } from 'node:child_process';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type {
  PresenceDiffPayload,
  PresenceStatePayload,
  SubscribeAck,
  TopicEvent,
} from '@shotcaller/contracts';
import { connectRedis } from '@shotcaller/persistence';
import { TestEnvironment } from '@shotcaller/testing';
import { loadGatewayConfig } from '../../apps/gateway/src/config.js';
import { presenceExpiryKey } from '../../apps/gateway/src/realtime/presence/presence.store.js';
import { bootCampaign } from '../../apps/campaign/src/boot.js';
import { loadCampaignConfig } from '../../apps/campaign/src/config.js';
import { startMailing, type Mailing } from '../../apps/campaign/test/support/mail-catcher.js';
import { bearerToken } from './support/stack.js';
import { closeAll, connect, subscribe, type ClientSocket } from './support/realtime-socket.js';
import { startGatewayProcess, stopGatewayProcess } from './support/gateway-process.js';

/**
 * Fight presence across two gateway replicas, each a process of its own sharing Redis and NATS: subscribers on
 * either replica see who is in the fight (`presence_state`), every change (`presence_diff`) and the Rails form
 * (`{users}`); when one replica is killed outright, its connections leave for the other replica's clients once
 * their entries expire (by default within 17 s; the requirement is 30 s).
 */

/** Generous guard for one wait on a shared machine: long past the configured expiry (TTL + sweep = 17 s). */
const EXPIRY_GUARD_MS = 90_000;

const env = new TestEnvironment('e2e-presence');
/** Registration queues mails: the jobs service and an SMTP server take them. */
let mailing: Mailing | undefined;
let campaign: INestApplication;
const replicas = new Map<string, ChildProcess>();
let replicaA: string;
let replicaB: string;

/** A gateway replica as a real process of its own, with the default presence timings; resolves to its URL. */
async function startGateway(): Promise<string> {
  const { child, url } = await startGatewayProcess(env);
  replicas.set(url, child);
  return url;
}

interface Account {
  id: string;
  token: string;
  first_name: string;
  last_name: string;
}

let addressCounter = 0;
async function register(baseUrl: string, firstName: string, lastName: string): Promise<Account> {
  addressCounter += 1;
  const response = await request(baseUrl)
    .post('/api/v2/users/register')
    .set('X-Forwarded-For', `10.71.${addressCounter}.1`)
    .send({
      user: {
        email: `${firstName}-${env.id}@example.com`.toLowerCase(),
        password: 'secret123',
        first_name: firstName,
        last_name: lastName,
      },
    });
  expect(response.status).toBe(201);
  return {
    id: response.body.data.id as string,
    token: bearerToken(response.headers.authorization),
    first_name: firstName,
    last_name: lastName,
  };
}

const api = (baseUrl: string, account: Account) => ({
  post: (path: string) => request(baseUrl).post(path).auth(account.token, { type: 'bearer' }),
});

/** How fight presence shows an account, in the Rails `{users}` form and in each meta. */
const shown = (account: Account) => ({
  id: account.id,
  first_name: account.first_name,
  last_name: account.last_name,
  name: `${account.first_name} ${account.last_name}`,
  image_url: null,
});

/** Everything presence-related one socket receives, in order, with a way to wait for what is expected. */
class PresenceLog {
  readonly states: PresenceStatePayload[] = [];
  readonly diffs: PresenceDiffPayload[] = [];
  readonly users: unknown[] = [];
  private waiters: (() => void)[] = [];

  constructor(
    readonly socket: ClientSocket,
    private readonly topic: string,
  ) {
    socket.on('presence_state', (payload) => this.record(this.states, payload));
    socket.on('presence_diff', (payload) => this.record(this.diffs, payload));
    socket.on('event', (event: TopicEvent) => {
      const data = event.data as { users?: unknown };
      if (event.topic === this.topic && typeof data === 'object' && data !== null && 'users' in data) {
        this.record(this.users, data.users);
      }
    });
  }

  /** Resolves with the first item (from `from` on) that passes `check`. */
  async waitFor<T>(list: T[], check: (item: T) => boolean, from = 0): Promise<T> {
    for (;;) {
      const found = list.slice(from).find(check);
      if (found !== undefined) return found;
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  private record<T>(list: T[], item: T): void {
    list.push(item);
    for (const wake of this.waiters.splice(0)) wake();
  }
}

async function joinFight(baseUrl: string, account: Account, topic: string): Promise<PresenceLog> {
  const socket = await connect(baseUrl, { token: account.token });
  const log = new PresenceLog(socket, topic);
  const ack: SubscribeAck = await subscribe(socket, topic);
  expect(ack).toMatchObject({ ok: true, topic });
  // The acknowledgement carries the presences too, the subscriber's own connection among them.
  expect(ack.ok && metasOf({ presences: ack.presence }, account).length).toBeGreaterThan(0);
  return log;
}

const metasOf = (payload: { presences?: PresenceStatePayload['presences'] }, account: Account) =>
  payload.presences?.[account.id]?.metas ?? [];

let gm: Account;
let player: Account;
let topic: string;
let campaignTopic: string;

beforeAll(async () => {
  mailing = await startMailing(env);
  campaign = await bootCampaign(loadCampaignConfig(env.campaign()), { host: '127.0.0.1' });
  [replicaA, replicaB] = await Promise.all([startGateway(), startGateway()]);

  gm = await register(replicaA, 'Ada', 'Gamemaster');
  player = await register(replicaA, 'Bob', 'Player');
  const created = await api(replicaA, gm)
    .post('/api/v2/campaigns')
    .send({ campaign: { name: 'Presence Nights' } });
  expect(created.status).toBe(201);
  const campaignId = created.body.id as string;
  campaignTopic = `campaign:${campaignId}`;
  const joined = await api(replicaA, gm)
    .post('/api/v2/campaign_memberships')
    .send({ membership: { campaign_id: campaignId, user_id: player.id } });
  expect(joined.status).toBe(201);
  for (const who of [gm, player]) {
    expect((await api(replicaA, who).post('/api/v2/campaigns/current').send({ id: campaignId })).status).toBe(
      200,
    );
  }
  const fight = await api(replicaA, gm)
    .post('/api/v2/fights')
    .send({ fight: { name: 'Rooftop Showdown' } });
  expect(fight.status).toBe(201);
  topic = `fight:${fight.body.id as string}`;
}, 90_000);

afterAll(async () => {
  closeAll();
  await Promise.all([...replicas.values()].map(stopGatewayProcess));
  await campaign?.close();
  await mailing?.stop();
  await env.cleanup();
});

describe('presence on one replica', () => {
  it('answers presence:heartbeat, and refuses one with fields', async () => {
    const socket = await connect(replicaA, { token: gm.token });
    expect(await socket.emitWithAck('presence:heartbeat', {})).toEqual({ ok: true });
    const withFields = (await socket.emitWithAck('presence:heartbeat', { topic } as unknown as Record<
      string,
      never
    >)) as unknown;
    expect(withFields).toEqual({
      ok: false,
      error: { code: 'invalid_payload', message: 'presence:heartbeat takes no fields' },
    });
    socket.close();
  });

  it('keeps topics whose authorization has no presence (campaigns) free of presence', async () => {
    const socket = await connect(replicaA, { token: gm.token });
    const log = new PresenceLog(socket, campaignTopic);
    expect(await subscribe(socket, campaignTopic)).toMatchObject({ ok: true, topic: campaignTopic });
    // A fight subscription after it: its presence_state arrives, and is the only one.
    expect(await subscribe(socket, topic)).toMatchObject({ ok: true, topic });
    const state = await log.waitFor(log.states, () => true);
    expect(state.topic).toBe(topic);
    expect(await socket.emitWithAck('unsubscribe', { topic })).toEqual({ ok: true, topic });
    expect(log.states).toHaveLength(1);
    socket.close();
  });
});

describe('fight presence across two gateway processes', () => {
  let gmOnA: PresenceLog;
  let playerOnB: PresenceLog;
  let playerOnA: PresenceLog;

  it('sends the first subscriber the state with itself, and the Rails users form', async () => {
    gmOnA = await joinFight(replicaA, gm, topic);
    const state = await gmOnA.waitFor(gmOnA.states, () => true);
    expect(state).toEqual({
      topic,
      presences: {
        [gm.id]: {
          metas: [{ ...shown(gm), connection_id: expect.any(String), online_at: expect.any(Number) }],
        },
      },
    });
    expect(await gmOnA.waitFor(gmOnA.users, () => true)).toEqual([shown(gm)]);
  });

  it('tells a subscriber on the other replica who is there, and the first one who joined', async () => {
    const diffsBefore = gmOnA.diffs.length;
    const usersBefore = gmOnA.users.length;
    playerOnB = await joinFight(replicaB, player, topic);

    const state = await playerOnB.waitFor(playerOnB.states, () => true);
    expect(Object.keys(state.presences).sort()).toEqual([gm.id, player.id].sort());

    const diff = await gmOnA.waitFor(gmOnA.diffs, (each) => player.id in each.joins, diffsBefore);
    expect(diff).toEqual({
      topic,
      joins: {
        [player.id]: {
          metas: [{ ...shown(player), connection_id: expect.any(String), online_at: expect.any(Number) }],
        },
      },
      leaves: {},
    });
    const users = await gmOnA.waitFor(gmOnA.users, (each) => (each as unknown[]).length === 2, usersBefore);
    expect(users).toEqual([shown(gm), shown(player)]);
    // The replica's own subscriber hears of its own join as well.
    await playerOnB.waitFor(playerOnB.diffs, (each) => player.id in each.joins);
  });

  it('shows a second tab of the same user as a second meta, and the user once in the Rails form', async () => {
    const diffsBefore = gmOnA.diffs.length;
    const usersBefore = gmOnA.users.length;
    playerOnA = await joinFight(replicaA, player, topic);

    const state = await playerOnA.waitFor(playerOnA.states, () => true);
    const tabs = metasOf(state, player);
    expect(tabs).toHaveLength(2);
    expect(new Set(tabs.map((meta) => meta.connection_id)).size).toBe(2);

    const diff = await gmOnA.waitFor(gmOnA.diffs, (each) => player.id in each.joins, diffsBefore);
    expect(metasOf({ presences: diff.joins }, player)).toHaveLength(1);
    // Seen on the other replica too.
    await playerOnB.waitFor(
      playerOnB.diffs,
      (each) => metasOf({ presences: each.joins }, player).length === 1,
      1,
    );
    const users = await gmOnA.waitFor(gmOnA.users, () => true, usersBefore);
    expect(users).toEqual([shown(gm), shown(player)]);
  });

  it(
    'takes the connections of a killed replica away from the other replica’s clients once they expire',
    async () => {
      // When the player subscribed on B it was their only connection; the state on A later listed both.
      const [tabOnB] = metasOf(playerOnB.states[0], player);
      const tabOnA = metasOf(playerOnA.states[0], player).find(
        (meta) => meta.connection_id !== tabOnB?.connection_id,
      );
      expect(tabOnB).toBeDefined();
      expect(tabOnA).toBeDefined();
      const diffsBefore = gmOnA.diffs.length;
      const usersBefore = gmOnA.users.length;

      replicas.get(replicaB)!.kill('SIGKILL');
      // Gone within 30 s by construction: the dead replica's entry lapses within the TTL of its last heartbeat,
      // and a sweep runs every sweep interval (both as the replicas run with).
      const presence = loadGatewayConfig(env.gateway());
      expect(presence.PRESENCE_TTL_MS + presence.PRESENCE_SWEEP_INTERVAL_MS).toBeLessThanOrEqual(30_000);
      const redis = await connectRedis({ url: env.stores.redis, keyPrefix: env.redisKeyPrefix });
      try {
        const [seconds, micros] = await redis.time();
        const score = await redis.zscore(presenceExpiryKey(topic), tabOnB.connection_id);
        expect(score).not.toBeNull();
        const lapses = Number(score);
        expect(lapses - (Number(seconds) * 1000 + Number(micros) / 1000)).toBeLessThanOrEqual(
          presence.PRESENCE_TTL_MS,
        );
      } finally {
        redis.disconnect();
      }

      const leave = await gmOnA.waitFor(gmOnA.diffs, (each) => player.id in each.leaves, diffsBefore);
      expect(leave).toEqual({
        topic,
        joins: {},
        leaves: {
          [player.id]: {
            metas: [{ ...shown(player), connection_id: tabOnB.connection_id, online_at: tabOnB.online_at }],
          },
        },
      });
      // The player's other tab (on A) still holds them in the fight.
      expect(await gmOnA.waitFor(gmOnA.users, () => true, usersBefore)).toEqual([shown(gm), shown(player)]);
      await playerOnA.waitFor(playerOnA.diffs, (each) => player.id in each.leaves);

      // A newcomer sees what is left: the gamemaster and the player's tab on A.
      const newcomer = await joinFight(replicaA, gm, topic);
      const state = await newcomer.waitFor(newcomer.states, () => true);
      expect(metasOf(state, player).map((meta) => meta.connection_id)).toEqual([tabOnA!.connection_id]);
      expect(metasOf(state, gm)).toHaveLength(2);
    },
    EXPIRY_GUARD_MS,
  );

  it('announces a leave at once when a client unsubscribes, with the Rails form after it', async () => {
    const diffsBefore = gmOnA.diffs.length;
    const usersBefore = gmOnA.users.length;
    expect(await playerOnA.socket.emitWithAck('unsubscribe', { topic })).toEqual({ ok: true, topic });

    const leave = await gmOnA.waitFor(gmOnA.diffs, (each) => player.id in each.leaves, diffsBefore);
    expect(metasOf({ presences: leave.leaves }, player)).toHaveLength(1);
    // The newcomer's join may still be on its way: the form after the leave lists the gamemaster alone.
    const after = await gmOnA.waitFor(gmOnA.users, (each) => (each as unknown[]).length === 1, usersBefore);
    expect(after).toEqual([shown(gm)]);
  });
});
