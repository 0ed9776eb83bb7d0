import type { ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { TestEnvironment } from '@shotcaller/testing';
import { bootCampaign } from '../../apps/campaign/src/boot.js';
import { loadCampaignConfig } from '../../apps/campaign/src/config.js';
import { startMailing, type Mailing } from '../../apps/campaign/test/support/mail-catcher.js';
import { bearerToken } from './support/stack.js';
import { startGatewayProcess, stopGatewayProcess } from './support/gateway-process.js';

/** The requirement itself: a sign-out on one replica is refused on the others within a second. */
const PROPAGATION_LIMIT_MS = 1000;

const env = new TestEnvironment('e2e-replicas');
/** Registration queues mails: the jobs service and an SMTP server take them. */
let mailing: Mailing | undefined;
let campaign: INestApplication;
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
}, 60_000);

afterAll(async () => {
  await Promise.all(replicas.map(stopGatewayProcess));
  await campaign?.close();
  await mailing?.stop();
  await env.cleanup();
});

const current = (baseUrl: string, token: string) =>
  request(baseUrl).get('/api/v2/users/current').auth(token, { type: 'bearer' });

async function signIn(baseUrl: string, email: string, password: string, address: string): Promise<string> {
  const response = await request(baseUrl)
    .post('/users/sign_in')
    .set('X-Forwarded-For', address)
    .send({ user: { email, password } });
  expect(response.status).toBe(200);
  return bearerToken(response.headers.authorization);
}

describe('a sign-out on one gateway replica', () => {
  it('is refused on another replica, a separate process, within a second', async () => {
    const email = `replicas-${env.id}@example.com`.toLowerCase();
    const password = 'secret123';
    const registered = await request(replicaA)
      .post('/api/v2/users/register')
      .set('X-Forwarded-For', '10.60.0.1')
      .send({ user: { email, password, first_name: 'Two', last_name: 'Replicas' } });
    expect(registered.status).toBe(201);
    const token = await signIn(replicaA, email, password, '10.60.0.2');
    const otherSession = await signIn(replicaB, email, password, '10.60.0.3');

    for (const replica of [replicaA, replicaB]) {
      const response = await current(replica, token);
      expect(response.status).toBe(200);
      expect(response.body.email).toBe(email);
    }

    const signedOut = await request(replicaA).delete('/users/sign_out').auth(token, { type: 'bearer' });
    expect(signedOut.status).toBe(200);
    const answeredAt = performance.now();

    // Poll B until it refuses, giving up well past the limit so a miss fails with a number, not a hang.
    let refusedAfterMs: number | undefined;
    let last: { status: number; body: unknown } | undefined;
    while (performance.now() - answeredAt < PROPAGATION_LIMIT_MS * 3) {
      last = await current(replicaB, token);
      if (last.status === 401) {
        refusedAfterMs = performance.now() - answeredAt;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(last).toMatchObject({ status: 401, body: { message: 'Token has been revoked' } });
    expect(refusedAfterMs).toBeLessThan(PROPAGATION_LIMIT_MS);

    expect((await current(replicaA, token)).status).toBe(401);
    // Only that token ended: the user's other session still works on both.
    for (const replica of [replicaA, replicaB]) {
      expect((await current(replica, otherSession)).status).toBe(200);
    }
  }, 20_000);
});
