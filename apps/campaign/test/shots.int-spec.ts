import { Subjects, type Actor, type FightView } from '@shotcaller/contracts';
import { NatsRequester, TestEnvironment } from '@shotcaller/testing';
import { CampaignRecordsWorld } from './support/campaign-records.js';
import { FightFollower } from './support/fight-follower.js';

/**
 * Shots over NATS: a fight's initiative entries, changed by the gamemaster (a player changes those of their own
 * characters), removed and linked to drivers by the gamemaster, refused off the track (-10..30) without writing,
 * and announced (the encounter, then `{fight: "updated"}`) once committed.
 */

const env = new TestEnvironment('shots-int');
const world = new CampaignRecordsWorld(env);
let nats: NatsRequester;
let gm: Actor;
let player: Actor;
let stranger: Actor;
let fight: FightView;
let other: FightView;
/** Shot ids by combatant: Fei (the player's), Big Bad, Junk and Van (vehicles), Fei in the other fight. */
const shot: Record<'fei' | 'boss' | 'junk' | 'van' | 'elsewhere', string> = {
  fei: '',
  boss: '',
  junk: '',
  van: '',
  elsewhere: '',
};

const { fights, shots } = Subjects.campaign;
const unknown = '00000000-0000-4000-8000-000000000000';

async function shotRow(id: string) {
  const { rows } = await world.db.query<{
    shot: number | null;
    count: number;
    impairments: number;
    location: string | null;
    color: string | null;
    driver_id: string | null;
    driving_id: string | null;
  }>('select shot, count, impairments, location, color, driver_id, driving_id from shots where id = $1', [
    id,
  ]);
  return rows[0];
}

async function shotIdOf(fightId: string, column: 'character_id' | 'vehicle_id', combatantId: string) {
  const { rows } = await world.db.query<{ id: string }>(
    `select id from shots where fight_id = $1 and ${column} = $2`,
    [fightId, combatantId],
  );
  return rows[0].id;
}

beforeAll(async () => {
  await world.start();
  ({ nats, gm, player, stranger } = world);
  const fei = await world.insertCharacter('Fei');
  await world.db.query('update characters set user_id = $1 where id = $2', [player.id, fei]);
  const boss = await world.insertCharacter('Big Bad');
  const vehicles = await world.db.query<{ id: string; name: string }>(
    `insert into vehicles (id, campaign_id, name) values (gen_random_uuid(), $1, 'Junk'), (gen_random_uuid(), $1, 'Van')
     returning id, name`,
    [world.campaign.id],
  );
  const [junk, van] = vehicles.rows.map((row) => row.id);
  fight = await nats.expectOk<FightView>(
    fights.create,
    { fight: { name: 'Chase', character_ids: [fei, boss], vehicle_ids: [junk, van] } },
    { actor: gm },
  );
  other = await nats.expectOk<FightView>(
    fights.create,
    { fight: { name: 'Elsewhere', character_ids: [fei] } },
    { actor: gm },
  );
  shot.fei = await shotIdOf(fight.id, 'character_id', fei);
  shot.boss = await shotIdOf(fight.id, 'character_id', boss);
  shot.junk = await shotIdOf(fight.id, 'vehicle_id', junk);
  shot.van = await shotIdOf(fight.id, 'vehicle_id', van);
  shot.elsewhere = await shotIdOf(other.id, 'character_id', fei);
  // Creating a fight with combatants announces its encounter after the answer; the tests that follow a fight
  // count only what their own changes announce, so those announcements must have arrived first.
  for (const id of [fight.id, other.id]) {
    await world.publishedAfter(
      0,
      1,
      (message) => (message.encounter as { id?: string } | undefined)?.id === id,
    );
  }
});

afterAll(async () => {
  await world.stop();
});

