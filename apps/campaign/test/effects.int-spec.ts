import {
  natsSubject,
  RealtimeSubjects,
  Subjects,
  type Actor,
  type CharacterEffectView,
  type EncounterView,
  type FightEffectView,
  type FightView,
} from '@shotcaller/contracts';
import { eventually, NatsRequester, TestEnvironment } from '@shotcaller/testing';
import { CampaignRecordsWorld } from './support/campaign-records.js';
import { FightFollower } from './support/fight-follower.js';

/**
 * Effects over NATS: fight-wide effects (on from a sequence and shot to another) and effects on a combatant's
 * shot ("Defense" "+1"), managed by the gamemaster only, refused without writing when out of bounds or linked to
 * another fight's shot, hidden from other campaigns (404), and each change announced as ONE encounter once
 * committed. The encounter shows a fight-wide effect only while it is on.
 */

const env = new TestEnvironment('effects-int');
const world = new CampaignRecordsWorld(env);
let nats: NatsRequester;
let gm: Actor;
let player: Actor;
let stranger: Actor;
let fight: FightView;
let other: FightView;
let strangers: FightView;
const shot = { fei: '', boss: '', junk: '', elsewhere: '' };
const ids = { fei: '', junk: '' };

const { effects, characterEffects, encounters, fights } = Subjects.campaign;
const unknown = '00000000-0000-4000-8000-000000000000';

async function shotIdOf(fightId: string, column: 'character_id' | 'vehicle_id', combatantId: string) {
  const { rows } = await world.db.query<{ id: string }>(
    `select id from shots where fight_id = $1 and ${column} = $2`,
    [fightId, combatantId],
  );
  return rows[0].id;
}

const effectRows = () => world.count('from effects');
const characterEffectRows = () => world.count('from character_effects');
const encounterOf = (id: string) => (message: Record<string, unknown>) =>
  (message.encounter as { id?: string } | undefined)?.id === id;
const view = (actor = player) => nats.expectOk<EncounterView>(encounters.get, { id: fight.id }, { actor });

/**
 * Sets the fight's sequence and its current shot (Boss's shot; the others stay hidden) in the database, then
 * announces a change of the campaign as any replica's write would, and waits until the encounter read shows it
 * (the service answers a kept encounter until an announcement drops it).
 */
async function moment(sequence: number, current: number) {
  await world.db.query('update fights set sequence = $1 where id = $2', [sequence, fight.id]);
  await world.db.query('update shots set shot = $1 where id = $2', [current, shot.boss]);
  nats.connection.publish(natsSubject(RealtimeSubjects.campaign(world.campaign.id), env.subjectPrefix), '{}');
  await eventually(async () => {
    const now = await view();
    const boss = now.shots.flatMap((group) => group.characters).find((entry) => entry.shot_id === shot.boss);
    expect([now.sequence, boss?.current_shot]).toEqual([sequence, current]);
  });
}

beforeAll(async () => {
  await world.start();
  ({ nats, gm, player, stranger } = world);
  ids.fei = await world.insertCharacter('Fei');
  await world.db.query('update characters set user_id = $1 where id = $2', [player.id, ids.fei]);
  const boss = await world.insertCharacter('Big Bad');
  ids.junk = await world.insertRecord('vehicles', 'Junk');
  fight = await nats.expectOk<FightView>(
    fights.create,
    { fight: { name: 'Rooftop', character_ids: [ids.fei, boss], vehicle_ids: [ids.junk] } },
    { actor: gm },
  );
  // Its combatants joining is announced; let that pass before the specs follow the fight.
  await world.publishedAfter(0, 1, encounterOf(fight.id));
  other = await nats.expectOk<FightView>(
    fights.create,
    { fight: { name: 'Docks', character_ids: [ids.fei] } },
    { actor: gm },
  );
  strangers = await nats.expectOk<FightView>(
    fights.create,
    { fight: { name: 'Not Yours' } },
    { actor: stranger },
  );
  shot.fei = await shotIdOf(fight.id, 'character_id', ids.fei);
  shot.boss = await shotIdOf(fight.id, 'character_id', boss);
  shot.junk = await shotIdOf(fight.id, 'vehicle_id', ids.junk);
  shot.elsewhere = await shotIdOf(other.id, 'character_id', ids.fei);
});

afterAll(async () => {
  await world.stop();
});

