import type { Socket } from 'node:net';
import { natsSubject, RealtimeSubjects } from '@shotcaller/contracts';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { eventually, NatsRequester, opsUrl, signTestToken } from '@shotcaller/testing';
import { CableServer } from '../../apps/gateway/src/realtime/cable/cable.server.js';
import { signIn, signUp, type Account, type Stack } from './support/stack.js';
import { as as asAccount, startCampaignStack } from './support/campaign-stack.js';
import { ActionCable, cableUrl, notPing, RawCable, RecordedSubscription } from './support/cable-client.js';

/**
 * `/cable` as a frontend written for the Rails backend uses it: the real @rails/actioncable client connects with
 * its token, follows a campaign, a fight and its own user, and receives the Rails payloads; what it may not follow
 * is rejected; frames the client would never send are answered with an error (which the client drops) without harm.
 */

const BOOT_GUARD_MS = 30_000;

let stack: Stack;
let gm: Account;
let player: Account;
let outsider: Account;
let campaignId = '';
const consumers: ActionCable.Consumer[] = [];
const raws: RawCable[] = [];

const as = (account: Account) => asAccount(stack, account);

/** A sample of the gateway's metrics, summed over the lines of `name` whose labels include `labels`. */
async function metric(name: string, labels: string): Promise<number> {
  const response = await request(opsUrl(stack.gateway)).get('/metrics');
  expect(response.status).toBe(200);
  return response.text
    .split('\n')
    .filter((row) => row.startsWith(`${name}{`) && row.includes(labels))
    .reduce((sum, row) => sum + Number(row.slice(row.lastIndexOf(' ') + 1)), 0);
}

function consumer(account: Account, form: 'plain' | 'bearer' = 'plain'): ActionCable.Consumer {
  const created = ActionCable.createConsumer(cableUrl(stack.gateway, account.token, form));
  consumers.push(created);
  return created;
}

function raw(token: string | undefined, protocols?: string[]): RawCable {
  const socket = new RawCable(cableUrl(stack.gateway, token), protocols);
  raws.push(socket);
  return socket;
}

async function create(plural: string, key: string, fields: Record<string, unknown>) {
  const response = await as(gm)
    .post(`/api/v2/${plural}`)
    .send({ [key]: fields });
  expect(response.status).toBe(201);
  return response.body as { id: string };
}

beforeAll(async () => {
  ({ stack, gm, player, outsider, campaignId } = await startCampaignStack('e2e-realtime-cable'));
}, BOOT_GUARD_MS);

afterAll(async () => {
  for (const each of consumers) each.disconnect();
  for (const each of raws) each.close();
  await stack?.stop();
});

