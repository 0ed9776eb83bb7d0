import { randomUUID } from 'node:crypto';
import type { EncounterView, UnsubscribedNotice } from '@shotcaller/contracts';
import request from 'supertest';
import { eventually, opsUrl, signTestToken } from '@shotcaller/testing';
import type { Account, Stack } from './support/stack.js';
import { as as asAccount, startCampaignStack } from './support/campaign-stack.js';
import {
  closeAll,
  connect,
  EventLog,
  refusal,
  settle,
  subscribe,
  unsubscribe,
  type ClientSocket,
} from './support/realtime-socket.js';

/**
 * socket.io on the gateway against the real campaign service: handshakes, subscriptions and their refusals, and
 * campaign traffic made over REST arriving at subscribers.
 */

let stack: Stack;
let gm: Account;
let player: Account;
let outsider: Account;
let campaignId: string;
let url: string;
const as = (account: Account) => asAccount(stack, account);
const UNKNOWN = '00000000-0000-4000-8000-000000000000';

beforeAll(async () => {
  ({ stack, gm, player, outsider, campaignId } = await startCampaignStack('e2e-rt-socketio'));
  url = await stack.gateway.getUrl();
});

afterEach(() => closeAll());

afterAll(async () => {
  await stack?.stop();
});

describe('the handshake', () => {
  it('accepts a user token in auth.token or in ?token=, on websocket and on polling', async () => {
    for (const options of [{}, { inQuery: true }, { transports: ['polling' as const] }]) {
      const socket = await connect(url, { token: player.token, ...options });
      expect(socket.connected).toBe(true);
      socket.close();
    }
    const bearer = await connect(url, { token: `Bearer ${player.token}` });
    expect(bearer.connected).toBe(true);
  });

  it('refuses a connection without a valid token, with a reason the client can read', async () => {
    expect((await refusal(url)).data).toEqual({
      code: 'unauthenticated',
      message: 'Authentication required: send a token',
    });
    expect((await refusal(url, { token: 'not-a-token' })).data?.code).toBe('unauthenticated');
    const forged = await signTestToken(
      // A key of its own: a token nobody the gateway trusts signed.
      (await import('@shotcaller/auth')).generateSigningKeyPair().privateKeyPem,
      { sub: player.id },
    );
    expect((await refusal(url, { token: forged })).data).toEqual({
      code: 'unauthenticated',
      message: 'Invalid token',
    });
    const expired = await signTestToken(process.env.TEST_JWT_PRIVATE_KEY as string, {
      sub: player.id,
      exp: Math.floor(Date.now() / 1000) - 60,
    });
    expect((await refusal(url, { token: expired })).data).toEqual({
      code: 'unauthenticated',
      message: 'Token has expired',
    });
  });

  it('answers a WebSocket upgrade of any other path with 404 at once', async () => {
    const { WebSocket } = await import('ws');
    for (const path of ['/nowhere', '/socket.io', '/cable/extra']) {
      const status = await new Promise<number | undefined>((resolve) => {
        const socket = new WebSocket(url.replace(/^http/, 'ws') + path);
        socket.on('unexpected-response', (_request, response) => resolve(response.statusCode));
        socket.on('open', () => resolve(101));
        socket.on('error', () => resolve(undefined));
      });
      expect({ path, status }).toEqual({ path, status: 404 });
    }
  });
});

