import type { INestApplication } from '@nestjs/common';
import { generateSigningKeyPair } from '@shotcaller/auth';
import { signTestToken, unsignedToken } from '@shotcaller/testing';
import { bearerToken, expectNoStackTrace, signUp, Stack, type Account } from './support/stack.js';

let stack: Stack;
let user: Account;
let claims: { sub: string; user: Record<string, unknown> };

beforeAll(async () => {
  stack = await Stack.start('e2e-auth', {
    gateway: { TRUST_PROXY: 'true', CORS_ORIGINS: 'https://play.example.com' },
  });
  user = await signUp(stack);
  const me = await stack.http().get('/api/v2/users/current').auth(user.token, { type: 'bearer' });
  claims = { sub: me.body.id, user: { email: me.body.email, admin: false, gamemaster: true } };
});

afterAll(async () => {
  await stack?.stop();
});

const campaignsWith = (token: string) =>
  stack.http().get('/api/v2/campaigns').auth(token, { type: 'bearer' });
const privateKey = () => process.env.TEST_JWT_PRIVATE_KEY as string;

describe('tokens the gateway refuses', () => {
  const expectRefused = async (token: string, message: string) => {
    const response = await campaignsWith(token);
    expect(response.status).toBe(401);
    expect(response.body).toMatchObject({ status: 401, code: 'unauthenticated', message });
    expectNoStackTrace(response.body);
  };

  it('accepts a genuine token', async () => {
    expect((await campaignsWith(user.token)).status).toBe(200);
  });

  it('refuses a request without a token', async () => {
    const response = await stack.http().get('/api/v2/campaigns');
    expect(response.status).toBe(401);
    expect(response.body.message).toBe('Authentication required');
  });

  it('refuses a token signed with another key (forged)', async () => {
    await expectRefused(await signTestToken(generateSigningKeyPair().privateKeyPem, claims), 'Invalid token');
  });

  it('refuses an expired token', async () => {
    const past = Math.floor(Date.now() / 1000) - 3600;
    await expectRefused(
      await signTestToken(privateKey(), { ...claims, iat: past - 60, exp: past }),
      'Token has expired',
    );
  });

  it('refuses a token for another audience or from another issuer', async () => {
    await expectRefused(
      await signTestToken(privateKey(), { ...claims, aud: 'someone-else' }),
      'Invalid token',
    );
    await expectRefused(
      await signTestToken(privateKey(), { ...claims, iss: 'someone-else' }),
      'Invalid token',
    );
  });

  it('refuses an unsigned token (alg: none) and a tampered one', async () => {
    await expectRefused(
      unsignedToken({ ...claims, jti: crypto.randomUUID(), scp: 'user', exp: 9_999_999_999 }),
      'Invalid token',
    );
    const [header, , signature] = user.token.split('.');
    const payload = Buffer.from(JSON.stringify({ ...claims, user: { admin: true } })).toString('base64url');
    await expectRefused(`${header}.${payload}.${signature}`, 'Invalid token');
  });

  it('refuses a correctly signed token that is not a user token', async () => {
    await expectRefused(
      await signTestToken(privateKey(), { ...claims, scp: 'participant' }),
      'Invalid token',
    );
  });

  it('refuses a revoked token, on every gateway replica', async () => {
    const login = await stack
      .http()
      .post('/users/sign_in')
      .set('X-Forwarded-For', '10.250.0.1')
      .send({ user: { email: user.email, password: user.password } });
    const token = bearerToken(login.headers.authorization);
    const replica = await stack.bootGateway();
    try {
      expect(
        (await stack.http(replica).get('/api/v2/campaigns').auth(token, { type: 'bearer' })).status,
      ).toBe(200);
      expect((await stack.http().delete('/logout').auth(token, { type: 'bearer' })).status).toBe(200);
      await expectRefused(token, 'Token has been revoked');
      const onReplica = await stack.http(replica).get('/api/v2/campaigns').auth(token, { type: 'bearer' });
      expect(onReplica.status).toBe(401);
    } finally {
      await replica.close();
    }
  });
});

