import {
  Subjects,
  type Actor,
  type SchtickAutocompleteView,
  type SchticksBatchView,
  type SchticksIndexView,
  type SchtickView,
} from '@shotcaller/contracts';
import { NatsRequester, TestEnvironment } from '@shotcaller/testing';
import type pg from 'pg';
import { CampaignRecordsWorld } from './support/campaign-records.js';

/**
 * Schticks over NATS, as the gateway asks for them: scoped to the caller's current campaign, read by its players,
 * changed by its gamemaster, named once per category, in a category of the game's unless on the Core path, with
 * a prerequisite of the same campaign, category and path; refused (422) while characters have one or schticks
 * require it unless forced, and announced on the campaign's realtime subject once committed.
 */

const world = new CampaignRecordsWorld(new TestEnvironment('schticks-int'));
let nats: NatsRequester;
let db: pg.Client;
let gm: Actor;
let player: Actor;
let stranger: Actor;
/** A schtick of the stranger's campaign. */
let foreign: string;

const { schticks } = Subjects.campaign;
const { create, list, mine } = world.resource<SchtickView, SchticksIndexView>(
  schticks,
  'schtick',
  'schticks',
);
const names = (page: { schticks: { name: string }[] }) => page.schticks.map((schtick) => schtick.name);
const count = (sql: string, values: unknown[] = []) => world.count(sql, values);
const idOf = async (name: string) =>
  (
    await db.query<{ id: string }>('select id from schticks where name = $1 and campaign_id = $2', [
      name,
      world.campaign.id,
    ])
  ).rows[0].id;
const update = (id: string, schtick: Record<string, unknown>) =>
  nats.expectOk<SchtickView>(schticks.update, { id, schtick }, { actor: gm });
const refusedUpdate = (id: string, schtick: Record<string, unknown>) =>
  nats.expectError(schticks.update, { id, schtick }, { actor: gm });

/** A character of the campaign that has the schticks named. */
async function holder(name: string, schtickIds: string[]): Promise<string> {
  const character = await world.insertCharacter(name);
  for (const schtickId of schtickIds) {
    await db.query(
      'insert into character_schticks (id, character_id, schtick_id) values (gen_random_uuid(), $1, $2)',
      [character, schtickId],
    );
  }
  return character;
}

const tiger = { category: 'Martial Arts', path: 'Path of the Tiger' };

beforeAll(async () => {
  await world.start();
  ({ nats, db, gm, player, stranger } = world);
  foreign = (
    await nats.expectOk<SchtickView>(
      schticks.create,
      { schtick: { name: 'Claws of the Tiger', ...tiger } },
      { actor: stranger },
    )
  ).id;
});

afterAll(async () => {
  await world.stop();
});