describe('the Rails client on CampaignChannel', () => {
  let campaign: RecordedSubscription;
  let gmConsumer: ActionCable.Consumer;
  let characterId = '';

  beforeAll(async () => {
    characterId = (await create('characters', 'character', { name: 'Brick Manly' })).id;
    // The client adds a client_id of its own to the identifier; the channel ignores it, as Rails did.
    gmConsumer = consumer(gm, 'bearer');
    campaign = new RecordedSubscription(gmConsumer, {
      channel: 'CampaignChannel',
      id: campaignId,
      client_id: `${campaignId}--characters`,
    });
    await campaign.confirmation();
  });

  it('is confirmed', () => {
    expect(campaign).toMatchObject({ connected: true, rejected: false });
  });

  it('receives the entity then the reload signal after a REST update, in that order', async () => {
    const before = campaign.received.length;
    const updated = await as(gm)
      .patch(`/api/v2/characters/${characterId}`)
      .send({
        character: { name: 'Brick Manly Jr.' },
      });
    expect(updated.status).toBe(200);
    await campaign.message((data) => data.characters === 'reload', before);
    const mine = campaign.received
      .slice(before)
      .filter((data) => 'character' in data || 'characters' in data);
    expect(mine).toEqual([
      {
        character: expect.objectContaining({
          id: characterId,
          name: 'Brick Manly Jr.',
          entity_class: 'Character',
        }),
      },
      { characters: 'reload' },
    ]);
  });

  it('drops the error frame of a command it sent that the server cannot follow, and goes on receiving', async () => {
    // The client's own send and socket, which its type definitions leave out.
    const client = gmConsumer as unknown as {
      send(data: object): boolean;
      connection: { isOpen(): boolean; webSocket: import('ws').WebSocket };
    };
    const socket = client.connection.webSocket;
    const errors: unknown[] = [];
    // Added after the client's own handler: it runs only if the client's did not throw on the frame.
    socket.addEventListener('message', (event) => {
      const frame = JSON.parse(event.data as string) as { type?: string };
      if (frame.type === 'error') errors.push(frame);
    });
    expect(client.send({ command: 'dance' })).toBe(true);
    await eventually(() => expect(errors).toEqual([expect.objectContaining({ code: 'unknown_command' })]));
    const before = campaign.received.length;
    await create('factions', 'faction', { name: 'After The Dance' });
    await campaign.message((data) => data.factions === 'reload', before);
    expect(client.connection.isOpen()).toBe(true);
    expect(campaign.received.slice(before).some((data) => 'code' in data)).toBe(false);
  });

  it('receives one encounter message for a combat action, however many combatants it touched', async () => {
    const foe = (
      await create('characters', 'character', { name: 'Thug', action_values: { Type: 'Featured Foe' } })
    ).id;
    const fight = (await create('fights', 'fight', { name: 'Tea House' })).id;
    const joined = await as(gm)
      .patch(`/api/v2/fights/${fight}`)
      .send({ fight: { character_ids: [characterId, foe] } });
    expect(joined.status).toBe(200);
    const before = campaign.received.length;
    const acted = await as(gm)
      .post(`/api/v2/encounters/${fight}/apply_combat_action`)
      .send({
        character_updates: [
          { character_id: foe, wounds: 10 },
          { character_id: characterId, action_values: { Wounds: 5 } },
        ],
      });
    expect(acted.status).toBe(200);
    // The encounters showing the action (the fight's own update may announce one without it, before or after).
    const afterAction = (data: Record<string, unknown>) =>
      'encounter' in data && JSON.stringify(data.encounter).includes('"count":10');
    await campaign.message(afterAction, before);
    // A later change away from the fight marks the end of what the action could have sent: still exactly one.
    const marker = campaign.received.length;
    await create('factions', 'faction', { name: 'The Marker' });
    await campaign.message((data) => data.factions === 'reload', marker);
    const encounters = campaign.received.slice(before).filter(afterAction);
    expect(encounters).toEqual([
      { encounter: expect.objectContaining({ id: fight, entity_class: 'Fight', name: 'Tea House' }) },
    ]);
  });

  it('rejects a campaign the user is not a member of', async () => {
    const refused = new RecordedSubscription(consumer(outsider), {
      channel: 'CampaignChannel',
      id: campaignId,
    });
    await refused.confirmation();
    expect(refused).toMatchObject({ connected: false, rejected: true });
  });
});

describe('UserChannel', () => {
  it("follows the user's own id and rejects another user's", async () => {
    const client = consumer(player);
    const own = new RecordedSubscription(client, { channel: 'UserChannel', id: player.id });
    const other = new RecordedSubscription(client, { channel: 'UserChannel', id: gm.id });
    await Promise.all([own.confirmation(), other.confirmation()]);
    expect(own).toMatchObject({ connected: true, rejected: false });
    expect(other).toMatchObject({ connected: false, rejected: true });
  });
});

describe('FightChannel presence', () => {
  it('sends the Rails {users} list to everyone in the fight as people come and go', async () => {
    const fight = (await create('fights', 'fight', { name: 'Docks' })).id;
    const gmFight = new RecordedSubscription(consumer(gm), { channel: 'FightChannel', fight_id: fight });
    await gmFight.confirmation();
    expect(gmFight.connected).toBe(true);
    const alone = await gmFight.message((data) => Array.isArray(data.users));
    expect(alone).toEqual({
      users: [
        expect.objectContaining({
          id: gm.id,
          first_name: 'Test',
          name: expect.stringContaining('Test User'),
        }),
      ],
    });

    const playerFight = new RecordedSubscription(consumer(player), {
      channel: 'FightChannel',
      fight_id: fight,
    });
    await playerFight.confirmation();
    const together = (data: Record<string, unknown>) => Array.isArray(data.users) && data.users.length === 2;
    const [seenByGm, seenByPlayer] = await Promise.all([
      gmFight.message(together),
      playerFight.message(together),
    ]);
    expect(seenByGm).toEqual(seenByPlayer);
    expect((seenByGm.users as Array<{ id: string }>).map((user) => user.id)).toEqual([gm.id, player.id]);
    expect(Object.keys((seenByGm.users as object[])[1]).sort()).toEqual(
      ['first_name', 'id', 'image_url', 'last_name', 'name'].sort(),
    );

    const count = gmFight.received.length;
    playerFight.subscription.unsubscribe();
    const left = await gmFight.message((data) => Array.isArray(data.users), count);
    expect((left.users as Array<{ id: string }>).map((user) => user.id)).toEqual([gm.id]);
  });

  it('rejects a fight of a campaign the user is not in', async () => {
    const fight = (await create('fights', 'fight', { name: 'Private Fight' })).id;
    const refused = new RecordedSubscription(consumer(outsider), {
      channel: 'FightChannel',
      fight_id: fight,
    });
    await refused.confirmation();
    expect(refused.rejected).toBe(true);
  });
});