describe('rate limits', () => {
  const register = (app: INestApplication, address: string, email: string) =>
    stack
      .http(app)
      .post('/api/v2/users/register')
      .set('X-Forwarded-For', address)
      .send({ user: { email, password: 'secret123', first_name: 'Rate', last_name: 'Limited' } });

  it('allows 3 registrations a minute per address, then answers 429 with retry_after', async () => {
    const statuses = [];
    for (let index = 0; index < 4; index += 1) {
      statuses.push((await register(stack.gateway, '10.1.1.1', `ip-limit-${index}@example.com`)).status);
    }
    expect(statuses).toEqual([201, 201, 201, 429]);
    const limited = await register(stack.gateway, '10.1.1.1', 'ip-limit-x@example.com');
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({
      status: 429,
      code: 'rate_limited',
      retry_after: expect.any(Number),
    });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(await stack.count('users')).toBeGreaterThan(0);
  });

  it('allows 3 registration attempts a minute per email, whatever the address', async () => {
    const statuses = [];
    for (let index = 0; index < 4; index += 1) {
      statuses.push((await register(stack.gateway, `10.2.${index}.1`, 'same-email@example.com')).status);
    }
    expect(statuses).toEqual([201, 422, 422, 429]);
  });

  it('holds across gateway replicas (the counters live in Redis)', async () => {
    const replica = await stack.bootGateway();
    try {
      const statuses = [
        (await register(stack.gateway, '10.3.3.3', 'across-1@example.com')).status,
        (await register(replica, '10.3.3.3', 'across-2@example.com')).status,
        (await register(stack.gateway, '10.3.3.3', 'across-3@example.com')).status,
        (await register(replica, '10.3.3.3', 'across-4@example.com')).status,
      ];
      expect(statuses).toEqual([201, 201, 201, 429]);
    } finally {
      await replica.close();
    }
  });

  it('limits sign-in attempts per account across addresses, and per address across accounts', async () => {
    const signIn = (address: string, email: string, password = 'wrong-password1') =>
      stack.http().post('/users/sign_in').set('X-Forwarded-For', address).send({ user: { email, password } });

    const perAccount = [];
    for (let index = 0; index < 11; index += 1)
      perAccount.push((await signIn(`10.4.${index}.1`, 'nobody-a@example.com')).status);
    expect(perAccount.slice(0, 10).every((status) => status === 401)).toBe(true);
    expect(perAccount[10]).toBe(429);

    const perAddress = [];
    for (let index = 0; index < 21; index += 1)
      perAddress.push((await signIn('10.5.5.5', `nobody-${index}@example.com`)).status);
    expect(perAddress.slice(0, 20).every((status) => status === 401)).toBe(true);
    expect(perAddress[20]).toBe(429);
  });

  it('locks an account after 5 wrong passwords from one address, even against the right one, but not elsewhere', async () => {
    const victim = await signUp(stack);
    const attempt = (password: string, address = '10.6.0.1') =>
      stack
        .http()
        .post('/users/sign_in')
        .set('X-Forwarded-For', address)
        .send({ user: { email: victim.email, password } });
    for (let index = 0; index < 4; index += 1) {
      expect((await attempt('wrong-password1')).body.code).toBe('invalid_credentials');
    }
    const fifth = await attempt('wrong-password1');
    expect(fifth.status).toBe(401);
    expect(fifth.body).toMatchObject({ code: 'account_locked', retry_after: expect.any(Number) });
    const right = await attempt(victim.password);
    expect(right.status).toBe(401);
    expect(right.body.code).toBe('account_locked');
    // Someone guessing cannot keep the owner out: from their own address, the owner signs in.
    const owner = await attempt(victim.password, '10.6.9.9');
    expect(owner.status).toBe(200);
  });
});

describe('CORS', () => {
  it('lets allowed origins read the token header, and gives other origins nothing', async () => {
    const allowed = await stack
      .http()
      .options('/users/sign_in')
      .set('Origin', 'https://play.example.com')
      .set('Access-Control-Request-Method', 'POST');
    expect(allowed.headers['access-control-allow-origin']).toBe('https://play.example.com');
    const signIn = await stack
      .http()
      .post('/users/sign_in')
      .set('Origin', 'https://play.example.com')
      .set('X-Forwarded-For', '10.7.0.1')
      .send({ user: { email: user.email, password: user.password } });
    expect(signIn.headers['access-control-expose-headers']).toContain('Authorization');

    const other = await stack
      .http()
      .options('/users/sign_in')
      .set('Origin', 'https://evil.example.com')
      .set('Access-Control-Request-Method', 'POST');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });
});