describe('creating', () => {
  it('the gamemaster creates a schtick; it is announced after the commit', async () => {
    const before = await world.settled();
    const schtick = await create({
      name: 'Claws of the Tiger',
      description: 'Martial Arts attacks do +1 Damage',
      ...tiger,
      color: '#ffaa00',
      bonus: true,
      archetypes: ['Martial Artist'],
    });
    expect(schtick).toEqual({
      id: expect.any(String) as unknown,
      name: 'Claws of the Tiger',
      entity_class: 'Schtick',
      image_url: null,
      image_positions: [],
      description: 'Martial Arts attacks do +1 Damage',
      ...tiger,
      color: '#ffaa00',
      prerequisite_id: null,
      prerequisite: null,
      bonus: true,
      archetypes: ['Martial Artist'],
      active: true,
      campaign_id: world.campaign.id,
      created_at: expect.any(String) as unknown,
      updated_at: expect.any(String) as unknown,
    } satisfies Record<keyof SchtickView, unknown>);
    expect(await world.publishedAfter(before, 2, mine)).toEqual([{ schtick }, { schticks: 'reload' }]);
  });

  it('links a prerequisite of the same category and path, and reads it back with its name', async () => {
    const claws = await idOf('Claws of the Tiger');
    const schtick = await create({ name: 'Tiger Pounce', ...tiger, prerequisite_id: claws });
    expect(schtick).toMatchObject({
      prerequisite_id: claws,
      prerequisite: { id: claws, name: 'Claws of the Tiger', image_url: null, entity_class: 'Schtick' },
      bonus: false,
      archetypes: [],
    });
  });

  it('takes any category on the Core path, and none other outside the list (400 at the payload check)', async () => {
    const core = await create({ name: 'Fast Draw', category: 'Everyman', path: 'Core' });
    expect(core).toMatchObject({ category: 'Everyman', path: 'Core' });
    const before = await count('from schticks');
    const refused = await nats.expectError(
      schticks.create,
      { schtick: { name: 'Kung Fu', category: 'Kung Fu', path: 'Path 1' } },
      { actor: gm },
    );
    expect(refused).toMatchObject({
      statusCode: 400,
      details: { errors: { category: [expect.any(String)] } },
    });
    expect(await count('from schticks')).toBe(before);
  });

  it('names a schtick once per category, whatever the case (422); the same name in another category is fine', async () => {
    const before = await world.settled();
    const taken = await nats.expectError(
      schticks.create,
      { schtick: { name: 'CLAWS OF THE TIGER', category: 'Martial Arts' } },
      { actor: gm },
    );
    expect(taken).toMatchObject({
      statusCode: 422,
      details: { errors: { name: ['has already been taken'] } },
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(world.published.slice(before).filter(mine)).toEqual([]);
    const guns = await create({ name: 'Claws of the Tiger', category: 'Guns', path: 'Path of the Gun' });
    expect(guns.category).toBe('Guns');
  });

  it('refuses a prerequisite of another category or path, of another campaign, or unknown (422), writing nothing', async () => {
    const before = await count('from schticks');
    const claws = await idOf('Fast Draw');
    const elsewhere = await nats.expectError(
      schticks.create,
      {
        schtick: {
          name: 'Crane Kick',
          category: 'Martial Arts',
          path: 'Path of the Crane',
          prerequisite_id: claws,
        },
      },
      { actor: gm },
    );
    expect(elsewhere).toMatchObject({
      statusCode: 422,
      details: { errors: { prerequisite: ['must be in the same category and path'] } },
    });
    for (const unknown of [foreign, '00000000-0000-4000-8000-000000000000']) {
      const refused = await nats.expectError(
        schticks.create,
        { schtick: { name: 'Crane Kick', ...tiger, prerequisite_id: unknown } },
        { actor: gm },
      );
      expect(refused).toMatchObject({
        statusCode: 422,
        details: { errors: { prerequisite_id: ['is not a schtick of this campaign'] } },
      });
    }
    expect(await count('from schticks')).toBe(before);
  });
});

describe('updating', () => {
  it('changes what is sent and keeps the rest; a prerequisite may be cleared', async () => {
    const pounce = await idOf('Tiger Pounce');
    const before = await world.settled();
    const updated = await update(pounce, {
      description: 'Leap',
      color: null,
      archetypes: ['Bandit', 'Ninja'],
    });
    expect(updated).toMatchObject({
      name: 'Tiger Pounce',
      description: 'Leap',
      ...tiger,
      archetypes: ['Bandit', 'Ninja'],
    });
    expect(updated.prerequisite_id).not.toBeNull();
    expect(await world.publishedAfter(before, 2, mine)).toEqual([
      { schtick: updated },
      { schticks: 'reload' },
    ]);
    const cleared = await update(pounce, { prerequisite_id: null });
    expect(cleared).toMatchObject({ prerequisite_id: null, prerequisite: null });
    await update(pounce, { prerequisite_id: await idOf('Claws of the Tiger') });
  });

  it('keeps the prerequisite in the schtick’s category and path when either changes (422)', async () => {
    const pounce = await idOf('Tiger Pounce');
    const moved = await refusedUpdate(pounce, { path: 'Path of the Crane' });
    expect(moved).toMatchObject({
      statusCode: 422,
      details: { errors: { prerequisite: ['must be in the same category and path'] } },
    });
    expect(await count('from schticks where id = $1 and path = $2', [pounce, tiger.path])).toBe(1);
  });

  it('refuses the schtick as its own prerequisite, or one that requires it (422)', async () => {
    const claws = await idOf('Claws of the Tiger');
    const pounce = await idOf('Tiger Pounce');
    expect(await refusedUpdate(claws, { prerequisite_id: claws })).toMatchObject({
      statusCode: 422,
      details: { errors: { prerequisite: ["can't be the schtick itself"] } },
    });
    expect(await refusedUpdate(claws, { prerequisite_id: pounce })).toMatchObject({
      statusCode: 422,
      details: { errors: { prerequisite: ["can't be a schtick that requires this one"] } },
    });
    expect(await count('from schticks where id = $1 and prerequisite_id is null', [claws])).toBe(1);
  });

  it('checks the category against the stored path: a Core schtick leaving the Core path needs a listed category', async () => {
    const draw = await idOf('Fast Draw');
    expect(await refusedUpdate(draw, { path: 'Path of the Gun' })).toMatchObject({
      statusCode: 422,
      details: { errors: { category: ['is not included in the list'] } },
    });
    expect(await update(draw, { path: 'Path of the Gun', category: 'Guns' })).toMatchObject({
      category: 'Guns',
      path: 'Path of the Gun',
    });
    await update(draw, { path: 'Core', category: 'Everyman' });
  });

  it('an unknown schtick, or another campaign’s, is not found (404)', async () => {
    for (const id of [foreign, '00000000-0000-4000-8000-000000000000']) {
      expect(await refusedUpdate(id, { name: 'Mine' })).toMatchObject({ statusCode: 404 });
    }
    expect(await count("from schticks where name = 'Mine'")).toBe(0);
  });
});

describe('reading', () => {
  beforeAll(async () => {
    await create({ name: 'Hidden Art', category: 'Sorcery', path: 'Path of Fire', active: false });
  });

  it('a player reads the index with the categories and paths of the matching schticks', async () => {
    const page = await list({ sort: 'name', order: 'asc' });
    expect(names(page)).toEqual(['Claws of the Tiger', 'Claws of the Tiger', 'Fast Draw', 'Tiger Pounce']);
    expect(page.categories).toEqual(['Everyman', 'Guns', 'Martial Arts']);
    expect(page.paths).toEqual(['Core', 'Path of the Gun', 'Path of the Tiger']);
    expect(page.meta).toMatchObject({ current_page: 1, total_pages: 1, total_count: 4 });
    expect(page.schticks[0]).not.toHaveProperty('archetypes');
  });

  it('filters by category, path or __NONE__, sorts, searches, filters by ids and visibility, by character', async () => {
    expect(names(await list({ category: 'Martial Arts', sort: 'name', order: 'asc' }))).toEqual([
      'Claws of the Tiger',
      'Tiger Pounce',
    ]);
    expect(names(await list({ path: 'Core' }))).toEqual(['Fast Draw']);
    expect(names(await list({ path: '__NONE__' }))).toEqual([]);
    const byCategory = await list({ sort: 'category', order: 'desc', visibility: 'all' });
    expect(names(byCategory)[0]).toBe('Hidden Art');
    const hidden = await list({ visibility: 'hidden' });
    expect(names(hidden)).toEqual(['Hidden Art']);
    expect([hidden.categories, hidden.paths]).toEqual([['Sorcery'], ['Path of Fire']]);
    expect(names(await list({ search: 'pounce' }))).toEqual(['Tiger Pounce']);
    expect(names(await list({ ids: [await idOf('Fast Draw'), await idOf('Hidden Art')] }))).toEqual([
      'Fast Draw',
    ]);
    const fei = await holder('Fei', [await idOf('Tiger Pounce'), await idOf('Fast Draw')]);
    const held = await list({ character_id: fei, sort: 'name', order: 'asc' });
    expect(names(held)).toEqual(['Fast Draw', 'Tiger Pounce']);
    expect(held.paths).toEqual(['Core', 'Path of the Tiger']);
    expect(names(await list({ character_id: '__NONE__', sort: 'name', order: 'asc' }))).toEqual([
      'Claws of the Tiger',
      'Claws of the Tiger',
    ]);
    const picker = await list({ autocomplete: true, character_id: fei, sort: 'name', order: 'asc' });
    expect(picker.schticks[0]).toEqual({
      id: await idOf('Fast Draw'),
      name: 'Fast Draw',
      image_url: null,
      entity_class: 'Schtick',
    } satisfies Record<keyof SchtickAutocompleteView, unknown>);
  });

  it('the categories in use, general and Core apart, and the paths of a category, searched', async () => {
    expect(await nats.expectOk(schticks.categories, {}, { actor: player })).toEqual({
      categories: ['Everyman', 'Guns', 'Martial Arts', 'Sorcery'],
      general: ['Guns', 'Martial Arts', 'Sorcery'],
      core: ['Everyman'],
    });
    expect(await nats.expectOk(schticks.categories, { search: 'ART' }, { actor: player })).toEqual({
      categories: ['Martial Arts'],
      general: ['Martial Arts'],
      core: [],
    });
    expect(await nats.expectOk(schticks.paths, {}, { actor: player })).toEqual({
      paths: ['Core', 'Path of Fire', 'Path of the Gun', 'Path of the Tiger'],
    });
    expect(await nats.expectOk(schticks.paths, { category: 'Martial Arts' }, { actor: player })).toEqual({
      paths: ['Path of the Tiger'],
    });
    expect(await nats.expectOk(schticks.paths, { search: 'fire' }, { actor: player })).toEqual({
      paths: ['Path of Fire'],
    });
  });

  it('a batch: the schticks of the campaign among the ids, by name', async () => {
    const ids = [await idOf('Tiger Pounce'), await idOf('Fast Draw'), foreign];
    const batch = await nats.expectOk<SchticksBatchView>(schticks.batch, { ids }, { actor: player });
    expect(names(batch)).toEqual(['Fast Draw', 'Tiger Pounce']);
  });
});

describe('who may', () => {
  it('a player reads a schtick but cannot write (403), and nothing changes', async () => {
    const id = await idOf('Tiger Pounce');
    expect(await nats.expectOk<SchtickView>(schticks.get, { id }, { actor: player })).toMatchObject({ id });
    const before = await count('from schticks');
    for (const [subject, payload] of [
      [schticks.create, { schtick: { name: 'Mine', category: 'Guns' } }],
      [schticks.update, { id, schtick: { name: 'Mine' } }],
      [schticks.delete, { id }],
    ] as const) {
      expect(await nats.expectError(subject, payload, { actor: player })).toMatchObject({ statusCode: 403 });
    }
    expect(await count('from schticks')).toBe(before);
  });

  it('someone outside the campaign sees nothing of it (404)', async () => {
    const id = await idOf('Tiger Pounce');
    expect(await nats.expectError(schticks.get, { id }, { actor: stranger })).toMatchObject({
      statusCode: 404,
    });
    const outsider = await world.register('outsider@example.com');
    await db.query('update users set current_campaign_id = $1 where id = $2', [
      world.campaign.id,
      outsider.id,
    ]);
    for (const [subject, payload] of [
      [schticks.list, {}],
      [schticks.get, { id }],
      [schticks.batch, { ids: [id] }],
      [schticks.categories, {}],
      [schticks.paths, {}],
      [schticks.update, { id, schtick: { name: 'Taken over' } }],
      [schticks.delete, { id }],
    ] as const) {
      expect(await nats.expectError(subject, payload, { actor: outsider })).toMatchObject({
        statusCode: 404,
      });
    }
  });
});

describe('deleting', () => {
  it('refuses while characters have it or schticks require it (associations_exist), then force takes it away', async () => {
    const claws = await idOf('Claws of the Tiger');
    const pounce = await idOf('Tiger Pounce');
    await holder('Jun', [claws]);
    const refused = await nats.expectError(schticks.delete, { id: claws }, { actor: gm });
    expect(refused).toMatchObject({
      statusCode: 422,
      details: {
        error_type: 'associations_exist',
        entity_type: 'schtick',
        entity_id: claws,
        constraints: {
          characters: { count: 1, label: 'character' },
          schticks: { count: 1, label: 'schtick' },
        },
        suggestions: expect.any(Array) as unknown,
      },
    });
    expect(await count('from schticks where id = $1', [claws])).toBe(1);

    const before = await world.settled();
    await nats.expectOk(schticks.delete, { id: claws, force: true }, { actor: gm });
    expect(await count('from schticks where id = $1', [claws])).toBe(0);
    expect(await count('from character_schticks where schtick_id = $1', [claws])).toBe(0);
    expect(await count("from characters where name = 'Jun'")).toBe(1);
    expect(await count('from schticks where id = $1 and prerequisite_id is null', [pounce])).toBe(1);
    expect(await world.publishedAfter(before, 1, mine)).toEqual([{ schticks: 'reload' }]);
  });

  it('deletes a schtick nothing refers to; then it is not found', async () => {
    const id = await idOf('Hidden Art');
    await nats.expectOk(schticks.delete, { id }, { actor: gm });
    expect(await nats.expectError(schticks.get, { id }, { actor: gm })).toMatchObject({ statusCode: 404 });
  });
});
