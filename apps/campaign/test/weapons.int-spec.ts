import {
  Subjects,
  type Actor,
  type WeaponAutocompleteView,
  type WeaponLiteView,
  type WeaponsBatchView,
  type WeaponsIndexView,
  type WeaponView,
} from '@shotcaller/contracts';
import { NatsRequester, TestEnvironment } from '@shotcaller/testing';
import type pg from 'pg';
import { CampaignRecordsWorld } from './support/campaign-records.js';

/**
 * Weapons over NATS, as the gateway asks for them: scoped to the caller's current campaign, read by its players,
 * changed by its gamemaster with numbers coerced and damage required, named once per campaign, refused (422)
 * while characters carry one unless forced, and announced on the campaign's realtime subject once committed.
 */

const world = new CampaignRecordsWorld(new TestEnvironment('weapons-int'));
let nats: NatsRequester;
let db: pg.Client;
let gm: Actor;
let player: Actor;
let stranger: Actor;

const { weapons } = Subjects.campaign;
const { create, list, mine } = world.resource<WeaponView, WeaponsIndexView>(weapons, 'weapon', 'weapons');
const names = (page: { weapons: { name: string }[] }) => page.weapons.map((weapon) => weapon.name);
const count = (sql: string, values: unknown[] = []) => world.count(sql, values);
const idOf = async (name: string) =>
  (await db.query<{ id: string }>('select id from weapons where name = $1', [name])).rows[0].id;

/** A character of the campaign carrying the weapons named (and with the first equipped). */
async function carrier(name: string, weaponIds: string[]): Promise<string> {
  const character = await world.insertCharacter(name);
  for (const weaponId of weaponIds) {
    await db.query('insert into carries (id, character_id, weapon_id) values (gen_random_uuid(), $1, $2)', [
      character,
      weaponId,
    ]);
  }
  await db.query('update characters set equipped_weapon_id = $2 where id = $1', [character, weaponIds[0]]);
  return character;
}

beforeAll(async () => {
  await world.start();
  ({ nats, db, gm, player, stranger } = world);
});

afterAll(async () => {
  await world.stop();
});

