import type { Stack, Account } from './support/stack.js';
import { as as asAccount, startCampaignStack } from './support/campaign-stack.js';

let stack: Stack;
let gm: Account;
let player: Account;
let outsider: Account;

/**
 * Factions through the gateway, as the Rails-era client uses them: the gamemaster creates, lists, changes and
 * deletes the current campaign's factions; a player reads them; an outsider sees none of it.
 */
beforeAll(async () => {
  ({ stack, gm, player, outsider } = await startCampaignStack('e2e-factions'));
});

afterAll(async () => {
  await stack?.stop();
});

/** Requests with an account's token. */
const as = (account: Account) => asAccount(stack, account);

describe('factions through the gateway', () => {
  let factionId = '';

  it('lets the gamemaster create one (201), sending the record back as the client does', async () => {
    const response = await as(gm)
      .post('/api/v2/factions')
      .send({
        faction: {
          name: 'The Dragons',
          description: 'Heroes',
          id: '',
          entity_class: 'Faction',
          characters: [],
        },
      });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ entity_class: 'Faction', name: 'The Dragons', character_ids: [] });
    factionId = response.body.id;
  });

  it('lists and shows it to a player, who may not change it (403)', async () => {
    const listed = await as(player).get('/api/v2/factions?per_page=5&sort=name&order=asc');
    expect(listed.status).toBe(200);
    expect(listed.body).toMatchObject({
      factions: [{ id: factionId, name: 'The Dragons', entity_class: 'Faction' }],
      meta: { current_page: 1, total_count: 1 },
    });
    const picker = await as(player).get('/api/v2/factions?autocomplete=true');
    expect(picker.body.factions).toEqual([
      { id: factionId, name: 'The Dragons', image_url: null, entity_class: 'Faction' },
    ]);
    expect((await as(player).get(`/api/v2/factions/${factionId}`)).status).toBe(200);
    const refused = await as(player)
      .patch(`/api/v2/factions/${factionId}`)
      .send({ faction: { name: 'Mine' } });
    expect(refused.status).toBe(403);
  });

  it('answers a taken name as a field error (422)', async () => {
    const response = await as(gm)
      .post('/api/v2/factions')
      .send({ faction: { name: 'the dragons' } });
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ errors: { name: ['has already been taken'] } });
  });

  it('hides the faction from someone outside the campaign (404)', async () => {
    expect((await as(outsider).get(`/api/v2/factions/${factionId}`)).status).toBe(404);
    expect((await as(outsider).delete(`/api/v2/factions/${factionId}`)).status).toBe(404);
  });

  it('refuses to delete it while a character belongs to it (422 associations_exist), unless forced', async () => {
    await stack.db.query(
      `insert into characters (id, campaign_id, faction_id, name)
       select gen_random_uuid(), campaign_id, id, 'Fei' from factions where id = $1`,
      [factionId],
    );
    const refused = await as(gm).delete(`/api/v2/factions/${factionId}`);
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({
      error_type: 'associations_exist',
      entity_type: 'faction',
      entity_id: factionId,
      constraints: { characters: { count: 1, label: 'character' } },
    });
    expect(refused.body.suggestions.length).toBeGreaterThan(0);
  });

  it('lets the gamemaster rename it, then delete it (204)', async () => {
    const renamed = await as(gm)
      .patch(`/api/v2/factions/${factionId}`)
      .send({ faction: { name: 'The Jammers' } });
    expect(renamed.status).toBe(200);
    expect(renamed.body.name).toBe('The Jammers');
    expect((await as(gm).delete(`/api/v2/factions/${factionId}?force=true`)).status).toBe(204);
    expect((await as(gm).get(`/api/v2/factions/${factionId}`)).status).toBe(404);
  });
});