describe('subscribing', () => {
  it("answers a member's campaign subscription with ok and the topic's state", async () => {
    const socket = await connect(url, { token: player.token });
    expect(await subscribe(socket, `campaign:${campaignId.toUpperCase()}`)).toEqual({
      ok: true,
      topic: `campaign:${campaignId}`,
      state: { campaign_id: campaignId },
    });
    expect(await unsubscribe(socket, `campaign:${campaignId}`)).toEqual({
      ok: true,
      topic: `campaign:${campaignId}`,
    });
  });

  it('refuses an outsider, as the campaign does not exist for them', async () => {
    const socket = await connect(url, { token: outsider.token });
    expect(await subscribe(socket, `campaign:${campaignId}`)).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'Campaign not found' },
    });
    expect(await subscribe(socket, `campaign:${UNKNOWN}`)).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });

  it('lets a user follow their own user topic only', async () => {
    const socket = await connect(url, { token: player.token });
    expect(await subscribe(socket, `user:${player.id}`)).toEqual({ ok: true, topic: `user:${player.id}` });
    expect(await subscribe(socket, `user:${gm.id}`)).toEqual({
      ok: false,
      error: { code: 'forbidden', message: "You may not follow another user's topic" },
    });
  });

  it('answers a fight subscription with the fight state and presence, and refuses fights of other campaigns', async () => {
    const fight = await as(gm)
      .post('/api/v2/fights')
      .send({ fight: { name: `Rooftop ${randomUUID()}` } });
    expect(fight.status).toBe(201);
    const socket = await connect(url, { token: player.token });
    expect(await subscribe(socket, `fight:${fight.body.id}`)).toEqual({
      ok: true,
      topic: `fight:${fight.body.id}`,
      state: {
        fight_id: fight.body.id,
        campaign_id: campaignId,
        sequence: 0,
        started_at: null,
        ended_at: null,
      },
      // Fights have presence: who is there now, the subscriber included.
      presence: {
        [player.id]: {
          metas: [expect.objectContaining({ id: player.id, connection_id: expect.any(String) })],
        },
      },
    });
    const stranger = await connect(url, { token: outsider.token });
    expect(await subscribe(stranger, `fight:${fight.body.id}`)).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });

  it('refuses unknown topic kinds and malformed payloads with an error acknowledgement', async () => {
    const socket = await connect(url, { token: player.token });
    const invalidTopic = { ok: false, error: { code: 'invalid_topic', message: expect.any(String) } };
    const invalidPayload = { ok: false, error: { code: 'invalid_payload', message: expect.any(String) } };
    expect(await subscribe(socket, `doc:${campaignId}`)).toEqual(invalidTopic);
    expect(await subscribe(socket, `party:${campaignId}`)).toEqual(invalidTopic);
    expect(await subscribe(socket, 'campaign:42')).toEqual(invalidTopic);
    expect(await subscribe(socket, `campaign:${campaignId}:x`)).toEqual(invalidTopic);
    const raw = (...args: unknown[]) =>
      (socket as unknown as { emitWithAck(event: string, ...rest: unknown[]): Promise<unknown> }).emitWithAck(
        'subscribe',
        ...args,
      );
    expect(await raw()).toEqual(invalidPayload);
    expect(await raw('campaign:x')).toEqual(invalidPayload);
    expect(await raw(null)).toEqual(invalidPayload);
    expect(await raw([`campaign:${campaignId}`])).toEqual(invalidPayload);
    expect(await raw({ topic: 42 })).toEqual(invalidPayload);
    expect(await raw({ topic: `campaign:${campaignId}`, extra: true })).toEqual(invalidPayload);
    expect(await raw({ topic: 'x'.repeat(10_000) })).toEqual(invalidTopic);
    // Still connected and serving.
    expect(await subscribe(socket, `campaign:${campaignId}`)).toMatchObject({ ok: true });
  });

  it('answers a message without an acknowledgement, or an unknown event, with an error event', async () => {
    const socket = await connect(url, { token: player.token });
    const errors: unknown[] = [];
    socket.on('error', (error) => errors.push(error));
    (socket as unknown as { emit(event: string, ...rest: unknown[]): void }).emit('subscribe', { topic: 7 });
    const unknown = await (
      socket as unknown as { emitWithAck(event: string, ...rest: unknown[]): Promise<unknown> }
    ).emitWithAck('launch:missiles', { now: true });
    expect(unknown).toEqual({ ok: false, error: { code: 'unknown_event', message: expect.any(String) } });
    expect(errors).toEqual([
      { code: 'invalid_payload', message: 'topic must be a string', event: 'subscribe' },
    ]);
  });

  it('fails chat and location topics with service_unavailable while their services do not answer', async () => {
    const socket = await connect(url, { token: player.token });
    for (const kind of ['chat', 'location']) {
      expect(await subscribe(socket, `${kind}:${randomUUID()}`)).toEqual({
        ok: false,
        error: { code: 'service_unavailable', message: expect.stringContaining('topics.authorize') },
      });
    }
  });
});

