import { bearerToken, signUp, Stack, type Account } from './support/stack.js';

let stack: Stack;
let gm: Account;
let host: Account;
let invitee: Account;
let campaignId: string;

/**
 * Invitations through the gateway, as the Rails-era client uses them: the gamemaster invites to the current
 * campaign, the invitee sees the invitation signed out, joins signed in or registers through it, and inviting is
 * limited per user.
 */
beforeAll(async () => {
  // Clients are told apart by X-Forwarded-For, so registrations from one test do not spend another's budget.
  stack = await Stack.start('e2e-invitations', { gateway: { TRUST_PROXY: 'true' } });
  gm = await signUp(stack);
  // A second gamemaster, so the flow below stays within one user's invitation budget (5 a minute).
  host = await signUp(stack);
  invitee = await signUp(stack, { gamemaster: false });
  campaignId = await startCampaign(gm, 'Hong Kong Nights');
  await startCampaign(host, 'Host Table');
});

afterAll(async () => {
  await stack?.stop();
});

/** Creates a campaign and makes it the owner's current one. */
async function startCampaign(owner: Account, name: string): Promise<string> {
  const created = await stack
    .http()
    .post('/api/v2/campaigns')
    .auth(owner.token, { type: 'bearer' })
    .send({ campaign: { name } });
  expect(created.status).toBe(201);
  const current = await stack
    .http()
    .post('/api/v2/campaigns/current')
    .auth(owner.token, { type: 'bearer' })
    .send({ id: created.body.id });
  expect(current.status).toBe(200);
  return created.body.id as string;
}

const invite = (owner: Account, invitation: Record<string, unknown>) =>
  stack.http().post('/api/v2/invitations').auth(owner.token, { type: 'bearer' }).send({ invitation });

