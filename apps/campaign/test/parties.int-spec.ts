import {
  NatsHeader,
  Subjects,
  type Actor,
  type PartyLiteView,
  type PartiesIndexView,
  type PartyView,
} from '@shotcaller/contracts';
import { NatsRequester, TestEnvironment } from '@shotcaller/testing';
import { CampaignRecordsWorld } from './support/campaign-records.js';

/**
 * Parties over NATS, as the gateway asks for them: scoped to the caller's current campaign, read by its players,
 * changed by its gamemaster, linked only to the campaign's own faction, juncture, characters and vehicles (members
 * through party_memberships), refused (422) while they have members unless forced, and announced once committed.
 */

const world = new CampaignRecordsWorld(new TestEnvironment('parties-int'));
let nats: NatsRequester;
let gm: Actor;
let player: Actor;
let stranger: Actor;
let dragons: { id: string };
let contemporary: { id: string };
let vehicle: string;

const { parties } = Subjects.campaign;

const {
  create,
  list,
  mine: ownMessages,
} = world.resource<PartyView, PartiesIndexView>(parties, 'party', 'parties');
const names = (page: PartiesIndexView) => page.parties.map((party) => party.name);
const count = (sql: string, values: unknown[] = []) => world.count(sql, values);

beforeAll(async () => {
  await world.start();
  ({ nats, gm, player, stranger } = world);
  ({ faction: dragons, juncture: contemporary } = await world.factionAndJuncture());
  vehicle = await world.insertRecord('vehicles', 'Junk');
});

afterAll(async () => {
  await world.stop();
});

describe('creating and reading', () => {
  it('the gamemaster creates a party with its links, characters and vehicles; announced after the commit', async () => {
    const before = await world.settled();
    const fei = await world.insertCharacter('Fei');
    const party = await create({
      name: 'Posse',
      faction_id: dragons.id,
      juncture_id: contemporary.id,
      character_ids: [fei],
      vehicle_ids: [vehicle],
    });
    expect(party).toMatchObject({
      entity_class: 'Party',
      name: 'Posse',
      faction: { id: dragons.id, name: 'The Dragons', entity_class: 'Faction' },
      juncture: { id: contemporary.id, name: 'Contemporary', entity_class: 'Juncture' },
      character_ids: [fei],
      vehicle_ids: [vehicle],
      characters: [{ id: fei, name: 'Fei', entity_class: 'Character', category: 'character' }],
      vehicles: [{ id: vehicle, name: 'Junk', entity_class: 'Vehicle', category: 'vehicle' }],
      campaign_id: world.campaign.id,
    });
    expect(await count('from party_memberships where party_id = $1', [party.id])).toBe(2);
    expect(await world.publishedAfter(before, 2, ownMessages)).toEqual([{ party }, { parties: 'reload' }]);
  });

  it('a player reads the index, with its factions, and filters it', async () => {
    await create({ name: 'Loners' });
    const page = await list();
    expect(names(page)).toEqual(['Loners', 'Posse']);
    expect(page.factions).toEqual([
      { id: dragons.id, name: 'The Dragons', image_url: null, entity_class: 'Faction' },
    ]);
    const posse = page.parties[1] as PartyLiteView;
    expect(posse.vehicles).toEqual([{ id: vehicle, name: 'Junk', image_url: null, entity_class: 'Vehicle' }]);
    expect(names(await list({ faction_id: '__NONE__' }))).toEqual(['Loners']);
    expect(names(await list({ juncture_id: contemporary.id }))).toEqual(['Posse']);
    expect(names(await list({ vehicle_id: vehicle }))).toEqual(['Posse']);
    expect(names(await list({ character_id: posse.characters[0].id }))).toEqual(['Posse']);
    expect(names(await list({ autocomplete: true, search: 'lon' }))).toEqual(['Loners']);
    const record = await nats.expectOk<PartyView>(parties.get, { id: posse.id }, { actor: player });
    expect(record.vehicle_ids).toEqual([vehicle]);
  });

  it('__NONE__ on a member filter lists the parties without a member of that kind', async () => {
    const jun = await world.insertCharacter('Jun');
    await create({ name: 'Walkers', character_ids: [jun] });
    const sorted = { sort: 'name', order: 'asc' };
    // Posse has a character and a vehicle, Walkers a character only, Loners nobody.
    const noCharacter = await list({ ...sorted, character_id: '__NONE__' });
    expect(names(noCharacter)).toEqual(['Loners']);
    expect(noCharacter.meta).toMatchObject({ total_count: 1 });
    expect(names(await list({ ...sorted, vehicle_id: '__NONE__' }))).toEqual(['Loners', 'Walkers']);
    expect(names(await list({ ...sorted, character_id: jun, vehicle_id: '__NONE__' }))).toEqual(['Walkers']);
    expect(names(await list({ ...sorted, character_id: '__NONE__', vehicle_id: vehicle }))).toEqual([]);
    expect(names(await list({ ...sorted, autocomplete: true, vehicle_id: '__NONE__' }))).toEqual([
      'Loners',
      'Walkers',
    ]);
    // Anything else is refused as before (the gateway answers 422; a bad payload on the bus is 400).
    expect(
      await nats.expectError(parties.list, { character_id: '__none__' }, { actor: player }),
    ).toMatchObject({
      statusCode: 400,
      code: 'invalid_payload',
      details: { errors: { character_id: [expect.any(String)] } },
    });
    await nats.expectOk(
      parties.delete,
      { id: (await list({ search: 'walkers' })).parties[0].id, force: true },
      { actor: gm },
    );
  });

  it('with an Idempotency-Key, a retry gets the first party', async () => {
    const headers = { [NatsHeader.IdempotencyKey]: `party-${Date.now()}` };
    const request = () =>
      nats.expectOk<PartyView>(parties.create, { party: { name: 'Retried' } }, { actor: gm, headers });
    const first = await request();
    expect((await request()).id).toBe(first.id);
    expect(await count("from parties where name = 'Retried'")).toBe(1);
  });
});

