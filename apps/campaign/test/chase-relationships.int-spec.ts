import {
  Subjects,
  type Actor,
  type ChaseRelationshipAnswerView,
  type ChaseRelationshipsIndexView,
  type EncounterView,
  type FightView,
} from '@shotcaller/contracts';
import { NatsRequester, TestEnvironment } from '@shotcaller/testing';
import { CampaignRecordsWorld } from './support/campaign-records.js';
import { FightFollower } from './support/fight-follower.js';

/**
 * Chase relationships over NATS: the gamemaster starts a chase between two vehicles of a fight (one active per
 * pair and fight: a second is refused), moves it near or far, ends it (DELETE ends it, as Rails did); members read
 * them; other campaigns see none (404) and cannot link theirs (422); nothing is written on a refusal, and each
 * change is announced as ONE encounter once committed.
 */

const env = new TestEnvironment('chases-int');
const world = new CampaignRecordsWorld(env);
let nats: NatsRequester;
let gm: Actor;
let player: Actor;
let stranger: Actor;
let fight: FightView;
let other: FightView;
let strangers: FightView;
/** Junk and Van are in the fight, Bike only in the other one; Yacht is the stranger's. */
const vehicle = { junk: '', van: '', bike: '', yacht: '' };

const { chaseRelationships, encounters, fights } = Subjects.campaign;
const unknown = '00000000-0000-4000-8000-000000000000';

const chaseRows = () => world.count('from chase_relationships');
const encounterOf = (id: string) => (message: Record<string, unknown>) =>
  (message.encounter as { id?: string } | undefined)?.id === id;

const create = (fields: Record<string, unknown>, actor = gm) =>
  nats.expectOk<ChaseRelationshipAnswerView>(
    chaseRelationships.create,
    { chase_relationship: fields },
    { actor },
  );
const refuseCreate = (fields: Record<string, unknown>, actor = gm) =>
  nats.expectError(chaseRelationships.create, { chase_relationship: fields }, { actor });
const list = (query: Record<string, unknown> = {}, actor = player) =>
  nats.expectOk<ChaseRelationshipsIndexView>(chaseRelationships.list, query, { actor });

beforeAll(async () => {
  await world.start();
  ({ nats, gm, player, stranger } = world);
  vehicle.junk = await world.insertRecord('vehicles', 'Junk');
  vehicle.van = await world.insertRecord('vehicles', 'Van');
  vehicle.bike = await world.insertRecord('vehicles', 'Bike');
  vehicle.yacht = await world.insertRecord('vehicles', 'Yacht', world.own.id);
  fight = await nats.expectOk<FightView>(
    fights.create,
    { fight: { name: 'Highway', vehicle_ids: [vehicle.junk, vehicle.van] } },
    { actor: gm },
  );
  await world.publishedAfter(0, 1, encounterOf(fight.id));
  other = await nats.expectOk<FightView>(
    fights.create,
    { fight: { name: 'Harbour', vehicle_ids: [vehicle.bike, vehicle.junk] } },
    { actor: gm },
  );
  strangers = await nats.expectOk<FightView>(
    fights.create,
    { fight: { name: 'Open Sea', vehicle_ids: [vehicle.yacht] } },
    { actor: stranger },
  );
});

afterAll(async () => {
  await world.stop();
});

