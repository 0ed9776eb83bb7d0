import {
  NatsHeader,
  Subjects,
  type Actor,
  type CampaignView,
  type JunctureAutocompleteView,
  type JunctureLiteView,
  type JuncturesIndexView,
  type JunctureView,
} from '@shotcaller/contracts';
import { NatsRequester, TestEnvironment } from '@shotcaller/testing';
import type pg from 'pg';
import { CampaignRecordsWorld } from './support/campaign-records.js';

/**
 * Junctures over NATS, as the gateway asks for them: scoped to the caller's current campaign, read by its players,
 * changed by its gamemaster, linked only to the campaign's own faction and characters, refused (422) while records
 * belong to one unless forced, and announced on the campaign's realtime subject once committed.
 */

const world = new CampaignRecordsWorld(new TestEnvironment('junctures-int'));
let nats: NatsRequester;
let db: pg.Client;
let gm: Actor;
let player: Actor;
let stranger: Actor;
let campaign: CampaignView;
/** A faction of the campaign, and one of the stranger's. */
let dragons: { id: string; name: string };
let foreignFaction: string;

/** What the campaign's realtime subject carried, in order. */
const published = world.published;
const count = (sql: string, values: unknown[] = []) => world.count(sql, values);
const publishedAfter = (before: number, expected: number) => world.publishedAfter(before, expected);

beforeAll(async () => {
  await world.start();
  ({ nats, db, gm, player, stranger, campaign } = world);
  dragons = await nats.expectOk(factions.create, { faction: { name: 'The Dragons' } }, { actor: gm });
  const { rows } = await db.query<{ id: string }>(
    `insert into factions (id, campaign_id, name) values (gen_random_uuid(), $1, 'Theirs') returning id`,
    [world.own.id],
  );
  foreignFaction = rows[0].id;
});

afterAll(async () => {
  await world.stop();
});

const { factions, junctures } = Subjects.campaign;

const create = (fields: Record<string, unknown>, actor = gm) =>
  nats.expectOk<JunctureView>(junctures.create, { juncture: fields }, { actor });

const list = (query: Record<string, unknown> = {}, actor = player) =>
  nats.expectOk<JuncturesIndexView>(junctures.list, query, { actor });

const names = (page: JuncturesIndexView) => page.junctures.map((juncture) => juncture.name);

const insertCharacter = (name: string, junctureId: string | null = null) =>
  world.insertCharacter(name, junctureId ? { column: 'juncture_id', id: junctureId } : undefined);

describe('creating and reading', () => {
  it('the gamemaster creates a juncture with its faction and characters; it is announced after the commit', async () => {
    const before = await world.settled();
    const fei = await insertCharacter('Fei');
    const juncture = await create({
      name: 'Contemporary',
      description: 'Now',
      faction_id: dragons.id,
      character_ids: [fei],
    });
    expect(juncture).toMatchObject({
      entity_class: 'Juncture',
      name: 'Contemporary',
      description: 'Now',
      active: true,
      image_url: null,
      faction_id: dragons.id,
      faction: { id: dragons.id, name: 'The Dragons', entity_class: 'Faction', image_url: null },
      character_ids: [fei],
      characters: [{ id: fei, name: 'Fei', entity_class: 'Character', juncture_id: juncture.id }],
      vehicles: [],
      vehicle_ids: [],
      notion_page_id: null,
    });
    expect(await count('from characters where juncture_id = $1', [juncture.id])).toBe(1);
    // The faction made in beforeAll may be announced around it: the juncture's own messages come in order.
    const announced = await world.publishedAfter(
      before,
      2,
      (message) => 'juncture' in message || 'junctures' in message,
    );
    expect(announced).toEqual([{ juncture }, { junctures: 'reload' }]);
  });

  it('a player reads the index, with the factions of its junctures, and a juncture', async () => {
    await create({ name: 'Ancient' });
    await create({ name: 'Future', active: false });
    const page = await list();
    expect(names(page)).toEqual(['Ancient', 'Contemporary']);
    expect(page.factions).toEqual([
      { id: dragons.id, name: 'The Dragons', image_url: null, entity_class: 'Faction' },
    ]);
    expect(page.meta).toEqual({
      current_page: 1,
      next_page: null,
      prev_page: null,
      total_pages: 1,
      total_count: 2,
    });
    const contemporary = page.junctures[1] as JunctureLiteView;
    expect(contemporary.faction_id).toBe(dragons.id);
    expect(contemporary.characters).toEqual([
      { id: expect.any(String) as unknown, name: 'Fei', image_url: null, entity_class: 'Character' },
    ]);
    const record = await nats.expectOk<JunctureView>(
      junctures.get,
      { id: contemporary.id },
      { actor: player },
    );
    expect(record.character_ids).toHaveLength(1);
  });

  it('filters by faction id or __NONE__, pages, sorts, searches, filters by ids and visibility, autocompletes', async () => {
    expect(names(await list({ faction_id: dragons.id }))).toEqual(['Contemporary']);
    const factionless = await list({ faction_id: '__NONE__' });
    expect(names(factionless)).toEqual(['Ancient']);
    expect(factionless.factions).toEqual([]);
    const byName = await list({ sort: 'name', order: 'asc', visibility: 'all' });
    expect(names(byName)).toEqual(['Ancient', 'Contemporary', 'Future']);
    expect(names(await list({ visibility: 'hidden' }))).toEqual(['Future']);
    expect(names(await list({ search: 'tempo' }))).toEqual(['Contemporary']);
    const second = await list({ per_page: 1, page: 2, sort: 'name', order: 'asc' });
    expect(names(second)).toEqual(['Contemporary']);
    expect(second.meta).toMatchObject({ current_page: 2, prev_page: 1, next_page: null, total_count: 2 });
    expect(names(await list({ ids: [byName.junctures[2].id], visibility: 'all' }))).toEqual(['Future']);
    const picker = await list({ autocomplete: true, sort: 'name', order: 'asc' });
    expect(picker.junctures[0]).toEqual({
      id: expect.any(String) as unknown,
      name: 'Ancient',
      image_url: null,
      entity_class: 'Juncture',
    } satisfies Record<keyof JunctureAutocompleteView, unknown>);
  });
});

