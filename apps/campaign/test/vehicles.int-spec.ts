import {
  NatsHeader,
  Subjects,
  type Actor,
  type VehicleArchetypeView,
  type VehicleChaseStateView,
  type VehicleLiteView,
  type VehiclesIndexView,
  type VehicleView,
} from '@shotcaller/contracts';
import { NatsRequester, TestEnvironment } from '@shotcaller/testing';
import { CampaignRecordsWorld } from './support/campaign-records.js';

/**
 * Vehicles over NATS, as the gateway asks for them: scoped to the caller's current campaign, read by its members,
 * made by them (their own), changed by their owner or the gamemaster, linked only to the campaign's own owner,
 * faction, juncture and parties, with their action values filled and merged, refused (422) while in a party or
 * a fight unless forced, and announced once committed.
 */

const world = new CampaignRecordsWorld(new TestEnvironment('vehicles-int'));
let nats: NatsRequester;
let gm: Actor;
let player: Actor;
let stranger: Actor;
let dragons: { id: string };
let contemporary: { id: string };
let posse: { id: string };

const { vehicles, parties } = Subjects.campaign;
const { create, list, mine } = world.resource<VehicleView, VehiclesIndexView>(
  vehicles,
  'vehicle',
  'vehicles',
);
const names = (page: VehiclesIndexView) => page.vehicles.map((vehicle) => vehicle.name);
const count = (sql: string, values: unknown[] = []) => world.count(sql, values);
const get = (id: string, actor = player) => nats.expectOk<VehicleView>(vehicles.get, { id }, { actor });
const update = (id: string, vehicle: object, actor = gm) =>
  nats.expectOk<VehicleView>(vehicles.update, { id, vehicle }, { actor });
const refused = (subject: string, data: object, actor: Actor) => nats.expectError(subject, data, { actor });
const byName = async (name: string) => {
  const [found] = (await list({ search: name, visibility: 'all' })).vehicles;
  return found;
};

beforeAll(async () => {
  await world.start();
  ({ nats, gm, player, stranger } = world);
  ({ faction: dragons, juncture: contemporary } = await world.factionAndJuncture());
  posse = await nats.expectOk<{ id: string }>(parties.create, { party: { name: 'Posse' } }, { actor: gm });
});

afterAll(async () => {
  await world.stop();
});

