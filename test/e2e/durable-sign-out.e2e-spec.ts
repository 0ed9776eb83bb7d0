import type { INestApplication } from '@nestjs/common';
import { Redis } from 'ioredis';
import { eventually } from '@shotcaller/testing';
import { bearerToken, signIn, signUp, Stack } from './support/stack.js';

let stack: Stack;
let replica: INestApplication;
let redis: Redis;

beforeAll(async () => {
  stack = await Stack.start('e2e-durable-sign-out', { gateway: { TRUST_PROXY: 'true' } });
  replica = await stack.bootGateway();
  redis = new Redis(stack.env.stores.redis, { maxRetriesPerRequest: 1 });
});

afterAll(async () => {
  redis?.disconnect();
  await replica?.close();
  await stack?.stop();
});

const current = (token: string, app: INestApplication = stack.gateway) =>
  stack.http(app).get('/api/v2/users/current').auth(token, { type: 'bearer' });
const signOut = (token: string, app: INestApplication = stack.gateway) =>
  stack.http(app).delete('/users/sign_out').auth(token, { type: 'bearer' });
const jtiOf = (token: string): string =>
  (JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as { jti: string }).jti;

describe('sign-outs that outlive Redis', () => {
  it('still refuses a signed-out token after a Redis flush, on every replica, while good tokens work', async () => {
    const user = await signUp(stack);
    const good = await signIn(stack, user, '10.40.0.1');
    const signedOut = await signIn(stack, user, '10.40.0.2');
    expect((await signOut(signedOut)).status).toBe(200);
    const stored = await stack.db.query('select user_id from revoked_tokens where jti = $1', [
      jtiOf(signedOut),
    ]);
    expect(stored.rows).toEqual([{ user_id: user.id }]);

    // A profile change ends the token it replaces: that one is stored too.
    const renamed = await stack
      .http()
      .patch('/api/v2/users/profile')
      .auth(user.token, { type: 'bearer' })
      .send({ user: { first_name: 'Renamed' } });
    expect(renamed.status).toBe(200);
    const fresh = bearerToken(renamed.headers.authorization);

    await stack.env.deleteRedisKeys();
    for (const app of [stack.gateway, replica]) {
      for (const token of [signedOut, user.token]) {
        expect((await current(token, app)).body).toMatchObject({
          status: 401,
          message: 'Token has been revoked',
        });
      }
      expect((await current(good, app)).status).toBe(200);
      expect((await current(fresh, app)).status).toBe(200);
    }
    expect(await redis.exists(`${stack.env.redisKeyPrefix}auth:revocations:loaded`)).toBe(1);
  });

  it('answers 503 while campaign is away: a sign-out it cannot store, and any token on a cold cache', async () => {
    const user = await signUp(stack);
    const signedOut = await signIn(stack, user, '10.40.0.3');
    expect((await signOut(signedOut)).status).toBe(200);
    expect((await current(user.token)).status).toBe(200);

    await stack.stopCampaign();
    try {
      // The deny-list is warm, but the sign-out cannot be stored: it fails rather than pretend.
      expect((await signOut(user.token)).status).toBe(503);

      await stack.env.deleteRedisKeys();
      for (const token of [user.token, signedOut]) {
        const response = await current(token);
        expect(response.status).toBe(503);
        expect(response.body).toMatchObject({ status: 503, code: 'dependency_unavailable' });
      }
    } finally {
      await stack.startCampaign();
    }

    await eventually(async () => expect((await current(user.token)).status).toBe(200));
    expect((await current(user.token, replica)).status).toBe(200);
    for (const app of [stack.gateway, replica]) {
      expect((await current(signedOut, app)).body).toMatchObject({
        status: 401,
        message: 'Token has been revoked',
      });
    }
  });
});