describe('chase relationships', () => {
  let chaseId = '';

  it('the gamemaster starts a chase (far by default), answered with both vehicles and announced once', async () => {
    const follower = await FightFollower.follow(nats, env.subjectPrefix, fight.id);
    try {
      const before = await world.settled();
      const answer = await create({ pursuer_id: vehicle.junk, evader_id: vehicle.van, fight_id: fight.id });
      expect(answer).toEqual({
        chase_relationship: {
          id: expect.any(String),
          pursuer_id: vehicle.junk,
          evader_id: vehicle.van,
          fight_id: fight.id,
          position: 'far',
          active: true,
          created_at: expect.stringMatching(/Z$/),
          updated_at: expect.stringMatching(/Z$/),
          pursuer: expect.objectContaining({ id: vehicle.junk, name: 'Junk', entity_class: 'Vehicle' }),
          evader: expect.objectContaining({ id: vehicle.van, name: 'Van', entity_class: 'Vehicle' }),
        },
      });
      chaseId = answer.chase_relationship.id;
      const [announced] = await world.publishedAfter(before, 1, encounterOf(fight.id));
      const vehicles = (announced.encounter as EncounterView).shots.flatMap((group) => group.vehicles);
      expect(vehicles.find((entry) => entry.id === vehicle.junk)?.chase_relationships).toEqual([
        { id: chaseId, position: 'far', pursuer_id: vehicle.junk, evader_id: vehicle.van, is_pursuer: true },
      ]);
      expect(vehicles.find((entry) => entry.id === vehicle.van)?.chase_relationships).toEqual([
        expect.objectContaining({ id: chaseId, is_pursuer: false }),
      ]);
      expect(await follower.after(0, 1)).toEqual([{ fight: 'updated' }]);
      // The next change is announced too; by then the first had announced exactly once.
      await nats.expectOk(
        chaseRelationships.update,
        { id: chaseId, chase_relationship: { position: 'near' } },
        { actor: gm },
      );
      await world.publishedAfter(before, 2, encounterOf(fight.id));
      expect(await follower.after(0, 2)).toHaveLength(2);
      expect(world.published.slice(before).filter(encounterOf(fight.id))).toHaveLength(2);
    } finally {
      follower.close();
    }
  });

  it('refuses a second active chase of the same pair in the fight (422) and writes nothing', async () => {
    const before = await chaseRows();
    expect(
      await refuseCreate({ pursuer_id: vehicle.junk, evader_id: vehicle.van, fight_id: fight.id }),
    ).toMatchObject({ statusCode: 422, details: { errors: { pursuer_id: [expect.any(String)] } } });
    expect(await chaseRows()).toBe(before);
  });

  it('refuses vehicles that are not both in the fight, and fights of other campaigns (422), writing nothing', async () => {
    const before = await chaseRows();
    // Bike is a vehicle of the campaign, but not in this fight; Yacht is another campaign's.
    expect(
      await refuseCreate({ pursuer_id: vehicle.junk, evader_id: vehicle.bike, fight_id: fight.id }),
    ).toMatchObject({ statusCode: 422, details: { errors: { evader_id: [expect.any(String)] } } });
    expect(
      await refuseCreate({ pursuer_id: vehicle.yacht, evader_id: vehicle.van, fight_id: fight.id }),
    ).toMatchObject({ statusCode: 422, details: { errors: { pursuer_id: [expect.any(String)] } } });
    expect(
      await refuseCreate({ pursuer_id: vehicle.yacht, evader_id: vehicle.van, fight_id: strangers.id }),
    ).toMatchObject({ statusCode: 422, details: { errors: { fight_id: [expect.any(String)] } } });
    expect(
      await refuseCreate({ pursuer_id: vehicle.junk, evader_id: vehicle.van, fight_id: unknown }),
    ).toMatchObject({ statusCode: 422, details: { errors: { fight_id: [expect.any(String)] } } });
    expect(await chaseRows()).toBe(before);
  });

  it.each([
    [{ pursuer_id: 'junk', evader_id: unknown, fight_id: unknown }, 'pursuer_id'],
    [{ evader_id: unknown, fight_id: unknown }, 'pursuer_id'],
    [{ pursuer_id: unknown, evader_id: unknown, fight_id: unknown }, 'evader_id'],
    [{ pursuer_id: unknown, evader_id: unknown.replace('0000-4', '0001-4') }, 'fight_id'],
    [{ pursuer_id: unknown, evader_id: vehicle.van, fight_id: unknown, position: 'close' }, 'position'],
    [{ pursuer_id: unknown, evader_id: vehicle.van, fight_id: unknown, active: 'yes' }, 'active'],
  ])('refuses the malformed %p (400 on %s)', async (fields, field) => {
    const before = await chaseRows();
    expect(await refuseCreate(fields)).toMatchObject({
      statusCode: 400,
      details: { errors: { [field]: [expect.any(String)] } },
    });
    expect(await chaseRows()).toBe(before);
  });

  it('lets members read them, by fight and by vehicle; one with its vehicles', async () => {
    expect(await list({ fight_id: fight.id })).toEqual({
      chase_relationships: [
        {
          id: chaseId,
          pursuer_id: vehicle.junk,
          evader_id: vehicle.van,
          fight_id: fight.id,
          position: 'near',
          active: true,
          created_at: expect.any(String),
          updated_at: expect.any(String),
        },
      ],
    });
    expect((await list({ vehicle_id: vehicle.van })).chase_relationships).toHaveLength(1);
    expect((await list({ vehicle_id: vehicle.bike })).chase_relationships).toEqual([]);
    expect((await list({ fight_id: other.id })).chase_relationships).toEqual([]);
    const shown = await nats.expectOk<ChaseRelationshipAnswerView>(
      chaseRelationships.get,
      { id: chaseId },
      { actor: player },
    );
    expect(shown.chase_relationship).toMatchObject({
      id: chaseId,
      pursuer: { name: 'Junk' },
      evader: { name: 'Van' },
    });
  });

  it('is hidden from other campaigns (404, and an empty list) and changed only by the gamemaster (403)', async () => {
    expect((await list({}, stranger)).chase_relationships).toEqual([]);
    for (const subject of [chaseRelationships.get, chaseRelationships.delete]) {
      expect(await nats.expectError(subject, { id: chaseId }, { actor: stranger })).toMatchObject({
        statusCode: 404,
      });
    }
    expect(
      await nats.expectError(
        chaseRelationships.update,
        { id: chaseId, chase_relationship: { position: 'far' } },
        { actor: stranger },
      ),
    ).toMatchObject({ statusCode: 404 });
    expect(
      await nats.expectError(
        chaseRelationships.update,
        { id: chaseId, chase_relationship: { position: 'far' } },
        { actor: player },
      ),
    ).toMatchObject({ statusCode: 403 });
    expect(
      await nats.expectError(chaseRelationships.delete, { id: chaseId }, { actor: player }),
    ).toMatchObject({
      statusCode: 403,
    });
    const before = await chaseRows();
    expect(
      await refuseCreate({ pursuer_id: vehicle.van, evader_id: vehicle.junk, fight_id: fight.id }, player),
    ).toMatchObject({ statusCode: 403 });
    expect(await chaseRows()).toBe(before);
    expect(
      await world.count("from chase_relationships where id = $1 and position = 'near' and active", [chaseId]),
    ).toBe(1);
    expect(await nats.expectError(chaseRelationships.get, { id: unknown }, { actor: gm })).toMatchObject({
      statusCode: 404,
    });
  });

  it('DELETE ends a chase: it stays, inactive, listed only with active=false; the pair may chase again', async () => {
    const before = await world.settled();
    expect(await nats.expectOk(chaseRelationships.delete, { id: chaseId }, { actor: gm })).toEqual({
      deleted: true,
    });
    expect(await world.count('from chase_relationships where id = $1 and not active', [chaseId])).toBe(1);
    const [announced] = await world.publishedAfter(before, 1, encounterOf(fight.id));
    const vehicles = (announced.encounter as EncounterView).shots.flatMap((group) => group.vehicles);
    expect(vehicles.flatMap((entry) => entry.chase_relationships)).toEqual([]);
    expect((await list({ fight_id: fight.id })).chase_relationships).toEqual([]);
    expect((await list({ fight_id: fight.id, active: 'false' })).chase_relationships).toEqual([
      expect.objectContaining({ id: chaseId, active: false }),
    ]);

    const again = await create({
      pursuer_id: vehicle.junk,
      evader_id: vehicle.van,
      fight_id: fight.id,
      position: 'near',
    });
    expect(again.chase_relationship).toMatchObject({ position: 'near', active: true });
    // The ended one cannot be taken up again while the new one is on.
    expect(
      await nats.expectError(
        chaseRelationships.update,
        { id: chaseId, chase_relationship: { active: true } },
        { actor: gm },
      ),
    ).toMatchObject({ statusCode: 422, details: { errors: { pursuer_id: [expect.any(String)] } } });
    expect(await world.count('from chase_relationships where id = $1 and not active', [chaseId])).toBe(1);
  });

  it('the reverse pair is another chase', async () => {
    const reverse = await create({ pursuer_id: vehicle.van, evader_id: vehicle.junk, fight_id: fight.id });
    expect(reverse.chase_relationship).toMatchObject({ pursuer_id: vehicle.van, evader_id: vehicle.junk });
    const encounter = await nats.expectOk<EncounterView>(encounters.get, { id: fight.id }, { actor: player });
    const van = encounter.shots.flatMap((group) => group.vehicles).find((entry) => entry.id === vehicle.van);
    expect(van?.chase_relationships.map((chase) => chase.is_pursuer)).toEqual([false, true]);
  });
});
