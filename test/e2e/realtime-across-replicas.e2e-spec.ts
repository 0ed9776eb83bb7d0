import type { ChildProcess } from 'node:child_process';
import type { INestApplication } from '@nestjs/common';
import { connect as natsConnect, headers as natsHeaders, type NatsConnection } from '@nats-io/transport-node';
import request from 'supertest';
import { natsSubject, REALTIME_PUBLISHED_AT_HEADER, RealtimeSubjects } from '@shotcaller/contracts';
import { TestEnvironment } from '@shotcaller/testing';
import { bootCampaign } from '../../apps/campaign/src/boot.js';
import { loadCampaignConfig } from '../../apps/campaign/src/config.js';
import { startMailing, type Mailing } from '../../apps/campaign/test/support/mail-catcher.js';
import { ActionCable, RecordedSubscription } from './support/cable-client.js';
import { bearerToken } from './support/stack.js';
import { closeAll, connect, EventLog, subscribe, type ClientSocket } from './support/realtime-socket.js';
import { startGatewayProcess, stopGatewayProcess } from './support/gateway-process.js';

/**
 * Two gateway replicas as real processes of their own: each follows a topic on NATS only while it has members,
 * and every client of either, socket.io or `/cable`, receives every event of the topic exactly once, in publish
 * order.
 */

const env = new TestEnvironment('e2e-rt-replicas');
/** Registration queues mails: the jobs service and an SMTP server take them. */
let mailing: Mailing | undefined;
let campaign: INestApplication;
let nats: NatsConnection;
const replicas: ChildProcess[] = [];
let replicaA: string;
let replicaB: string;

/** A gateway replica as a real process of its own; resolves to its URL. */
async function startGateway(): Promise<string> {
  const { child, url } = await startGatewayProcess(env);
  replicas.push(child);
  return url;
}

beforeAll(async () => {
  mailing = await startMailing(env);
  campaign = await bootCampaign(loadCampaignConfig(env.campaign()), { host: '127.0.0.1' });
  [replicaA, replicaB] = await Promise.all([startGateway(), startGateway()]);
  nats = await natsConnect({ servers: env.common().NATS_URL });
}, 60_000);

afterAll(async () => {
  closeAll();
  await nats?.close();
  await Promise.all(replicas.map(stopGatewayProcess));
  await campaign?.close();
  await mailing?.stop();
  await env.cleanup();
});

async function register(baseUrl: string, n: number): Promise<string> {
  const registered = await request(baseUrl)
    .post('/api/v2/users/register')
    .set('X-Forwarded-For', `10.80.0.${n}`)
    .send({
      user: {
        email: `rt-replicas-${n}-${env.id}@example.com`.toLowerCase(),
        password: 'secret123',
        first_name: 'Replica',
        last_name: `User ${n}`,
      },
    });
  expect(registered.status).toBe(201);
  return bearerToken(registered.headers.authorization);
}

describe('two gateway processes', () => {
  it('deliver every event of a topic to the clients of both, exactly once and in publish order', async () => {
    const gmToken = await register(replicaA, 1);
    const created = await request(replicaA)
      .post('/api/v2/campaigns')
      .auth(gmToken, { type: 'bearer' })
      .send({ campaign: { name: 'Across replicas' } });
    expect(created.status).toBe(201);
    const campaignId = created.body.id as string;
    const current = await request(replicaA)
      .post('/api/v2/campaigns/current')
      .auth(gmToken, { type: 'bearer' })
      .send({ id: campaignId });
    expect(current.status).toBe(200);
    const topic = `campaign:${campaignId}`;

    const clients: { socket: ClientSocket; log: EventLog }[] = [];
    for (const [baseUrl, transports] of [
      [replicaA, ['websocket']],
      [replicaA, ['polling']],
      [replicaB, ['websocket']],
      [replicaB, ['polling']],
    ] as const) {
      const socket = await connect(baseUrl, { token: gmToken, transports: [...transports] });
      const log = new EventLog(socket);
      expect(await subscribe(socket, topic)).toMatchObject({ ok: true, topic });
      clients.push({ socket, log });
    }
    // A second subscription of one socket changes nothing.
    expect(await subscribe(clients[2].socket, topic)).toMatchObject({ ok: true });
    // The Rails client on /cable, one on each replica.
    const cables = [replicaA, replicaB].map((baseUrl) => {
      const consumer = ActionCable.createConsumer(
        `${baseUrl.replace(/^http/, 'ws')}/cable?token=${encodeURIComponent(gmToken)}`,
      );
      const subscription = new RecordedSubscription(consumer, { channel: 'CampaignChannel', id: campaignId });
      return { consumer, subscription };
    });
    for (const { subscription } of cables) {
      await subscription.confirmation();
      expect(subscription.connected).toBe(true);
    }

    const count = 300;
    const subject = natsSubject(RealtimeSubjects.campaign(campaignId), env.subjectPrefix);
    for (let n = 0; n < count; n += 1) {
      const headers = natsHeaders();
      headers.set(REALTIME_PUBLISHED_AT_HEADER, String(Date.now()));
      nats.publish(subject, JSON.stringify({ n }), { headers });
    }
    // Then a change made through the service itself, which publishes {character} then {characters: "reload"}.
    const character = await request(replicaB)
      .post('/api/v2/characters')
      .auth(gmToken, { type: 'bearer' })
      .send({ character: { name: 'Crosses replicas' } });
    expect(character.status).toBe(201);
    const marker = { n: 'end' };
    nats.publish(subject, JSON.stringify(marker));
    await nats.flush();

    for (const { log } of clients) {
      const events = await waitForMarker(log, topic);
      const numbered = events.filter((event) => typeof (event.data as { n?: unknown }).n === 'number');
      expect(numbered.map((event) => (event.data as { n: number }).n)).toEqual([...Array(count).keys()]);
      // Nothing twice: the numbered events, what the service published for the rename, and the marker.
      const fromService = events.filter((event) => !('n' in (event.data as object)));
      expect(fromService.map((event) => Object.keys(event.data as object)[0])).toEqual([
        'character',
        'characters',
      ]);
      expect(events.length).toBe(count + 2 + 1);
    }
    // The same service events reached every client, in the same order.
    const serviceEvents = clients.map(({ log }) =>
      log.of(topic).filter((event) => !('n' in (event.data as object))),
    );
    for (const seen of serviceEvents) expect(seen).toEqual(serviceEvents[0]);
    for (const { consumer, subscription } of cables) {
      await subscription.message((data) => data.n === 'end');
      const numbered = subscription.received.filter((data) => typeof data.n === 'number');
      expect(numbered.map((data) => data.n)).toEqual([...Array(count).keys()]);
      // The same service events as the socket.io clients', in the same order, and nothing twice.
      expect(subscription.received.filter((data) => !('n' in data))).toEqual(
        serviceEvents[0].map((event) => event.data),
      );
      expect(subscription.received).toHaveLength(count + 2 + 1);
      consumer.disconnect();
    }
  }, 60_000);
});

async function waitForMarker(log: EventLog, topic: string) {
  for (let seen = 1; ; seen += 1) {
    const events = await log.waitFor(seen, topic);
    if ((events[events.length - 1].data as { n?: unknown }).n === 'end') return events;
  }
}
