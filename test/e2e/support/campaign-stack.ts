import { signUp, Stack, type Account, type StackOptions } from './stack.js';

/**
 * A stack with a gamemaster's campaign, a player in it (both with it current) and an outsider: where the specs of
 * a campaign's records (factions, junctures...) start.
 */
export interface CampaignStack {
  stack: Stack;
  gm: Account;
  player: Account;
  outsider: Account;
  campaignId: string;
}

export async function startCampaignStack(name: string, options: StackOptions = {}): Promise<CampaignStack> {
  const stack = await Stack.start(name, { ...options, gateway: { TRUST_PROXY: 'true', ...options.gateway } });
  const gm = await signUp(stack);
  const player = await signUp(stack, { gamemaster: false });
  const outsider = await signUp(stack);
  const created = await as(stack, gm)
    .post('/api/v2/campaigns')
    .send({ campaign: { name: 'Hong Kong Nights' } });
  expect(created.status).toBe(201);
  const campaignId = created.body.id as string;
  const joined = await as(stack, gm)
    .post('/api/v2/campaign_memberships')
    .send({ membership: { campaign_id: campaignId, user_id: player.id } });
  expect(joined.status).toBe(201);
  for (const who of [gm, player]) {
    expect((await as(stack, who).post('/api/v2/campaigns/current').send({ id: campaignId })).status).toBe(
      200,
    );
  }
  return { stack, gm, player, outsider, campaignId };
}

/** Requests with an account's token. */
export function as(stack: Stack, account: Account) {
  const http = stack.http();
  const auth = { type: 'bearer' } as const;
  return {
    get: (url: string) => http.get(url).auth(account.token, auth),
    post: (url: string) => http.post(url).auth(account.token, auth),
    patch: (url: string) => http.patch(url).auth(account.token, auth),
    delete: (url: string) => http.delete(url).auth(account.token, auth),
  };
}