describe('leaving a campaign', () => {
  it("rejects a removed player's CampaignChannel and FightChannel subscriptions at once", async () => {
    const fight = (await create('fights', 'fight', { name: 'Farewell' })).id;
    const client = consumer(player);
    const campaign = new RecordedSubscription(client, { channel: 'CampaignChannel', id: campaignId });
    const fightChannel = new RecordedSubscription(client, { channel: 'FightChannel', fight_id: fight });
    const own = new RecordedSubscription(client, { channel: 'UserChannel', id: player.id });
    await Promise.all([campaign, fightChannel, own].map((each) => each.confirmation()));
    expect([campaign, fightChannel, own].map((each) => each.connected)).toEqual([true, true, true]);

    const removed = await as(gm)
      .delete('/api/v2/campaign_memberships')
      .query({ campaign_id: campaignId, user_id: player.id });
    expect(removed.status).toBe(204);
    // The server rejects what depended on the campaign; the Rails client drops those and calls `rejected`.
    await campaign.until(() => campaign.rejected);
    await fightChannel.until(() => fightChannel.rejected);
    expect(own.rejected).toBe(false);
    expect(client.subscriptions.subscriptions).toEqual([own.subscription]);

    const back = await as(gm)
      .post('/api/v2/campaign_memberships')
      .send({ membership: { campaign_id: campaignId, user_id: player.id } });
    expect(back.status).toBe(201);
  });
});

