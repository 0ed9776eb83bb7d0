import { randomUUID } from 'node:crypto';
import { signUp, type Account, type Stack } from './support/stack.js';
import { as as asAccount, startCampaignStack } from './support/campaign-stack.js';

let stack: Stack;
let gm: Account;
let player: Account;
let outsider: Account;
let admin: Account;
let campaignId: string;

/**
 * A party's members one at a time through the gateway, as the Next.js client's partyClient calls them
 * (`POST /api/v2/parties/:id/members {character_id | vehicle_id}`, `DELETE /api/v2/parties/:id/members/:member_id`):
 * the gamemaster adds and removes, a player may not, an outsider finds nothing; and template characters, which
 * are an admin's: the gamemaster's template id is answered as an unknown one, and only an admin sees it in a party.
 */
beforeAll(async () => {
  ({ stack, gm, player, outsider, campaignId } = await startCampaignStack('e2e-party-members'));
  admin = await signUp(stack);
  await stack.db.query('update users set admin = true where id = $1', [admin.id]);
  expect((await as(admin).post('/api/v2/campaigns/current').send({ id: campaignId })).status).toBe(200);
});

afterAll(async () => {
  await stack?.stop();
});

const as = (account: Account) => asAccount(stack, account);
const members = (partyId: string) => `/api/v2/parties/${partyId}/members`;

async function createParty(name: string): Promise<string> {
  const created = await as(gm).post('/api/v2/parties').send({ party: { name } });
  expect(created.status).toBe(201);
  return created.body.id as string;
}

async function createCharacter(account: Account, character: Record<string, unknown>): Promise<string> {
  const created = await as(account).post('/api/v2/characters').send({ character });
  expect(created.status).toBe(201);
  return created.body.id as string;
}

describe('party members through the gateway', () => {
  let partyId = '';
  let feiId = '';
  let vehicleId = '';

  beforeAll(async () => {
    partyId = await createParty('Posse');
    feiId = await createCharacter(gm, { name: 'Fei' });
    const vehicle = await as(gm)
      .post('/api/v2/vehicles')
      .send({ vehicle: { name: 'Junk' } });
    expect(vehicle.status).toBe(201);
    vehicleId = vehicle.body.id;
  });

  it('lets the gamemaster add a character and a vehicle (201), answering the party', async () => {
    const character = await as(gm).post(members(partyId)).send({ character_id: feiId });
    expect(character.status).toBe(201);
    expect(character.body).toMatchObject({
      id: partyId,
      entity_class: 'Party',
      character_ids: [feiId],
      characters: [{ id: feiId, name: 'Fei', entity_class: 'Character' }],
    });
    const vehicle = await as(gm).post(members(partyId)).send({ vehicle_id: vehicleId });
    expect(vehicle.status).toBe(201);
    expect(vehicle.body).toMatchObject({ character_ids: [feiId], vehicle_ids: [vehicleId] });
    expect((await as(player).get(`/api/v2/parties/${partyId}`)).body.vehicle_ids).toEqual([vehicleId]);
  });

  it('answers bad bodies and a member already in the party with 422, unknown ids with 404', async () => {
    const again = await as(gm).post(members(partyId)).send({ character_id: feiId });
    expect(again.status).toBe(422);
    expect(again.body).toMatchObject({ errors: { character_id: ['is already in this party'] } });
    for (const body of [{}, { character_id: feiId, vehicle_id: vehicleId }, { character_id: 'fei' }]) {
      const refused = await as(gm).post(members(partyId)).send(body);
      expect({ body, status: refused.status }).toEqual({ body, status: 422 });
      expect(Object.keys(refused.body.errors as object).length).toBeGreaterThan(0);
    }
    const unknownCharacter = await as(gm).post(members(partyId)).send({ character_id: randomUUID() });
    expect(unknownCharacter.status).toBe(404);
    expect(unknownCharacter.body).toMatchObject({ error: 'Record not found' });
    expect((await as(gm).post(members(randomUUID())).send({ character_id: feiId })).status).toBe(404);
    expect((await as(gm).post(members('posse')).send({ character_id: feiId })).status).toBe(404);
  });

  it('refuses a player (403) and hides the party from an outsider (404), adding or removing', async () => {
    const newcomer = await createCharacter(player, { name: 'Jun' });
    expect((await as(player).post(members(partyId)).send({ character_id: newcomer })).status).toBe(403);
    expect((await as(player).delete(`${members(partyId)}/${feiId}`)).status).toBe(403);
    expect((await as(outsider).post(members(partyId)).send({ character_id: newcomer })).status).toBe(404);
    expect((await as(outsider).delete(`${members(partyId)}/${feiId}`)).status).toBe(404);
    expect((await as(gm).get(`/api/v2/parties/${partyId}`)).body.character_ids).toEqual([feiId]);
  });

  it('lets the gamemaster remove a member by its membership or by the vehicle (200, the party)', async () => {
    const { rows } = await stack.db.query<{ id: string }>(
      'select id from party_memberships where party_id = $1 and character_id = $2',
      [partyId, feiId],
    );
    const byMembership = await as(gm).delete(`${members(partyId)}/${rows[0].id}`);
    expect(byMembership.status).toBe(200);
    expect(byMembership.body).toMatchObject({ id: partyId, character_ids: [], vehicle_ids: [vehicleId] });
    const byVehicle = await as(gm).delete(`${members(partyId)}/${vehicleId}`);
    expect(byVehicle.status).toBe(200);
    expect(byVehicle.body).toMatchObject({ character_ids: [], vehicle_ids: [] });
    expect((await as(gm).delete(`${members(partyId)}/${vehicleId}`)).status).toBe(404);
  });
});

