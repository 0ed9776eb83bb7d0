import { connect, type NatsConnection } from '@nats-io/transport-node';
import { natsSubject, Subjects } from '@shotcaller/contracts';
import { eventually } from '@shotcaller/testing';
import { expectNoStackTrace, signUp, Stack, type Account } from './support/stack.js';

const DEADLINE_MS = 1500;
let stack: Stack;
let gm: Account;
let nats: NatsConnection;

beforeAll(async () => {
  stack = await Stack.start('e2e-failures', { gateway: { NATS_REQUEST_TIMEOUT_MS: String(DEADLINE_MS) } });
  gm = await signUp(stack);
  nats = await connect({ servers: stack.env.stores.nats });
});

afterAll(async () => {
  await nats?.close();
  await stack?.stop();
});

const listCampaigns = () => stack.http().get('/api/v2/campaigns').auth(gm.token, { type: 'bearer' });

describe('when the campaign service is down', () => {
  afterEach(async () => {
    if (!stack.campaign) await stack.startCampaign();
  });

  it('answers 503 (nobody is listening: not a timeout) and recovers when the service returns', async () => {
    expect((await listCampaigns()).status).toBe(200);
    await stack.stopCampaign();

    const down = await listCampaigns();
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({ status: 503, code: 'service_unavailable' });
    expectNoStackTrace(down.body);

    // The gateway keeps working for what does not need the campaign service.
    expect((await stack.http().get('/health/ready')).status).toBe(200);

    await stack.startCampaign();
    await eventually(async () => expect((await listCampaigns()).status).toBe(200));
  });

  it('answers 504 when a responder takes longer than the deadline', async () => {
    await stack.stopCampaign();
    // A responder that never answers, standing where the campaign service listens.
    const silent = nats.subscribe(natsSubject(Subjects.campaign.campaigns.list, stack.env.subjectPrefix), {
      queue: 'campaign',
    });
    // The subscription must reach the server before the request does, or nobody is listening yet (503).
    await nats.flush();
    try {
      const response = await listCampaigns();
      expect(response.status).toBe(504);
      expect(response.body).toMatchObject({ status: 504, code: 'upstream_timeout' });
      expectNoStackTrace(response.body);
    } finally {
      silent.unsubscribe();
    }
  });

  it('answers a bare 500 with a request id, and no internals, when a responder answers nonsense', async () => {
    await stack.stopCampaign();
    const seenRequestIds: string[] = [];
    const liar = nats.subscribe(natsSubject(Subjects.campaign.campaigns.list, stack.env.subjectPrefix), {
      queue: 'campaign',
      callback: (_error, message) => {
        seenRequestIds.push(message.headers?.get('x-request-id') ?? '');
        const { id } = message.json<{ id: string }>();
        message.respond(
          JSON.stringify({
            id,
            err: 'TypeError: cannot read x of undefined at /srv/app.js:12',
            isDisposed: true,
          }),
        );
      },
    });
    await nats.flush();
    try {
      const response = await listCampaigns().set('X-Request-Id', 'trace-me-123');
      expect(response.status).toBe(500);
      expect(response.body).toEqual({
        status: 500,
        code: 'internal_error',
        message: 'Internal server error',
        error: 'Internal server error',
        request_id: 'trace-me-123',
      });
      expect(response.headers['x-request-id']).toBe('trace-me-123');
      // The caller's request id went along to the service, in the NATS headers.
      expect(seenRequestIds).toEqual(['trace-me-123']);
    } finally {
      liar.unsubscribe();
    }
  });
});