describe('who may and what', () => {
  it('a player reads but cannot write; an outsider sees nothing (404)', async () => {
    const [party] = (await list()).parties;
    expect(
      await nats.expectError(parties.create, { party: { name: 'Mine' } }, { actor: player }),
    ).toMatchObject({
      statusCode: 403,
    });
    expect(await nats.expectError(parties.get, { id: party.id }, { actor: stranger })).toMatchObject({
      statusCode: 404,
    });
    expect((await list({}, stranger)).parties).toEqual([]);
  });

  it('refuses a taken name and vehicles outside the campaign (422), writing nothing', async () => {
    expect(await nats.expectError(parties.create, { party: { name: 'POSSE' } }, { actor: gm })).toMatchObject(
      {
        statusCode: 422,
        details: { errors: { name: ['has already been taken'] } },
      },
    );
    const [loners] = (await list({ search: 'loners' })).parties;
    expect(
      await nats.expectError(
        parties.update,
        { id: loners.id, party: { name: 'Renamed', vehicle_ids: ['00000000-0000-4000-8000-000000000000'] } },
        { actor: gm },
      ),
    ).toMatchObject({ statusCode: 422, details: { errors: { vehicle_ids: [expect.any(String)] } } });
    expect(await count("from parties where name = 'Renamed'")).toBe(0);
  });

  it('replaces the members of one kind, keeping the other', async () => {
    const [posse] = (await list({ search: 'posse' })).parties;
    const updated = await nats.expectOk<PartyView>(
      parties.update,
      { id: posse.id, party: { character_ids: [] } },
      { actor: gm },
    );
    expect(updated).toMatchObject({ character_ids: [], vehicle_ids: [vehicle] });
  });
});

describe('deleting', () => {
  it('refuses while it has members (associations_exist), then force ends their memberships', async () => {
    const [posse] = (await list({ search: 'posse' })).parties;
    const refused = await nats.expectError(parties.delete, { id: posse.id }, { actor: gm });
    expect(refused).toMatchObject({
      statusCode: 422,
      details: {
        error_type: 'associations_exist',
        entity_type: 'party',
        constraints: { vehicles: { count: 1, label: 'vehicle' } },
      },
    });
    const before = await world.settled();
    await nats.expectOk(parties.delete, { id: posse.id, force: true }, { actor: gm });
    expect(await count('from parties where id = $1', [posse.id])).toBe(0);
    expect(await count('from vehicles where id = $1', [vehicle])).toBe(1);
    expect(await world.publishedAfter(before, 1, ownMessages)).toEqual([{ parties: 'reload' }]);
  });
});
