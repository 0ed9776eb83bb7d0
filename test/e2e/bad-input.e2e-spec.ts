import { expectNoStackTrace, signUp, Stack, type Account } from './support/stack.js';

let stack: Stack;
let gm: Account;
let campaignId: string;

beforeAll(async () => {
  stack = await Stack.start('e2e-bad-input');
  gm = await signUp(stack);
  const created = await stack
    .http()
    .post('/api/v2/campaigns')
    .auth(gm.token, { type: 'bearer' })
    .send({ campaign: { name: 'Hong Kong Nights', description: 'A heist' } });
  campaignId = created.body.id;
  await stack
    .http()
    .post('/api/v2/campaigns/current')
    .auth(gm.token, { type: 'bearer' })
    .send({ id: campaignId });
});

afterAll(async () => {
  await stack?.stop();
});

const authed = <T extends { auth(token: string, options: { type: 'bearer' }): T }>(test: T) =>
  test.auth(gm.token, { type: 'bearer' });

async function campaignRow() {
  return (await stack.db.query('select name, description, active from campaigns where id = $1', [campaignId]))
    .rows[0];
}

async function currentCampaignOf(userId: string) {
  return (await stack.db.query('select current_campaign_id from users where id = $1', [userId])).rows[0]
    .current_campaign_id;
}

describe('absent or valid: null only where a field is nullable', () => {
  it.each([
    [{ name: null }, 'name'],
    [{ active: null }, 'active'],
    [{ user_ids: null }, 'user_ids'],
  ])('refuses %j on a campaign with 422 and changes nothing', async (fields, field) => {
    const before = await campaignRow();
    const response = await authed(stack.http().patch(`/api/v2/campaigns/${campaignId}`)).send({
      campaign: fields,
    });
    expect(response.status).toBe(422);
    expect(response.body.errors).toEqual({ [field]: ["can't be null"] });
    expectNoStackTrace(response.body);
    expect(await campaignRow()).toEqual(before);
  });

  it('stores null where the field is nullable (a description)', async () => {
    const response = await authed(stack.http().patch(`/api/v2/campaigns/${campaignId}`)).send({
      campaign: { description: null },
    });
    expect(response.status).toBe(200);
    expect(response.body.description).toBeNull();
    expect((await campaignRow()).description).toBeNull();
  });

  it.each(['first_name', 'last_name', 'email'])('refuses a null %s on the profile', async (field) => {
    const response = await authed(stack.http().patch('/api/v2/users/profile')).send({
      user: { [field]: null },
    });
    expect(response.status).toBe(422);
    expect(response.body.errors).toEqual({ [field]: ["can't be null"] });
  });
});

describe('text PostgreSQL and clients can hold', () => {
  const unstorable = ['nul\u0000inside', 'lone \ud800 high', 'lone \udc00 low'];

  it.each(unstorable)('refuses %j in a name, a description and an email with 422', async (text) => {
    const before = await campaignRow();
    for (const campaign of [{ name: text }, { description: text }]) {
      const response = await authed(stack.http().patch(`/api/v2/campaigns/${campaignId}`)).send({ campaign });
      expect(response.status).toBe(422);
      expect(Object.values(response.body.errors as Record<string, string[]>).flat()[0]).toMatch(
        /not allowed/,
      );
    }
    const profile = await authed(stack.http().patch('/api/v2/users/profile')).send({
      user: { email: `a${text}@example.com` },
    });
    expect(profile.status).toBe(422);
    expect(await campaignRow()).toEqual(before);
  });

  it('refuses a NUL in a query parameter with 422, and a query that does not decode to text with 400', async () => {
    const nul = await authed(stack.http().get('/api/v2/campaigns?search=a%00b'));
    expect(nul.status).toBe(422);
    expect(nul.body.errors).toEqual({ search: [expect.stringMatching(/not allowed/)] });
    for (const query of ['search=%ED%A0%80', 'search=%E0%A4%A', 'search=100%', 'ids[]=%FF']) {
      const response = await authed(stack.http().get(`/api/v2/campaigns?${query}`));
      expect({ query, status: response.status }).toEqual({ query, status: 400 });
      expect(response.body.code).toBe('malformed_request');
    }
  });

  it('refuses text that is not storable even in accepted-and-ignored fields', async () => {
    const response = await authed(stack.http().patch(`/api/v2/campaigns/${campaignId}`)).send({
      campaign: { name: 'Fine', gamemaster: { name: 'x\u0000y' } },
    });
    expect(response.status).toBe(422);
    expect(response.body.errors).toEqual({ 'gamemaster.name': [expect.stringMatching(/not allowed/)] });
  });

  it('answers a NUL in a path segment, and malformed percent-encoding, with 400', async () => {
    for (const path of [
      '/api/v2/campaigns/%00',
      '/api/v2/campaigns/%E0%A4%A',
      '/api/v2/campaigns/%ED%A0%80',
      '/api/v2/campaigns/%',
    ]) {
      const response = await authed(stack.http().get(path));
      expect({ path, status: response.status }).toEqual({ path, status: 400 });
      expect(response.body.code).toBe('malformed_request');
      expectNoStackTrace(response.body);
    }
  });
});