describe('creating and reading', () => {
  it('the gamemaster creates a vehicle with its links; defaults filled, numbers stored as integers, announced after the commit', async () => {
    const before = await world.settled();
    const sedan = await create({
      name: 'Black Sedan',
      faction_id: dragons.id,
      juncture_id: contemporary.id,
      user_id: player.id,
      party_ids: [posse.id],
      color: '#000000',
      action_values: { Acceleration: '7', Handling: 8, Type: 'Featured Foe', Position: 'far' },
      description: { Color: 'black' },
    });
    expect(sedan).toMatchObject({
      entity_class: 'Vehicle',
      category: 'vehicle',
      name: 'Black Sedan',
      color: '#000000',
      impairments: 0,
      task: false,
      faction_id: dragons.id,
      faction: { id: dragons.id, name: 'The Dragons', entity_class: 'Faction' },
      juncture_id: contemporary.id,
      juncture: { id: contemporary.id, name: 'Contemporary', entity_class: 'Juncture' },
      user_id: player.id,
      user: { id: player.id, first_name: 'player', entity_class: 'User' },
      party_ids: [posse.id],
      image_positions: [],
      action_values: {
        Acceleration: 7,
        Handling: 8,
        Squeal: 0,
        Frame: 0,
        Crunch: 0,
        'Condition Points': 0,
        'Chase Points': 0,
        Pursuer: 'true',
        Type: 'Featured Foe',
        Archetype: 'Car',
        Position: 'far',
      },
      description: { Size: '', Weight: '', Color: 'black', Appearance: '' },
    });
    const stored = await world.db.query<{ action_values: Record<string, unknown> }>(
      'select action_values from vehicles where id = $1',
      [sedan.id],
    );
    expect(stored.rows[0].action_values.Acceleration).toBe(7);
    expect(await count('from party_memberships where vehicle_id = $1', [sedan.id])).toBe(1);
    expect(await world.publishedAfter(before, 2, mine)).toEqual([{ vehicle: sedan }, { vehicles: 'reload' }]);
  });

  it('a player creates one of their own (owner by default), but not for someone else (403), writing nothing', async () => {
    const bike = await create(
      { name: 'Bike', action_values: { Archetype: 'Motorcycle', Type: 'PC' } },
      player,
    );
    expect(bike).toMatchObject({ user_id: player.id, faction: null, juncture: null, party_ids: [] });
    expect(
      await refused(vehicles.create, { vehicle: { name: 'Gift', user_id: gm.id } }, player),
    ).toMatchObject({ statusCode: 403 });
    expect(await count("from vehicles where name = 'Gift'")).toBe(0);
  });

  it('a member reads the index with its factions, types and archetypes, and filters it', async () => {
    await create({ name: 'Junker', action_values: { Archetype: '', Type: 'Mook' }, active: false });
    const page = await list();
    expect(names(page)).toEqual(['Bike', 'Black Sedan']);
    expect(page.factions).toEqual([
      { id: dragons.id, name: 'The Dragons', image_url: null, entity_class: 'Faction' },
    ]);
    expect(page.types).toEqual(['Featured Foe', 'PC']);
    expect(page.archetypes).toEqual(['Car', 'Motorcycle']);
    expect(page.meta).toMatchObject({ current_page: 1, total_count: 2 });
    const sedan = page.vehicles[1] as VehicleLiteView;
    expect(sedan).toMatchObject({ juncture_id: contemporary.id, user_id: player.id, faction_id: dragons.id });
    expect(names(await list({ faction_id: '__NONE__' }))).toEqual(['Bike']);
    expect(names(await list({ juncture_id: contemporary.id }))).toEqual(['Black Sedan']);
    expect(names(await list({ user_id: player.id, sort: 'name', order: 'asc' }))).toEqual([
      'Bike',
      'Black Sedan',
    ]);
    expect(names(await list({ party_id: posse.id }))).toEqual(['Black Sedan']);
    expect(names(await list({ party_id: '__NONE__' }))).toEqual(['Bike']);
    expect(names(await list({ type: 'PC' }))).toEqual(['Bike']);
    expect(names(await list({ vehicle_type: 'Featured Foe' }))).toEqual(['Black Sedan']);
    expect(names(await list({ archetype: 'Motorcycle' }))).toEqual(['Bike']);
    expect(names(await list({ archetype: '__NONE__', visibility: 'all' }))).toEqual(['Junker']);
    expect(names(await list({ visibility: 'hidden' }))).toEqual(['Junker']);
    expect(names(await list({ sort: 'archetype', order: 'asc', visibility: 'all' }))).toEqual([
      'Junker',
      'Black Sedan',
      'Bike',
    ]);
    expect(names(await list({ ids: [sedan.id] }))).toEqual(['Black Sedan']);
    const picker = await list({ autocomplete: true, search: 'sed' });
    expect(picker.vehicles).toEqual([
      { id: sedan.id, name: 'Black Sedan', image_url: null, entity_class: 'Vehicle' },
    ]);
    expect((await get(sedan.id)).party_ids).toEqual([posse.id]);
  });

  it('serves the vehicle catalogue', async () => {
    const catalogue = await nats.expectOk<VehicleArchetypeView[]>(vehicles.archetypes, {}, { actor: player });
    expect(catalogue).toContainEqual({
      name: 'Motorcycle',
      Acceleration: 8,
      Handling: 8,
      Squeal: 10,
      Frame: 0,
      Crunch: 0,
    });
    expect(catalogue.length).toBeGreaterThan(30);
  });

  it('with an Idempotency-Key, a retry gets the first vehicle', async () => {
    const headers = { [NatsHeader.IdempotencyKey]: `vehicle-${Date.now()}` };
    const request = () =>
      nats.expectOk<VehicleView>(vehicles.create, { vehicle: { name: 'Retried' } }, { actor: gm, headers });
    const first = await request();
    expect((await request()).id).toBe(first.id);
    expect(await count("from vehicles where name = 'Retried'")).toBe(1);
  });
});

