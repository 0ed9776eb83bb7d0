import { bearerToken, Stack } from './support/stack.js';

let stack: Stack;

beforeAll(async () => {
  stack = await Stack.start('e2e-flow');
});

afterAll(async () => {
  await stack?.stop();
});

/**
 * The walk a new group takes: a gamemaster signs up and starts a campaign, a player joins, and the campaign is
 * visible to its members only. Each step is one HTTP call through the gateway, over NATS, into the campaign
 * service and PostgreSQL.
 */
describe('accounts and campaigns through the gateway', () => {
  const gm = { email: 'gina@example.com', password: 'secret123', token: '', id: '' };
  const player = { email: 'pat@example.com', password: 'secret123', token: '', id: '' };
  const outsider = { email: 'olly@example.com', password: 'secret123', token: '', id: '' };
  let campaignId = '';

  it('registers accounts (the token comes back in the Authorization header)', async () => {
    for (const [account, first] of [
      [gm, 'Gina'],
      [player, 'Pat'],
      [outsider, 'Olly'],
    ] as const) {
      const response = await stack
        .http()
        .post('/api/v2/users/register')
        .send({
          user: {
            email: account.email,
            password: account.password,
            password_confirmation: account.password,
            first_name: first,
            last_name: 'Example',
          },
        });
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({
        code: 201,
        data: { email: account.email, entity_class: 'User' },
      });
      expect(response.headers.authorization).toMatch(/^Bearer /);
      account.id = response.body.data.id;
    }
  });

  it('signs in with the Rails request shape and answers with the token and the user', async () => {
    for (const account of [gm, player, outsider]) {
      const response = await stack
        .http()
        .post('/users/sign_in')
        .send({ user: { email: account.email, password: account.password } });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        code: 200,
        message: 'User signed in successfully',
        data: { id: account.id },
      });
      expect(response.body.payload).toMatchObject({ sub: account.id, scp: 'user' });
      account.token = bearerToken(response.headers.authorization);
    }
  });

  it('reads the signed-in user', async () => {
    const response = await stack.http().get('/api/v2/users/current').auth(gm.token, { type: 'bearer' });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      id: gm.id,
      email: gm.email,
      name: 'Gina Example',
      campaigns: [],
      player_campaigns: [],
    });
  });

  it('reads and changes the profile; a change of own claims comes with a fresh token and ends the old one', async () => {
    const profile = await stack.http().get('/api/v2/users/profile').auth(gm.token, { type: 'bearer' });
    expect(profile.status).toBe(200);
    expect(profile.body.email).toBe(gm.email);

    const changed = await stack
      .http()
      .patch('/api/v2/users/profile')
      .auth(gm.token, { type: 'bearer' })
      .send({ user: { first_name: 'Georgina' } });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ first_name: 'Georgina', name: 'Georgina Example' });
    const fresh = bearerToken(changed.headers.authorization);
    const payload = JSON.parse(Buffer.from(fresh.split('.')[1], 'base64url').toString()) as {
      user: { first_name: string };
    };
    expect(payload.user.first_name).toBe('Georgina');
    const replaced = await stack.http().get('/api/v2/users/profile').auth(gm.token, { type: 'bearer' });
    expect(replaced.status).toBe(401);
    gm.token = fresh;

    const taken = await stack
      .http()
      .patch('/api/v2/users/profile')
      .auth(gm.token, { type: 'bearer' })
      .send({ user: { email: player.email } });
    expect(taken.status).toBe(422);
    expect(taken.body.errors).toEqual({ email: ['has already been taken'] });

    const someoneElse = await stack
      .http()
      .patch(`/api/v2/users/${player.id}`)
      .auth(gm.token, { type: 'bearer' })
      .send({ user: { first_name: 'Hacked' } });
    expect(someoneElse.status).toBe(403);
  });

  it('changes the profile with multipart, as the client\'s profile form sends it: the record in a JSON "user" field', async () => {
    const row = async () =>
      (await stack.db.query('select first_name, last_name, email from users where id = $1', [gm.id])).rows[0];
    // ProfileForm: PATCH /api/v2/users/:id with FormData {user: JSON.stringify({first_name, last_name, email})}.
    const changed = await stack
      .http()
      .patch(`/api/v2/users/${gm.id}`)
      .auth(gm.token, { type: 'bearer' })
      .field('user', JSON.stringify({ first_name: 'Gigi', last_name: 'Example', email: gm.email }));
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ id: gm.id, first_name: 'Gigi', name: 'Gigi Example' });
    expect(await row()).toEqual({ first_name: 'Gigi', last_name: 'Example', email: gm.email });
    const fresh = bearerToken(changed.headers.authorization);
    expect((await stack.http().get('/api/v2/users/current').auth(gm.token, { type: 'bearer' })).status).toBe(
      401,
    );
    gm.token = fresh;

    const own = await stack
      .http()
      .patch('/api/v2/users/profile')
      .auth(gm.token, { type: 'bearer' })
      .field('user', JSON.stringify({ first_name: 'Georgina' }));
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ first_name: 'Georgina', name: 'Georgina Example' });
    gm.token = bearerToken(own.headers.authorization);

    // Refused as JSON bodies are, or as the campaign routes refuse a form: 4xx with a code and a message, no change.
    const before = await row();
    const refusals = [
      {
        // Users have no image yet: the part is refused the way a campaign's is.
        request: stack
          .http()
          .patch(`/api/v2/users/${gm.id}`)
          .auth(gm.token, { type: 'bearer' })
          .field('user', JSON.stringify({ first_name: 'Pictured' }))
          .attach('image', Buffer.from('\x89PNG\r\n'), 'avatar.png'),
        status: 422,
        body: { code: 'validation_failed', errors: { image: ['image uploads are not supported yet'] } },
      },
      {
        request: stack
          .http()
          .patch('/api/v2/users/profile')
          .auth(gm.token, { type: 'bearer' })
          .field('user', '{"first_name": "Broken"'),
        status: 400,
        body: { code: 'malformed_request' },
      },
      {
        request: stack
          .http()
          .patch('/api/v2/users/profile')
          .auth(gm.token, { type: 'bearer' })
          .field('user', JSON.stringify({ email: player.email })),
        status: 422,
        body: { code: 'validation_failed', errors: { email: ['has already been taken'] } },
      },
      {
        request: stack
          .http()
          .patch('/api/v2/users/profile')
          .auth(gm.token, { type: 'bearer' })
          .field('user', JSON.stringify({ first_name: 'Extra', admin: true })),
        status: 422,
        body: { code: 'validation_failed', errors: { admin: [expect.any(String)] } },
      },
      {
        request: stack
          .http()
          .patch(`/api/v2/users/${player.id}`)
          .auth(gm.token, { type: 'bearer' })
          .field('user', JSON.stringify({ first_name: 'Hacked' })),
        status: 403,
        body: {},
      },
    ];
    for (const { request, status, body } of refusals) {
      const response = await request;
      expect(response.status).toBe(status);
      expect(response.body).toMatchObject({ ...body, message: expect.any(String) });
    }
    expect(await row()).toEqual(before);
    expect(
      (await stack.db.query('select first_name from users where id = $1', [player.id])).rows[0].first_name,
    ).toBe('Pat');
  });

  it('creates a campaign', async () => {
    const response = await stack
      .http()
      .post('/api/v2/campaigns')
      .auth(gm.token, { type: 'bearer' })
      .send({ campaign: { name: 'Hong Kong Nights', description: 'Triads, sorcerers and a heist' } });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      name: 'Hong Kong Nights',
      entity_class: 'Campaign',
      gamemaster_id: gm.id,
      players: [],
    });
    campaignId = response.body.id;
  });

  it('lists it with the Rails index shape', async () => {
    const response = await stack
      .http()
      .get('/api/v2/campaigns?page=1&per_page=15&sort=name&order=asc')
      .auth(gm.token, { type: 'bearer' });
    expect(response.status).toBe(200);
    expect(response.body.campaigns.map((campaign: { id: string }) => campaign.id)).toEqual([campaignId]);
    expect(response.body.meta).toEqual({
      current_page: 1,
      next_page: null,
      prev_page: null,
      total_pages: 1,
      total_count: 1,
    });
  });

  it("passes the service's answer on as Express would write it: compact JSON, its type and an ETag", async () => {
    const response = await stack
      .http()
      .get('/api/v2/campaigns?per_page=15')
      .auth(gm.token, { type: 'bearer' })
      .buffer(true)
      .parse((res, done) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => done(null, text));
      });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(response.headers.etag).toMatch(/^W\/"/);
    const text = response.body as string;
    expect(Buffer.byteLength(text)).toBe(Number(response.headers['content-length']));
    expect(text).toBe(JSON.stringify(JSON.parse(text)));

    const again = await stack
      .http()
      .get('/api/v2/campaigns?per_page=15')
      .auth(gm.token, { type: 'bearer' })
      .set('If-None-Match', response.headers.etag);
    expect(again.status).toBe(304);
  });

  it('sets it as the current campaign', async () => {
    const set = await stack
      .http()
      .post('/api/v2/campaigns/current')
      .auth(gm.token, { type: 'bearer' })
      .send({ id: campaignId });
    expect(set.status).toBe(200);
    expect(set.body.id).toBe(campaignId);
    const current = await stack.http().get('/api/v2/campaigns/current').auth(gm.token, { type: 'bearer' });
    expect(current.status).toBe(200);
    expect(current.body.id).toBe(campaignId);
  });

  it('adds a member', async () => {
    const response = await stack
      .http()
      .post('/api/v2/campaign_memberships')
      .auth(gm.token, { type: 'bearer' })
      .send({ membership: { campaign_id: campaignId, user_id: player.id } });
    expect(response.status).toBe(201);
    expect(response.body.player_ids).toEqual([player.id]);
    expect(await stack.count('campaign_memberships')).toBe(1);
  });

  it('shows the campaign to the member', async () => {
    const show = await stack
      .http()
      .get(`/api/v2/campaigns/${campaignId}`)
      .auth(player.token, { type: 'bearer' });
    expect(show.status).toBe(200);
    expect(show.body.users.map((user: { id: string }) => user.id)).toEqual([player.id]);
    const list = await stack.http().get('/api/v2/campaigns').auth(player.token, { type: 'bearer' });
    expect(list.body.campaigns.map((campaign: { id: string }) => campaign.id)).toEqual([campaignId]);
  });

  it('hides it from a non-member', async () => {
    const show = await stack
      .http()
      .get(`/api/v2/campaigns/${campaignId}`)
      .auth(outsider.token, { type: 'bearer' });
    expect(show.status).toBe(404);
    expect(show.body).toMatchObject({ status: 404, code: 'not_found', error: 'Record not found' });
    const list = await stack.http().get('/api/v2/campaigns').auth(outsider.token, { type: 'bearer' });
    expect(list.body.campaigns).toEqual([]);
    const setCurrent = await stack
      .http()
      .patch(`/api/v2/campaigns/${campaignId}/set`)
      .auth(outsider.token, { type: 'bearer' });
    expect(setCurrent.status).toBe(404);
  });

  it('lets only the gamemaster change it', async () => {
    const refused = await stack
      .http()
      .patch(`/api/v2/campaigns/${campaignId}`)
      .auth(player.token, { type: 'bearer' })
      .send({ campaign: { name: 'Mine now' } });
    expect(refused.status).toBe(403);
    const changed = await stack
      .http()
      .patch(`/api/v2/campaigns/${campaignId}`)
      .auth(gm.token, { type: 'bearer' })
      .send({ campaign: { description: 'Two heists' } });
    expect(changed.status).toBe(200);
    expect(changed.body.description).toBe('Two heists');
  });

  it('signs out, and the old token is refused from then on', async () => {
    const signOut = await stack.http().delete('/users/sign_out').auth(player.token, { type: 'bearer' });
    expect(signOut.status).toBe(200);
    expect(signOut.body).toEqual({ status: 200, message: 'Signed out successfully' });
    const reused = await stack.http().get('/api/v2/campaigns').auth(player.token, { type: 'bearer' });
    expect(reused.status).toBe(401);
    expect(reused.body).toMatchObject({ code: 'unauthenticated', message: 'Token has been revoked' });
    const signInAgain = await stack
      .http()
      .post('/users/sign_in')
      .send({ user: { email: player.email, password: player.password } });
    const fresh = bearerToken(signInAgain.headers.authorization);
    expect((await stack.http().get('/api/v2/campaigns').auth(fresh, { type: 'bearer' })).status).toBe(200);
  });

  it('lets the gamemaster remove the member, who then no longer sees the campaign', async () => {
    const remove = await stack
      .http()
      .delete(`/api/v2/campaign_memberships?campaign_id=${campaignId}&user_id=${player.id}`)
      .auth(gm.token, { type: 'bearer' });
    expect(remove.status).toBe(204);
    const login = await stack
      .http()
      .post('/users/sign_in')
      .send({ user: { email: player.email, password: player.password } });
    const show = await stack
      .http()
      .get(`/api/v2/campaigns/${campaignId}`)
      .auth(bearerToken(login.headers.authorization), { type: 'bearer' });
    expect(show.status).toBe(404);
  });

  it('deletes the campaign', async () => {
    const response = await stack
      .http()
      .delete(`/api/v2/campaigns/${campaignId}`)
      .auth(gm.token, { type: 'bearer' });
    expect(response.status).toBe(204);
    expect(await stack.count('campaigns')).toBe(0);
    const current = await stack.http().get('/api/v2/campaigns/current').auth(gm.token, { type: 'bearer' });
    expect(current.status).toBe(404);
  });
});
