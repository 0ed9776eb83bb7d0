import {
  NatsHeader,
  Subjects,
  type Actor,
  type FightEventView,
  type FightLiteView,
  type FightsIndexView,
  type FightView,
  type PartyView,
} from '@shotcaller/contracts';
import { NatsRequester, TestEnvironment } from '@shotcaller/testing';
import { CampaignRecordsWorld } from './support/campaign-records.js';
import { FightFollower } from './support/fight-follower.js';

/**
 * Fights over NATS, as the gateway asks for them: scoped to the caller's current campaign, read by its players,
 * created, changed, ended and deleted by its gamemaster; combatants join through `character_ids` / `vehicle_ids`
 * (one entry per shot, hidden) or a whole party; the current fight of a campaign; the fight log; announced once
 * committed.
 */

const env = new TestEnvironment('fights-int');
const world = new CampaignRecordsWorld(env);
let nats: NatsRequester;
let gm: Actor;
let player: Actor;
let stranger: Actor;
let fei: string;
let mooks: string;
let junk: string;
let foreignCharacter: string;

const { fights, parties } = Subjects.campaign;
const { create, list, mine } = world.resource<FightView, FightsIndexView>(fights, 'fight', 'fights');
const names = (page: FightsIndexView) => page.fights.map((fight) => fight.name);
const count = (sql: string, values: unknown[] = []) => world.count(sql, values);
const update = (id: string, fight: object, actor = gm) =>
  nats.expectOk<FightView>(fights.update, { id, fight }, { actor });
const shotsOf = (fightId: string) =>
  world.db
    .query<{ character_id: string | null; vehicle_id: string | null; shot: number | null }>(
      'select character_id, vehicle_id, shot from shots where fight_id = $1 order by created_at, id',
      [fightId],
    )
    .then((result) => result.rows);

beforeAll(async () => {
  await world.start();
  ({ nats, gm, player, stranger } = world);
  fei = await world.insertCharacter('Fei');
  mooks = await world.insertCharacter('Mooks');
  junk = await world.insertRecord('vehicles', 'Junk');
  foreignCharacter = await world.insertRecord('characters', 'Outsider', world.own.id);
});

afterAll(async () => {
  await world.stop();
});

