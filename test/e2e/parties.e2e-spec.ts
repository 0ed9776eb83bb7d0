import type { Stack, Account } from './support/stack.js';
import { as as asAccount, startCampaignStack } from './support/campaign-stack.js';

let stack: Stack;
let gm: Account;
let player: Account;
let outsider: Account;

/**
 * Parties through the gateway, as the Rails-era client uses them: the gamemaster creates, lists, changes and
 * deletes the current campaign's parties, with their characters and vehicles; a player reads them; an outsider sees none of it.
 */
beforeAll(async () => {
  ({ stack, gm, player, outsider } = await startCampaignStack('e2e-parties'));
});

afterAll(async () => {
  await stack?.stop();
});

/** Requests with an account's token. */
const as = (account: Account) => asAccount(stack, account);
describe('parties through the gateway', () => {
  let partyId = '';
  let vehicleId = '';

  it('lets the gamemaster create one with a vehicle (201), sending the record back as the client does', async () => {
    const { rows } = await stack.db.query<{ id: string }>(
      `insert into vehicles (id, campaign_id, name)
       select gen_random_uuid(), current_campaign_id, 'Junk' from users where id = $1 returning id`,
      [gm.id],
    );
    vehicleId = rows[0].id;
    const response = await as(gm)
      .post('/api/v2/parties')
      .send({
        party: { name: 'Posse', vehicle_ids: [vehicleId], id: '', entity_class: 'Party', characters: [] },
      });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      entity_class: 'Party',
      name: 'Posse',
      vehicle_ids: [vehicleId],
      vehicles: [{ id: vehicleId, name: 'Junk', entity_class: 'Vehicle' }],
      character_ids: [],
    });
    partyId = response.body.id;
  });

  it('lists it and shows it to a player, who may not change it (403)', async () => {
    const listed = await as(player).get(
      `/api/v2/parties?per_page=5&vehicle_id=${vehicleId}&faction_id=__NONE__`,
    );
    expect(listed.status).toBe(200);
    expect(listed.body).toMatchObject({
      parties: [{ id: partyId, name: 'Posse', entity_class: 'Party' }],
      factions: [],
      meta: { current_page: 1, total_count: 1 },
    });
    expect((await as(player).get('/api/v2/parties?vehicle_id=nope')).status).toBe(422);
    expect((await as(player).get(`/api/v2/parties/${partyId}`)).status).toBe(200);
    const refused = await as(player)
      .patch(`/api/v2/parties/${partyId}`)
      .send({ party: { name: 'Mine' } });
    expect(refused.status).toBe(403);
  });

  it('answers a taken name and a faction not of the campaign as field errors (422)', async () => {
    const taken = await as(gm)
      .post('/api/v2/parties')
      .send({ party: { name: 'posse' } });
    expect(taken.status).toBe(422);
    expect(taken.body).toMatchObject({ errors: { name: ['has already been taken'] } });
    const foreign = await as(gm)
      .post('/api/v2/parties')
      .send({ party: { name: 'Gang', faction_id: '00000000-0000-4000-8000-000000000000' } });
    expect(foreign.status).toBe(422);
    expect(foreign.body).toMatchObject({ errors: { faction_id: ['is not a faction of this campaign'] } });
  });

  it('hides the party from someone outside the campaign (404)', async () => {
    expect((await as(outsider).get(`/api/v2/parties/${partyId}`)).status).toBe(404);
    expect((await as(outsider).delete(`/api/v2/parties/${partyId}`)).status).toBe(404);
  });

  it('refuses the delete while it has members (422 associations_exist), then deletes it forced (204)', async () => {
    const refused = await as(gm).delete(`/api/v2/parties/${partyId}`);
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({
      error_type: 'associations_exist',
      entity_type: 'party',
      entity_id: partyId,
      constraints: { vehicles: { count: 1, label: 'vehicle' } },
    });
    expect((await as(gm).delete(`/api/v2/parties/${partyId}?force=true`)).status).toBe(204);
    expect((await as(gm).get(`/api/v2/parties/${partyId}`)).status).toBe(404);
  });
});