describe('an idempotent create', () => {
  it('with an Idempotency-Key, a retry gets the first juncture, announced once, after the commit', async () => {
    const before = await world.settled();
    const headers = { [NatsHeader.IdempotencyKey]: `juncture-${Date.now()}` };
    const request = () =>
      nats.expectOk<JunctureView>(
        junctures.create,
        { juncture: { name: 'Retried' } },
        { actor: gm, headers },
      );
    const first = await request();
    const retry = await request();
    expect(retry.id).toBe(first.id);
    expect(await count("from junctures where name = 'Retried'")).toBe(1);
    await nats.expectOk(junctures.delete, { id: first.id }, { actor: gm });
    expect(await publishedAfter(before, 3)).toEqual([
      { juncture: first },
      { junctures: 'reload' },
      { junctures: 'reload' },
    ]);
  });
});

describe('who may', () => {
  it('a player reads but cannot write', async () => {
    const [juncture] = (await list()).junctures;
    const before = await count('from junctures');
    expect(
      await nats.expectError(junctures.create, { juncture: { name: 'Mine' } }, { actor: player }),
    ).toMatchObject({ statusCode: 403 });
    expect(
      await nats.expectError(
        junctures.update,
        { id: juncture.id, juncture: { name: 'X' } },
        { actor: player },
      ),
    ).toMatchObject({ statusCode: 403 });
    expect(await nats.expectError(junctures.delete, { id: juncture.id }, { actor: player })).toMatchObject({
      statusCode: 403,
    });
    expect(await count('from junctures')).toBe(before);
  });

  it('someone outside the campaign sees nothing of it (404), even naming a juncture', async () => {
    const [juncture] = (await list()).junctures;
    expect(await nats.expectError(junctures.get, { id: juncture.id }, { actor: stranger })).toMatchObject({
      statusCode: 404,
    });
    expect((await list({}, stranger)).junctures).toEqual([]);
    await db.query('update users set current_campaign_id = $1 where id = $2', [campaign.id, stranger.id]);
    for (const [subject, payload] of [
      [junctures.list, {}],
      [junctures.get, { id: juncture.id }],
      [junctures.update, { id: juncture.id, juncture: { name: 'Taken over' } }],
      [junctures.delete, { id: juncture.id }],
    ] as const) {
      expect(await nats.expectError(subject, payload, { actor: stranger })).toMatchObject({
        statusCode: 404,
      });
    }
    expect(await count('from junctures where id = $1', [juncture.id])).toBe(1);
  });
});