describe('creating', () => {
  it('the gamemaster creates a weapon, numbers sent as text made integers; announced after the commit', async () => {
    const before = await world.settled();
    const weapon = await create({
      name: 'Beretta 92FS',
      description: 'A classic',
      damage: '10',
      concealment: 2,
      reload_value: '3',
      mook_bonus: 1,
      juncture: 'Contemporary',
      category: 'Guns',
      kachunk: true,
    });
    expect(weapon).toEqual({
      id: expect.any(String) as unknown,
      name: 'Beretta 92FS',
      entity_class: 'Weapon',
      image_url: null,
      image_positions: [],
      description: 'A classic',
      damage: 10,
      concealment: 2,
      reload_value: 3,
      juncture: 'Contemporary',
      category: 'Guns',
      mook_bonus: 1,
      kachunk: true,
      active: true,
      campaign_id: world.campaign.id,
      created_at: expect.any(String) as unknown,
      updated_at: expect.any(String) as unknown,
    } satisfies Record<keyof WeaponView, unknown>);
    const stored = await db.query('select damage, reload_value from weapons where id = $1', [weapon.id]);
    expect(stored.rows).toEqual([{ damage: 10, reload_value: 3 }]);
    expect(await world.publishedAfter(before, 2, mine)).toEqual([{ weapon }, { weapons: 'reload' }]);
  });

  it('takes the defaults the client leaves out, and blank labels as none', async () => {
    const fists = await create({ name: 'Fists', damage: 7, juncture: '', category: '  ' });
    expect(fists).toMatchObject({
      damage: 7,
      concealment: null,
      reload_value: null,
      mook_bonus: 0,
      kachunk: false,
      juncture: null,
      category: null,
    });
  });

  it('requires damage, refuses wrong types and fractions (the payload check: 400), and writes nothing', async () => {
    const before = await count('from weapons');
    const missing = await nats.expectError(weapons.create, { weapon: { name: 'Nothing' } }, { actor: gm });
    expect(missing).toMatchObject({ statusCode: 400, details: { errors: { damage: ["can't be blank"] } } });
    const wrong = await nats.expectError(
      weapons.create,
      { weapon: { name: 'Wrong', damage: 'seven', concealment: 1.5, kachunk: 'yes' } },
      { actor: gm },
    );
    expect(wrong).toMatchObject({ statusCode: 400 });
    expect(Object.keys((wrong.details as { errors: object }).errors).sort()).toEqual([
      'concealment',
      'damage',
      'kachunk',
    ]);
    expect(await count('from weapons')).toBe(before);
  });

  it('refuses a name the campaign has already, whatever its case (422); nothing is announced', async () => {
    const before = await world.settled();
    const taken = await nats.expectError(
      weapons.create,
      { weapon: { name: 'beretta 92fs', damage: 9 } },
      { actor: gm },
    );
    expect(taken).toMatchObject({
      statusCode: 422,
      details: { errors: { name: ['has already been taken'] } },
    });
    const renamed = await nats.expectError(
      weapons.update,
      { id: await idOf('Fists'), weapon: { name: 'BERETTA 92FS' } },
      { actor: gm },
    );
    expect(renamed).toMatchObject({
      statusCode: 422,
      details: { errors: { name: ['has already been taken'] } },
    });
    expect(await count("from weapons where lower(name) = 'beretta 92fs'")).toBe(1);
    // Another campaign may have a weapon of that name.
    await world.nats.expectOk(
      weapons.create,
      { weapon: { name: 'Beretta 92FS', damage: 10 } },
      { actor: stranger },
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(world.published.slice(before).filter(mine)).toEqual([]);
  });
});

describe('updating', () => {
  it('changes what is sent, coerces numbers, clears the optional ones and keeps the rest', async () => {
    const id = await idOf('Fists');
    const before = await world.settled();
    const updated = await nats.expectOk<WeaponView>(
      weapons.update,
      { id, weapon: { damage: '8', concealment: '0', category: 'Martial Arts', description: 'Bare hands' } },
      { actor: gm },
    );
    expect(updated).toMatchObject({
      name: 'Fists',
      damage: 8,
      concealment: 0,
      category: 'Martial Arts',
      description: 'Bare hands',
      mook_bonus: 0,
    });
    expect(await world.publishedAfter(before, 2, mine)).toEqual([{ weapon: updated }, { weapons: 'reload' }]);
    const cleared = await nats.expectOk<WeaponView>(
      weapons.update,
      { id, weapon: { concealment: null, category: null } },
      { actor: gm },
    );
    expect(cleared).toMatchObject({
      damage: 8,
      concealment: null,
      category: null,
      description: 'Bare hands',
    });
  });

  it('refuses to clear damage (400), and an unknown or foreign weapon is not found (404)', async () => {
    const id = await idOf('Fists');
    const cleared = await nats.expectError(weapons.update, { id, weapon: { damage: null } }, { actor: gm });
    expect(cleared).toMatchObject({ statusCode: 400, details: { errors: { damage: [expect.any(String)] } } });
    expect(await count('from weapons where id = $1 and damage = 8', [id])).toBe(1);
    const foreign = (
      await db.query<{ id: string }>('select id from weapons where campaign_id = $1', [world.own.id])
    ).rows[0].id;
    for (const unknown of [foreign, '00000000-0000-4000-8000-000000000000']) {
      expect(
        await nats.expectError(weapons.update, { id: unknown, weapon: { damage: 1 } }, { actor: gm }),
      ).toMatchObject({ statusCode: 404 });
    }
    expect(await count('from weapons where id = $1 and damage = 10', [foreign])).toBe(1);
  });
});

describe('reading', () => {
  beforeAll(async () => {
    await create({ name: 'Sword', damage: 10, category: 'Melee', juncture: 'Ancient' });
    await create({ name: 'Laser Rifle', damage: 13, category: 'Guns', juncture: 'Future', active: false });
  });

  it('a player reads the index with the categories and junctures of the matching weapons', async () => {
    const page = await list({ sort: 'name', order: 'asc' });
    expect(names(page)).toEqual(['Beretta 92FS', 'Fists', 'Sword']);
    expect(page.categories).toEqual(['Guns', 'Melee']);
    expect(page.junctures).toEqual(['Ancient', 'Contemporary']);
    expect(page.meta).toEqual({
      current_page: 1,
      next_page: null,
      prev_page: null,
      total_pages: 1,
      total_count: 3,
    });
    const beretta = page.weapons[0] as WeaponLiteView;
    expect(beretta).toMatchObject({ damage: 10, reload_value: 3, kachunk: true, entity_class: 'Weapon' });
    expect(beretta).not.toHaveProperty('campaign_id');
  });

  it('filters by category, juncture or __NONE__, sorts by damage, searches, pages, filters by ids and visibility', async () => {
    expect(names(await list({ category: 'Guns', visibility: 'all' }))).toEqual([
      'Laser Rifle',
      'Beretta 92FS',
    ]);
    const noCategory = await list({ category: '__NONE__' });
    expect(names(noCategory)).toEqual(['Fists']);
    expect(noCategory.categories).toEqual([]);
    expect(names(await list({ juncture: '__NONE__' }))).toEqual(['Fists']);
    expect(names(await list({ juncture: 'Ancient' }))).toEqual(['Sword']);
    expect(names(await list({ sort: 'damage', order: 'desc', show_hidden: true }))).toEqual([
      'Laser Rifle',
      // Equal damage: then by name, in the same direction (as the Rails API sorted).
      'Sword',
      'Beretta 92FS',
      'Fists',
    ]);
    const hidden = await list({ visibility: 'hidden' });
    expect(names(hidden)).toEqual(['Laser Rifle']);
    expect(hidden.junctures).toEqual(['Future']);
    expect(names(await list({ search: 'RET' }))).toEqual(['Beretta 92FS']);
    const second = await list({ per_page: 2, page: 2, sort: 'name', order: 'asc' });
    expect(names(second)).toEqual(['Sword']);
    expect(second.meta).toMatchObject({ current_page: 2, prev_page: 1, next_page: null, total_pages: 2 });
    // The labels are those of every matching weapon, not only the page's.
    expect(second.categories).toEqual(['Guns', 'Melee']);
    const sword = await idOf('Sword');
    expect(names(await list({ ids: [sword, await idOf('Laser Rifle')] }))).toEqual(['Sword']);
  });

  it('filters by the character carrying them (or by none: __NONE__), and autocompletes', async () => {
    const fei = await carrier('Fei', [await idOf('Sword'), await idOf('Fists')]);
    expect(names(await list({ character_id: fei, sort: 'name', order: 'asc' }))).toEqual(['Fists', 'Sword']);
    expect(
      names(await list({ character_id: '__NONE__', show_hidden: true, sort: 'name', order: 'asc' })),
    ).toEqual(['Beretta 92FS', 'Laser Rifle']);
    const picker = await list({ autocomplete: true, character_id: fei, sort: 'name', order: 'asc' });
    expect(picker.weapons[0]).toEqual({
      id: await idOf('Fists'),
      name: 'Fists',
      image_url: null,
      entity_class: 'Weapon',
    } satisfies Record<keyof WeaponAutocompleteView, unknown>);
    expect(picker.categories).toEqual(['Melee']);
  });

  it('a weapon, and the categories and junctures in use, searched', async () => {
    const id = await idOf('Sword');
    const record = await nats.expectOk<WeaponView>(weapons.get, { id }, { actor: player });
    expect(record).toMatchObject({ id, name: 'Sword', campaign_id: world.campaign.id });
    expect(await nats.expectOk(weapons.categories, {}, { actor: player })).toEqual({
      categories: ['Guns', 'Melee'],
    });
    expect(await nats.expectOk(weapons.categories, { search: 'mel' }, { actor: player })).toEqual({
      categories: ['Melee'],
    });
    expect(await nats.expectOk(weapons.junctures, {}, { actor: player })).toEqual({
      junctures: ['Ancient', 'Contemporary', 'Future'],
    });
    expect(await nats.expectOk(weapons.junctures, { search: 'FUT' }, { actor: player })).toEqual({
      junctures: ['Future'],
    });
  });

  it('a batch: the weapons of the campaign among the ids (as a list or a comma list), by name', async () => {
    const foreign = (
      await db.query<{ id: string }>('select id from weapons where campaign_id = $1', [world.own.id])
    ).rows[0].id;
    const ids = [await idOf('Sword'), await idOf('Laser Rifle'), foreign];
    const batch = await nats.expectOk<WeaponsBatchView>(weapons.batch, { ids }, { actor: player });
    expect(names(batch)).toEqual(['Laser Rifle', 'Sword']);
    const text = await nats.expectOk<WeaponsBatchView>(
      weapons.batch,
      { ids: ids.join(','), per_page: 1, page: 2 },
      { actor: player },
    );
    expect(names(text)).toEqual(['Sword']);
    expect(await nats.expectError(weapons.batch, { ids: 'a,b' }, { actor: player })).toMatchObject({
      statusCode: 400,
    });
  });
});

describe('who may', () => {
  it('a player reads but cannot write (403), and nothing changes', async () => {
    const id = await idOf('Sword');
    const before = await count('from weapons');
    for (const [subject, payload] of [
      [weapons.create, { weapon: { name: 'Mine', damage: 5 } }],
      [weapons.update, { id, weapon: { damage: 1 } }],
      [weapons.delete, { id }],
    ] as const) {
      expect(await nats.expectError(subject, payload, { actor: player })).toMatchObject({ statusCode: 403 });
    }
    expect(await count('from weapons')).toBe(before);
    expect(await count('from weapons where id = $1 and damage = 10', [id])).toBe(1);
  });

  it('someone outside the campaign sees nothing of it (404), even naming a weapon', async () => {
    const id = await idOf('Sword');
    expect(await nats.expectError(weapons.get, { id }, { actor: stranger })).toMatchObject({
      statusCode: 404,
    });
    const theirs = await nats.expectOk<WeaponsBatchView>(weapons.batch, { ids: [id] }, { actor: stranger });
    expect(theirs.weapons).toEqual([]);
    const outsider = await world.register('outsider@example.com');
    await db.query('update users set current_campaign_id = $1 where id = $2', [
      world.campaign.id,
      outsider.id,
    ]);
    for (const [subject, payload] of [
      [weapons.list, {}],
      [weapons.get, { id }],
      [weapons.batch, { ids: [id] }],
      [weapons.categories, {}],
      [weapons.junctures, {}],
      [weapons.update, { id, weapon: { name: 'Taken over' } }],
      [weapons.delete, { id }],
    ] as const) {
      expect(await nats.expectError(subject, payload, { actor: outsider })).toMatchObject({
        statusCode: 404,
      });
    }
    expect(await count("from weapons where name = 'Sword'")).toBe(1);
  });
});

describe('deleting', () => {
  it('refuses while characters carry it (associations_exist), then force takes it from them', async () => {
    const weapon = await create({ name: 'Shotgun', damage: 13 });
    const first = await carrier('Jun', [weapon.id]);
    await carrier('Mei', [weapon.id]);
    const refused = await nats.expectError(weapons.delete, { id: weapon.id }, { actor: gm });
    expect(refused).toMatchObject({
      statusCode: 422,
      details: {
        error_type: 'associations_exist',
        entity_type: 'weapon',
        entity_id: weapon.id,
        constraints: { characters: { count: 2, label: 'characters' } },
        suggestions: expect.any(Array) as unknown,
      },
    });
    expect(await count('from carries where weapon_id = $1', [weapon.id])).toBe(2);

    const before = await world.settled();
    await nats.expectOk(weapons.delete, { id: weapon.id, force: true }, { actor: gm });
    expect(await count('from weapons where id = $1', [weapon.id])).toBe(0);
    expect(await count('from carries where weapon_id = $1', [weapon.id])).toBe(0);
    expect(await count('from characters where id = $1 and equipped_weapon_id is null', [first])).toBe(1);
    expect(await world.publishedAfter(before, 1, mine)).toEqual([{ weapons: 'reload' }]);
    expect(await nats.expectError(weapons.get, { id: weapon.id }, { actor: gm })).toMatchObject({
      statusCode: 404,
    });
  });

  it('deletes a weapon nobody carries', async () => {
    const weapon = await create({ name: 'Nunchucks', damage: 9 });
    await nats.expectOk(weapons.delete, { id: weapon.id }, { actor: gm });
    expect(await count('from weapons where id = $1', [weapon.id])).toBe(0);
  });
});