describe('template characters, an admin’s only', () => {
  let partyId = '';
  let templateId = '';
  let feiId = '';

  beforeAll(async () => {
    partyId = await createParty('Villains');
    templateId = await createCharacter(admin, { name: 'Killer Template', is_template: true });
    feiId = await createCharacter(gm, { name: 'Fei Too' });
  });

  it('answers the gamemaster’s template id as an unknown one (404), and lets an admin add it', async () => {
    const unknown = await as(gm).post(members(partyId)).send({ character_id: randomUUID() });
    const template = await as(gm).post(members(partyId)).send({ character_id: templateId });
    expect(template.status).toBe(404);
    expect(template.body).toEqual(unknown.body);
    const byAdmin = await as(admin).post(members(partyId)).send({ character_id: templateId });
    expect(byAdmin.status).toBe(201);
    expect(byAdmin.body.character_ids).toEqual([templateId]);
  });

  it('shows the template in the party to the admin only; the gamemaster may not take it out (404)', async () => {
    expect((await as(gm).post(members(partyId)).send({ character_id: feiId })).status).toBe(201);
    for (const account of [gm, player]) {
      const party = await as(account).get(`/api/v2/parties/${partyId}`);
      expect(party.body.character_ids).toEqual([feiId]);
      const index = await as(account).get(`/api/v2/parties?search=villains`);
      expect(JSON.stringify(index.body)).not.toContain(templateId);
      expect(JSON.stringify(index.body)).toContain(feiId);
    }
    const seen = await as(admin).get(`/api/v2/parties/${partyId}`);
    expect([...seen.body.character_ids].sort()).toEqual([feiId, templateId].sort());
    expect((await as(gm).delete(`${members(partyId)}/${templateId}`)).status).toBe(404);
    // The whole list the gamemaster sends back (as the client's form does) leaves the template in.
    const saved = await as(gm)
      .patch(`/api/v2/parties/${partyId}`)
      .send({ party: { name: 'Villains', character_ids: [feiId] } });
    expect(saved.status).toBe(200);
    const again = await as(admin).get(`/api/v2/parties/${partyId}`);
    expect([...again.body.character_ids].sort()).toEqual([feiId, templateId].sort());
  });
});