describe('the wire, as a raw WebSocket', () => {
  it('negotiates actioncable-v1-json, welcomes, and pings every few seconds with unix seconds', async () => {
    const socket = raw(gm.token);
    await socket.opened;
    expect(socket.socket.protocol).toBe('actioncable-v1-json');
    expect(await socket.frame(notPing)).toEqual({ type: 'welcome' });
    const ping = await socket.frame((frame) => frame.type === 'ping');
    expect(Math.abs((ping.message as number) - Date.now() / 1000)).toBeLessThan(60);
  });

  it('selects actioncable-unsupported for a client offering no version it speaks, then closes', async () => {
    const socket = raw(gm.token, ['actioncable-v9-msgpack', 'actioncable-unsupported']);
    await socket.opened;
    expect(socket.socket.protocol).toBe('actioncable-unsupported');
    await socket.whenClosed();
    expect(socket.frames).toEqual([]);
  });

  it('tells a client without a valid token it is unauthorized, not to reconnect, and closes', async () => {
    for (const token of [undefined, 'not-a-jwt', `${gm.token}x`]) {
      const socket = raw(token);
      await socket.whenClosed();
      expect(socket.frames).toEqual([{ type: 'disconnect', reason: 'unauthorized', reconnect: false }]);
    }
  });

  it('answers malformed frames without harm: rejections where it can, errors otherwise', async () => {
    const ignoredBefore = await metric('realtime_cable_frames_ignored_total', '');
    const socket = raw(gm.token);
    await socket.frame((frame) => frame.type === 'welcome');
    const unknownChannel = '{ "channel" : "ChatChannel",  "id":"x\\u00e9" }';
    socket.send('not json');
    socket.send('[1,2]');
    socket.send({ command: 'dance', identifier: '{"channel":"CampaignChannel"}' });
    socket.send({ command: 'subscribe', identifier: 'not an object' });
    socket.send({ command: 'subscribe', identifier: 42 });
    socket.send({ command: 'unsubscribe', identifier: '{"channel":"CampaignChannel","id":"nope"}' });
    socket.send({ command: 'message', identifier: '{"channel":"CampaignChannel"}', data: '{broken' });
    socket.send({ command: 'subscribe', identifier: unknownChannel });
    socket.send(Buffer.from([1, 2, 3]));
    const campaign = JSON.stringify({ channel: 'CampaignChannel', id: campaignId });
    socket.send({ command: 'subscribe', identifier: campaign });
    socket.send({ command: 'message', identifier: campaign, data: JSON.stringify({ action: 'speak' }) });

    const rejection = await socket.frame((frame) => frame.type === 'reject_subscription');
    expect(rejection).toEqual({ identifier: unknownChannel, type: 'reject_subscription' });
    expect(await socket.frame((frame) => frame.type === 'confirm_subscription')).toEqual({
      identifier: campaign,
      type: 'confirm_subscription',
    });
    // The rest, in the order sent, each answered with why; a message to a channel without actions is ignored.
    const errors = socket.frames.filter((frame) => frame.type === 'error');
    expect(errors.map((frame) => frame.code)).toEqual([
      'not_json',
      'not_an_object',
      'unknown_command',
      'identifier_not_an_object',
      'identifier_not_a_string',
      'no_such_subscription',
      'data_not_json_object',
      'binary',
    ]);
    for (const error of errors) {
      expect(error).toEqual({ type: 'error', identifier: '', code: error.code, message: expect.any(String) });
    }
    expect(socket.frames.filter(notPing)).toHaveLength(3 + errors.length);
    expect(socket.closed).toBeUndefined();
    // Each ignored frame is counted (by reason); the unknown channel's rejection too.
    expect(await metric('realtime_cable_frames_ignored_total', '')).toBe(ignoredBefore + 10);
    expect(await metric('realtime_cable_frames_ignored_total', 'reason="not_json"')).toBeGreaterThanOrEqual(
      1,
    );
    expect(await metric('realtime_connections', 'transport="cable"')).toBeGreaterThanOrEqual(1);
  });

  it('closes a connection that sends a frame over the size limit (1009), and only that one', async () => {
    const big = raw(gm.token);
    const bystander = raw(gm.token);
    await Promise.all([big, bystander].map((socket) => socket.frame((frame) => frame.type === 'welcome')));
    big.send({
      command: 'subscribe',
      identifier: JSON.stringify({ channel: 'X', pad: 'x'.repeat(70 * 1024) }),
    });
    expect((await big.whenClosed()).code).toBe(1009);
    const identifier = JSON.stringify({ channel: 'UserChannel', id: gm.id });
    bystander.send({ command: 'subscribe', identifier });
    expect(await bystander.frame((frame) => frame.type === 'confirm_subscription')).toEqual({
      identifier,
      type: 'confirm_subscription',
    });
  });

  it('confirms a subscription once however often the client repeats it', async () => {
    const socket = raw(gm.token);
    await socket.frame((frame) => frame.type === 'welcome');
    const identifier = JSON.stringify({ channel: 'CampaignChannel', id: campaignId });
    for (let i = 0; i < 3; i += 1) socket.send({ command: 'subscribe', identifier });
    await socket.frame((frame) => frame.type === 'confirm_subscription');
    // A later command's answer marks the end of what the repeats could have caused.
    const user = JSON.stringify({ channel: 'UserChannel', id: gm.id });
    socket.send({ command: 'subscribe', identifier: user });
    await socket.frame((frame) => frame.identifier === user);
    expect(socket.frames.filter((frame) => frame.identifier === identifier)).toHaveLength(1);
  });
});

describe('the end of a connection', () => {
  it('tells the client it is unauthorized, not to reconnect, when its token is signed out', async () => {
    const token = await signIn(stack, player, '10.77.0.1');
    const socket = raw(token);
    await socket.frame((frame) => frame.type === 'welcome');
    const signedOut = await stack.http().delete('/users/sign_out').auth(token, { type: 'bearer' });
    expect(signedOut.status).toBeLessThan(300);
    await socket.whenClosed();
    expect(socket.frames.filter(notPing).slice(1)).toEqual([
      { type: 'disconnect', reason: 'unauthorized', reconnect: false },
    ]);
  });

  it('tells the client it is unauthorized, not to reconnect, when its token expires', async () => {
    const claims = JSON.parse(
      Buffer.from(player.token.split('.')[1], 'base64url').toString('utf8'),
    ) as object;
    const shortLived = await signTestToken(process.env.TEST_JWT_PRIVATE_KEY as string, {
      ...claims,
      jti: randomUUID(),
      exp: Math.floor(Date.now() / 1000) + 2,
    });
    const socket = raw(shortLived);
    await socket.frame((frame) => frame.type === 'welcome');
    await socket.whenClosed();
    expect(socket.frames.filter(notPing)).toEqual([
      { type: 'welcome' },
      { type: 'disconnect', reason: 'unauthorized', reconnect: false },
    ]);
  });

  it('tells clients to reconnect when a replica stops gracefully', async () => {
    const replica = await stack.bootGateway();
    let stopped = false;
    try {
      const socket = new RawCable(cableUrl(replica, gm.token));
      raws.push(socket);
      const identifier = JSON.stringify({ channel: 'CampaignChannel', id: campaignId });
      await socket.frame((frame) => frame.type === 'welcome');
      socket.send({ command: 'subscribe', identifier });
      await socket.frame((frame) => frame.type === 'confirm_subscription');
      await replica.close();
      stopped = true;
      await socket.whenClosed();
      expect(socket.frames.filter(notPing).at(-1)).toEqual({
        type: 'disconnect',
        reason: 'server_restart',
        reconnect: true,
      });
    } finally {
      if (!stopped) await replica.close();
    }
  });
});

