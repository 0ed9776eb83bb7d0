import { signUp, Stack, type Account } from './support/stack.js';

/*
 * A campaign's Discord webhook through the gateway, as a client sets it: `PATCH /api/v2/campaigns/:id` with
 * `{campaign: {discord_webhook_url}}`. Only its gamemaster sets it, only a Discord webhook URL is taken (422
 * otherwise), and no answer carries the URL's token. (No fight is started here: that would post to Discord; the
 * posts are covered by apps/campaign/test/discord-webhooks.int-spec.ts against a local stand-in.)
 */

const WEBHOOK_ID = '998877665544332211';
const TOKEN = 'E2e-SeCrEt_ToKeN';
const WEBHOOK_URL = `https://discord.com/api/webhooks/${WEBHOOK_ID}/${TOKEN}`;

let stack: Stack;
let gm: Account;
let player: Account;
let campaignId: string;
const bodies: unknown[] = [];

beforeAll(async () => {
  stack = await Stack.start('e2e-discord');
  gm = await signUp(stack);
  player = await signUp(stack);
  const created = await stack
    .http()
    .post('/api/v2/campaigns')
    .auth(gm.token, { type: 'bearer' })
    .send({ campaign: { name: 'Hook Town', user_ids: [player.id] } });
  expect(created.status).toBe(201);
  campaignId = created.body.id;
});

afterAll(async () => {
  await stack?.stop();
});

const patch = (account: Account, campaign: Record<string, unknown>) =>
  stack
    .http()
    .patch(`/api/v2/campaigns/${campaignId}`)
    .auth(account.token, { type: 'bearer' })
    .send({ campaign });

const show = (account: Account) =>
  stack.http().get(`/api/v2/campaigns/${campaignId}`).auth(account.token, { type: 'bearer' });

async function stored(): Promise<string | null> {
  const { rows } = await stack.db.query<{ url: string | null }>(
    'select discord_webhook_url as url from campaigns where id = $1',
    [campaignId],
  );
  return rows[0].url;
}

describe('a Discord webhook through the gateway', () => {
  it('the gamemaster sets it and sees its id; a player sees nothing of it', async () => {
    const set = await patch(gm, { discord_webhook_url: WEBHOOK_URL });
    expect(set.status).toBe(200);
    expect(set.body.discord_webhook).toEqual({ configured: true, id: WEBHOOK_ID });
    expect(await stored()).toBe(WEBHOOK_URL);

    const gmView = await show(gm);
    expect(gmView.status).toBe(200);
    expect(gmView.body.discord_webhook).toEqual({ configured: true, id: WEBHOOK_ID });
    const playerView = await show(player);
    expect(playerView.status).toBe(200);
    expect(playerView.body).not.toHaveProperty('discord_webhook');
    bodies.push(set.body, gmView.body, playerView.body);
  });

  it('takes read-only fields round-tripped by the client, discord_webhook among them, and keeps the webhook', async () => {
    const { body: record } = await show(gm);
    const { id, entity_class, gamemaster, players, created_at, discord_webhook } = record;
    const resent = await patch(gm, {
      ...{ id, entity_class, gamemaster, players, created_at, discord_webhook },
      name: 'Hook City',
    });
    expect(resent.status).toBe(200);
    expect(resent.body).toMatchObject({
      name: 'Hook City',
      discord_webhook: { configured: true, id: WEBHOOK_ID },
    });
    expect(await stored()).toBe(WEBHOOK_URL);
    bodies.push(resent.body);
  });

  it.each([
    ['not a URL', 'my discord'],
    ['another site', 'https://example.com/api/webhooks/1/abc'],
    ['a query', `https://discord.com/api/webhooks/1/${TOKEN}?wait=true`],
  ])('refuses %s with 422 on the field and changes nothing', async (_case, url) => {
    const refused = await patch(gm, { discord_webhook_url: url });
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual({ discord_webhook_url: [expect.any(String)] });
    expect(await stored()).toBe(WEBHOOK_URL);
    bodies.push(refused.body);
  });

  it('a player cannot set or clear it (403)', async () => {
    for (const url of [`https://discord.com/api/webhooks/1/${TOKEN}x`, null]) {
      const refused = await patch(player, { discord_webhook_url: url });
      expect(refused.status).toBe(403);
      bodies.push(refused.body);
    }
    expect(await stored()).toBe(WEBHOOK_URL);
  });

  it('the gamemaster clears it with null', async () => {
    const cleared = await patch(gm, { discord_webhook_url: null });
    expect(cleared.status).toBe(200);
    expect(cleared.body.discord_webhook).toBeNull();
    expect(await stored()).toBeNull();
  });

  it('no answer carried the token', () => {
    expect(bodies.length).toBeGreaterThan(0);
    expect(JSON.stringify(bodies)).not.toContain(TOKEN);
  });
});
