import { createPublicKey, randomUUID } from 'node:crypto';
import type { IncomingMessage, Server as HttpServer } from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { INestApplication } from '@nestjs/common';
import { connect as natsConnect, type NatsConnection } from '@nats-io/transport-node';
import { importPKCS8, SignJWT } from 'jose';
import request from 'supertest';
import { generateSigningKeyPair, keyId } from '@shotcaller/auth';
import { natsSubject, RealtimeSubjects } from '@shotcaller/contracts';
import { eventually, opsUrl, signTestToken } from '@shotcaller/testing';
import { signIn, signUp, Stack, type Account } from './support/stack.js';
import {
  closeAll,
  closed,
  connect,
  EventLog,
  refusal,
  subscribe,
  type ClientSocket,
} from './support/realtime-socket.js';

/**
 * What the socket.io server refuses and ends: rate limits, the per-user connection cap across replicas, message
 * size, slow clients, tokens that expire or are signed out, location participant tokens, and a graceful stop.
 */

const participantKeys = generateSigningKeyPair();
const LIMITS = {
  REALTIME_COMMAND_RATE_PER_SECOND: '1',
  REALTIME_COMMAND_BURST: '5',
  REALTIME_MAX_CONNECTIONS_PER_USER: '3',
  REALTIME_MAX_MESSAGE_BYTES: '4096',
  REALTIME_MAX_BUFFERED_BYTES: String(256 * 1024),
  REALTIME_AUTHORIZE_CACHE_MS: '0',
  LOCATION_TOKEN_PUBLIC_KEY: participantKeys.publicKeyPem,
  TRUST_PROXY: 'true',
};

let stack: Stack;
let url: string;
let gm: Account;
let campaignId: string;
let nats: NatsConnection;
const extraGateways: INestApplication[] = [];

beforeAll(async () => {
  stack = await Stack.start('e2e-rt-limits', { gateway: LIMITS });
  url = await stack.gateway.getUrl();
  gm = await signUp(stack);
  const created = await stack
    .http()
    .post('/api/v2/campaigns')
    .auth(gm.token, { type: 'bearer' })
    .send({ campaign: { name: 'Limits' } });
  expect(created.status).toBe(201);
  campaignId = created.body.id;
  const current = await stack
    .http()
    .post('/api/v2/campaigns/current')
    .auth(gm.token, { type: 'bearer' })
    .send({ id: campaignId });
  expect(current.status).toBe(200);
  nats = await natsConnect({ servers: stack.env.common().NATS_URL });
});

afterEach(() => closeAll());

afterAll(async () => {
  await nats?.close();
  await Promise.all(extraGateways.map((app) => app.close()));
  await stack?.stop();
});

async function bootReplica(): Promise<{ app: INestApplication; url: string }> {
  const app = await stack.bootGateway(LIMITS);
  extraGateways.push(app);
  return { app, url: await app.getUrl() };
}

async function metricsText(app: INestApplication = stack.gateway): Promise<string> {
  const response = await request(opsUrl(app)).get('/metrics');
  expect(response.status).toBe(200);
  return response.text;
}

function metricValue(text: string, name: string, labels: string): number {
  const line = text.split('\n').find((row) => row.startsWith(`${name}{`) && row.includes(labels));
  return line ? Number(line.split(' ').pop()) : 0;
}

describe('the per-connection rate limit', () => {
  it('answers rate_limited past the burst, per connection, and recovers at the sustained rate', async () => {
    const socket = await connect(url, { token: gm.token });
    const topic = `campaign:${campaignId}`;
    const answers = [];
    for (let i = 0; i < 7; i += 1) answers.push(await subscribe(socket, topic));
    expect(answers.slice(0, 5).every((answer) => answer.ok)).toBe(true);
    expect(answers[5]).toEqual({
      ok: false,
      error: { code: 'rate_limited', message: 'Too many messages; slow down' },
    });
    expect(await socket.emitWithAck('presence:heartbeat', {})).toMatchObject({ ok: false });
    // Another connection of the same user has its own budget.
    const other = await connect(url, { token: gm.token });
    expect(await subscribe(other, topic)).toMatchObject({ ok: true });
    // One command a second comes back.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await subscribe(socket, topic)).toMatchObject({ ok: true });
    expect(
      metricValue(await metricsText(), 'realtime_rate_limited_total', 'command="subscribe"'),
    ).toBeGreaterThan(0);
  });
});