describe('creating and reading', () => {
  it('the gamemaster creates a fight with its combatants, each shot hidden; announced after the commit', async () => {
    const before = await world.settled();
    const fight = await create({
      name: 'Rooftop Showdown',
      description: 'Up high',
      season: 2,
      session: 14,
      character_ids: [fei, mooks, mooks],
      vehicle_ids: [junk],
    });
    expect(fight).toMatchObject({
      entity_class: 'Fight',
      name: 'Rooftop Showdown',
      image_url: null,
      sequence: 0,
      started_at: null,
      ended_at: null,
      season: 2,
      session: 14,
      archived: false,
      action_id: null,
      character_ids: [fei, mooks, mooks],
      vehicle_ids: [junk],
      effects: [],
      character_effects: {},
      vehicle_effects: {},
    });
    expect(fight.characters.map(({ name }) => name)).toEqual(['Fei', 'Mooks']);
    expect(fight.actors.map(({ id }) => id)).toEqual(fight.characters.map(({ id }) => id));
    expect(fight.vehicles).toEqual([expect.objectContaining({ id: junk, entity_class: 'Vehicle' })]);
    expect(await shotsOf(fight.id)).toEqual([
      { character_id: fei, vehicle_id: null, shot: null },
      { character_id: mooks, vehicle_id: null, shot: null },
      { character_id: mooks, vehicle_id: null, shot: null },
      { character_id: null, vehicle_id: junk, shot: null },
    ]);
    expect(await world.publishedAfter(before, 2, mine)).toEqual([{ fight }, { fights: 'reload' }]);
  });

  it('a player reads the index with its seasons and filters it by status, season, session and combatant', async () => {
    const started = await create({
      name: 'Dockside Brawl',
      season: 1,
      started_at: '2026-03-01T20:00:00.000Z',
    });
    await create({
      name: 'Temple Siege',
      season: 3,
      session: 2,
      started_at: '2026-02-01T20:00:00.000Z',
      ended_at: '2026-02-01T23:00:00.000Z',
    });
    const page = await list();
    expect(names(page)).toEqual(['Temple Siege', 'Dockside Brawl', 'Rooftop Showdown']);
    expect(page.seasons).toEqual([1, 2, 3]);
    expect(page.meta).toMatchObject({ current_page: 1, total_count: 3 });
    const rooftop = page.fights[2] as FightLiteView;
    expect(rooftop.characters).toEqual([
      { id: fei, name: 'Fei', image_url: null, entity_class: 'Character' },
      { id: mooks, name: 'Mooks', image_url: null, entity_class: 'Character' },
    ]);
    expect(rooftop.vehicles).toEqual([{ id: junk, name: 'Junk', image_url: null, entity_class: 'Vehicle' }]);
    expect(names(await list({ status: 'Unstarted' }))).toEqual(['Rooftop Showdown']);
    expect(names(await list({ status: 'Started' }))).toEqual(['Dockside Brawl']);
    expect(names(await list({ status: 'Ended' }))).toEqual(['Temple Siege']);
    expect(names(await list({ season: 3 }))).toEqual(['Temple Siege']);
    expect(names(await list({ session: 14 }))).toEqual(['Rooftop Showdown']);
    expect(names(await list({ character_id: mooks }))).toEqual(['Rooftop Showdown']);
    expect(names(await list({ vehicle_id: junk }))).toEqual(['Rooftop Showdown']);
    expect(names(await list({ sort: 'name', order: 'asc' }))).toEqual([
      'Dockside Brawl',
      'Rooftop Showdown',
      'Temple Siege',
    ]);
    expect((await list({ autocomplete: true, search: 'dock' })).fights).toEqual([
      { id: started.id, name: 'Dockside Brawl', image_url: null, entity_class: 'Fight' },
    ]);
    const record = await nats.expectOk<FightView>(fights.get, { id: rooftop.id }, { actor: player });
    expect(record.character_ids).toEqual([fei, mooks, mooks]);
  });

  it("__NONE__ filters: fights without a combatant of that kind, without a player's character, without a season or session", async () => {
    const { rows } = await world.db.query<{ id: string }>(
      `insert into characters (id, campaign_id, user_id, name) values (gen_random_uuid(), $1, $2, 'Jun') returning id`,
      [world.campaign.id, player.id],
    );
    const alley = await create({ name: 'Alley Fight', character_ids: [rows[0].id] });
    const sorted = (query: object) => list({ ...query, sort: 'name', order: 'asc' }).then(names);
    // Rooftop Showdown: Fei, Mooks (nobody's) and Junk, season 2, session 14. Dockside Brawl: season 1, nobody.
    // Temple Siege: season 3, session 2, nobody. Alley Fight: the player's Jun, no season or session.
    expect(await sorted({ character_id: '__NONE__' })).toEqual(['Dockside Brawl', 'Temple Siege']);
    expect(await sorted({ vehicle_id: '__NONE__' })).toEqual([
      'Alley Fight',
      'Dockside Brawl',
      'Temple Siege',
    ]);
    expect(await sorted({ user_id: player.id })).toEqual(['Alley Fight']);
    expect(await sorted({ user_id: '__NONE__' })).toEqual([
      'Dockside Brawl',
      'Rooftop Showdown',
      'Temple Siege',
    ]);
    expect(await sorted({ character_id: fei, vehicle_id: '__NONE__' })).toEqual([]);
    expect(await sorted({ season: '__NONE__' })).toEqual(['Alley Fight']);
    expect(await sorted({ session: '__NONE__' })).toEqual(['Alley Fight', 'Dockside Brawl']);
    expect(await sorted({ season: '__NONE__', session: '__NONE__', autocomplete: true })).toEqual([
      'Alley Fight',
    ]);
    expect(await sorted({ season: '1', session: '__NONE__' })).toEqual(['Dockside Brawl']);
    expect((await list({ season: '__NONE__' })).meta).toMatchObject({ total_count: 1 });
    for (const [field, value] of [
      ['season', 'none'],
      ['season', '__none__'],
      ['session', '1.5'],
      ['session', '-1'],
      ['character_id', 'nobody'],
    ]) {
      expect(await nats.expectError(fights.list, { [field]: value }, { actor: player })).toMatchObject({
        statusCode: 400,
        code: 'invalid_payload',
        details: { errors: { [field]: [expect.any(String)] } },
      });
    }
    await nats.expectOk(fights.delete, { id: alley.id }, { actor: gm });
  });

  it('with an Idempotency-Key, a retry gets the first fight', async () => {
    const headers = { [NatsHeader.IdempotencyKey]: `fight-${Date.now()}` };
    const request = () =>
      nats.expectOk<FightView>(fights.create, { fight: { name: 'Retried' } }, { actor: gm, headers });
    const first = await request();
    expect((await request()).id).toBe(first.id);
    expect(await count("from fights where name = 'Retried'")).toBe(1);
  });
});