describe('changing', () => {
  it('refuses a name the campaign has already, whatever its case (422), and writes nothing', async () => {
    const before = await world.settled();
    const error = await nats.expectError(
      junctures.create,
      { juncture: { name: 'CONTEMPORARY' } },
      { actor: gm },
    );
    expect(error).toMatchObject({
      statusCode: 422,
      details: { errors: { name: ['has already been taken'] } },
    });
    const [ancient] = (await list({ search: 'ancient' })).junctures;
    const renamed = await nats.expectError(
      junctures.update,
      { id: ancient.id, juncture: { name: 'contemporary' } },
      { actor: gm },
    );
    expect(renamed).toMatchObject({
      statusCode: 422,
      details: { errors: { name: ['has already been taken'] } },
    });
    expect(await count("from junctures where lower(name) = 'contemporary'")).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(published.length).toBe(before);
  });

  it('refuses a faction or characters outside the campaign, and rolls back the whole change', async () => {
    const [ancient] = (await list({ search: 'ancient' })).junctures;
    const foreign = await nats.expectError(
      junctures.update,
      { id: ancient.id, juncture: { name: 'Renamed', faction_id: foreignFaction } },
      { actor: gm },
    );
    expect(foreign).toMatchObject({
      statusCode: 422,
      details: { errors: { faction_id: ['is not a faction of this campaign'] } },
    });
    const unknown = await nats.expectError(
      junctures.create,
      { juncture: { name: 'Nowhere', character_ids: ['00000000-0000-4000-8000-000000000000'] } },
      { actor: gm },
    );
    expect(unknown).toMatchObject({
      statusCode: 422,
      details: { errors: { character_ids: [expect.any(String)] } },
    });
    expect(await count("from junctures where name in ('Renamed', 'Nowhere')")).toBe(0);
    expect(await count("from junctures where name = 'Ancient' and faction_id is null")).toBe(1);
  });

  it('updates fields, links and unlinks the faction and replaces the characters', async () => {
    const [ancient] = (await list({ search: 'ancient' })).junctures;
    const jun = await insertCharacter('Jun');
    const before = await world.settled();
    const updated = await nats.expectOk<JunctureView>(
      junctures.update,
      { id: ancient.id, juncture: { description: 'Long ago', faction_id: dragons.id, character_ids: [jun] } },
      { actor: gm },
    );
    expect(updated).toMatchObject({
      name: 'Ancient',
      description: 'Long ago',
      faction_id: dragons.id,
      character_ids: [jun],
    });
    expect(await publishedAfter(before, 2)).toEqual([{ juncture: updated }, { junctures: 'reload' }]);
    const emptied = await nats.expectOk<JunctureView>(
      junctures.update,
      { id: ancient.id, juncture: { faction_id: null, character_ids: [] } },
      { actor: gm },
    );
    expect(emptied).toMatchObject({ faction_id: null, faction: null, character_ids: [] });
    expect(await count('from characters where id = $1 and juncture_id is null', [jun])).toBe(1);
  });
});

describe('deleting', () => {
  it('refuses while records belong to the juncture (associations_exist), then force unlinks them', async () => {
    const juncture = await create({ name: 'Netherworld' });
    await insertCharacter('Ghost', juncture.id);
    await db.query(
      `insert into parties (id, campaign_id, juncture_id, name) values (gen_random_uuid(), $1, $2, 'Posse')`,
      [campaign.id, juncture.id],
    );
    const refused = await nats.expectError(junctures.delete, { id: juncture.id }, { actor: gm });
    expect(refused).toMatchObject({
      statusCode: 422,
      details: {
        error_type: 'associations_exist',
        entity_type: 'juncture',
        entity_id: juncture.id,
        constraints: {
          characters: { count: 1, label: 'character' },
          parties: { count: 1, label: 'party' },
        },
        suggestions: expect.any(Array) as unknown,
      },
    });
    expect(await count('from junctures where id = $1', [juncture.id])).toBe(1);

    const before = await world.settled();
    await nats.expectOk(junctures.delete, { id: juncture.id, force: true }, { actor: gm });
    expect(await count('from junctures where id = $1', [juncture.id])).toBe(0);
    expect(await count("from characters where name = 'Ghost' and juncture_id is null")).toBe(1);
    expect(await count("from parties where name = 'Posse' and juncture_id is null")).toBe(1);
    expect(await publishedAfter(before, 1)).toEqual([{ junctures: 'reload' }]);
  });

  it('deletes a juncture nothing belongs to; then it is not found', async () => {
    const juncture = await create({ name: 'Ephemeral' });
    await nats.expectOk(junctures.delete, { id: juncture.id }, { actor: gm });
    expect(await nats.expectError(junctures.get, { id: juncture.id }, { actor: gm })).toMatchObject({
      statusCode: 404,
    });
  });
});