describe('bad input is refused with field errors and writes nothing', () => {
  const createCampaign = (body: string | object, contentType = 'application/json') =>
    stack
      .http()
      .post('/api/v2/campaigns')
      .auth(gm.token, { type: 'bearer' })
      .set('Content-Type', contentType)
      .send(body);

  it('malformed JSON: 400', async () => {
    const before = await stack.count('campaigns');
    const response = await createCampaign('{"campaign": {"name": "Broken"');
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      code: 'malformed_request',
      message: 'The request body is not valid JSON',
    });
    expectNoStackTrace(response.body);
    expect(await stack.count('campaigns')).toBe(before);
  });

  it('a body that is not an object: 400', async () => {
    const response = await createCampaign('["not", "an", "object"]');
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('malformed_request');
  });

  it('unknown fields: 422 naming them', async () => {
    const before = await stack.count('campaigns');
    const response = await createCampaign({ campaign: { name: 'Sneaky', owner_id: gm.id }, admin: true });
    expect(response.status).toBe(422);
    expect(response.body.errors).toEqual({
      owner_id: ['is not a permitted attribute'],
      admin: ['is not a permitted attribute'],
    });
    expect(await stack.count('campaigns')).toBe(before);
  });

  it('over-long strings: 422 with the limit', async () => {
    const before = await stack.count('campaigns');
    const response = await createCampaign({
      campaign: { name: 'x'.repeat(101), description: 'y'.repeat(10_001) },
    });
    expect(response.status).toBe(422);
    expect(response.body.errors).toEqual({
      name: ['is too long (maximum is 100 characters)'],
      description: ['is too long (maximum is 10000 characters)'],
    });
    expect(await stack.count('campaigns')).toBe(before);
  });

  it('wrong types: 422 naming the expected type', async () => {
    const before = await stack.count('campaigns');
    const response = await createCampaign({ campaign: { name: 42, active: 'yes', user_ids: 'everyone' } });
    expect(response.status).toBe(422);
    expect(response.body.errors).toEqual({
      name: ['must be text'],
      active: ['must be true or false'],
      user_ids: ['must be a list'],
    });
    expect(await stack.count('campaigns')).toBe(before);
  });

  it('an invalid registration writes no user', async () => {
    const before = await stack.count('users');
    const response = await stack
      .http()
      .post('/api/v2/users/register')
      .set('X-Forwarded-For', '10.200.0.1')
      .send({
        user: { email: 'not-an-email', password: 'short', first_name: 'A', last_name: 'B', role: 'admin' },
      });
    expect(response.status).toBe(422);
    expect(Object.keys(response.body.errors).sort()).toEqual([
      'email',
      'first_name',
      'last_name',
      'password',
      'role',
    ]);
    expectNoStackTrace(response.body);
    expect(await stack.count('users')).toBe(before);
  });

  it('a body over the size limit: 413', async () => {
    const response = await createCampaign({
      campaign: { name: 'Big', description: 'z'.repeat(2 * 1024 * 1024) },
    });
    expect(response.status).toBe(413);
    expect(response.body.code).toBe('payload_too_large');
  });

  it('a multipart record that is not JSON: 400; a file upload: 422', async () => {
    const notJson = await stack
      .http()
      .post('/api/v2/campaigns')
      .auth(gm.token, { type: 'bearer' })
      .field('campaign', '{oops');
    expect(notJson.status).toBe(400);
    const withFile = await stack
      .http()
      .post('/api/v2/campaigns')
      .auth(gm.token, { type: 'bearer' })
      .field('campaign', JSON.stringify({ name: 'With image' }))
      .attach('image', Buffer.from('not really an image'), 'cover.png');
    expect(withFile.status).toBe(422);
    expect(withFile.body.errors).toEqual({ image: ['image uploads are not supported yet'] });
  });

  it('accepts the multipart form the Rails-era client sends, ignoring the read-only fields it round-trips', async () => {
    const response = await stack
      .http()
      .post('/api/v2/campaigns')
      .auth(gm.token, { type: 'bearer' })
      .field(
        'campaign',
        JSON.stringify({
          id: '',
          entity_class: 'Campaign',
          name: 'From the old client',
          players: [],
          image_url: '',
        }),
      );
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ name: 'From the old client', image_url: null });
  });

  it('an unknown route, and an id that cannot exist, are 404s', async () => {
    const route = await stack.http().get('/api/v2/nothing-here').auth(gm.token, { type: 'bearer' });
    expect(route.status).toBe(404);
    expect(route.body.code).toBe('route_not_found');
    const record = await stack.http().get('/api/v2/campaigns/not-a-uuid').auth(gm.token, { type: 'bearer' });
    expect(record.status).toBe(404);
    expect(record.body.code).toBe('not_found');
  });
});