describe('who may and what', () => {
  it('a player reads but cannot write; an outsider sees nothing (404); unknown ids are 404', async () => {
    const [fight] = (await list({ search: 'rooftop' })).fights;
    expect(
      await nats.expectError(fights.create, { fight: { name: 'Mine' } }, { actor: player }),
    ).toMatchObject({ statusCode: 403 });
    expect(
      await nats.expectError(fights.update, { id: fight.id, fight: { name: 'Mine' } }, { actor: player }),
    ).toMatchObject({ statusCode: 403 });
    expect(await nats.expectError(fights.delete, { id: fight.id }, { actor: player })).toMatchObject({
      statusCode: 403,
    });
    expect(await nats.expectError(fights.get, { id: fight.id }, { actor: stranger })).toMatchObject({
      statusCode: 404,
    });
    expect((await list({}, stranger)).fights).toEqual([]);
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect(await nats.expectError(fights.get, { id: unknown }, { actor: gm })).toMatchObject({
      statusCode: 404,
    });
    expect(
      await nats.expectError(fights.update, { id: unknown, fight: { name: 'X' } }, { actor: gm }),
    ).toMatchObject({ statusCode: 404 });
  });

  it('refuses a taken name, and combatants of another campaign (422 on the field), writing and announcing nothing', async () => {
    const published = await world.settled();
    expect(
      await nats.expectError(fights.create, { fight: { name: 'ROOFTOP SHOWDOWN' } }, { actor: gm }),
    ).toMatchObject({ statusCode: 422, details: { errors: { name: ['has already been taken'] } } });
    const [fight] = (await list({ search: 'dockside' })).fights;
    const before = await count('from shots');
    expect(
      await nats.expectError(
        fights.update,
        { id: fight.id, fight: { name: 'Renamed', character_ids: [fei, foreignCharacter] } },
        { actor: gm },
      ),
    ).toMatchObject({ statusCode: 422, details: { errors: { character_ids: [expect.any(String)] } } });
    expect(
      await nats.expectError(fights.update, { id: fight.id, fight: { vehicle_ids: [fei] } }, { actor: gm }),
    ).toMatchObject({ statusCode: 422, details: { errors: { vehicle_ids: [expect.any(String)] } } });
    expect(await count("from fights where name = 'Renamed'")).toBe(0);
    expect(await count('from shots')).toBe(before);
    // The next announcement is the next change's: the refused ones announced nothing.
    const marker = await create({ name: 'Marker' });
    expect(await world.publishedAfter(published, 2, mine)).toEqual([{ fight: marker }, { fights: 'reload' }]);
    await nats.expectOk(fights.delete, { id: marker.id }, { actor: gm });
  });
});