describe('invitations through the gateway', () => {
  let invitationId = '';

  it('lets the gamemaster invite an address to the current campaign (201)', async () => {
    const response = await invite(gm, { email: invitee.email.toUpperCase() });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      entity_class: 'Invitation',
      email: invitee.email,
      campaign_id: campaignId,
      redeemed: false,
      pending_user: null,
    });
    invitationId = response.body.id;

    const listed = await stack.http().get('/api/v2/invitations').auth(gm.token, { type: 'bearer' });
    expect(listed.status).toBe(200);
    expect(listed.body.invitations.map((invitation: { id: string }) => invitation.id)).toContain(
      invitationId,
    );
  });

  it('answers field errors by field, without the envelope', async () => {
    const response = await invite(gm, { email: 'not an address' });
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ code: 'validation_failed', errors: { email: ['is invalid'] } });
  });

  it('shows the invitation to anyone holding its id, signed out', async () => {
    const response = await stack.http().get(`/api/v2/invitations/${invitationId}`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      id: invitationId,
      email: invitee.email,
      campaign: { id: campaignId, name: 'Hong Kong Nights' },
      gamemaster: { id: gm.id, entity_class: 'User' },
      pending_user: null,
    });
    expect(JSON.stringify(response.body)).not.toContain(gm.email);
    expect((await stack.http().get('/api/v2/invitations')).status).toBe(401);
  });

  it('refuses to redeem it for another address (403), then lets its invitee join (201)', async () => {
    const mismatch = await stack
      .http()
      .post(`/api/v2/invitations/${invitationId}/redeem`)
      .auth(gm.token, { type: 'bearer' });
    // The gamemaster is not the invited address.
    expect(mismatch.status).toBe(403);
    expect(mismatch.body).toMatchObject({ code: 'forbidden', mismatch: true });

    // The Rails-era client sends a PATCH with its user in the body; it is ignored.
    const joined = await stack
      .http()
      .patch(`/api/v2/invitations/${invitationId}/redeem`)
      .auth(invitee.token, { type: 'bearer' })
      .send({ user: { id: invitee.id, email: invitee.email } });
    expect(joined.status).toBe(201);
    expect(joined.body).toMatchObject({
      message: 'Successfully joined Hong Kong Nights!',
      campaign: { id: campaignId },
    });
    expect(joined.body.campaign.user_ids).toContain(invitee.id);

    const shown = await stack
      .http()
      .get(`/api/v2/campaigns/${campaignId}`)
      .auth(invitee.token, { type: 'bearer' });
    expect(shown.status).toBe(200);

    const again = await stack
      .http()
      .post(`/api/v2/invitations/${invitationId}/redeem`)
      .auth(invitee.token, { type: 'bearer' });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'conflict', already_member: true });
  });

  it('registers a new account through an invitation: signed in at once, and in the campaign', async () => {
    const email = `fresh-${stack.env.id}@example.com`.toLowerCase();
    const created = await invite(gm, { email });
    expect(created.status).toBe(201);

    const users = await stack.count('users');
    const response = await stack
      .http()
      .post(`/api/v2/invitations/${created.body.id}/register`)
      .set('X-Forwarded-For', '192.0.2.10')
      .send({
        first_name: 'Fresh',
        last_name: 'Face',
        password: 'secret123',
        password_confirmation: 'secret123',
      });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      code: 201,
      requires_confirmation: false,
      user: { email, first_name: 'Fresh', last_name: 'Face' },
      data: { email, entity_class: 'User' },
      campaign: { id: campaignId },
    });
    expect(response.body.payload).toMatchObject({ sub: response.body.user.id });
    expect(await stack.count('users')).toBe(users + 1);

    const token = bearerToken(response.headers.authorization);
    const shown = await stack.http().get(`/api/v2/campaigns/${campaignId}`).auth(token, { type: 'bearer' });
    expect(shown.status).toBe(200);
    expect(shown.body.user_ids).toContain(response.body.user.id);

    // Used: it is gone for anyone holding it.
    expect((await stack.http().get(`/api/v2/invitations/${created.body.id}`)).status).toBe(404);
  });

  it('checks the registration fields as registration does, and writes nothing', async () => {
    const created = await invite(host, { email: `checked-${stack.env.id}@example.com`.toLowerCase() });
    const users = await stack.count('users');
    const response = await stack
      .http()
      .post(`/api/v2/invitations/${created.body.id}/register`)
      .set('X-Forwarded-For', '192.0.2.11')
      .send({ first_name: 'C', last_name: 'Checked', password: 'short' });
    expect(response.status).toBe(422);
    expect(Object.keys(response.body.errors).sort()).toEqual(['first_name', 'password']);
    expect(await stack.count('users')).toBe(users);
  });

  it('resends an invitation, and withdraws one', async () => {
    const created = await invite(host, { email: `resent-${stack.env.id}@example.com`.toLowerCase() });
    const resent = await stack
      .http()
      .post(`/api/v2/invitations/${created.body.id}/resend`)
      .auth(host.token, { type: 'bearer' });
    expect(resent.status).toBe(200);
    expect(resent.body).toMatchObject({ id: created.body.id });

    const withdrawn = await stack
      .http()
      .delete(`/api/v2/invitations/${created.body.id}`)
      .auth(host.token, { type: 'bearer' });
    expect(withdrawn.status).toBe(204);
    expect((await stack.http().get(`/api/v2/invitations/${created.body.id}`)).status).toBe(404);
  });
});

describe('the invitation rate limit', () => {
  it('allows 5 invitations a minute per user, then answers 429 with retry_after; others are unaffected', async () => {
    const busy = await signUp(stack);
    await startCampaign(busy, 'Busy Table');
    const statuses: number[] = [];
    for (let index = 0; index < 5; index += 1) {
      statuses.push((await invite(busy, { email: `guest-${index}-${stack.env.id}@example.com` })).status);
    }
    const sixth = await invite(busy, { email: `guest-6-${stack.env.id}@example.com` });
    expect([...statuses, sixth.status]).toEqual([201, 201, 201, 201, 201, 429]);
    expect(sixth.body).toMatchObject({ status: 429, code: 'rate_limited', retry_after: expect.any(Number) });
    expect(Number(sixth.headers['retry-after'])).toBeGreaterThan(0);
    expect(await stack.db.query("select 1 from invitations where email like 'guest-6-%'")).toMatchObject({
      rowCount: 0,
    });

    // Resending shares the budget.
    const [first] = (await stack.http().get('/api/v2/invitations').auth(busy.token, { type: 'bearer' })).body
      .invitations as { id: string }[];
    const resend = await stack
      .http()
      .post(`/api/v2/invitations/${first.id}/resend`)
      .auth(busy.token, { type: 'bearer' });
    expect(resend.status).toBe(429);

    // Per user, not per address: another gamemaster on the same address still invites.
    const other = await signUp(stack);
    await startCampaign(other, 'Quiet Table');
    expect((await invite(other, { maximum_count: 4 })).status).toBe(201);
  });
});
