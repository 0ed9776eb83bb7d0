import {
  NatsHeader,
  Subjects,
  type Actor,
  type CampaignView,
  type FactionAutocompleteView,
  type FactionLiteView,
  type FactionsIndexView,
  type FactionView,
} from '@shotcaller/contracts';
import { NatsRequester, TestEnvironment } from '@shotcaller/testing';
import type pg from 'pg';
import { CampaignRecordsWorld } from './support/campaign-records.js';

/**
 * Factions over NATS, as the gateway asks for them: scoped to the caller's current campaign, read by its players,
 * changed by its gamemaster, refused (422) while records belong to one unless forced, and announced on the
 * campaign's realtime subject once committed.
 */

const world = new CampaignRecordsWorld(new TestEnvironment('factions-int'));
let nats: NatsRequester;
let db: pg.Client;
let gm: Actor;
let player: Actor;
let stranger: Actor;
let campaign: CampaignView;

/** What the campaign's realtime subject carried, in order. */
const published = world.published;
const count = (sql: string, values: unknown[] = []) => world.count(sql, values);
const publishedAfter = (before: number, expected: number) => world.publishedAfter(before, expected);

beforeAll(async () => {
  await world.start();
  ({ nats, db, gm, player, stranger, campaign } = world);
});

afterAll(async () => {
  await world.stop();
});

const { factions } = Subjects.campaign;

const create = (fields: Record<string, unknown>, actor = gm) =>
  nats.expectOk<FactionView>(factions.create, { faction: fields }, { actor });

const list = (query: Record<string, unknown> = {}, actor = player) =>
  nats.expectOk<FactionsIndexView>(factions.list, query, { actor });

const insertCharacter = (name: string, factionId: string | null = null) =>
  world.insertCharacter(name, factionId ? { column: 'faction_id', id: factionId } : undefined);

describe('creating and reading', () => {
  it('the gamemaster creates a faction with its characters; it is announced after the commit', async () => {
    const before = await world.settled();
    const fei = await insertCharacter('Fei');
    const faction = await create({ name: 'The Dragons', description: 'Heroes', character_ids: [fei] });
    expect(faction).toMatchObject({
      entity_class: 'Faction',
      name: 'The Dragons',
      description: 'Heroes',
      active: true,
      image_url: null,
      character_ids: [fei],
      characters: [
        {
          id: fei,
          name: 'Fei',
          entity_class: 'Character',
          category: 'character',
          faction_id: faction.id,
          faction: { id: faction.id, name: 'The Dragons', entity_class: 'Faction' },
        },
      ],
      vehicles: [],
      junctures: [],
      sites: [],
      parties: [],
    });
    expect(await count('from characters where faction_id = $1', [faction.id])).toBe(1);
    expect(await publishedAfter(before, 2)).toEqual([{ faction }, { factions: 'reload' }]);
  });

  it('a player reads the index and a faction', async () => {
    await create({ name: 'The Ascended' });
    await create({ name: 'Hidden Hand', active: false });
    const page = await list();
    expect(page.factions.map((faction) => faction.name)).toEqual(['The Ascended', 'The Dragons']);
    expect(page.meta).toEqual({
      current_page: 1,
      next_page: null,
      prev_page: null,
      total_pages: 1,
      total_count: 2,
    });
    const dragons = page.factions[1] as FactionLiteView;
    expect(dragons.characters).toEqual([
      { id: expect.any(String) as unknown, name: 'Fei', image_url: null, entity_class: 'Character' },
    ]);
    const record = await nats.expectOk<FactionView>(factions.get, { id: dragons.id }, { actor: player });
    expect(record.character_ids).toHaveLength(1);
  });

  it('pages, sorts, searches, filters by ids and visibility, and autocompletes', async () => {
    const byName = await list({ sort: 'name', order: 'asc', visibility: 'all' });
    expect(byName.factions.map((faction) => faction.name)).toEqual([
      'Hidden Hand',
      'The Ascended',
      'The Dragons',
    ]);
    expect((await list({ visibility: 'hidden' })).factions.map((faction) => faction.name)).toEqual([
      'Hidden Hand',
    ]);
    expect((await list({ search: 'drag' })).factions.map((faction) => faction.name)).toEqual(['The Dragons']);
    const second = await list({ per_page: 1, page: 2, sort: 'name', order: 'asc' });
    expect(second.factions.map((faction) => faction.name)).toEqual(['The Dragons']);
    expect(second.meta).toMatchObject({ current_page: 2, prev_page: 1, next_page: null, total_count: 2 });
    const ids = [byName.factions[0].id];
    expect((await list({ ids, visibility: 'all' })).factions.map((faction) => faction.name)).toEqual([
      'Hidden Hand',
    ]);
    const picker = await list({ autocomplete: true, sort: 'name', order: 'asc' });
    expect(picker.factions[0]).toEqual({
      id: expect.any(String) as unknown,
      name: 'The Ascended',
      image_url: null,
      entity_class: 'Faction',
    } satisfies Record<keyof FactionAutocompleteView, unknown>);
  });
});