describe('the per-user connection cap', () => {
  it('holds across gateway replicas, and frees a slot when a connection closes', async () => {
    const user = await signUp(stack);
    const replica = await bootReplica();
    const sockets: ClientSocket[] = [
      await connect(url, { token: user.token }),
      await connect(url, { token: user.token }),
      await connect(replica.url, { token: user.token, transports: ['polling'] }),
    ];
    expect((await refusal(replica.url, { token: user.token })).data).toEqual({
      code: 'too_many_connections',
      message: 'At most 3 connections at once',
    });
    expect((await refusal(url, { token: user.token })).data?.code).toBe('too_many_connections');
    // Someone else is not affected.
    expect((await connect(url, { token: gm.token })).connected).toBe(true);

    const gone = closed(sockets[0]);
    sockets[0].close();
    await gone;
    let accepted: ClientSocket | undefined;
    while (!accepted) {
      accepted = await connect(replica.url, { token: user.token }).catch(() => undefined);
    }
    expect(accepted.connected).toBe(true);
  });
});

describe('message size', () => {
  it('closes a connection that sends a message over REALTIME_MAX_MESSAGE_BYTES, and takes one under it', async () => {
    const socket = await connect(url, { token: gm.token });
    const fits = await (
      socket as unknown as { emitWithAck(event: string, payload: unknown): Promise<unknown> }
    ).emitWithAck('subscribe', { topic: 'x'.repeat(3000) });
    expect(fits).toMatchObject({ ok: false, error: { code: 'invalid_topic' } });
    const ending = closed(socket);
    (socket as unknown as { emit(event: string, payload: unknown): void }).emit('subscribe', {
      topic: 'x'.repeat(8000),
    });
    expect((await ending).reason).toBe('transport close');
    // The server is fine.
    expect((await connect(url, { token: gm.token })).connected).toBe(true);
  });
});

/**
 * A polling client speaking engine.io by hand, so it can stop polling: what the server sends it then waits in the
 * server's buffer (a WebSocket client that stops reading would only fill the kernel's buffers on loopback).
 */
class RawPollingClient {
  private sid = '';

  constructor(private readonly baseUrl: string) {}

  private get path(): string {
    return `${this.baseUrl}/socket.io/?EIO=4&transport=polling${this.sid ? `&sid=${this.sid}` : ''}`;
  }