describe('who may change what', () => {
  it('action_values merge into the stored ones on update; the description is replaced', async () => {
    const sedan = await byName('Black Sedan');
    const updated = await update(sedan.id, {
      action_values: { 'Chase Points': '12', Pursuer: 'false' },
      description: { Size: 'Large' },
    });
    expect(updated.action_values).toMatchObject({
      Acceleration: 7,
      Handling: 8,
      'Chase Points': 12,
      Pursuer: 'false',
      Type: 'Featured Foe',
    });
    expect(updated.description).toEqual({ Size: 'Large', Weight: '', Color: '', Appearance: '' });
  });

  it('a player changes their own vehicle but not another’s, nor gives theirs away (403)', async () => {
    const bike = await byName('Bike');
    expect(await update(bike.id, { name: 'Fast Bike', impairments: '1' }, player)).toMatchObject({
      name: 'Fast Bike',
      impairments: 1,
    });
    const junker = await byName('Junker');
    expect(
      await refused(vehicles.update, { id: junker.id, vehicle: { name: 'Mine' } }, player),
    ).toMatchObject({
      statusCode: 403,
    });
    expect(
      await refused(vehicles.update, { id: bike.id, vehicle: { user_id: gm.id } }, player),
    ).toMatchObject({ statusCode: 403 });
    expect(await refused(vehicles.delete, { id: junker.id }, player)).toMatchObject({ statusCode: 403 });
    expect(await count("from vehicles where name = 'Mine'")).toBe(0);
  });

  it('an outsider sees none of them (404)', async () => {
    const sedan = await byName('Black Sedan');
    for (const subject of [vehicles.get, vehicles.chaseState, vehicles.delete]) {
      expect(await refused(subject, { id: sedan.id }, stranger)).toMatchObject({ statusCode: 404 });
    }
    expect(
      await refused(vehicles.update, { id: sedan.id, vehicle: { name: 'Stolen' } }, stranger),
    ).toMatchObject({ statusCode: 404 });
    expect((await list({}, stranger)).vehicles).toEqual([]);
  });

  it('refuses a taken name, links outside the campaign and an owner who is not a member (422), writing nothing', async () => {
    expect(await refused(vehicles.create, { vehicle: { name: 'BLACK SEDAN' } }, gm)).toMatchObject({
      statusCode: 422,
      details: { errors: { name: ['has already been taken'] } },
    });
    const elsewhere = await nats.expectOk<{ id: string }>(
      Subjects.campaign.factions.create,
      { faction: { name: 'Strangers' } },
      { actor: stranger },
    );
    const junker = await byName('Junker');
    for (const [vehicle, field] of [
      [{ name: 'Renamed', faction_id: elsewhere.id }, 'faction_id'],
      [{ name: 'Renamed', party_ids: ['00000000-0000-4000-8000-000000000000'] }, 'party_ids'],
      [{ name: 'Renamed', user_id: stranger.id }, 'user_id'],
    ] as const) {
      const error = await refused(vehicles.update, { id: junker.id, vehicle }, gm);
      expect(error).toMatchObject({ statusCode: 422 });
      expect(Object.keys((error.details as { errors: object }).errors)).toEqual([field]);
    }
    // A payload the gateway would have refused (422) is refused again here, as an invalid payload.
    expect(
      await refused(
        vehicles.update,
        { id: junker.id, vehicle: { name: 'Renamed', action_values: { Crunch: 'heavy' } } },
        gm,
      ),
    ).toMatchObject({
      statusCode: 400,
      details: { errors: { action_values: ['"Crunch" must be a whole number up to 999999'] } },
    });
    expect(await count("from vehicles where name = 'Renamed'")).toBe(0);
  });
});