describe('an idempotent create', () => {
  it('with an Idempotency-Key, a retry gets the first faction, announced once, after the commit', async () => {
    const before = await world.settled();
    const headers = { [NatsHeader.IdempotencyKey]: `faction-${Date.now()}` };
    const request = () =>
      nats.expectOk<FactionView>(factions.create, { faction: { name: 'Retried' } }, { actor: gm, headers });
    const first = await request();
    const retry = await request();
    expect(retry.id).toBe(first.id);
    expect(await count("from factions where name = 'Retried'")).toBe(1);
    await nats.expectOk(factions.delete, { id: first.id }, { actor: gm });
    expect(await publishedAfter(before, 3)).toEqual([
      { faction: first },
      { factions: 'reload' },
      { factions: 'reload' },
    ]);
  });
});

describe('who may', () => {
  it('a player reads but cannot write', async () => {
    const [faction] = (await list()).factions;
    const before = await count('from factions');
    expect(
      await nats.expectError(factions.create, { faction: { name: 'Mine' } }, { actor: player }),
    ).toMatchObject({ statusCode: 403 });
    expect(
      await nats.expectError(factions.update, { id: faction.id, faction: { name: 'X' } }, { actor: player }),
    ).toMatchObject({ statusCode: 403 });
    expect(await nats.expectError(factions.delete, { id: faction.id }, { actor: player })).toMatchObject({
      statusCode: 403,
    });
    expect(await count('from factions')).toBe(before);
  });

  it('someone outside the campaign sees nothing of it (404), even naming a faction', async () => {
    const [faction] = (await list()).factions;
    expect(await nats.expectError(factions.get, { id: faction.id }, { actor: stranger })).toMatchObject({
      statusCode: 404,
    });
    // Their own current campaign has no factions; pointing it at ours is refused as not found.
    expect((await list({}, stranger)).factions).toEqual([]);
    await db.query('update users set current_campaign_id = $1 where id = $2', [campaign.id, stranger.id]);
    for (const [subject, payload] of [
      [factions.list, {}],
      [factions.get, { id: faction.id }],
      [factions.update, { id: faction.id, faction: { name: 'Taken over' } }],
      [factions.delete, { id: faction.id }],
    ] as const) {
      expect(await nats.expectError(subject, payload, { actor: stranger })).toMatchObject({
        statusCode: 404,
      });
    }
    expect(await count('from factions where id = $1', [faction.id])).toBe(1);
  });
});

