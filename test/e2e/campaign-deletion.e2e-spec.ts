import { expectNoStackTrace, type Stack, type Account } from './support/stack.js';
import { as as asAccount, startCampaignStack } from './support/campaign-stack.js';

let stack: Stack;
let gm: Account;
let player: Account;
let outsider: Account;
let campaignId: string;

/**
 * Deleting a campaign through the gateway, as the client's deletion handler does it: a plain DELETE first; while
 * records belong to the campaign, 422 associations_exist with what is in it, and nothing deleted; then, once the
 * gamemaster confirms, the same DELETE with `?force=true` takes the campaign and everything in it.
 */
beforeAll(async () => {
  ({ stack, gm, player, outsider, campaignId } = await startCampaignStack('e2e-campaign-deletion'));
});

afterAll(async () => {
  await stack?.stop();
});

/** Requests with an account's token. */
const as = (account: Account) => asAccount(stack, account);

/** The campaign's rows, and its records' (a fight's shots among them). */
async function rows(id = campaignId): Promise<Record<string, number>> {
  const {
    rows: [counts],
  } = await stack.db.query<Record<string, number>>(
    `select
       (select count(*)::int from campaigns where id = $1) as campaigns,
       (select count(*)::int from campaign_memberships where campaign_id = $1) as memberships,
       (select count(*)::int from characters where campaign_id = $1) as characters,
       (select count(*)::int from factions where campaign_id = $1) as factions,
       (select count(*)::int from fights where campaign_id = $1) as fights,
       (select count(*)::int from shots join fights on fights.id = shots.fight_id
          where fights.campaign_id = $1) as shots`,
    [id],
  );
  return counts;
}