describe('fight-wide effects', () => {
  let smoke: FightEffectView;

  it('the gamemaster adds one; it is answered as stored and announced as one encounter after the commit', async () => {
    const follower = await FightFollower.follow(nats, env.subjectPrefix, fight.id);
    try {
      const before = await world.settled();
      smoke = await nats.expectOk<FightEffectView>(
        effects.create,
        {
          fight_id: fight.id,
          effect: {
            name: ' Smoke ',
            description: 'Hard to see',
            severity: 'warning',
            start_sequence: 1,
            start_shot: 15,
            end_sequence: 2,
            end_shot: 10,
          },
        },
        { actor: gm },
      );
      expect(smoke).toEqual({
        id: expect.any(String),
        name: 'Smoke',
        description: 'Hard to see',
        severity: 'warning',
        start_sequence: 1,
        end_sequence: 2,
        start_shot: 15,
        end_shot: 10,
      });
      const { rows } = await world.db.query(
        'select fight_id, name, severity, start_sequence, start_shot, end_sequence, end_shot from effects where id = $1',
        [smoke.id],
      );
      expect(rows).toEqual([
        {
          fight_id: fight.id,
          name: 'Smoke',
          severity: 'warning',
          start_sequence: 1,
          start_shot: 15,
          end_sequence: 2,
          end_shot: 10,
        },
      ]);
      const [announced] = await world.publishedAfter(before, 1, encounterOf(fight.id));
      expect(announced.encounter).toMatchObject({ id: fight.id });
      expect(await follower.after(0, 1)).toEqual([{ fight: 'updated' }]);

      // A later change is announced too; by then the first change has announced exactly once.
      await nats.expectOk(
        effects.update,
        { fight_id: fight.id, id: smoke.id, effect: { description: 'Thick smoke' } },
        { actor: gm },
      );
      await world.publishedAfter(before, 2, encounterOf(fight.id));
      expect(await follower.after(0, 2)).toEqual([{ fight: 'updated' }, { fight: 'updated' }]);
      expect(world.published.slice(before).filter(encounterOf(fight.id))).toHaveLength(2);
    } finally {
      follower.close();
    }
  });

  it('defaults to severity info and an open window', async () => {
    const created = await nats.expectOk<FightEffectView>(
      effects.create,
      { fight_id: fight.id, effect: { name: 'Rain' } },
      { actor: gm },
    );
    expect(created).toMatchObject({
      name: 'Rain',
      description: null,
      severity: 'info',
      start_sequence: null,
      end_sequence: null,
      start_shot: null,
      end_shot: null,
    });
    await nats.expectOk(effects.delete, { fight_id: fight.id, id: created.id }, { actor: gm });
  });

  it('the encounter shows an effect only while it is on, by sequence and shot', async () => {
    const later = await nats.expectOk<FightEffectView>(
      effects.create,
      { fight_id: fight.id, effect: { name: 'Sirens', start_sequence: 2 } },
      { actor: gm },
    );
    const names = async () => (await view()).effects.map((effect) => effect.name);
    await moment(1, 16);
    expect(await names()).toEqual([]);
    await moment(1, 15);
    expect(await names()).toEqual(['Smoke']);
    await moment(2, 11);
    expect(await names()).toEqual(['Smoke', 'Sirens']);
    await moment(2, 10);
    expect(await names()).toEqual(['Sirens']);
    // The encounter a change announces carries the same rule.
    const before = await world.settled();
    await nats.expectOk(
      effects.update,
      { fight_id: fight.id, id: smoke.id, effect: { end_sequence: 3 } },
      { actor: gm },
    );
    const [announced] = await world.publishedAfter(before, 1, encounterOf(fight.id));
    const announcedNames = (announced.encounter as EncounterView).effects.map((effect) => effect.name);
    expect(announcedNames).toEqual(['Smoke', 'Sirens']);
    await nats.expectOk(effects.delete, { fight_id: fight.id, id: later.id }, { actor: gm });
  });

  it('updates only what is sent, keeping the rest', async () => {
    const updated = await nats.expectOk<FightEffectView>(
      effects.update,
      { fight_id: fight.id, id: smoke.id, effect: { severity: 'error', end_shot: null } },
      { actor: gm },
    );
    expect(updated).toMatchObject({
      name: 'Smoke',
      description: 'Thick smoke',
      severity: 'error',
      start_sequence: 1,
      end_sequence: 3,
      start_shot: 15,
      end_shot: null,
    });
  });

  it.each([
    [{ name: 'X', severity: 'fatal' }, 'severity'],
    [{ name: 'X', start_shot: 31 }, 'start_shot'],
    [{ name: 'X', end_shot: -11 }, 'end_shot'],
    [{ name: 'X', start_sequence: -1 }, 'start_sequence'],
    [{ name: 'X', end_sequence: 1.5 }, 'end_sequence'],
    [{ name: '' }, 'name'],
    [{ name: 'x'.repeat(256) }, 'name'],
    [{ severity: 'info' }, 'name'],
  ])('refuses %p (400 on %s) and writes nothing', async (effect, field) => {
    const before = await effectRows();
    expect(
      await nats.expectError(effects.create, { fight_id: fight.id, effect }, { actor: gm }),
    ).toMatchObject({
      statusCode: 400,
      details: { errors: { [field]: [expect.any(String)] } },
    });
    expect(await effectRows()).toBe(before);
  });

  it('refuses a window that ends before it starts (422) and writes nothing', async () => {
    const before = await effectRows();
    expect(
      await nats.expectError(
        effects.create,
        { fight_id: fight.id, effect: { name: 'Backwards', start_sequence: 3, end_sequence: 2 } },
        { actor: gm },
      ),
    ).toMatchObject({ statusCode: 422, details: { errors: { end_sequence: [expect.any(String)] } } });
    expect(
      await nats.expectError(
        effects.update,
        { fight_id: fight.id, id: smoke.id, effect: { end_sequence: 1, end_shot: 15 } },
        { actor: gm },
      ),
    ).toMatchObject({ statusCode: 422, details: { errors: { end_shot: [expect.any(String)] } } });
    expect(await effectRows()).toBe(before);
    const { rows } = await world.db.query('select end_sequence, end_shot from effects where id = $1', [
      smoke.id,
    ]);
    expect(rows).toEqual([{ end_sequence: 3, end_shot: null }]);
  });

  it("is the gamemaster's: a player is refused (403), another campaign sees no fight (404); nothing written", async () => {
    const before = await effectRows();
    const publishedBefore = await world.settled();
    const create = { fight_id: fight.id, effect: { name: 'Mine' } };
    expect(await nats.expectError(effects.create, create, { actor: player })).toMatchObject({
      statusCode: 403,
    });
    expect(await nats.expectError(effects.create, create, { actor: stranger })).toMatchObject({
      statusCode: 404,
    });
    expect(
      await nats.expectError(
        effects.update,
        { fight_id: fight.id, id: smoke.id, effect: { name: 'Theirs' } },
        { actor: player },
      ),
    ).toMatchObject({ statusCode: 403 });
    expect(
      await nats.expectError(effects.delete, { fight_id: fight.id, id: smoke.id }, { actor: stranger }),
    ).toMatchObject({ statusCode: 404 });
    // The gamemaster cannot reach another campaign's fight, nor this effect through another fight.
    expect(
      await nats.expectError(effects.create, { ...create, fight_id: strangers.id }, { actor: gm }),
    ).toMatchObject({ statusCode: 404 });
    expect(
      await nats.expectError(
        effects.update,
        { fight_id: other.id, id: smoke.id, effect: { name: 'Moved' } },
        { actor: gm },
      ),
    ).toMatchObject({ statusCode: 404 });
    expect(
      await nats.expectError(effects.delete, { fight_id: other.id, id: smoke.id }, { actor: gm }),
    ).toMatchObject({ statusCode: 404 });
    expect(
      await nats.expectError(effects.delete, { fight_id: fight.id, id: unknown }, { actor: gm }),
    ).toMatchObject({ statusCode: 404 });
    expect(await effectRows()).toBe(before);
    const { rows } = await world.db.query('select name from effects where id = $1', [smoke.id]);
    expect(rows).toEqual([{ name: 'Smoke' }]);
    expect(world.published.slice(publishedBefore).filter(encounterOf(fight.id))).toEqual([]);
  });

  it('the gamemaster removes one; it is gone from the fight', async () => {
    const before = await world.settled();
    expect(await nats.expectOk(effects.delete, { fight_id: fight.id, id: smoke.id }, { actor: gm })).toEqual({
      deleted: true,
    });
    expect(await world.count('from effects where id = $1', [smoke.id])).toBe(0);
    await world.publishedAfter(before, 1, encounterOf(fight.id));
    expect(
      await nats.expectError(effects.delete, { fight_id: fight.id, id: smoke.id }, { actor: gm }),
    ).toMatchObject({ statusCode: 404 });
  });
});

