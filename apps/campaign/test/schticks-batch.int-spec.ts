import { Subjects, type Actor, type SchticksCreatedView, type SchtickView } from '@shotcaller/contracts';
import { NatsRequester, TestEnvironment } from '@shotcaller/testing';
import { randomUUID } from 'node:crypto';
import { CampaignRecordsWorld } from './support/campaign-records.js';

/**
 * Schticks created together over NATS (`campaign.schticks.create_batch`): by the gamemaster, in one transaction,
 * all or none; a record's refusal keyed by its position; a prerequisite must already exist in the campaign;
 * announced (each, then one reload) only once committed.
 */

const world = new CampaignRecordsWorld(new TestEnvironment('schticks-batch-int'));
let nats: NatsRequester;
let gm: Actor;
let player: Actor;
let stranger: Actor;

const { schticks } = Subjects.campaign;
const { create, mine } = world.resource<SchtickView, unknown>(schticks, 'schtick', 'schticks');
const campaignSchticks = () => world.count('from schticks where campaign_id = $1', [world.campaign.id]);
const tiger = { category: 'Martial Arts', path: 'Tiger' };
const createBatch = (items: Record<string, unknown>[], actor = gm) =>
  nats.expectOk<SchticksCreatedView>(schticks.create_batch, { schticks: items }, { actor });
const refuseBatch = (items: unknown[], actor = gm) =>
  nats.expectError(schticks.create_batch, { schticks: items }, { actor });

/** Nothing of this campaign announced since `before`, once a create after it has been (so it would have shown). */
async function nothingAnnouncedSince(before: number): Promise<void> {
  const marker = await create({ name: `Marker ${randomUUID()}`, category: 'Guns' });
  expect(await world.publishedAfter(before, 2, mine)).toEqual([{ schtick: marker }, { schticks: 'reload' }]);
}

beforeAll(async () => {
  await world.start();
  ({ nats, gm, player, stranger } = world);
});

afterAll(async () => {
  await world.stop();
});

describe('creating schticks together', () => {
  it('the gamemaster creates them all, with existing prerequisites, in order; each announced then one reload', async () => {
    const claws = await create({ name: 'Claws of the Tiger', ...tiger });
    const before = await world.settled();
    const { schticks: created } = await createBatch([
      { name: 'Tiger Pounce', ...tiger, prerequisite_id: claws.id, archetypes: ['Old Master'] },
      { name: 'Both Guns Blazing', category: 'Guns', bonus: true },
      { name: 'Tiger Pounce', category: 'Guns' },
    ]);
    expect(created.map((schtick) => [schtick.name, schtick.category])).toEqual([
      ['Tiger Pounce', 'Martial Arts'],
      ['Both Guns Blazing', 'Guns'],
      ['Tiger Pounce', 'Guns'],
    ]);
    expect(created[0]).toMatchObject({
      path: 'Tiger',
      prerequisite_id: claws.id,
      prerequisite: { id: claws.id, name: 'Claws of the Tiger' },
      archetypes: ['Old Master'],
      campaign_id: world.campaign.id,
    });
    expect(created[1]).toMatchObject({ bonus: true, prerequisite_id: null, path: null });
    for (const schtick of created) {
      expect(await nats.expectOk(schticks.get, { id: schtick.id }, { actor: player })).toEqual(schtick);
    }
    expect(await world.publishedAfter(before, 4, mine)).toEqual([
      ...created.map((schtick) => ({ schtick })),
      { schticks: 'reload' },
    ]);
  });

  it('one bad item refuses the whole batch, keyed by its position: nothing written, nothing announced', async () => {
    const stored = await campaignSchticks();
    const before = await world.settled();
    const claws = (
      await nats.expectOk<{ schticks: { id: string; name: string }[] }>(
        schticks.list,
        { search: 'Claws' },
        { actor: gm },
      )
    ).schticks[0].id;
    const foreign = await nats.expectOk<SchtickView>(
      schticks.create,
      { schtick: { name: 'Elsewhere', category: 'Guns' } },
      { actor: stranger },
    );
    const refusals: [Record<string, unknown>, Record<string, string[]>][] = [
      [{ name: 'tiger pounce', ...tiger }, { 'schticks.1.name': ['has already been taken'] }],
      [
        { name: 'Crane Kick', category: 'Guns', prerequisite_id: claws },
        { 'schticks.1.prerequisite': ['must be in the same category and path'] },
      ],
      [
        { name: 'Crane Kick', category: 'Guns', prerequisite_id: foreign.id },
        { 'schticks.1.prerequisite_id': ['is not a schtick of this campaign'] },
      ],
    ];
    for (const [bad, errors] of refusals) {
      const refused = await refuseBatch([{ name: 'Fine one', category: 'Sorcery' }, bad]);
      expect(refused).toMatchObject({ statusCode: 422, details: { errors } });
    }
    // The payload check names every bad item.
    const invalid = await refuseBatch([
      { name: 'Fine one', category: 'Sorcery' },
      { name: 'No category' },
      {},
    ]);
    expect(invalid).toMatchObject({ statusCode: 400 });
    expect(Object.keys((invalid.details as { errors: object }).errors).sort()).toEqual([
      'schticks.1.category',
      'schticks.2.category',
      'schticks.2.name',
    ]);
    expect(await campaignSchticks()).toBe(stored);
    expect(await world.count("from schticks where name = 'Fine one'")).toBe(0);
    await nothingAnnouncedSince(before);
  });

  it('refuses a name repeated in one category inside the batch, not in two', async () => {
    const stored = await campaignSchticks();
    const repeated = await refuseBatch([
      { name: 'Fireball', category: 'Sorcery' },
      { name: 'Fireball', category: 'Guns' },
      { name: 'FIREBALL', category: 'Sorcery' },
    ]);
    expect(repeated).toMatchObject({
      statusCode: 422,
      details: { errors: { 'schticks.2.name': ['is repeated in this batch'] } },
    });
    expect(Object.keys((repeated.details as { errors: object }).errors)).toEqual(['schticks.2.name']);
    expect(await campaignSchticks()).toBe(stored);
  });

  it('refuses an empty batch and more than 100 (400)', async () => {
    const stored = await campaignSchticks();
    const tooMany = Array.from({ length: 101 }, (_, index) => ({ name: `Trick ${index}`, category: 'Guns' }));
    for (const items of [[], tooMany]) {
      expect(await refuseBatch(items)).toMatchObject({ statusCode: 400 });
    }
    expect(await campaignSchticks()).toBe(stored);
  });

  it('players may not create them (403), and nothing is written', async () => {
    const stored = await campaignSchticks();
    expect(await refuseBatch([{ name: 'Player trick', category: 'Guns' }], player)).toMatchObject({
      statusCode: 403,
    });
    expect(await campaignSchticks()).toBe(stored);
  });
});
