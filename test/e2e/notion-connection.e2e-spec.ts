import { randomBytes } from 'node:crypto';
import { signUp, Stack, type Account } from './support/stack.js';

/*
 * Connecting a campaign to Notion through the gateway, as a client does: `PATCH /api/v2/campaigns/:id` with
 * `{campaign: {notion_database_id, notion_token}}`. Only its gamemaster connects it, malformed ids and tokens are
 * 422 with field errors, and no answer carries the token. (The syncs themselves are covered by
 * apps/campaign/test/notion-sync.int-spec.ts against a Notion stand-in; no character is made here once
 * connected, as that would call Notion.)
 */

const TOKEN = `ntn_${randomBytes(12).toString('hex')}E2eNotionSecret`;
const DATABASE = '8a6f0c2e-4b1d-4e0f-9a3b-5c7d9e1f2a3b';

let stack: Stack;
let gm: Account;
let player: Account;
let campaignId: string;

beforeAll(async () => {
  stack = await Stack.start('e2e-notion', {
    campaign: { NOTION_TOKEN_KEY: randomBytes(32).toString('base64') },
  });
  gm = await signUp(stack);
  player = await signUp(stack);
  const created = await stack
    .http()
    .post('/api/v2/campaigns')
    .auth(gm.token, { type: 'bearer' })
    .send({ campaign: { name: 'Notion Town', user_ids: [player.id] } });
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

describe('a Notion integration through the gateway', () => {
  it('refuses malformed ids and tokens with field errors, and a player (403)', async () => {
    const badId = await patch(gm, { notion_database_id: 'nope', notion_token: TOKEN });
    expect(badId.status).toBe(422);
    expect(badId.body.errors).toHaveProperty('notion_database_id');
    const badToken = await patch(gm, { notion_database_id: DATABASE, notion_token: 'has spaces in it here' });
    expect(badToken.status).toBe(422);
    expect(badToken.body.errors).toHaveProperty('notion_token');
    const half = await patch(gm, { notion_database_id: DATABASE });
    expect(half.status).toBe(422);
    expect(half.body.errors).toEqual({ notion_token: ['is required to connect Notion'] });
    expect((await patch(player, { notion_database_id: DATABASE, notion_token: TOKEN })).status).toBe(403);
    expect((await show(gm)).body.notion).toBeNull();
  });

  it('the gamemaster connects it and sees the database; a player sees nothing of it; the token is never shown', async () => {
    const connected = await patch(gm, { notion_database_id: DATABASE, notion_token: TOKEN });
    expect(connected.status).toBe(200);
    expect(connected.body.notion).toEqual({
      database_id: DATABASE.replaceAll('-', ''),
      connected_at: expect.any(String),
    });
    const gmView = await show(gm);
    const playerView = await show(player);
    expect(gmView.body.notion).toEqual(connected.body.notion);
    expect(playerView.status).toBe(200);
    expect(playerView.body).not.toHaveProperty('notion');
    expect(JSON.stringify([connected.body, gmView.body, playerView.body])).not.toContain(TOKEN);
  });

  it('takes the notion view round-tripped by the client and keeps the integration; null disconnects', async () => {
    const { body: record } = await show(gm);
    const resent = await patch(gm, { notion: record.notion, name: 'Notion City' });
    expect(resent.status).toBe(200);
    expect(resent.body.notion).toEqual(record.notion);
    const disconnected = await patch(gm, { notion_token: null });
    expect(disconnected.status).toBe(200);
    expect(disconnected.body.notion).toBeNull();
  });
});
