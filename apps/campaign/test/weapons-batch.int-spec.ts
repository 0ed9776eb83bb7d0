import {
  NatsHeader,
  Subjects,
  type Actor,
  type WeaponsCreatedView,
  type WeaponView,
} from '@shotcaller/contracts';
import { NatsRequester, TestEnvironment } from '@shotcaller/testing';
import { randomUUID } from 'node:crypto';
import { CampaignRecordsWorld } from './support/campaign-records.js';

/**
 * Weapons created together over NATS (`campaign.weapons.create_batch`): by the gamemaster, in one transaction,
 * all or none; a record's refusal keyed by its position; announced (each, then one reload) only once committed.
 */

const world = new CampaignRecordsWorld(new TestEnvironment('weapons-batch-int'));
let nats: NatsRequester;
let gm: Actor;
let player: Actor;

const { weapons } = Subjects.campaign;
const { create, mine } = world.resource<WeaponView, unknown>(weapons, 'weapon', 'weapons');
const count = (sql: string, values: unknown[] = []) => world.count(sql, values);
const campaignWeapons = () => count('from weapons where campaign_id = $1', [world.campaign.id]);
const createBatch = (items: Record<string, unknown>[], actor = gm) =>
  nats.expectOk<WeaponsCreatedView>(weapons.create_batch, { weapons: items }, { actor });
const refuseBatch = (items: unknown[], actor = gm) =>
  nats.expectError(weapons.create_batch, { weapons: items }, { actor });

/** Nothing of this campaign announced since `before`, once a create after it has been (so it would have shown). */
async function nothingAnnouncedSince(before: number): Promise<void> {
  const marker = await create({ name: `Marker ${randomUUID()}`, damage: 1 });
  const messages = await world.publishedAfter(before, 2, mine);
  expect(messages).toEqual([{ weapon: marker }, { weapons: 'reload' }]);
}

beforeAll(async () => {
  await world.start();
  ({ nats, gm, player } = world);
});

afterAll(async () => {
  await world.stop();
});

describe('creating weapons together', () => {
  it('the gamemaster creates them all, answered in the order sent, each announced then one reload', async () => {
    const before = await world.settled();
    const { weapons: created } = await createBatch([
      { name: 'Colt Python', damage: '12', concealment: 3, category: 'Guns', juncture: 'Contemporary' },
      { name: 'Sword', damage: 10, category: ' ', kachunk: false },
      { name: 'AK-47', damage: 13, reload_value: '1', mook_bonus: 2, kachunk: true },
    ]);
    expect(created.map((weapon) => weapon.name)).toEqual(['Colt Python', 'Sword', 'AK-47']);
    expect(created[0]).toMatchObject({
      damage: 12,
      concealment: 3,
      category: 'Guns',
      juncture: 'Contemporary',
      campaign_id: world.campaign.id,
    });
    expect(created[1]).toMatchObject({ category: null, mook_bonus: 0, active: true });
    expect(created[2]).toMatchObject({ reload_value: 1, mook_bonus: 2, kachunk: true });
    // Each as a single read of it answers it.
    for (const weapon of created) {
      expect(await nats.expectOk(weapons.get, { id: weapon.id }, { actor: player })).toEqual(weapon);
    }
    expect(await world.publishedAfter(before, 4, mine)).toEqual([
      ...created.map((weapon) => ({ weapon })),
      { weapons: 'reload' },
    ]);
  });

  it('one bad item refuses the whole batch, keyed by its position: nothing written, nothing announced', async () => {
    const stored = await campaignWeapons();
    const before = await world.settled();
    // A taken name (any case) is found by the database: the items before it were written, then rolled back.
    const taken = await refuseBatch([
      { name: 'Derringer', damage: 8 },
      { name: 'Flamethrower', damage: 14 },
      { name: 'colt PYTHON', damage: 11 },
    ]);
    expect(taken).toMatchObject({
      statusCode: 422,
      details: { errors: { 'weapons.2.name': ['has already been taken'] } },
    });
    // A field's rule (the payload check) names every bad item.
    const invalid = await refuseBatch([{ name: 'Fine', damage: 7 }, { name: 'No damage' }, { damage: 'x' }]);
    expect(invalid).toMatchObject({ statusCode: 400 });
    expect(Object.keys((invalid.details as { errors: object }).errors).sort()).toEqual([
      'weapons.1.damage',
      'weapons.2.damage',
      'weapons.2.name',
    ]);
    expect(await campaignWeapons()).toBe(stored);
    expect(await count("from weapons where name in ('Derringer', 'Flamethrower', 'Fine')")).toBe(0);
    await nothingAnnouncedSince(before);
  });

  it('refuses a name repeated inside the batch (whatever its case), naming each repeat', async () => {
    const stored = await campaignWeapons();
    const repeated = await refuseBatch([
      { name: 'Shotgun', damage: 13 },
      { name: 'Knife', damage: 8 },
      { name: 'SHOTGUN', damage: 12 },
      { name: 'knife', damage: 7 },
    ]);
    expect(repeated).toMatchObject({
      statusCode: 422,
      details: {
        errors: {
          'weapons.2.name': ['is repeated in this batch'],
          'weapons.3.name': ['is repeated in this batch'],
        },
      },
    });
    expect(await campaignWeapons()).toBe(stored);
  });

  it('refuses an empty batch, more than 100, and a list that is not one of weapons (400)', async () => {
    const stored = await campaignWeapons();
    const tooMany = Array.from({ length: 101 }, (_, index) => ({ name: `Gun ${index}`, damage: 9 }));
    for (const items of [[], tooMany, ['Colt'], [null]]) {
      const refused = await refuseBatch(items);
      expect(refused).toMatchObject({ statusCode: 400 });
      expect(Object.keys((refused.details as { errors: object }).errors).join()).toMatch(/^weapons/);
    }
    expect(await nats.expectError(weapons.create_batch, {}, { actor: gm })).toMatchObject({
      statusCode: 400,
    });
    expect(await campaignWeapons()).toBe(stored);
  });

  it('players may not create them (403), and nothing is written', async () => {
    const stored = await campaignWeapons();
    const refused = await refuseBatch([{ name: 'Player gun', damage: 9 }], player);
    expect(refused).toMatchObject({ statusCode: 403 });
    expect(await campaignWeapons()).toBe(stored);
  });

  it('a retry with the same idempotency key answers the first batch without creating it again', async () => {
    const headers = { [NatsHeader.IdempotencyKey]: randomUUID() };
    const payload = { weapons: [{ name: 'Crossbow', damage: 9 }] };
    const first = await nats.expectOk<WeaponsCreatedView>(weapons.create_batch, payload, {
      actor: gm,
      headers,
    });
    const again = await nats.expectOk<WeaponsCreatedView>(weapons.create_batch, payload, {
      actor: gm,
      headers,
    });
    expect(again).toEqual(first);
    expect(await count("from weapons where name = 'Crossbow'")).toBe(1);
  });
});