describe('changing a shot', () => {
  it('the gamemaster moves a combatant on the track; the encounter is announced after the commit', async () => {
    const follower = await FightFollower.follow(nats, env.subjectPrefix, fight.id);
    try {
      const before = await world.settled();
      const answer = await nats.expectOk(
        shots.update,
        { fight_id: fight.id, id: shot.boss, shot: { shot: 12, count: 5, impairments: 1, location: 'Roof' } },
        { actor: gm },
      );
      expect(answer).toEqual({ success: true });
      expect(await shotRow(shot.boss)).toMatchObject({
        shot: 12,
        count: 5,
        impairments: 1,
        location: 'Roof',
      });
      const ofThisFight = (message: Record<string, unknown>) =>
        (message.encounter as { id?: string } | undefined)?.id === fight.id;
      const [announced] = await world.publishedAfter(before, 1, ofThisFight);
      expect(announced.encounter).toMatchObject({ id: fight.id });
      expect(await follower.after(0, 1)).toEqual([{ fight: 'updated' }]);
      // null hides it again.
      await nats.expectOk(
        shots.update,
        { fight_id: fight.id, id: shot.boss, shot: { shot: null } },
        { actor: gm },
      );
      expect((await shotRow(shot.boss)).shot).toBeNull();
    } finally {
      follower.close();
    }
  });

  it.each([[-11], [31], [2.5]])('refuses shot %p off the track and writes nothing', async (value) => {
    const before = await shotRow(shot.fei);
    expect(
      await nats.expectError(
        shots.update,
        { fight_id: fight.id, id: shot.fei, shot: { shot: value, location: 'Moved' } },
        { actor: gm },
      ),
    ).toMatchObject({
      // An invalid payload over NATS; the gateway answers the same body 422 (see test/e2e/fights.e2e-spec.ts).
      statusCode: 400,
      code: 'invalid_payload',
      details: { errors: { shot: [expect.any(String)] } },
    });
    expect(await shotRow(shot.fei)).toEqual(before);
  });

  it('takes the track ends, -10 and 30', async () => {
    for (const value of [-10, 30]) {
      await nats.expectOk(
        shots.update,
        { fight_id: fight.id, id: shot.fei, shot: { shot: value } },
        { actor: gm },
      );
      expect((await shotRow(shot.fei)).shot).toBe(value);
    }
  });

  it("a player moves their own character's shot, not another's; outsiders and unknown shots are 404", async () => {
    await nats.expectOk(
      shots.update,
      { fight_id: fight.id, id: shot.fei, shot: { shot: 9 } },
      { actor: player },
    );
    expect((await shotRow(shot.fei)).shot).toBe(9);
    expect(
      await nats.expectError(
        shots.update,
        { fight_id: fight.id, id: shot.boss, shot: { shot: 9 } },
        { actor: player },
      ),
    ).toMatchObject({ statusCode: 403 });
    expect(
      await nats.expectError(
        shots.update,
        { fight_id: fight.id, id: shot.fei, shot: { shot: 1 } },
        { actor: stranger },
      ),
    ).toMatchObject({ statusCode: 404 });
    for (const [fightId, id] of [
      [fight.id, unknown],
      [unknown, shot.fei],
      [fight.id, shot.elsewhere],
    ]) {
      expect(
        await nats.expectError(shots.update, { fight_id: fightId, id, shot: { shot: 1 } }, { actor: gm }),
      ).toMatchObject({ statusCode: 404 });
    }
    expect((await shotRow(shot.fei)).shot).toBe(9);
  });
});