describe('changing', () => {
  it('refuses a name the campaign has already, whatever its case (422), and writes nothing', async () => {
    const before = await world.settled();
    const error = await nats.expectError(
      factions.create,
      { faction: { name: 'the DRAGONS' } },
      { actor: gm },
    );
    expect(error).toMatchObject({
      statusCode: 422,
      details: { errors: { name: ['has already been taken'] } },
    });
    const [ascended] = (await list({ search: 'ascended' })).factions;
    const renamed = await nats.expectError(
      factions.update,
      { id: ascended.id, faction: { name: 'THE DRAGONS' } },
      { actor: gm },
    );
    expect(renamed).toMatchObject({
      statusCode: 422,
      details: { errors: { name: ['has already been taken'] } },
    });
    expect(await count("from factions where lower(name) = 'the dragons'")).toBe(1);
    // Nothing was committed, so nothing was announced.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(published.length).toBe(before);
  });

  it('refuses ids of records outside the campaign, and rolls back the whole change', async () => {
    const [ascended] = (await list({ search: 'ascended' })).factions;
    const error = await nats.expectError(
      factions.update,
      {
        id: ascended.id,
        faction: { name: 'Renamed', character_ids: ['00000000-0000-4000-8000-000000000000'] },
      },
      { actor: gm },
    );
    expect(error).toMatchObject({
      statusCode: 422,
      details: { errors: { character_ids: [expect.any(String)] } },
    });
    expect(await count("from factions where name = 'The Ascended'")).toBe(1);
  });

  it('updates fields and replaces a member list', async () => {
    const [ascended] = (await list({ search: 'ascended' })).factions;
    const jun = await insertCharacter('Jun');
    const before = await world.settled();
    const updated = await nats.expectOk<FactionView>(
      factions.update,
      { id: ascended.id, faction: { description: 'Rulers', character_ids: [jun] } },
      { actor: gm },
    );
    expect(updated).toMatchObject({ name: 'The Ascended', description: 'Rulers', character_ids: [jun] });
    expect(await publishedAfter(before, 2)).toEqual([{ faction: updated }, { factions: 'reload' }]);
    const emptied = await nats.expectOk<FactionView>(
      factions.update,
      { id: ascended.id, faction: { character_ids: [] } },
      { actor: gm },
    );
    expect(emptied.character_ids).toEqual([]);
    expect(await count('from characters where id = $1 and faction_id is null', [jun])).toBe(1);
  });
});

describe('deleting', () => {
  it('refuses while records belong to the faction (associations_exist), then force unlinks them', async () => {
    const faction = await create({ name: 'Jammers' });
    await insertCharacter('Battlechimp', faction.id);
    await db.query(
      `insert into sites (id, campaign_id, faction_id, name) values (gen_random_uuid(), $1, $2, 'Lair')`,
      [campaign.id, faction.id],
    );
    const refused = await nats.expectError(factions.delete, { id: faction.id }, { actor: gm });
    expect(refused).toMatchObject({
      statusCode: 422,
      details: {
        error_type: 'associations_exist',
        entity_type: 'faction',
        entity_id: faction.id,
        constraints: {
          characters: { count: 1, label: 'character' },
          sites: { count: 1, label: 'site' },
        },
        suggestions: expect.any(Array) as unknown,
      },
    });
    expect(await count('from factions where id = $1', [faction.id])).toBe(1);

    const before = await world.settled();
    await nats.expectOk(factions.delete, { id: faction.id, force: true }, { actor: gm });
    expect(await count('from factions where id = $1', [faction.id])).toBe(0);
    expect(await count("from characters where name = 'Battlechimp' and faction_id is null")).toBe(1);
    expect(await count("from sites where name = 'Lair' and faction_id is null")).toBe(1);
    // No entity on delete: the reload signal only.
    expect(await publishedAfter(before, 1)).toEqual([{ factions: 'reload' }]);
  });

  it('deletes a faction nothing belongs to; then it is not found', async () => {
    const faction = await create({ name: 'Ephemeral' });
    await nats.expectOk(factions.delete, { id: faction.id }, { actor: gm });
    expect(await nats.expectError(factions.get, { id: faction.id }, { actor: gm })).toMatchObject({
      statusCode: 404,
    });
  });
});
