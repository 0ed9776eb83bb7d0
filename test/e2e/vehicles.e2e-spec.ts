import type { Stack, Account } from './support/stack.js';
import { as as asAccount, startCampaignStack } from './support/campaign-stack.js';

let stack: Stack;
let gm: Account;
let player: Account;
let outsider: Account;

/**
 * Vehicles through the gateway, as the Rails-era client uses them: the gamemaster and the players create vehicles
 * (multipart with the record as a JSON string, or JSON), list, read and change them (players only their own),
 * read and set their chase state, and the gamemaster deletes them; an outsider sees none of it, and bad input is
 * refused before anything is written.
 */
// Booting the stack on a busy machine can pass Jest's default 5 s hook guard (the config's testTimeout is not
// applied per project): the same 30 s guard against hangs as the suites' tests.
const BOOT_GUARD_MS = 30_000;

beforeAll(async () => {
  ({ stack, gm, player, outsider } = await startCampaignStack('e2e-vehicles'));
}, BOOT_GUARD_MS);

afterAll(async () => {
  await stack?.stop();
});

const as = (account: Account) => asAccount(stack, account);

/** The client's `defaultVehicle` (src/types/defaults.ts), named, as its create form sends it. */
const clientVehicle = (name: string) => ({
  entity_class: 'Vehicle',
  id: '',
  name,
  active: true,
  category: 'vehicle',
  current_shot: '',
  impairments: 0,
  color: '',
  faction_id: null,
  faction: { id: '', name: '', characters: [], vehicles: [], active: true, image_url: '' },
  action_values: {
    Acceleration: 0,
    Handling: 0,
    Squeal: 0,
    Frame: 0,
    Crunch: 0,
    'Chase Points': 0,
    'Condition Points': 0,
    Pursuer: 'true',
    Position: 'far',
    Type: 'Featured Foe',
  },
  description: { Nicknames: '', Age: '', Appearance: '', 'Melodramatic Hook': '' },
  schticks: [],
  skills: {},
  driver: { name: '', category: 'character', action_values: { Type: 'Featured Foe' }, faction: { id: '' } },
  image_url: '',
  task: false,
  juncture_id: null,
  user_id: '',
});

