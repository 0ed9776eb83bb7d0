import type { INestApplication } from '@nestjs/common';
import { eventually } from '@shotcaller/testing';
import { bearerToken, signIn, signUp, Stack } from './support/stack.js';

let stack: Stack;
let replica: INestApplication;
/** Replicas a test starts later, closed at the end. */
const later: INestApplication[] = [];

beforeAll(async () => {
  stack = await Stack.start('e2e-durable-sign-out', { gateway: { TRUST_PROXY: 'true' } });
  replica = await stack.bootGateway();
});

afterAll(async () => {
  await Promise.all(later.map((app) => app.close()));
  await replica?.close();
  await stack?.stop();
});

const current = (token: string, app: INestApplication = stack.gateway) =>
  stack.http(app).get('/api/v2/users/current').auth(token, { type: 'bearer' });
const signOut = (token: string, app: INestApplication = stack.gateway) =>
  stack.http(app).delete('/users/sign_out').auth(token, { type: 'bearer' });
const bootReplica = async () => {
  const app = await stack.bootGateway();
  later.push(app);
  return app;
};
const jtiOf = (token: string): string =>
  (JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as { jti: string }).jti;

describe('sign-outs that outlive Redis and a gateway restart', () => {
  it('still refuses a signed-out token after a Redis flush and on a replica started after it, while good tokens work', async () => {
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

    // Redis plays no part; a replica that was not running at the sign-out knows it only from campaign's store.
    await stack.env.deleteRedisKeys();
    const restarted = await bootReplica();
    for (const app of [stack.gateway, replica, restarted]) {
      for (const token of [signedOut, user.token]) {
        expect((await current(token, app)).body).toMatchObject({
          status: 401,
          message: 'Token has been revoked',
        });
      }
      expect((await current(good, app)).status).toBe(200);
      expect((await current(fresh, app)).status).toBe(200);
    }
  });

  it('answers 503 while campaign is away: a sign-out it cannot store, and any token on a replica that started meanwhile', async () => {
    const user = await signUp(stack);
    const signedOut = await signIn(stack, user, '10.40.0.3');
    expect((await signOut(signedOut)).status).toBe(200);
    expect((await current(user.token)).status).toBe(200);

    await stack.stopCampaign();
    let cold: INestApplication | undefined;
    try {
      // The running replicas know the sign-outs, but this one cannot be stored: it fails rather than pretend.
      expect((await signOut(user.token)).status).toBe(503);

      // A replica that boots now cannot load the signed-out tokens, so it cannot check any token.
      cold = await bootReplica();
      for (const token of [user.token, signedOut]) {
        const response = await current(token, cold);
        expect(response.status).toBe(503);
        expect(response.body).toMatchObject({ status: 503, code: 'dependency_unavailable' });
      }
    } finally {
      await stack.startCampaign();
    }

    const started = cold;
    await eventually(async () => expect((await current(user.token, started)).status).toBe(200));
    expect((await current(user.token)).status).toBe(200);
    expect((await current(user.token, replica)).status).toBe(200);
    for (const app of [stack.gateway, replica, started]) {
      expect((await current(signedOut, app)).body).toMatchObject({
        status: 401,
        message: 'Token has been revoked',
      });
    }
  });
});