describe('campaign traffic', () => {
  async function subscribed(
    account: Account,
    topic: string,
  ): Promise<{ socket: ClientSocket; log: EventLog }> {
    const socket = await connect(url, { token: account.token });
    const log = new EventLog(socket);
    expect(await subscribe(socket, topic)).toMatchObject({ ok: true });
    return { socket, log };
  }

  it('brings a character updated over REST to every subscriber of its campaign, once each, in order', async () => {
    const topic = `campaign:${campaignId}`;
    const first = await subscribed(player, topic);
    // Subscribed twice: still one delivery.
    expect(await subscribe(first.socket, topic)).toMatchObject({ ok: true, topic });
    const second = await subscribed(gm, topic);
    const polling = await connect(url, { token: gm.token, transports: ['polling'] });
    const pollingLog = new EventLog(polling);
    expect(await subscribe(polling, topic)).toMatchObject({ ok: true });

    const created = await as(gm)
      .post('/api/v2/characters')
      .send({ character: { name: `Jade ${randomUUID()}` } });
    expect(created.status).toBe(201);
    const updated = await as(gm)
      .patch(`/api/v2/characters/${created.body.id}`)
      .send({ character: { name: 'Jade Wind' } });
    expect(updated.status).toBe(200);

    for (const log of [first.log, second.log, pollingLog]) {
      // create: {character} then reload; update: {character} then reload.
      const events = await log.waitFor(4, topic);
      expect(events.slice(0, 4).map((event) => Object.keys(event.data as object)[0])).toEqual([
        'character',
        'characters',
        'character',
        'characters',
      ]);
      expect(events[2]).toEqual({
        topic,
        data: { character: expect.objectContaining({ name: 'Jade Wind' }) },
      });
      expect(events[3]).toEqual({ topic, data: { characters: 'reload' } });
    }
    // Nothing twice: a later change is the very next thing that arrives.
    const marked = await as(gm)
      .patch(`/api/v2/characters/${created.body.id}`)
      .send({ character: { name: 'Marker' } });
    expect(marked.status).toBe(200);
    for (const log of [first.log, second.log, pollingLog]) {
      const next = await log.waitFor(5, topic);
      expect(next[4].data).toEqual({ character: expect.objectContaining({ name: 'Marker' }) });
    }
  });

  it('follows a topic on NATS only while this replica has members of it', async () => {
    const followed = async () => {
      const text = (await request(opsUrl(stack.gateway)).get('/metrics')).text;
      const line = text.split('\n').find((row) => row.startsWith('realtime_topics_followed{'));
      return Number(line?.split(' ').pop());
    };
    const fight = await as(gm)
      .post('/api/v2/fights')
      .send({ fight: { name: `Followed ${randomUUID()}` } });
    const topic = `fight:${fight.body.id}`;
    const base = await followed();
    const one = await subscribed(player, topic);
    const two = await subscribed(gm, topic);
    expect(await followed()).toBe(base + 1);
    expect(await unsubscribe(one.socket, topic)).toMatchObject({ ok: true });
    expect(await followed()).toBe(base + 1);
    const gone = new Promise((resolve) => two.socket.once('disconnect', resolve));
    two.socket.close();
    await gone;
    while ((await followed()) !== base) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await followed()).toBe(base);
  });

  it('stops delivering after unsubscribe', async () => {
    const topic = `campaign:${campaignId}`;
    const leaving = await subscribed(player, topic);
    const staying = await subscribed(gm, topic);
    expect(await unsubscribe(leaving.socket, topic)).toEqual({ ok: true, topic });
    const created = await as(gm)
      .post('/api/v2/characters')
      .send({ character: { name: `Gone ${randomUUID()}` } });
    expect(created.status).toBe(201);
    await staying.log.waitFor(2, topic);
    // The staying socket saw both events; the leaving one, a round trip later, none.
    await leaving.socket.emitWithAck('presence:heartbeat', {});
    expect(leaving.log.of(topic)).toEqual([]);
  });

  it('brings a combat action on the encounter to campaign subscribers as one {encounter} message', async () => {
    const npc = await as(gm)
      .post('/api/v2/characters')
      .send({ character: { name: `Thug ${randomUUID()}`, action_values: { Type: 'Featured Foe' } } });
    const fight = await as(gm)
      .post('/api/v2/fights')
      .send({ fight: { name: `Docks ${randomUUID()}` } });
    expect(
      (
        await as(gm)
          .patch(`/api/v2/fights/${fight.body.id}`)
          .send({ fight: { character_ids: [npc.body.id] } })
      ).status,
    ).toBe(200);
    const topic = `campaign:${campaignId}`;
    const { socket, log } = await subscribed(player, topic);
    const fightFollower = await subscribed(player, `fight:${fight.body.id}`);
    await socket.emitWithAck('presence:heartbeat', {});
    const before = log.of(topic).length;

    const action = await as(gm)
      .post(`/api/v2/encounters/${fight.body.id}/apply_combat_action`)
      .send({ character_updates: [{ character_id: npc.body.id, wounds: 12 }] });
    expect(action.status).toBe(200);

    const events = await log.waitFor(before + 1, topic);
    const encounterEvents = events.slice(before).filter((event) => 'encounter' in (event.data as object));
    expect(encounterEvents).toHaveLength(1);
    const encounter = (encounterEvents[0].data as { encounter: EncounterView }).encounter;
    expect(encounter).toMatchObject({ id: fight.body.id });
    expect(encounter).toEqual(action.body);
    // Fight followers are told the fight changed (beside presence's {users} messages).
    const fightTopic = `fight:${fight.body.id}`;
    for (let seen = 1; ; seen += 1) {
      const fightEvents = await fightFollower.log.waitFor(seen, fightTopic);
      const data = fightEvents[fightEvents.length - 1].data as object;
      if ('users' in data) continue;
      expect(data).toEqual({ fight: 'updated' });
      break;
    }
  });
});

