import type { INestApplication } from '@nestjs/common';
import pg from 'pg';
import { eventually } from '@shotcaller/testing';
import { signUp, Stack, type Account } from './support/stack.js';

let stack: Stack;
let gm: Account;

beforeAll(async () => {
  stack = await Stack.start('e2e-idempotency');
  gm = await signUp(stack);
});

afterAll(async () => {
  await stack?.stop();
});

const create = (name: string, key?: string, app: INestApplication = stack.gateway) => {
  const test = stack.http(app).post('/api/v2/campaigns').auth(gm.token, { type: 'bearer' });
  if (key) test.set('Idempotency-Key', key);
  return test.send({ campaign: { name } });
};

const campaignsNamed = async (name: string) =>
  Number(
    (await stack.db.query('select count(*)::int as n from campaigns where name = $1', [name])).rows[0].n,
  );

describe('retries with an Idempotency-Key', () => {
  it('answers a retry with the first response, and writes once', async () => {
    const first = await create('Retried once', 'key-retried-once');
    expect(first.status).toBe(201);
    const retry = await create('Retried once', 'key-retried-once');
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(await campaignsNamed('Retried once')).toBe(1);
  });

  it('refuses the same key with another request (422), and keeps keys apart per subject', async () => {
    await create('Original', 'key-reused');
    const other = await create('Something else', 'key-reused');
    expect(other.status).toBe(422);
    expect(other.body.errors).toEqual({ idempotency_key: ['was used for a different request'] });
    expect(await campaignsNamed('Something else')).toBe(0);
    const current = await stack
      .http()
      .post('/api/v2/campaigns/current')
      .auth(gm.token, { type: 'bearer' })
      .set('Idempotency-Key', 'key-reused')
      .send({ id: null });
    expect(current.status).toBe(200);
  });

  it('refuses a malformed key with 400 and writes nothing', async () => {
    const response = await create('Bad key', 'has spaces in it');
    expect(response.status).toBe(400);
    expect(await campaignsNamed('Bad key')).toBe(0);
  });
});

describe('a registration retried with its Idempotency-Key', () => {
  it('creates one account, and signs the retry in to it without storing the token', async () => {
    const register = () =>
      stack
        .http()
        .post('/api/v2/users/register')
        .set('X-Forwarded-For', '10.90.0.1')
        .set('Idempotency-Key', 'key-registration')
        .send({
          user: {
            email: `retried-${stack.env.id}@example.com`,
            password: 'secret123',
            first_name: 'Re',
            last_name: 'Tried',
          },
        });
    const first = await register();
    expect(first.status).toBe(201);
    const retry = await register();
    expect(retry.status).toBe(201);
    expect(retry.body.data.id).toBe(first.body.data.id);
    expect(retry.headers.authorization).toMatch(/^Bearer /);
    const me = await stack
      .http()
      .get('/api/v2/users/current')
      .set('Authorization', retry.headers.authorization);
    expect(me.body).toMatchObject({ id: first.body.data.id });
    const stored = await stack.db.query(
      "select response::text as response from idempotency_keys where key = 'key-registration'",
    );
    expect(stored.rows[0].response).not.toMatch(/eyJ|token/);
    expect(
      Number(
        (await stack.db.query('select count(*)::int as n from users where email like $1', [`retried-%`]))
          .rows[0].n,
      ),
    ).toBe(1);
  });
});

describe('a create that timed out', () => {
  it('makes a create that timed out safe to retry: 409 while it still runs, then its own answer', async () => {
    const impatient = await stack.bootGateway({ NATS_REQUEST_TIMEOUT_MS: '300' });
    const blocker = new pg.Client({ connectionString: stack.env.databaseUrl('campaign') });
    await blocker.connect();
    try {
      // Hold the table, so the create starts, records its key, and waits past the gateway's deadline.
      await blocker.query('begin');
      await blocker.query('lock table campaigns in access exclusive mode');
      const timedOut = await create('Slow heist', 'key-slow-heist', impatient);
      expect(timedOut.status).toBe(504);
      const whileRunning = await create('Slow heist', 'key-slow-heist');
      expect(whileRunning.status).toBe(409);
      await blocker.query('rollback');

      // The first attempt finishes on its own; its retry gets that very answer, and nothing is written twice.
      const retried = await eventually(async () => {
        const response = await create('Slow heist', 'key-slow-heist');
        if (response.status !== 201) throw new Error(`retry answered ${response.status}`);
        return response;
      });
      expect(retried.body.name).toBe('Slow heist');
      expect(await campaignsNamed('Slow heist')).toBe(1);
      const again = await create('Slow heist', 'key-slow-heist');
      expect(again.body.id).toBe(retried.body.id);
      // Without a key, a retry is a new request: here the name is taken.
      expect((await create('Slow heist')).status).toBe(422);
    } finally {
      await blocker.end();
      await impatient.close();
    }
  });
});