describe('effects on a combatant', () => {
  let dodge: CharacterEffectView;

  it("the gamemaster puts one on a character's shot; the encounter shows it on that combatant", async () => {
    const before = await world.settled();
    dodge = await nats.expectOk<CharacterEffectView>(
      characterEffects.create,
      {
        fight_id: fight.id,
        character_effect: {
          name: 'Dodge',
          severity: 'success',
          action_value: 'Defense',
          change: '+3',
          shot_id: shot.fei,
        },
      },
      { actor: gm },
    );
    expect(dodge).toEqual({
      id: expect.any(String),
      name: 'Dodge',
      description: null,
      severity: 'success',
      action_value: 'Defense',
      change: '+3',
      shot_id: shot.fei,
      character_id: ids.fei,
      vehicle_id: null,
    });
    const [announced] = await world.publishedAfter(before, 1, encounterOf(fight.id));
    const entries = (announced.encounter as EncounterView).shots.flatMap((group) => group.characters);
    expect(entries.find((entry) => entry.shot_id === shot.fei)?.effects).toEqual([dodge]);
  });

  it("and on a vehicle's shot, with the vehicle named", async () => {
    const created = await nats.expectOk<CharacterEffectView>(
      characterEffects.create,
      {
        fight_id: fight.id,
        character_effect: { name: 'Oil slick', action_value: 'Handling', change: '-2', shot_id: shot.junk },
      },
      { actor: gm },
    );
    expect(created).toMatchObject({ shot_id: shot.junk, character_id: null, vehicle_id: ids.junk });
    const vehicles = (await view()).shots.flatMap((group) => group.vehicles);
    expect(vehicles.find((entry) => entry.shot_id === shot.junk)?.effects).toEqual([created]);
  });

  it('changes what is sent; blank action value and change clear them; moves it to another shot of the fight', async () => {
    const changed = await nats.expectOk<CharacterEffectView>(
      characterEffects.update,
      {
        fight_id: fight.id,
        id: dodge.id,
        character_effect: { description: 'Ducks', action_value: '', change: ' -1 ', shot_id: shot.boss },
      },
      { actor: gm },
    );
    expect(changed).toMatchObject({
      name: 'Dodge',
      description: 'Ducks',
      action_value: null,
      change: '-1',
      shot_id: shot.boss,
    });
  });

  it.each([
    [{ name: 'X', shot_id: 'fei' }, 'shot_id'],
    [{ name: 'X' }, 'shot_id'],
    [{ name: 'X', shot_id: unknown, change: 'plus one' }, 'change'],
    [{ name: 'X', shot_id: unknown, change: '+1234567' }, 'change'],
    [{ name: 'X', shot_id: unknown, action_value: 'A'.repeat(101) }, 'action_value'],
    [{ name: 'X', shot_id: unknown, severity: 'meh' }, 'severity'],
  ])('refuses %p (400 on %s) and writes nothing', async (effect, field) => {
    const before = await characterEffectRows();
    expect(
      await nats.expectError(
        characterEffects.create,
        { fight_id: fight.id, character_effect: effect },
        { actor: gm },
      ),
    ).toMatchObject({
      statusCode: 400,
      details: { errors: { [field]: [expect.any(String)] } },
    });
    expect(await characterEffectRows()).toBe(before);
  });

  it("refuses another fight's shot or an unknown one (422 on shot_id) and writes nothing", async () => {
    const before = await characterEffectRows();
    for (const shotId of [shot.elsewhere, unknown]) {
      expect(
        await nats.expectError(
          characterEffects.create,
          { fight_id: fight.id, character_effect: { name: 'Stray', shot_id: shotId } },
          { actor: gm },
        ),
      ).toMatchObject({ statusCode: 422, details: { errors: { shot_id: [expect.any(String)] } } });
    }
    expect(
      await nats.expectError(
        characterEffects.update,
        { fight_id: fight.id, id: dodge.id, character_effect: { shot_id: shot.elsewhere } },
        { actor: gm },
      ),
    ).toMatchObject({ statusCode: 422, details: { errors: { shot_id: [expect.any(String)] } } });
    expect(await characterEffectRows()).toBe(before);
    expect(await world.count('from character_effects where shot_id = $1', [shot.boss])).toBe(1);
  });

  it("is the gamemaster's, and reached only through its own fight", async () => {
    const payload = { fight_id: fight.id, character_effect: { name: 'Mine', shot_id: shot.fei } };
    expect(await nats.expectError(characterEffects.create, payload, { actor: player })).toMatchObject({
      statusCode: 403,
    });
    expect(await nats.expectError(characterEffects.create, payload, { actor: stranger })).toMatchObject({
      statusCode: 404,
    });
    expect(
      await nats.expectError(characterEffects.delete, { fight_id: other.id, id: dodge.id }, { actor: gm }),
    ).toMatchObject({ statusCode: 404 });
    expect(
      await nats.expectError(
        characterEffects.update,
        { fight_id: other.id, id: dodge.id, character_effect: { name: 'Moved' } },
        { actor: gm },
      ),
    ).toMatchObject({ statusCode: 404 });
    expect(await world.count('from character_effects where id = $1 and name = $2', [dodge.id, 'Dodge'])).toBe(
      1,
    );
  });

  it('the gamemaster removes one', async () => {
    expect(
      await nats.expectOk(characterEffects.delete, { fight_id: fight.id, id: dodge.id }, { actor: gm }),
    ).toEqual({ deleted: true });
    expect(await world.count('from character_effects where id = $1', [dodge.id])).toBe(0);
    expect(
      await nats.expectError(characterEffects.delete, { fight_id: fight.id, id: dodge.id }, { actor: gm }),
    ).toMatchObject({ statusCode: 404 });
  });
});