describe('joining and leaving', () => {
  it('keeps the shots still listed (with their places), removes the rest and adds one per new entry', async () => {
    const [fight] = (await list({ search: 'rooftop' })).fights;
    await world.db.query('update shots set shot = 12 where fight_id = $1 and character_id = $2', [
      fight.id,
      fei,
    ]);
    // One mook group leaves (a hidden one goes first), the vehicle leaves, Fei stays where she was.
    const updated = await update(fight.id, { character_ids: [mooks, fei], vehicle_ids: [] });
    expect(updated.character_ids.sort()).toEqual([fei, mooks].sort());
    expect(updated.vehicle_ids).toEqual([]);
    expect(await shotsOf(fight.id)).toEqual([
      { character_id: fei, vehicle_id: null, shot: 12 },
      { character_id: mooks, vehicle_id: null, shot: null },
    ]);
    // Appending an id (as characterClient.addCharacter does) adds exactly one more shot.
    const appended = await update(fight.id, { character_ids: [...updated.character_ids, mooks] });
    expect(appended.character_ids.filter((id) => id === mooks)).toHaveLength(2);
    // A body without the lists leaves the combatants alone.
    await update(fight.id, { description: 'Higher' });
    expect(await count('from shots where fight_id = $1', [fight.id])).toBe(3);
  });

  it('a party joins a fight: each member once, hidden; members already in stay as they are', async () => {
    const party = await nats.expectOk<PartyView>(
      parties.create,
      { party: { name: 'Posse', character_ids: [fei], vehicle_ids: [junk] } },
      { actor: gm },
    );
    const [fight] = (await list({ search: 'rooftop' })).fights;
    const before = await world.settled();
    const answer = await nats.expectOk<PartyView>(
      fights.addParty,
      { party_id: party.id, fight_id: fight.id },
      { actor: gm },
    );
    expect(answer).toMatchObject({ id: party.id, entity_class: 'Party' });
    const shots = await shotsOf(fight.id);
    expect(shots.filter((shot) => shot.character_id === fei)).toEqual([
      { character_id: fei, vehicle_id: null, shot: 12 },
    ]);
    expect(shots.filter((shot) => shot.vehicle_id === junk)).toEqual([
      { character_id: null, vehicle_id: junk, shot: null },
    ]);
    const [announced] = await world.publishedAfter(before, 1, (message) => 'fight' in message);
    expect((announced.fight as FightView).vehicle_ids).toEqual([junk]);
    await nats.expectOk(fights.addParty, { party_id: party.id, fight_id: fight.id }, { actor: gm });
    expect(await count('from shots where fight_id = $1', [fight.id])).toBe(shots.length);
    expect(
      await nats.expectError(fights.addParty, { party_id: party.id, fight_id: fight.id }, { actor: player }),
    ).toMatchObject({ statusCode: 403 });
    expect(
      await nats.expectError(
        fights.addParty,
        { party_id: '00000000-0000-4000-8000-000000000000', fight_id: fight.id },
        { actor: gm },
      ),
    ).toMatchObject({ statusCode: 404 });
  });
});