describe('limits, on a replica with small ones', () => {
  it('caps connections per user, rate-limits commands and drops a client that stops reading', async () => {
    const replica = await stack.bootGateway({
      REALTIME_MAX_CONNECTIONS_PER_USER: '2',
      REALTIME_COMMAND_RATE_PER_SECOND: '1',
      REALTIME_COMMAND_BURST: '3',
      REALTIME_MAX_BUFFERED_BYTES: String(16 * 1024),
    });
    const nats = await NatsRequester.connect(stack.env.stores.nats, stack.env.subjectPrefix);
    try {
      const loner = await signUp(stack);
      const created = await as(loner)
        .post('/api/v2/campaigns')
        .send({ campaign: { name: 'Solo' } });
      expect(created.status).toBe(201);
      const soloCampaign = created.body.id as string;
      const open = () => {
        const socket = new RawCable(cableUrl(replica, loner.token));
        raws.push(socket);
        return socket;
      };

      // Connection cap: the third connection of the user is turned away, with a hint to come back later.
      const [first, second] = [open(), open()];
      await Promise.all([first, second].map((socket) => socket.frame((frame) => frame.type === 'welcome')));
      const third = open();
      await third.whenClosed();
      expect(third.frames).toEqual([{ type: 'disconnect', reason: 'too_many_connections', reconnect: true }]);

      // Rate limit: a burst of 3, then 1 a second; the rest of a flood is dropped, the connection stays.
      const flood = Array.from({ length: 20 }, (_, n) =>
        JSON.stringify({ channel: 'CampaignChannel', id: soloCampaign, n }),
      );
      for (const identifier of flood) first.send({ command: 'subscribe', identifier });
      await first.frame((frame) => frame.type === 'confirm_subscription');
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const own = JSON.stringify({ channel: 'UserChannel', id: loner.id });
      first.send({ command: 'subscribe', identifier: own });
      await first.frame((frame) => frame.identifier === own);
      const answered = first.frames.filter((frame) => flood.includes(frame.identifier as string));
      expect(answered.length).toBeGreaterThanOrEqual(3);
      expect(answered.length).toBeLessThan(flood.length);
      expect(first.closed).toBeUndefined();
      first.close();

      // A client that stops reading: what it has not read piles up past the bound, and it is dropped.
      const identifier = JSON.stringify({ channel: 'CampaignChannel', id: soloCampaign });
      second.send({ command: 'subscribe', identifier });
      await second.frame((frame) => frame.type === 'confirm_subscription');
      (second.socket as unknown as { _socket: Socket })._socket.pause();
      const cable = replica.get(CableServer);
      const subject = natsSubject(RealtimeSubjects.campaign(soloCampaign), stack.env.subjectPrefix);
      const payload = JSON.stringify({ character: { name: 'x'.repeat(256 * 1024) } });
      let published = 0;
      while (cable.size > 0 && published < 400) {
        nats.connection.publish(subject, payload);
        published += 1;
        await nats.connection.flush();
      }
      expect(cable.size).toBe(0);
      (second.socket as unknown as { _socket: Socket })._socket.resume();
      await second.whenClosed();
      expect(second.frames.filter((frame) => 'message' in frame).length).toBeLessThan(published);
    } finally {
      await nats.connection.close();
      await replica.close();
    }
  });
});

describe('while the campaign service is away', () => {
  it('leaves a subscription unanswered, so the client retries it and is confirmed once campaign is back', async () => {
    const fight = (await create('fights', 'fight', { name: 'Outage' })).id;
    await stack.stopCampaign();
    let subscription: RecordedSubscription;
    try {
      subscription = new RecordedSubscription(consumer(gm), { channel: 'FightChannel', fight_id: fight });
      // Long enough for the client's first subscribe and a retry or two to meet no campaign service.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(subscription).toMatchObject({ connected: false, rejected: false });
    } finally {
      await stack.startCampaign();
    }
    await subscription.confirmation();
    expect(subscription).toMatchObject({ connected: true, rejected: false });
  });
});