describe('deleting a campaign through the gateway', () => {
  const stocked = { campaigns: 1, memberships: 1, characters: 1, factions: 1, fights: 1, shots: 1 };

  it('stocks the campaign: a faction, a character of it, and a fight the character is in', async () => {
    const faction = await as(gm)
      .post('/api/v2/factions')
      .send({ faction: { name: 'The Dragons' } });
    expect(faction.status).toBe(201);
    const character = await as(player)
      .post('/api/v2/characters')
      .send({ character: { name: 'Fei', faction_id: faction.body.id } });
    expect(character.status).toBe(201);
    const fight = await as(gm)
      .post('/api/v2/fights')
      .send({ fight: { name: 'Rooftop Showdown', character_ids: [character.body.id] } });
    expect(fight.status).toBe(201);
    expect(await rows()).toEqual(stocked);
  });

  it('refuses the delete while records belong to it (422 associations_exist with the counts), deleting nothing', async () => {
    for (const url of [`/api/v2/campaigns/${campaignId}`, `/api/v2/campaigns/${campaignId}?force=false`]) {
      const refused = await as(gm).delete(url);
      expect({ url, status: refused.status }).toEqual({ url, status: 422 });
      expect(refused.body).toMatchObject({
        status: 422,
        code: 'validation_failed',
        message: expect.any(String),
        error_type: 'associations_exist',
        entity_type: 'campaign',
        entity_id: campaignId,
        suggestions: expect.arrayContaining([expect.stringContaining('force=true')]),
      });
      expect(refused.body.constraints).toEqual({
        characters: { count: 1, label: 'character' },
        factions: { count: 1, label: 'faction' },
        fights: { count: 1, label: 'fight' },
      });
    }
    expect(await rows()).toEqual(stocked);
    expect((await as(player).get('/api/v2/campaigns/current')).body).toMatchObject({ id: campaignId });
  });

  it('refuses a force that is not true or false (422 on force, with a code and a message), deleting nothing', async () => {
    for (const query of ['force=yes', 'force=TRUE', 'force=2', 'force[]=true', 'force=true&force=false']) {
      const refused = await as(gm).delete(`/api/v2/campaigns/${campaignId}?${query}`);
      expect({ query, status: refused.status }).toEqual({ query, status: 422 });
      expect(refused.body).toMatchObject({
        code: 'validation_failed',
        message: expect.any(String),
        errors: { force: ['must be true or false'] },
      });
    }
    expect(await rows()).toEqual(stocked);
  });

  it('refuses force sent twice as true, with a NUL, or beside a NUL (422 with a code and a message), deleting nothing', async () => {
    for (const query of ['force=true&force=true', 'force=%00', 'force=true%00', 'force=true&zz_note=a%00b']) {
      const refused = await as(gm).delete(`/api/v2/campaigns/${campaignId}?${query}`);
      expect({ query, status: refused.status }).toEqual({ query, status: 422 });
      expect(refused.body).toMatchObject({ code: 'validation_failed', message: expect.any(String) });
      expect(Object.keys(refused.body.errors as object)).toEqual([
        query.includes('zz_note') ? 'zz_note' : 'force',
      ]);
      expectNoStackTrace(refused.body);
    }
    expect(await rows()).toEqual(stocked);
  });

  it('reads a blank force as none and force=0 as false: 422 associations_exist, deleting nothing', async () => {
    for (const query of ['force=', 'force=0']) {
      const refused = await as(gm).delete(`/api/v2/campaigns/${campaignId}?${query}`);
      expect({ query, status: refused.status }).toEqual({ query, status: 422 });
      expect(refused.body).toMatchObject({ code: 'validation_failed', error_type: 'associations_exist' });
    }
    expect(await rows()).toEqual(stocked);
  });

  it('refuses a NUL or a lone surrogate in the campaign id of the path (400), forced or not, deleting nothing', async () => {
    for (const id of ['%00', `${campaignId}%00`, '%ED%A0%80', `${campaignId}%ED%B3%BF`]) {
      for (const url of [`/api/v2/campaigns/${id}`, `/api/v2/campaigns/${id}?force=true`]) {
        const refused = await as(gm).delete(url);
        expect({ url, status: refused.status }).toEqual({ url, status: 400 });
        expect(refused.body).toMatchObject({ code: 'malformed_request', message: expect.any(String) });
        expectNoStackTrace(refused.body);
      }
    }
    expect(await rows()).toEqual(stocked);
  });

  it('lets no one but its gamemaster delete it, forced or not: a player 403, an outsider 404', async () => {
    for (const url of [`/api/v2/campaigns/${campaignId}`, `/api/v2/campaigns/${campaignId}?force=true`]) {
      expect((await as(player).delete(url)).status).toBe(403);
      expect((await as(outsider).delete(url)).status).toBe(404);
    }
    expect(await rows()).toEqual(stocked);
  });

  it('deletes it forced (204), with everything in it; its gamemaster and player no longer have it', async () => {
    const deleted = await as(gm).delete(`/api/v2/campaigns/${campaignId}?force=true`);
    expect(deleted.status).toBe(204);
    expect(await rows()).toEqual({
      campaigns: 0,
      memberships: 0,
      characters: 0,
      factions: 0,
      fights: 0,
      shots: 0,
    });
    for (const who of [gm, player]) {
      expect((await as(who).get(`/api/v2/campaigns/${campaignId}`)).status).toBe(404);
      expect((await as(who).get('/api/v2/campaigns/current')).status).toBe(404);
    }
  });

  it('deletes a campaign with nothing in it without force (204)', async () => {
    const created = await as(gm)
      .post('/api/v2/campaigns')
      .send({ campaign: { name: 'Empty Heist' } });
    expect(created.status).toBe(201);
    expect((await as(gm).delete(`/api/v2/campaigns/${created.body.id}`)).status).toBe(204);
    expect((await as(gm).get(`/api/v2/campaigns/${created.body.id}`)).status).toBe(404);
  });

  // The shared flag filter of every delete route reads "1" as true, as Rails' boolean casting did.
  it('reads force=1 as true: a campaign with records in it goes, forced (204)', async () => {
    const created = await as(gm)
      .post('/api/v2/campaigns')
      .send({ campaign: { name: 'Second Heist' } });
    expect(created.status).toBe(201);
    expect((await as(gm).post('/api/v2/campaigns/current').send({ id: created.body.id })).status).toBe(200);
    const faction = await as(gm)
      .post('/api/v2/factions')
      .send({ faction: { name: 'The Ascended' } });
    expect(faction.status).toBe(201);
    expect((await rows(created.body.id)).factions).toBe(1);
    expect((await as(gm).delete(`/api/v2/campaigns/${created.body.id}?force=1`)).status).toBe(204);
    expect(await rows(created.body.id)).toMatchObject({ campaigns: 0, factions: 0 });
  });
});