describe('ending, touching and the current fight', () => {
  it('the current fight is the latest started that has not ended; null when none; 404 to outsiders', async () => {
    const [docks] = (await list({ search: 'dockside' })).fights;
    const current = await nats.expectOk<FightView | null>(
      fights.current,
      { campaign_id: world.campaign.id },
      { actor: player },
    );
    expect(current?.id).toBe(docks.id);
    expect(
      await nats.expectError(fights.current, { campaign_id: world.campaign.id }, { actor: stranger }),
    ).toMatchObject({ statusCode: 404 });
    expect(
      await nats.expectOk(fights.current, { campaign_id: world.own.id }, { actor: stranger }),
    ).toBeNull();
  });

  it('only the gamemaster ends a fight, once; announced to the campaign and the fight after the commit', async () => {
    const [docks] = (await list({ search: 'dockside' })).fights;
    const follower = await FightFollower.follow(nats, env.subjectPrefix, docks.id);
    try {
      expect(await nats.expectError(fights.endFight, { id: docks.id }, { actor: player })).toMatchObject({
        statusCode: 403,
      });
      const before = await world.settled();
      const ended = await nats.expectOk<FightView>(
        fights.endFight,
        { id: docks.id, notes: 'The Dragons won.' },
        { actor: gm },
      );
      expect(ended.ended_at).toEqual(expect.any(String));
      const announced = await world.publishedAfter(before, 1, (message) => message.type === 'fight_ended');
      expect(announced).toEqual([{ type: 'fight_ended', fight_id: docks.id, fight_name: 'Dockside Brawl' }]);
      expect(await follower.after(0, 1)).toEqual([{ fight: 'ended' }]);
      expect(await nats.expectError(fights.endFight, { id: docks.id }, { actor: gm })).toMatchObject({
        statusCode: 422,
        details: { errors: { ended_at: [expect.any(String)] } },
      });
      expect(
        await nats.expectOk(fights.current, { campaign_id: world.campaign.id }, { actor: player }),
      ).toBeNull();
      const log = await nats.expectOk<FightEventView[]>(fights.events, { id: docks.id }, { actor: player });
      expect(log).toEqual([
        expect.objectContaining({ event_type: 'fight_ended', description: 'The Dragons won.' }),
      ]);
    } finally {
      follower.close();
    }
  });

  it('touch announces the fight again to its followers', async () => {
    const [fight] = (await list({ search: 'rooftop' })).fights;
    const follower = await FightFollower.follow(nats, env.subjectPrefix, fight.id);
    try {
      const touched = await nats.expectOk<FightView>(fights.touch, { id: fight.id }, { actor: player });
      expect(touched.id).toBe(fight.id);
      expect(await follower.after(0, 1)).toEqual([{ fight: 'updated' }]);
    } finally {
      follower.close();
    }
  });
});

describe('the fight log', () => {
  it('members write and read it; outsiders and unknown fights are 404', async () => {
    const [fight] = (await list({ search: 'rooftop' })).fights;
    const event = await nats.expectOk<FightEventView>(
      fights.logEvent,
      {
        id: fight.id,
        fight_event: { event_type: 'attack', description: 'Fei kicks', details: { damage: 12 } },
      },
      { actor: player },
    );
    expect(event).toMatchObject({ fight_id: fight.id, event_type: 'attack', details: { damage: 12 } });
    const log = await nats.expectOk<FightEventView[]>(fights.events, { id: fight.id }, { actor: gm });
    expect(log.map(({ id }) => id)).toEqual([event.id]);
    expect(await nats.expectError(fights.events, { id: fight.id }, { actor: stranger })).toMatchObject({
      statusCode: 404,
    });
    expect(
      await nats.expectError(
        fights.logEvent,
        { id: fight.id, fight_event: { event_type: 'attack', description: 'x' } },
        { actor: stranger },
      ),
    ).toMatchObject({ statusCode: 404 });
  });
});

describe('deleting', () => {
  it('removes the fight with its shots and log; announced after the commit', async () => {
    const [fight] = (await list({ search: 'rooftop' })).fights;
    const before = await world.settled();
    await nats.expectOk(fights.delete, { id: fight.id }, { actor: gm });
    expect(await count('from fights where id = $1', [fight.id])).toBe(0);
    expect(await count('from shots where fight_id = $1', [fight.id])).toBe(0);
    expect(await count('from fight_events where fight_id = $1', [fight.id])).toBe(0);
    expect(await count('from characters where id = $1', [fei])).toBe(1);
    expect(await world.publishedAfter(before, 1, mine)).toEqual([{ fights: 'reload' }]);
  });
});