describe('query flags', () => {
  it('reads a blank flag as not sent (autocomplete=, show_all=) and refuses a flag that is not true or false', async () => {
    const list = async (query: string) => {
      const response = await authed(stack.http().get(`/api/v2/campaigns${query}`));
      return { status: response.status, body: response.body as unknown };
    };
    const unflagged = await list('');
    expect(unflagged.status).toBe(200);
    expect(await list('?autocomplete=')).toEqual(unflagged);
    expect(await list('?show_all=')).toEqual(unflagged);
    expect(await list('?autocomplete=maybe')).toMatchObject({
      status: 422,
      body: {
        code: 'validation_failed',
        message: expect.any(String),
        errors: { autocomplete: ['must be true or false'] },
      },
    });
  });
});

describe('bounded structure', () => {
  const nested = (depth: number): unknown => {
    let value: unknown = 'deep';
    for (let level = 0; level < depth; level += 1) value = { a: value };
    return value;
  };

  it('refuses a small body nested thousands of levels deep, also inside an ignored field', async () => {
    for (const campaign of [{ name: nested(5000) }, { name: 'Fine', players: nested(5000) }]) {
      const response = await authed(stack.http().patch(`/api/v2/campaigns/${campaignId}`)).send({ campaign });
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('malformed_request');
    }
    const arrays = `{"campaign":{"name":${'['.repeat(10_000)}${']'.repeat(10_000)}}}`;
    const response = await authed(stack.http().patch(`/api/v2/campaigns/${campaignId}`))
      .set('Content-Type', 'application/json')
      .send(arrays);
    expect(response.status).toBe(400);
  });

  it('refuses a huge array with 413', async () => {
    const response = await authed(stack.http().patch(`/api/v2/campaigns/${campaignId}`)).send({
      campaign: { user_ids: Array.from({ length: 5000 }, () => campaignId) },
    });
    expect(response.status).toBe(413);
    expect(response.body.code).toBe('payload_too_large');
  });
});

describe('bad bodies change nothing', () => {
  it.each([
    ['no body', undefined, undefined, 422],
    ['an empty JSON body', 'application/json', '', 422],
    ['an empty object', 'application/json', '{}', 422],
    ['text/plain', 'text/plain', `{"id": null}`, 415],
    ['XML', 'application/xml', '<campaign><id/></campaign>', 415],
    ['a form', 'application/x-www-form-urlencoded', 'id=', 415],
  ])('POST /api/v2/campaigns/current with %s answers %#', async (_label, type, body, status) => {
    const test = authed(stack.http().post('/api/v2/campaigns/current'));
    if (type) test.set('Content-Type', type);
    const response = body === undefined ? await test : await test.send(body);
    expect(response.status).toBe(status);
    expectNoStackTrace(response.body);
    expect(await currentCampaignOf(gm.id)).toBe(campaignId);
  });

  it('still clears the current campaign with an explicit {"id": null}', async () => {
    const response = await authed(stack.http().post('/api/v2/campaigns/current')).send({ id: null });
    expect(response.status).toBe(200);
    expect(await currentCampaignOf(gm.id)).toBeNull();
  });
});