describe('leaving a campaign', () => {
  it("ends a removed player's subscriptions to the campaign and its fights at once, and says so", async () => {
    const fight = await as(gm)
      .post('/api/v2/fights')
      .send({ fight: { name: `Farewell ${randomUUID()}` } });
    expect(fight.status).toBe(201);
    const campaignTopic = `campaign:${campaignId}`;
    const fightTopic = `fight:${fight.body.id}`;
    const userTopic = `user:${player.id}`;
    const socket = await connect(url, { token: player.token });
    const log = new EventLog(socket);
    const ended: UnsubscribedNotice[] = [];
    socket.on('unsubscribed', (notice) => ended.push(notice));
    for (const topic of [campaignTopic, fightTopic, userTopic]) {
      expect(await subscribe(socket, topic)).toMatchObject({ ok: true, topic });
    }
    const watcher = await connect(url, { token: gm.token });
    const watched = new EventLog(watcher);
    expect(await subscribe(watcher, campaignTopic)).toMatchObject({ ok: true });

    const removed = await as(gm)
      .delete('/api/v2/campaign_memberships')
      .query({ campaign_id: campaignId, user_id: player.id });
    expect(removed.status).toBe(204);
    await eventually(() =>
      expect(ended.map((notice) => notice.topic).sort()).toEqual([campaignTopic, fightTopic].sort()),
    );
    for (const notice of ended) {
      expect(notice.error).toEqual({ code: 'forbidden', message: 'You no longer play in this campaign' });
    }

    // The campaign's next change reaches the gamemaster, not the removed player; asking again is refused.
    const before = log.of(campaignTopic).length;
    const renamed = await as(gm)
      .patch(`/api/v2/campaigns/${campaignId}`)
      .send({ campaign: { description: `Changed ${randomUUID()}` } });
    expect(renamed.status).toBe(200);
    await eventually(() =>
      expect(
        watched
          .of(campaignTopic)
          .some(
            (event) =>
              (event.data as { campaign?: { description?: string } }).campaign?.description ===
              renamed.body.description,
          ),
      ).toBe(true),
    );
    await settle(socket);
    expect(log.of(campaignTopic)).toHaveLength(before);
    expect(await subscribe(socket, campaignTopic)).toMatchObject({ ok: false, error: { code: 'not_found' } });

    const back = await as(gm)
      .post('/api/v2/campaign_memberships')
      .send({ membership: { campaign_id: campaignId, user_id: player.id } });
    expect(back.status).toBe(201);
  });
});