describe('chase state', () => {
  it('reads and sets Chase Points, Condition Points, Position and Pursuer; the owner may, announced as an update', async () => {
    const bike = await byName('Fast Bike');
    expect(
      await nats.expectOk<VehicleChaseStateView>(vehicles.chaseState, { id: bike.id }, { actor: gm }),
    ).toEqual({ vehicle_id: bike.id, chase_points: 0, condition_points: 0, position: null, pursuer: 'true' });
    const before = await world.settled();
    const changed = await nats.expectOk<VehicleView>(
      vehicles.setChaseState,
      {
        id: bike.id,
        chase_state: { chase_points: '9', condition_points: 4, position: 'near', pursuer: 'false' },
      },
      { actor: player },
    );
    expect(changed.action_values).toMatchObject({
      'Chase Points': 9,
      'Condition Points': 4,
      Position: 'near',
      Pursuer: 'false',
      Archetype: 'Motorcycle',
    });
    expect(await world.publishedAfter(before, 2, mine)).toEqual([
      { vehicle: changed },
      { vehicles: 'reload' },
    ]);
    expect(
      await nats.expectOk<VehicleChaseStateView>(vehicles.chaseState, { id: bike.id }, { actor: player }),
    ).toMatchObject({ chase_points: 9, position: 'near' });
  });

  it('refuses negative points and unknown positions (invalid payload), and another player’s vehicle (403)', async () => {
    const bike = await byName('Fast Bike');
    expect(
      await refused(vehicles.setChaseState, { id: bike.id, chase_state: { chase_points: -1 } }, player),
    ).toMatchObject({ statusCode: 400 });
    expect(
      await refused(vehicles.setChaseState, { id: bike.id, chase_state: { position: 'close' } }, player),
    ).toMatchObject({ statusCode: 400 });
    const junker = await byName('Junker');
    expect(
      await refused(vehicles.setChaseState, { id: junker.id, chase_state: { chase_points: 1 } }, player),
    ).toMatchObject({ statusCode: 403 });
    expect((await get(bike.id)).action_values['Chase Points']).toBe(9);
  });
});

describe('deleting', () => {
  it('refuses while it is in a party or a fight (associations_exist); force removes it from them', async () => {
    const sedan = await byName('Black Sedan');
    const { rows } = await world.db.query<{ id: string }>(
      `insert into fights (id, campaign_id, name) values (gen_random_uuid(), $1, 'Chase') returning id`,
      [world.campaign.id],
    );
    await world.db.query(`insert into shots (id, fight_id, vehicle_id) values (gen_random_uuid(), $1, $2)`, [
      rows[0].id,
      sedan.id,
    ]);
    expect(await refused(vehicles.delete, { id: sedan.id }, gm)).toMatchObject({
      statusCode: 422,
      details: {
        error_type: 'associations_exist',
        entity_type: 'vehicle',
        entity_id: sedan.id,
        constraints: { parties: { count: 1, label: 'party' }, fights: { count: 1, label: 'fight' } },
      },
    });
    expect(await count('from vehicles where id = $1', [sedan.id])).toBe(1);
    // In the fight: the fight filter finds it, and __NONE__ the vehicles in no fight.
    expect(names(await list({ fight_id: rows[0].id }))).toEqual(['Black Sedan']);
    const every = names(await list({ visibility: 'all', per_page: 100 }));
    expect(names(await list({ fight_id: '__NONE__', visibility: 'all', per_page: 100 }))).toEqual(
      every.filter((name) => name !== 'Black Sedan'),
    );
    const before = await world.settled();
    await nats.expectOk(vehicles.delete, { id: sedan.id, force: true }, { actor: gm });
    expect(await count('from vehicles where id = $1', [sedan.id])).toBe(0);
    expect(await count('from party_memberships where party_id = $1', [posse.id])).toBe(0);
    expect(await count('from shots where fight_id = $1', [rows[0].id])).toBe(0);
    expect(await world.publishedAfter(before, 1, mine)).toEqual([{ vehicles: 'reload' }]);
  });

  it('a player deletes their own vehicle', async () => {
    const bike = await byName('Fast Bike');
    await nats.expectOk(vehicles.delete, { id: bike.id }, { actor: player });
    expect(await count('from vehicles where id = $1', [bike.id])).toBe(0);
  });
});