describe('vehicles through the gateway', () => {
  let sedanId = '';
  let bikeId = '';
  let factionId = '';

  it('lets the gamemaster create one as the client does (multipart, the whole default vehicle): 201', async () => {
    const faction = await as(gm)
      .post('/api/v2/factions')
      .send({ faction: { name: 'The Dragons' } });
    factionId = faction.body.id;
    const response = await as(gm)
      .post('/api/v2/vehicles')
      .field('vehicle', JSON.stringify({ ...clientVehicle('Black Sedan'), faction_id: factionId }));
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      entity_class: 'Vehicle',
      name: 'Black Sedan',
      faction: { id: factionId, name: 'The Dragons', entity_class: 'Faction' },
      action_values: { Type: 'Featured Foe', Archetype: 'Car', Position: 'far', 'Chase Points': 0 },
      description: { Size: '', Weight: '', Color: '', Appearance: '', Nicknames: '' },
      color: '',
      party_ids: [],
    });
    sedanId = response.body.id;
  });

  it('lets a player create their own (JSON) and read the list with its extras, filtered', async () => {
    const bike = await as(player)
      .post('/api/v2/vehicles')
      .send({
        vehicle: { name: 'Bike', action_values: { Archetype: 'Motorcycle', Type: 'PC', Acceleration: '8' } },
      });
    expect(bike.status).toBe(201);
    expect(bike.body).toMatchObject({ user_id: player.id, action_values: { Acceleration: 8 } });
    bikeId = bike.body.id;
    const listed = await as(player).get('/api/v2/vehicles?sort=name&order=asc&per_page=5');
    expect(listed.status).toBe(200);
    expect(listed.body).toMatchObject({
      vehicles: [
        { id: bikeId, name: 'Bike', entity_class: 'Vehicle', category: 'vehicle' },
        { id: sedanId, name: 'Black Sedan', faction_id: factionId },
      ],
      factions: [{ id: factionId, name: 'The Dragons', entity_class: 'Faction' }],
      types: ['Featured Foe', 'PC'],
      archetypes: ['Car', 'Motorcycle'],
      meta: { current_page: 1, total_count: 2 },
    });
    const filtered = await as(player).get(
      `/api/v2/vehicles?faction_id=__NONE__&user_id=${player.id}&type=PC`,
    );
    expect(filtered.body.vehicles.map((vehicle: { id: string }) => vehicle.id)).toEqual([bikeId]);
    const picker = await as(player).get('/api/v2/vehicles?autocomplete=true&search=bik');
    expect(picker.body.vehicles).toEqual([
      { id: bikeId, name: 'Bike', image_url: null, entity_class: 'Vehicle' },
    ]);
    const shown = await as(player).get(`/api/v2/vehicles/${sedanId}`);
    expect(shown.status).toBe(200);
    expect(shown.body).toMatchObject({ id: sedanId, user: { id: gm.id, entity_class: 'User' } });
  });

  it('serves the vehicle catalogue', async () => {
    const catalogue = await as(player).get('/api/v2/vehicles/archetypes');
    expect(catalogue.status).toBe(200);
    expect(catalogue.body).toContainEqual({
      name: 'Tank',
      Acceleration: 3,
      Handling: 3,
      Squeal: 5,
      Frame: 12,
      Crunch: 14,
    });
  });

  it('merges action_values on update; a player changes only their own (403 otherwise)', async () => {
    const changed = await as(player)
      .patch(`/api/v2/vehicles/${bikeId}`)
      .send({ vehicle: { action_values: { Handling: 8 } } });
    expect(changed.status).toBe(200);
    expect(changed.body.action_values).toMatchObject({
      Acceleration: 8,
      Handling: 8,
      Archetype: 'Motorcycle',
    });
    const refused = await as(player)
      .patch(`/api/v2/vehicles/${sedanId}`)
      .send({ vehicle: { name: 'Mine' } });
    expect(refused.status).toBe(403);
    expect((await as(player).get(`/api/v2/vehicles/${sedanId}`)).body.name).toBe('Black Sedan');
  });

  it('reads and sets the chase state (GET and PATCH /:id/chase_state)', async () => {
    const set = await as(player)
      .patch(`/api/v2/vehicles/${bikeId}/chase_state`)
      .send({ chase_state: { chase_points: '12', condition_points: 3, position: 'near', pursuer: 'false' } });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({
      id: bikeId,
      action_values: { 'Chase Points': 12, 'Condition Points': 3, Position: 'near', Pursuer: 'false' },
    });
    const read = await as(gm).get(`/api/v2/vehicles/${bikeId}/chase_state`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual({
      vehicle_id: bikeId,
      chase_points: 12,
      condition_points: 3,
      position: 'near',
      pursuer: 'false',
    });
  });

  it('refuses bad input with field errors (422) or as unreadable (400), changing nothing', async () => {
    const cases: [string, 'post' | 'patch', string, object, Record<string, unknown>][] = [
      [
        'a non-number Crunch',
        'patch',
        `/api/v2/vehicles/${bikeId}`,
        { vehicle: { action_values: { Crunch: 'heavy' } } },
        { action_values: ['"Crunch" must be a whole number up to 999999'] },
      ],
      [
        'an unknown field',
        'patch',
        `/api/v2/vehicles/${bikeId}`,
        { vehicle: { horsepower: 300 } },
        { horsepower: ['is not a permitted attribute'] },
      ],
      [
        'no name',
        'post',
        '/api/v2/vehicles',
        { vehicle: { action_values: {} } },
        { name: ["can't be blank"] },
      ],
      [
        'a taken name',
        'post',
        '/api/v2/vehicles',
        { vehicle: { name: 'black sedan' } },
        { name: ['has already been taken'] },
      ],
      [
        'an owner outside the campaign',
        'patch',
        `/api/v2/vehicles/${sedanId}`,
        { vehicle: { user_id: outsider.id } },
        { user_id: ['is not a member of this campaign'] },
      ],
      [
        'a negative Chase Points',
        'patch',
        `/api/v2/vehicles/${bikeId}/chase_state`,
        { chase_state: { chase_points: -1 } },
        { chase_points: ['must be at least 0'] },
      ],
      [
        'an unknown position',
        'patch',
        `/api/v2/vehicles/${bikeId}/chase_state`,
        { chase_state: { position: 'close' } },
        { position: ['must be one of: near, far'] },
      ],
    ];
    for (const [label, method, url, body, errors] of cases) {
      const response = await as(gm)[method](url).send(body);
      expect({ label, status: response.status, errors: response.body.errors }).toEqual({
        label,
        status: 422,
        errors,
      });
    }
    for (const query of ['faction_id=nope', 'sort=speed', 'type=Truck', 'per_page=0']) {
      expect((await as(player).get(`/api/v2/vehicles?${query}`)).status).toBe(422);
    }
    const unreadable = await as(gm)
      .post('/api/v2/vehicles')
      .set('Content-Type', 'application/json')
      .send('{"vehicle": ');
    expect(unreadable.status).toBe(400);
    expect((await as(gm).get('/api/v2/vehicles/not-an-id')).status).toBe(404);
    const bike = await as(player).get(`/api/v2/vehicles/${bikeId}`);
    expect(bike.body.action_values).toMatchObject({ Crunch: 0, 'Chase Points': 12, Position: 'near' });
    const list = await as(player).get('/api/v2/vehicles');
    expect(list.body.meta.total_count).toBe(2);
  });

  it('hides them from someone outside the campaign (404)', async () => {
    expect((await as(outsider).get(`/api/v2/vehicles/${sedanId}`)).status).toBe(404);
    expect((await as(outsider).get(`/api/v2/vehicles/${sedanId}/chase_state`)).status).toBe(404);
    expect((await as(outsider).delete(`/api/v2/vehicles/${sedanId}`)).status).toBe(404);
  });

  it('refuses to delete one in a party (422 associations_exist), unless forced (204)', async () => {
    const party = await as(gm)
      .post('/api/v2/parties')
      .send({ party: { name: 'Posse', vehicle_ids: [sedanId] } });
    expect(party.status).toBe(201);
    const refused = await as(gm).delete(`/api/v2/vehicles/${sedanId}`);
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({
      error_type: 'associations_exist',
      entity_type: 'vehicle',
      entity_id: sedanId,
      constraints: { parties: { count: 1, label: 'party' } },
    });
    expect((await as(gm).delete(`/api/v2/vehicles/${sedanId}?force=true`)).status).toBe(204);
    expect((await as(gm).get(`/api/v2/vehicles/${sedanId}`)).status).toBe(404);
    expect((await as(gm).get(`/api/v2/parties/${party.body.id}`)).body.vehicle_ids).toEqual([]);
  });
});