  async open(token: string): Promise<void> {
    const handshake = await (await fetch(this.path)).text();
    this.sid = (JSON.parse(handshake.slice(1)) as { sid: string }).sid;
    await this.send(`40${JSON.stringify({ token })}`);
    expect(await this.poll()).toMatch(/^40\{/);
  }

  async send(packets: string): Promise<void> {
    const response = await this.post(packets);
    expect(response.status).toBe(200);
  }

  post(packets: string): Promise<Response> {
    return fetch(this.path, { method: 'POST', body: packets });
  }

  /** One poll: the status and the packets the server had waiting. */
  async poll(): Promise<string> {
    return (await this.pollResponse()).text();
  }

  pollResponse(): Promise<Response> {
    return fetch(this.path);
  }
}

describe('one socket per connection', () => {
  it('refuses a second socket opened at once on the same transport, and frees the slot of one that leaves', async () => {
    // The cap is 3 per user: a socket closed on a connection that stays open must give its slot back.
    const user = await signUp(stack);
    const raw = new RawPollingClient(url);
    await raw.open(user.token);
    await raw.send('41');
    // socket.io itself closes a connection that opens a namespace it is in; two opened together both reach the
    // handshake.
    const connectPacket = `40${JSON.stringify({ token: user.token })}`;
    await raw.send(`${connectPacket}\x1e${connectPacket}`);
    const answers: string[] = [];
    while (answers.length < 2) answers.push(...(await raw.poll()).split('\x1e').filter((p) => p !== '6'));
    expect(answers.filter((packet) => packet.startsWith('40{'))).toHaveLength(1);
    expect(
      answers.filter((packet) => packet.startsWith('44{')).map((packet) => JSON.parse(packet.slice(2))),
    ).toEqual([
      {
        message: 'This connection already has a socket',
        data: { code: 'conflict', message: 'This connection already has a socket' },
      },
    ]);
    for (let round = 0; round < 3; round += 1) {
      await raw.send('41');
      await raw.send(connectPacket);
      expect(await raw.poll()).toMatch(/^40\{/);
    }
    expect((await connect(url, { token: user.token })).connected).toBe(true);
    expect((await connect(url, { token: user.token })).connected).toBe(true);
    expect((await refusal(url, { token: user.token })).data?.code).toBe('too_many_connections');
  });

  it('keeps nothing of the HTTP request that opened a WebSocket once the socket is connected', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const upgrades: WeakRef<IncomingMessage>[] = [];
    const server = stack.gateway.getHttpServer() as HttpServer;
    const seen = (request: IncomingMessage) => upgrades.push(new WeakRef(request));
    server.prependListener('upgrade', seen);
    try {
      const socket = await connect(url, { token: gm.token });
      expect(await subscribe(socket, `campaign:${campaignId}`)).toMatchObject({ ok: true });
      expect(upgrades).toHaveLength(1);
      for (let round = 0; round < 5 && upgrades[0].deref() !== undefined; round += 1) {
        await new Promise((resolve) => setImmediate(resolve));
        gc();
      }
      expect(upgrades[0].deref() === undefined).toBe(true);
      expect(socket.connected).toBe(true);
    } finally {
      server.off('upgrade', seen);
    }
  });
});

describe('a slow client', () => {
  it('is disconnected instead of buffered, while the others of its topic get every event in order', async () => {
    const topic = `campaign:${campaignId}`;
    const slow = new RawPollingClient(url);
    await slow.open(gm.token);
    await slow.send(`420${JSON.stringify(['subscribe', { topic }])}`);
    expect(await slow.poll()).toMatch(/^430\[\{"ok":true/);
    const fast = await connect(url, { token: gm.token });
    const log = new EventLog(fast);
    expect(await subscribe(fast, topic)).toMatchObject({ ok: true });
    const droppedBefore = metricValue(
      await metricsText(),
      'realtime_events_dropped_total',
      'reason="slow_client"',
    );

    // The slow client polls no more while 50 events of 32 KiB (past REALTIME_MAX_BUFFERED_BYTES) are published.
    const filler = 'f'.repeat(32 * 1024);
    const count = 50;
    const subject = natsSubject(RealtimeSubjects.campaign(campaignId), stack.env.subjectPrefix);
    for (let n = 0; n < count; n += 1) nats.publish(subject, JSON.stringify({ n, filler }));
    await nats.flush();

    const events = await log.waitFor(count, topic);
    expect(events.map((event) => (event.data as { n: number }).n)).toEqual([...Array(count).keys()]);
    expect(fast.connected).toBe(true);
    // Its session is gone: the server no longer knows it.
    const after = await slow.pollResponse();
    expect(after.status).toBe(400);
    expect(await after.json()).toEqual({ code: 1, message: 'Session ID unknown' });
    const dropped = metricValue(await metricsText(), 'realtime_events_dropped_total', 'reason="slow_client"');
    expect(dropped).toBe(droppedBefore + 1);
  });
});

describe('a client that sends and does not read', () => {
  it('is disconnected once what it is answered passes REALTIME_MAX_BUFFERED_BYTES, whatever it sends', async () => {
    const client = new RawPollingClient(url);
    await client.open(gm.token);
    const droppedBefore = metricValue(
      await metricsText(),
      'realtime_events_dropped_total',
      'reason="slow_client"',
    );
    // Events nothing answers but an error (rate_limited past the budget), 40 to a request, and no poll.
    const packet = `42${JSON.stringify([`nothing-${'n'.repeat(80)}`, {}])}`;
    const batch = Array.from({ length: 40 }, () => packet).join('\x1e');
    let status = 200;
    for (let sent = 0; sent < 400 && status === 200; sent += 1) status = (await client.post(batch)).status;
    // Refused once the server had dropped it: some 1,600 answers of ~170 bytes were waiting then.
    expect(status).toBe(400);
    const after = await client.pollResponse();
    expect(await after.json()).toEqual({ code: 1, message: 'Session ID unknown' });
    const dropped = metricValue(await metricsText(), 'realtime_events_dropped_total', 'reason="slow_client"');
    expect(dropped).toBe(droppedBefore + 1);
  });
});

describe('rate budgets of a connection', () => {
  const heartbeats = (first: number, count: number) =>
    Array.from({ length: count }, (_, index) => `42${first + index}["presence:heartbeat",{}]`).join('\x1e');

  /** The acknowledgements of ids `first`.. (polling until all `count` came), as {ok} answers. */
  async function acks(client: RawPollingClient, first: number, count: number) {
    const answers = new Map<number, { ok: boolean; error?: { code: string } }>();
    while (answers.size < count) {
      for (const packet of (await client.poll()).split('\x1e')) {
        const ack = /^43(\d+)(\[.*)$/.exec(packet);
        if (!ack) continue;
        const id = Number(ack[1]);
        if (id >= first && id < first + count) answers.set(id, (JSON.parse(ack[2]) as [never])[0]);
      }
    }
    return [...answers.entries()].sort(([a], [b]) => a - b).map(([, answer]) => answer);
  }

  it('outlive the socket: one opened again on the same connection does not start afresh', async () => {
    const user = await signUp(stack);
    const client = new RawPollingClient(url);
    await client.open(user.token);
    await client.send(heartbeats(1, 5));
    expect((await acks(client, 1, 5)).every((answer) => answer.ok)).toBe(true);
    await client.send('41');
    await client.send(`40${JSON.stringify({ token: user.token })}`);
    expect(await client.poll()).toMatch(/^40\{/);
    await client.send(heartbeats(6, 5));
    const answers = await acks(client, 6, 5);
    // A fresh budget would take all five; the connection's own has a token a second at most since.
    expect(answers.filter((answer) => answer.ok).length).toBeLessThan(5);
    expect(answers.filter((answer) => !answer.ok)[0]).toEqual({
      ok: false,
      error: { code: 'rate_limited', message: 'Too many messages; slow down' },
    });
    // Events no command answers spend the same budget.
    await client.send(`4211["nothing-here",{}]`);
    expect(await acks(client, 11, 1)).toEqual([
      { ok: false, error: { code: 'rate_limited', message: 'Too many messages; slow down' } },
    ]);
  });
});

describe('a connection without a socket', () => {
  it('is closed REALTIME_CONNECT_TIMEOUT_MS after its socket leaves, unless another is opened', async () => {
    const app = await stack.bootGateway({ ...LIMITS, REALTIME_CONNECT_TIMEOUT_MS: '1000' });
    extraGateways.push(app);
    const user = await signUp(stack);
    const client = new RawPollingClient(await app.getUrl());
    await client.open(user.token);
    await client.send('41');
    // It polls on (answering pings as a client would) and is closed by the server: a close packet, or unknown.
    await eventually(async () => {
      const response = await client.pollResponse();
      const body = await response.text();
      if (body.split('\x1e').includes('2')) await client.send('3');
      expect(response.status === 400 || body.split('\x1e').includes('1')).toBe(true);
    }, 20_000);
  });
});

describe('unreadable packets', () => {
  it('are answered with an error event, and the packets after them are read as usual', async () => {
    const client = new RawPollingClient(url);
    await client.open(gm.token);
    const topic = `campaign:${campaignId}`;
    // Three packets in one request: unreadable JSON, an unknown socket.io packet type, then a good subscribe.
    await client.send(
      ['42["subscribe",{not json', '49x', `420${JSON.stringify(['subscribe', { topic }])}`].join('\x1e'),
    );
    const packets: string[] = [];
    while (!packets.some((packet) => packet.startsWith('430'))) {
      packets.push(...(await client.poll()).split('\x1e').filter((packet) => packet !== '6'));
    }
    const errors = packets
      .filter((packet) => packet.startsWith('42'))
      .map(
        (packet) => JSON.parse(packet.slice(2)) as [string, { code: string; message: string; event: string }],
      );
    expect(errors).toEqual([
      [
        'error',
        {
          code: 'malformed_request',
          message: expect.stringMatching(/^Unreadable packet: /),
          event: 'malformed packet',
        },
      ],
      [
        'error',
        {
          code: 'malformed_request',
          message: expect.stringMatching(/^Unreadable packet: /),
          event: 'malformed packet',
        },
      ],
    ]);
    expect(packets.find((packet) => packet.startsWith('430'))).toMatch(
      /^430\[\{"ok":true,"topic":"campaign:/,
    );

    // The name is not a command: a client that sends it itself, waiting for an acknowledgement, gets one.
    await client.send(`421${JSON.stringify(['malformed packet', 'on purpose'])}`);
    let answer: string | undefined;
    while (!answer) answer = (await client.poll()).split('\x1e').find((packet) => packet.startsWith('431'));
    expect(JSON.parse(answer.slice(3))).toEqual([
      { ok: false, error: { code: 'malformed_request', message: 'Unreadable packet: on purpose' } },
    ]);
  });
});

describe('a subscriber who loses access', () => {
  it('is refused on subscribing again, and that ends the subscription', async () => {
    const member = await signUp(stack);
    const auth = { type: 'bearer' } as const;
    const added = await stack
      .http()
      .post('/api/v2/campaign_memberships')
      .auth(gm.token, auth)
      .send({ membership: { campaign_id: campaignId, user_id: member.id } });
    expect(added.status).toBe(201);
    const topic = `campaign:${campaignId}`;
    const socket = await connect(url, { token: member.token });
    const log = new EventLog(socket);
    expect(await subscribe(socket, topic)).toMatchObject({ ok: true });
    const watcher = await connect(url, { token: gm.token });
    const watched = new EventLog(watcher);
    expect(await subscribe(watcher, topic)).toMatchObject({ ok: true });

    const removed = await stack
      .http()
      .delete(`/api/v2/campaign_memberships?campaign_id=${campaignId}&user_id=${member.id}`)
      .auth(gm.token, auth);
    expect(removed.status).toBe(204);
    expect(await subscribe(socket, topic)).toMatchObject({ ok: false, error: { code: 'not_found' } });

    const before = watched.of(topic).length;
    const created = await stack
      .http()
      .post('/api/v2/characters')
      .auth(gm.token, auth)
      .send({ character: { name: `After ${randomUUID()}` } });
    expect(created.status).toBe(201);
    await watched.waitFor(before + 2, topic);
    await socket.emitWithAck('presence:heartbeat', {});
    expect(log.of(topic).filter((event) => 'character' in (event.data as object))).toEqual([]);
  });
});

describe('tokens that end', () => {
  it('closes the sockets of a token that is signed out, and only those', async () => {
    const user = await signUp(stack);
    const otherSession = await signIn(stack, user, '10.70.0.2');
    const socket = await connect(url, { token: user.token });
    const survivor = await connect(url, { token: otherSession });
    const ending = closed(socket);
    const signedOut = await request(url).delete('/users/sign_out').auth(user.token, { type: 'bearer' });
    expect(signedOut.status).toBe(200);
    expect(await ending).toEqual({
      notice: { code: 'unauthenticated', message: 'Token has been revoked', reconnect: false },
      reason: 'io server disconnect',
    });
    expect(survivor.connected).toBe(true);
    expect((await refusal(url, { token: user.token })).data).toEqual({
      code: 'unauthenticated',
      message: 'Token has been revoked',
    });
  });

  it('closes every socket of a user who signs out everywhere, on every replica', async () => {
    const user = await signUp(stack);
    const replica = await bootReplica();
    const here = await connect(url, { token: user.token });
    const there = await connect(replica.url, { token: user.token });
    const endings = [closed(here), closed(there)];
    const ended = await request(url).delete('/api/v2/users/sessions').auth(user.token, { type: 'bearer' });
    expect(ended.status).toBe(200);
    for (const ending of await Promise.all(endings)) {
      expect(ending.notice).toMatchObject({ code: 'unauthenticated', reconnect: false });
      expect(ending.reason).toBe('io server disconnect');
    }
  });

  it('closes a socket when its token expires', async () => {
    const user = await signUp(stack);
    const claims = JSON.parse(Buffer.from(user.token.split('.')[1], 'base64url').toString('utf8'));
    const shortLived = await signTestToken(process.env.TEST_JWT_PRIVATE_KEY as string, {
      ...claims,
      jti: randomUUID(),
      exp: Math.floor(Date.now() / 1000) + 2,
    });
    const socket = await connect(url, { token: shortLived });
    expect(await closed(socket)).toEqual({
      notice: { code: 'unauthenticated', message: 'Token has expired', reconnect: false },
      reason: 'io server disconnect',
    });
  });
});

describe('location participant tokens', () => {
  async function participantToken(sessionId: string, overrides: Record<string, unknown> = {}) {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({
      sub: randomUUID(),
      jti: randomUUID(),
      scp: 'location_participant',
      sid: sessionId,
      name: 'Runner',
      iss: 'shotcaller-realtime-location',
      aud: 'shotcaller',
      iat: now,
      exp: now + 600,
      ...overrides,
    })
      .setProtectedHeader({
        alg: 'ES256',
        typ: 'JWT',
        kid: keyId(createPublicKey(participantKeys.publicKeyPem)),
      })
      .sign(await importPKCS8(participantKeys.privateKeyPem, 'ES256'));
  }

  it('connects a participant, who may follow its own session only', async () => {
    const sessionId = randomUUID();
    const socket = await connect(url, { token: await participantToken(sessionId) });
    expect(await subscribe(socket, `location:${sessionId}`)).toEqual({
      ok: false,
      error: { code: 'service_unavailable', message: expect.any(String) },
    });
    for (const topic of [`location:${randomUUID()}`, `campaign:${campaignId}`, `user:${randomUUID()}`]) {
      expect(await subscribe(socket, topic)).toEqual({
        ok: false,
        error: { code: 'forbidden', message: 'A session participant may follow only its own session' },
      });
    }
  });

  it('refuses participant tokens signed by another key, expired, or of another issuer', async () => {
    const sessionId = randomUUID();
    const other = generateSigningKeyPair();
    const now = Math.floor(Date.now() / 1000);
    const forged = await new SignJWT({
      sub: randomUUID(),
      jti: randomUUID(),
      scp: 'location_participant',
      sid: sessionId,
      name: 'Forger',
      iss: 'shotcaller-realtime-location',
      aud: 'shotcaller',
      iat: now,
      exp: now + 600,
    })
      .setProtectedHeader({ alg: 'ES256', kid: keyId(createPublicKey(participantKeys.publicKeyPem)) })
      .sign(await importPKCS8(other.privateKeyPem, 'ES256'));
    for (const token of [
      forged,
      await participantToken(sessionId, { exp: now - 60 }),
      await participantToken(sessionId, { iss: 'someone-else' }),
      await participantToken(sessionId, { sid: 'not-a-uuid' }),
    ]) {
      expect((await refusal(url, { token })).data?.code).toBe('unauthenticated');
    }
  });
});

describe('metrics', () => {
  it('counts connections by transport, subscriptions, and times fan-out', async () => {
    const socket = await connect(url, { token: gm.token });
    const log = new EventLog(socket);
    const polling = await connect(url, { token: gm.token, transports: ['polling'] });
    expect(await subscribe(socket, `campaign:${campaignId}`)).toMatchObject({ ok: true });
    expect(await subscribe(polling, `campaign:${campaignId}`)).toMatchObject({ ok: true });
    // A change published by the service (with its publish time) and emitted here.
    const created = await stack
      .http()
      .post('/api/v2/characters')
      .auth(gm.token, { type: 'bearer' })
      .send({ character: { name: `Timed ${randomUUID()}` } });
    expect(created.status).toBe(201);
    await log.waitFor(1);
    const text = await metricsText();
    expect(metricValue(text, 'realtime_connections', 'transport="websocket"')).toBeGreaterThanOrEqual(1);
    expect(metricValue(text, 'realtime_connections', 'transport="polling"')).toBeGreaterThanOrEqual(1);
    expect(metricValue(text, 'realtime_subscriptions', 'transport="polling"')).toBeGreaterThanOrEqual(1);
    expect(
      metricValue(text, 'realtime_fanout_latency_seconds_count', 'transport="websocket"'),
    ).toBeGreaterThan(0);
    expect(text).toMatch(/realtime_events_emitted_total\{/);
  });
});

describe('a graceful stop', () => {
  it('tells clients to reconnect elsewhere, then closes their transport', async () => {
    const replica = await bootReplica();
    const socket = await connect(replica.url, { token: gm.token });
    const polling = await connect(replica.url, { token: gm.token, transports: ['polling'] });
    const endings = [closed(socket), closed(polling)];
    await replica.app.close();
    for (const ending of await Promise.all(endings)) {
      expect(ending).toEqual({
        notice: { code: 'server_shutdown', message: 'This server is stopping; reconnect', reconnect: true },
        reason: 'transport close',
      });
    }
  });
});
