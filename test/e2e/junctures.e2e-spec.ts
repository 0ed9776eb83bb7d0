import type { Stack, Account } from './support/stack.js';
import { as as asAccount, startCampaignStack } from './support/campaign-stack.js';

let stack: Stack;
let gm: Account;
let player: Account;
let outsider: Account;

/**
 * Junctures through the gateway, as the Rails-era client uses them: the gamemaster creates, lists, changes and
 * deletes the current campaign's junctures, linked to its factions; a player reads them; an outsider sees none of it.
 */
beforeAll(async () => {
  ({ stack, gm, player, outsider } = await startCampaignStack('e2e-junctures'));
});

afterAll(async () => {
  await stack?.stop();
});

/** Requests with an account's token. */
const as = (account: Account) => asAccount(stack, account);

describe('junctures through the gateway', () => {
  let junctureId = '';
  let factionId = '';

  it('lets the gamemaster create one in a faction (201), sending the record back as the client does', async () => {
    const faction = await as(gm)
      .post('/api/v2/factions')
      .send({ faction: { name: 'The Dragons' } });
    expect(faction.status).toBe(201);
    factionId = faction.body.id;
    const response = await as(gm)
      .post('/api/v2/junctures')
      .send({
        juncture: {
          name: 'Contemporary',
          description: 'Now',
          faction_id: factionId,
          faction: { id: factionId, name: 'The Dragons' },
          id: '',
          entity_class: 'Juncture',
          characters: [],
          notion_page_id: null,
        },
      });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      entity_class: 'Juncture',
      name: 'Contemporary',
      faction_id: factionId,
      faction: { id: factionId, name: 'The Dragons', entity_class: 'Faction' },
      character_ids: [],
    });
    junctureId = response.body.id;
  });

  it('lists it with its factions and shows it to a player, who may not change it (403)', async () => {
    const listed = await as(player).get(
      `/api/v2/junctures?per_page=5&sort=name&order=asc&faction_id=${factionId}`,
    );
    expect(listed.status).toBe(200);
    expect(listed.body).toMatchObject({
      junctures: [{ id: junctureId, name: 'Contemporary', entity_class: 'Juncture', faction_id: factionId }],
      factions: [{ id: factionId, name: 'The Dragons', entity_class: 'Faction' }],
      meta: { current_page: 1, total_count: 1 },
    });
    const none = await as(player).get('/api/v2/junctures?faction_id=__NONE__');
    expect(none.body).toMatchObject({ junctures: [], factions: [], meta: { total_count: 0 } });
    const badFilter = await as(player).get('/api/v2/junctures?faction_id=nope');
    expect(badFilter.status).toBe(422);
    const picker = await as(player).get('/api/v2/junctures?autocomplete=true');
    expect(picker.body.junctures).toEqual([
      { id: junctureId, name: 'Contemporary', image_url: null, entity_class: 'Juncture' },
    ]);
    expect((await as(player).get(`/api/v2/junctures/${junctureId}`)).status).toBe(200);
    const refused = await as(player)
      .patch(`/api/v2/junctures/${junctureId}`)
      .send({ juncture: { name: 'Mine' } });
    expect(refused.status).toBe(403);
  });

  it('answers a taken name and a faction not of the campaign as field errors (422)', async () => {
    const taken = await as(gm)
      .post('/api/v2/junctures')
      .send({ juncture: { name: 'CONTEMPORARY' } });
    expect(taken.status).toBe(422);
    expect(taken.body).toMatchObject({ errors: { name: ['has already been taken'] } });
    const foreign = await as(gm)
      .post('/api/v2/junctures')
      .send({ juncture: { name: 'Ancient', faction_id: '00000000-0000-4000-8000-000000000000' } });
    expect(foreign.status).toBe(422);
    expect(foreign.body).toMatchObject({ errors: { faction_id: ['is not a faction of this campaign'] } });
  });

  it('hides the juncture from someone outside the campaign (404)', async () => {
    expect((await as(outsider).get(`/api/v2/junctures/${junctureId}`)).status).toBe(404);
    expect((await as(outsider).delete(`/api/v2/junctures/${junctureId}`)).status).toBe(404);
  });

  it('refuses to delete it while a character belongs to it (422 associations_exist), unless forced', async () => {
    await stack.db.query(
      `insert into characters (id, campaign_id, juncture_id, name)
       select gen_random_uuid(), campaign_id, id, 'Fei' from junctures where id = $1`,
      [junctureId],
    );
    const refused = await as(gm).delete(`/api/v2/junctures/${junctureId}`);
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({
      error_type: 'associations_exist',
      entity_type: 'juncture',
      entity_id: junctureId,
      constraints: { characters: { count: 1, label: 'character' } },
    });
    expect(refused.body.suggestions.length).toBeGreaterThan(0);
  });

  it('lets the gamemaster rename it and drop its faction, then delete it (204)', async () => {
    const renamed = await as(gm)
      .patch(`/api/v2/junctures/${junctureId}`)
      .send({ juncture: { name: 'Modern', faction_id: null } });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'Modern', faction_id: null, faction: null });
    expect((await as(gm).delete(`/api/v2/junctures/${junctureId}?force=true`)).status).toBe(204);
    expect((await as(gm).get(`/api/v2/junctures/${junctureId}`)).status).toBe(404);
  });
});