describe('drivers', () => {
  it('assigns a driver: links the vehicle and its driver, one vehicle per driver at a time', async () => {
    const follower = await FightFollower.follow(nats, env.subjectPrefix, fight.id);
    try {
      expect(
        await nats.expectOk(
          shots.assignDriver,
          { fight_id: fight.id, id: shot.junk, driver_shot_id: shot.fei },
          { actor: gm },
        ),
      ).toMatchObject({ success: true });
      expect(await shotRow(shot.junk)).toMatchObject({ driver_id: shot.fei });
      expect(await shotRow(shot.fei)).toMatchObject({ driving_id: shot.junk });
      expect(await follower.after(0, 1)).toEqual([{ fight: 'updated' }]);
    } finally {
      follower.close();
    }
    // Fei takes the van: the junk has no driver any more.
    await nats.expectOk(
      shots.assignDriver,
      { fight_id: fight.id, id: shot.van, driver_shot_id: shot.fei },
      { actor: gm },
    );
    expect(await shotRow(shot.junk)).toMatchObject({ driver_id: null });
    expect(await shotRow(shot.van)).toMatchObject({ driver_id: shot.fei });
    expect(await shotRow(shot.fei)).toMatchObject({ driving_id: shot.van });
    // The boss takes the van: Fei drives nothing.
    await nats.expectOk(
      shots.update,
      { fight_id: fight.id, id: shot.van, shot: { driver_id: shot.boss } },
      { actor: gm },
    );
    expect(await shotRow(shot.van)).toMatchObject({ driver_id: shot.boss });
    expect(await shotRow(shot.fei)).toMatchObject({ driving_id: null });
    expect(await shotRow(shot.boss)).toMatchObject({ driving_id: shot.van });
  });

  it('refuses drivers that are not characters of this fight, and players (403), writing nothing', async () => {
    const refusal = (id: string, driver: string, actor = gm) =>
      nats.expectError(shots.assignDriver, { fight_id: fight.id, id, driver_shot_id: driver }, { actor });
    expect(await refusal(shot.junk, shot.van)).toMatchObject({
      statusCode: 422,
      details: { errors: { driver_shot_id: ["must be a character's shot"] } },
    });
    expect(await refusal(shot.junk, shot.elsewhere)).toMatchObject({
      statusCode: 422,
      details: { errors: { driver_shot_id: ['is not a shot of this fight'] } },
    });
    expect(await refusal(shot.fei, shot.boss)).toMatchObject({ statusCode: 422 });
    expect(await refusal(shot.junk, shot.fei, player)).toMatchObject({ statusCode: 403 });
    expect(await shotRow(shot.junk)).toMatchObject({ driver_id: null });
    expect(await shotRow(shot.van)).toMatchObject({ driver_id: shot.boss });
  });

  it('removes a driver', async () => {
    expect(
      await nats.expectOk(shots.removeDriver, { fight_id: fight.id, id: shot.van }, { actor: gm }),
    ).toMatchObject({ success: true });
    expect(await shotRow(shot.van)).toMatchObject({ driver_id: null });
    expect(await shotRow(shot.boss)).toMatchObject({ driving_id: null });
  });
});

describe('drivers, by a player', () => {
  it('a player links their own character only to their own vehicle, and unlinks it', async () => {
    const drive = (vehicle: string | null) =>
      ({ fight_id: fight.id, id: shot.fei, shot: { driving_id: vehicle } }) as const;
    expect(await nats.expectError(shots.update, drive(shot.junk), { actor: player })).toMatchObject({
      statusCode: 403,
    });
    expect(await shotRow(shot.junk)).toMatchObject({ driver_id: null });
    await world.db.query(
      'update vehicles set user_id = $1 where id = (select vehicle_id from shots where id = $2)',
      [player.id, shot.junk],
    );
    await nats.expectOk(shots.update, drive(shot.junk), { actor: player });
    expect(await shotRow(shot.junk)).toMatchObject({ driver_id: shot.fei });
    expect(await shotRow(shot.fei)).toMatchObject({ driving_id: shot.junk });
    await nats.expectOk(shots.update, drive(null), { actor: player });
    expect(await shotRow(shot.junk)).toMatchObject({ driver_id: null });
    expect(await shotRow(shot.fei)).toMatchObject({ driving_id: null });
  });
});

describe('removing a shot', () => {
  it('the gamemaster removes a combatant from the fight; a player cannot', async () => {
    expect(
      await nats.expectError(shots.delete, { fight_id: fight.id, id: shot.boss }, { actor: player }),
    ).toMatchObject({ statusCode: 403 });
    await nats.expectOk(shots.delete, { fight_id: fight.id, id: shot.boss }, { actor: gm });
    expect(await world.count('from shots where id = $1', [shot.boss])).toBe(0);
    const record = await nats.expectOk<FightView>(fights.get, { id: fight.id }, { actor: player });
    expect(record.character_ids).toHaveLength(1);
    expect(
      await nats.expectError(shots.delete, { fight_id: fight.id, id: shot.boss }, { actor: gm }),
    ).toMatchObject({ statusCode: 404 });
  });
});
