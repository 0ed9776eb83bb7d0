import { createPublicKey } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { generateSigningKeyPair } from '@shotcaller/auth';
import { eventually, signTestToken } from '@shotcaller/testing';
import { bearerToken, signIn, signUp, Stack } from './support/stack.js';

/** A key the campaign service signed with before a rotation: still trusted by every verifier. */
const previousKey = generateSigningKeyPair();
const currentPublicKey = () =>
  createPublicKey(process.env.TEST_JWT_PRIVATE_KEY as string).export({
    type: 'spki',
    format: 'pem',
  }) as string;

let stack: Stack;
let replica: INestApplication;

beforeAll(async () => {
  stack = await Stack.start('e2e-tokens', {
    gateway: {
      TRUST_PROXY: 'true',
      JWT_PUBLIC_KEY: `${currentPublicKey()}\n${previousKey.publicKeyPem}`,
    },
    campaign: { JWT_PUBLIC_KEY: previousKey.publicKeyPem },
  });
  replica = await stack.bootGateway();
});

afterAll(async () => {
  await replica?.close();
  await stack?.stop();
});

const current = (token: string, app: INestApplication = stack.gateway) =>
  stack.http(app).get('/api/v2/users/current').auth(token, { type: 'bearer' });

describe('tokens that end when they should', () => {
  it('ends every other session on a password change, on every replica, and the fresh token works at once', async () => {
    const user = await signUp(stack);
    const laptop = await signIn(stack, user, '10.20.0.1');
    expect((await current(laptop, replica)).status).toBe(200);

    const changed = await stack
      .http()
      .post('/api/v2/users/change_password')
      .auth(user.token, { type: 'bearer' })
      .send({
        current_password: user.password,
        password: 'brandnew789',
        password_confirmation: 'brandnew789',
      });
    expect(changed.status).toBe(200);
    expect(changed.body).toEqual({ success: true, message: expect.any(String) });
    const fresh = bearerToken(changed.headers.authorization);

    expect((await current(fresh)).status).toBe(200);
    expect((await current(fresh, replica)).status).toBe(200);
    for (const old of [user.token, laptop]) {
      expect((await current(old)).body).toMatchObject({ status: 401, message: 'Token has been revoked' });
      await eventually(async () => expect((await current(old, replica)).status).toBe(401));
    }
  });

  it('refuses a wrong current password with a field error and changes nothing', async () => {
    const user = await signUp(stack);
    const refused = await stack
      .http()
      .post('/api/v2/users/change_password')
      .auth(user.token, { type: 'bearer' })
      .send({ current_password: 'not-mine-1', password: 'brandnew789' });
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual({ current_password: ['is invalid'] });
    expect((await current(user.token)).status).toBe(200);
  });

  it('signs out everywhere', async () => {
    const user = await signUp(stack);
    const phone = await signIn(stack, user, '10.20.0.2');
    const ended = await stack.http().delete('/api/v2/users/sessions').auth(phone, { type: 'bearer' });
    expect(ended.status).toBe(200);
    for (const token of [user.token, phone]) {
      expect((await current(token)).status).toBe(401);
      await eventually(async () => expect((await current(token, replica)).status).toBe(401));
    }
    expect((await current(await signIn(stack, user, '10.20.0.3'))).status).toBe(200);
  });

  it("ends a deactivated user's tokens at once, and lets no one but an admin deactivate", async () => {
    const admin = await signUp(stack);
    await stack.db.query('update users set admin = true where id = $1', [admin.id]);
    const adminToken = await signIn(stack, admin, '10.20.0.4');
    const target = await signUp(stack);
    expect((await current(target.token, replica)).status).toBe(200);

    const bySelf = await stack
      .http()
      .patch(`/api/v2/users/${target.id}`)
      .auth(target.token, { type: 'bearer' })
      .send({ user: { active: false } });
    expect(bySelf.status).toBe(403);

    const byAdmin = await stack
      .http()
      .patch(`/api/v2/users/${target.id}`)
      .auth(adminToken, { type: 'bearer' })
      .send({ user: { active: false } });
    expect(byAdmin.status).toBe(200);
    expect(byAdmin.body.active).toBe(false);
    expect((await current(target.token)).body).toMatchObject({
      status: 401,
      message: 'This account is deactivated',
    });
    await eventually(async () => expect((await current(target.token, replica)).status).toBe(401));
  });
});

describe('signing keys that rotate', () => {
  it('accepts tokens of an earlier key still in the key set, and refuses a key it does not know', async () => {
    const user = await signUp(stack);
    const claims = { sub: user.id, user: { email: user.email, admin: false, gamemaster: true } };
    const byPreviousKey = await signTestToken(previousKey.privateKeyPem, claims);
    const response = await current(byPreviousKey);
    expect(response.status).toBe(200);
    expect(response.body.id).toBe(user.id);

    const unknownKey = await signTestToken(generateSigningKeyPair().privateKeyPem, claims);
    expect((await current(unknownKey)).body).toMatchObject({ status: 401, message: 'Invalid token' });
    const noKeyId = await signTestToken(process.env.TEST_JWT_PRIVATE_KEY as string, claims, {
      kid: undefined,
    });
    expect((await current(noKeyId)).status).toBe(401);
  });
});

describe('client addresses behind a proxy', () => {
  it('with a hop count, takes the address the trusted proxy saw, not the one the client claims', async () => {
    const behindOneProxy = await stack.bootGateway({ TRUST_PROXY: '1' });
    try {
      const statuses = [];
      for (let index = 0; index < 4; index += 1) {
        const response = await stack
          .http(behindOneProxy)
          .post('/api/v2/users/register')
          .set('X-Forwarded-For', `6.6.6.${index}, 10.30.0.1`)
          .send({
            user: {
              email: `hop-${index}-${stack.env.id}@example.com`,
              password: 'secret123',
              first_name: 'Hop',
              last_name: 'Count',
            },
          });
        statuses.push(response.status);
      }
      // Three a minute per address: the spoofed first entries do not make four different clients.
      expect(statuses).toEqual([201, 201, 201, 429]);
    } finally {
      await behindOneProxy.close();
    }
  });
});
