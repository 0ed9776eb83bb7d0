import type { Subscription } from '@nats-io/transport-node';
import { MikroORM } from '@mikro-orm/postgresql';
import {
  natsSubject,
  Subjects,
  type Actor,
  type EncounterCharacterView,
  type EncounterVehicleView,
  type EncounterView,
} from '@shotcaller/contracts';
import { eventually, NatsRequester, TestEnvironment } from '@shotcaller/testing';
import { EncounterAnnouncer } from '../src/encounters/encounter-announcer.js';
import { Shot } from '../src/fights/shot.entity.js';
import { CampaignRecordsWorld } from './support/campaign-records.js';

/**
 * The shot counter over NATS, as the gateway asks for it. Fights, characters, vehicles and shots are put in the
 * database directly (the fights routes are another resource's): these specs are about the encounter read and the
 * actions on it, their rules, who may take them, one broadcast per action, and nothing written or announced when
 * any part of an action is refused.
 */

const env = new TestEnvironment('encounters-int');
const world = new CampaignRecordsWorld(env);
let nats: NatsRequester;
let gm: Actor;
let player: Actor;
let stranger: Actor;

const { encounters } = Subjects.campaign;

/** What `rt.fight.<id>` carried, by fight id. */
const fightMessages = new Map<string, Record<string, unknown>[]>();
let fightSubscription: Subscription;

type Values = Record<string, string | number | boolean | null>;

async function insertFight(name: string, fields: { sequence?: number; ended?: boolean } = {}) {
  const { rows } = await world.db.query<{ id: string }>(
    `insert into fights (id, campaign_id, name, sequence, ended_at)
     values (gen_random_uuid(), $1, $2, $3, case when $4 then now() end) returning id`,
    [world.campaign.id, name, fields.sequence ?? 1, fields.ended ?? false],
  );
  return rows[0].id;
}

async function insertCharacter(
  name: string,
  actionValues: Values,
  owner: Actor | null = null,
  fields: { impairments?: number; status?: string[] } = {},
) {
  const { rows } = await world.db.query<{ id: string }>(
    `insert into characters (id, campaign_id, name, action_values, user_id, impairments, status)
     values (gen_random_uuid(), $1, $2, $3, $4, $5, $6) returning id`,
    [
      world.campaign.id,
      name,
      JSON.stringify(actionValues),
      owner?.id ?? null,
      fields.impairments ?? 0,
      JSON.stringify(fields.status ?? []),
    ],
  );
  return rows[0].id;
}

async function insertVehicle(name: string, actionValues: Values, owner: Actor | null = null) {
  const { rows } = await world.db.query<{ id: string }>(
    `insert into vehicles (id, campaign_id, name, action_values, user_id)
     values (gen_random_uuid(), $1, $2, $3, $4) returning id`,
    [world.campaign.id, name, JSON.stringify(actionValues), owner?.id ?? null],
  );
  return rows[0].id;
}

async function insertShot(
  fightId: string,
  combatant: { character?: string; vehicle?: string },
  fields: { shot?: number | null; count?: number; impairments?: number; driver?: string } = {},
) {
  const { rows } = await world.db.query<{ id: string }>(
    `insert into shots (id, fight_id, character_id, vehicle_id, shot, count, impairments, driver_id)
     values (gen_random_uuid(), $1, $2, $3, $4, $5, $6, $7) returning id`,
    [
      fightId,
      combatant.character ?? null,
      combatant.vehicle ?? null,
      fields.shot === undefined ? 12 : fields.shot,
      fields.count ?? 0,
      fields.impairments ?? 0,
      fields.driver ?? null,
    ],
  );
  return rows[0].id;
}

async function row<T>(sql: string, values: unknown[]): Promise<T> {
  return (await world.db.query<T & Record<string, unknown>>(sql, values)).rows[0];
}

const shotRow = (id: string) =>
  row<{ shot: number | null; count: number; impairments: number; was_rammed_or_damaged: boolean }>(
    'select shot, count, impairments, was_rammed_or_damaged from shots where id = $1',
    [id],
  );
const characterRow = (id: string) =>
  row<{ action_values: Values; impairments: number; status: string[] }>(
    'select action_values, impairments, status from characters where id = $1',
    [id],
  );
const events = async (fightId: string) =>
  (
    await world.db.query<{ event_type: string; description: string; details: Record<string, unknown> }>(
      'select event_type, description, details from fight_events where fight_id = $1 order by created_at, id',
      [fightId],
    )
  ).rows;

const get = (id: string, actor = player) => nats.expectOk<EncounterView>(encounters.get, { id }, { actor });
const combat = (id: string, body: Record<string, unknown>, actor = gm) =>
  nats.expectOk<EncounterView>(encounters.applyCombatAction, { id, ...body }, { actor });
const chase = (id: string, vehicle_updates: Record<string, unknown>[], actor = gm) =>
  nats.expectOk<EncounterView>(encounters.applyChaseAction, { id, vehicle_updates }, { actor });

/** The entry of shot `shotId` in an encounter. */
function entry(view: EncounterView, shotId: string): EncounterCharacterView {
  for (const group of view.shots) {
    const found = group.characters.find((character) => character.shot_id === shotId);
    if (found) return found;
  }
  throw new Error(`No character on shot ${shotId}`);
}

function vehicleEntry(view: EncounterView, shotId: string): EncounterVehicleView {
  for (const group of view.shots) {
    const found = group.vehicles.find((vehicle) => vehicle.shot_id === shotId);
    if (found) return found;
  }
  throw new Error(`No vehicle on shot ${shotId}`);
}

const isEncounter = (fightId: string) => (message: Record<string, unknown>) =>
  (message.encounter as { id?: string } | undefined)?.id === fightId;

/**
 * Runs `action` and answers what it announced: the encounters of `fightId` on the campaign's subject and the
 * messages on the fight's, once the fight's subject has carried `expected` of them.
 */
async function announcedBy<T>(fightId: string, action: () => Promise<T>, expected = 1) {
  const campaignBefore = await world.settled();
  const fightBefore = fightMessages.get(fightId)?.length ?? 0;
  const result = await action();
  const onFight = await eventually(() => {
    const messages = (fightMessages.get(fightId) ?? []).slice(fightBefore);
    if (messages.length < expected) throw new Error(`${messages.length} so far`);
    return messages;
  }, 5000);
  const onCampaign = await world.publishedAfter(campaignBefore, expected, isEncounter(fightId));
  return { result, onCampaign, onFight };
}

beforeAll(async () => {
  await world.start();
  ({ nats, gm, player, stranger } = world);
  fightSubscription = nats.connection.subscribe(natsSubject('rt.fight.*', env.subjectPrefix), {
    callback: (_, message) => {
      const fightId = message.subject.split('.').pop() ?? '';
      const list = fightMessages.get(fightId) ?? [];
      list.push(message.json<Record<string, unknown>>());
      fightMessages.set(fightId, list);
    },
  });
  await nats.connection.flush();
});

afterAll(async () => {
  fightSubscription?.unsubscribe();
  await world.stop();
});

describe('reading the encounter', () => {
  let fight: string;
  const shots: Record<string, string> = {};

  beforeAll(async () => {
    fight = await insertFight('Ordering', { sequence: 2 });
    const at12: [string, Values, Actor | null, number?][] = [
      ['Mook Squad', { Type: 'Mook', Speed: 9 }, null],
      ['Featured', { Type: 'Featured Foe', Speed: 9 }, null],
      ['Ally', { Type: 'Ally', Speed: 1 }, null],
      ['Slow PC', { Type: 'PC', Speed: 6 }, player, 0],
      ['fast pc', { Type: 'PC', Speed: 8 }, player, 1],
      ['Another PC', { Type: 'PC', Speed: 8 }, player, 1],
      ['Boss', { Type: 'Boss', Speed: 5 }, null],
      ['Uber', { Type: 'Uber-Boss', Speed: 0 }, null],
    ];
    for (const [name, values, owner, impairments] of at12) {
      const id = await insertCharacter(name, values, owner, { impairments: impairments ?? 0 });
      shots[name] = await insertShot(fight, { character: id }, { shot: 12 });
    }
    shots.late = await insertShot(
      fight,
      { character: await insertCharacter('Late', { Type: 'PC' }) },
      { shot: 3 },
    );
    shots.hidden = await insertShot(
      fight,
      { character: await insertCharacter('Hidden', { Type: 'Boss' }) },
      { shot: null },
    );
    const car = await insertVehicle('Car', { Acceleration: 7 });
    shots.car = await insertShot(fight, { vehicle: car }, { shot: 12, driver: shots['fast pc'] });
    await world.db.query('update shots set driving_id = $1 where id = $2', [shots.car, shots['fast pc']]);
    await world.db.query(
      `insert into effects (id, fight_id, name, start_sequence, start_shot, end_sequence, end_shot) values
       (gen_random_uuid(), $1, 'Smoke', 2, 15, 3, 10),
       (gen_random_uuid(), $1, 'Over', 1, 15, 2, 13),
       (gen_random_uuid(), $1, 'Later', 2, 10, 2, 1)`,
      [fight],
    );
    const boss = await row<{ id: string }>('select id from shots where id = $1', [shots.Boss]);
    await world.db.query(
      `insert into character_effects (id, shot_id, name, action_value, change) values (gen_random_uuid(), $1, 'Dazed', 'Defense', '-1')`,
      [boss.id],
    );
  });

  it('groups shots descending with the hidden last, and orders each shot by type, Speed less impairments, name', async () => {
    const view = await get(fight);
    expect(view).toMatchObject({ id: fight, entity_class: 'Fight', name: 'Ordering', sequence: 2 });
    expect(view.shots.map((group) => group.shot)).toEqual([12, 3, null]);
    expect(view.shots[0].characters.map((character) => character.name)).toEqual([
      'Uber',
      'Boss',
      'Another PC', // 8 - 1 = 7, then by name ignoring case
      'fast pc',
      'Slow PC', // 6 - 0 = 6
      'Ally',
      'Featured',
      'Mook Squad',
    ]);
    expect(view.shots[2].characters.map((character) => character.name)).toEqual(['Hidden']);
    expect(view.character_ids).toHaveLength(10);
    expect(view.vehicle_ids).toHaveLength(1);
  });

  it('carries each combatant shot, count, impairments, effects and driving links', async () => {
    const view = await get(fight);
    expect(entry(view, shots.Boss)).toMatchObject({
      shot_id: shots.Boss,
      current_shot: 12,
      count: 0,
      impairments: 0,
      status: [],
      effects: [{ name: 'Dazed', action_value: 'Defense', change: '-1', shot_id: shots.Boss }],
    });
    expect(entry(view, shots['fast pc'])).toMatchObject({
      impairments: 1,
      driving_id: shots.car,
      driving: { name: 'Car', entity_class: 'Vehicle', shot_id: shots.car },
      user: { id: player.id, entity_class: 'User' },
    });
    expect(entry(view, shots.hidden).current_shot).toBeNull();
    expect(vehicleEntry(view, shots.car)).toMatchObject({
      driver_id: shots['fast pc'],
      driver: { name: 'fast pc', shot_id: shots['fast pc'] },
      is_defeated_in_chase: false,
      defeat_threshold: 35,
    });
  });

  it('shows only the fight-wide effects on at its sequence and current shot', async () => {
    expect((await get(fight)).effects.map((effect) => effect.name)).toEqual(['Smoke']);
  });

  it('is for the members of the fight campaign: 404 to anyone else and for unknown fights', async () => {
    expect(await nats.expectError(encounters.get, { id: fight }, { actor: stranger })).toMatchObject({
      statusCode: 404,
    });
    expect(
      await nats.expectError(encounters.get, { id: '00000000-0000-4000-8000-000000000000' }, { actor: gm }),
    ).toMatchObject({ statusCode: 404 });
    expect((await get(fight, gm)).id).toBe(fight);
  });
});

describe('initiative and acting', () => {
  let fight: string;
  let pcShot: string;
  let bossShot: string;

  beforeAll(async () => {
    fight = await insertFight('Acting', { sequence: 0 });
    pcShot = await insertShot(
      fight,
      { character: await insertCharacter('Acting PC', { Type: 'PC' }, player) },
      { shot: null },
    );
    bossShot = await insertShot(
      fight,
      { character: await insertCharacter('Acting Boss', { Type: 'Boss' }) },
      { shot: null },
    );
  });

  it('sets the initiative and starts the next sequence, announced once on both subjects', async () => {
    const { result, onCampaign, onFight } = await announcedBy(fight, () =>
      nats.expectOk<EncounterView>(
        encounters.updateInitiatives,
        {
          id: fight,
          shots: [
            { id: pcShot, shot: 14 },
            { id: bossShot, shot: '-8' },
          ],
        },
        { actor: gm },
      ),
    );
    expect(result.sequence).toBe(1);
    expect(result.shots.map((group) => group.shot)).toEqual([14, -8]);
    expect(onCampaign).toEqual([{ encounter: result }]);
    expect(onFight).toEqual([{ fight: 'updated' }]);
    expect((await events(fight)).map((event) => event.event_type)).toEqual(['sequence']);
  });

  it('refuses a shot of another fight (422 on the entry) and players (403), changing nothing', async () => {
    const other = await insertFight('Other');
    const elsewhere = await insertShot(other, { character: await insertCharacter('Elsewhere', {}) });
    expect(
      await nats.expectError(
        encounters.updateInitiatives,
        {
          id: fight,
          shots: [
            { id: pcShot, shot: 1 },
            { id: elsewhere, shot: 2 },
          ],
        },
        { actor: gm },
      ),
    ).toMatchObject({
      statusCode: 422,
      details: { errors: { 'shots.1.id': ['is not a combatant of this fight'] } },
    });
    expect(
      await nats.expectError(
        encounters.updateInitiatives,
        { id: fight, shots: [{ id: pcShot, shot: 1 }] },
        { actor: player },
      ),
    ).toMatchObject({ statusCode: 403 });
    expect((await shotRow(pcShot)).shot).toBe(14);
    expect(
      (await row<{ sequence: number }>('select sequence from fights where id = $1', [fight])).sequence,
    ).toBe(1);
  });

  it('acting spends 3 shots unless told, never below -10, records the action and logs a movement', async () => {
    const actionId = '11111111-1111-4111-8111-111111111111';
    const view = await nats.expectOk<EncounterView>(
      encounters.act,
      { id: fight, shot_id: pcShot, action_id: actionId },
      { actor: player },
    );
    expect(entry(view, pcShot).current_shot).toBe(11);
    expect(view.action_id).toBe(actionId);
    await nats.expectOk(encounters.act, { id: fight, shot_id: bossShot, shots: 5 }, { actor: gm });
    expect((await shotRow(bossShot)).shot).toBe(-10);
    const logged = (await events(fight)).filter((event) => event.event_type === 'movement');
    expect(logged.map((event) => event.details)).toEqual([
      expect.objectContaining({ shot_id: pcShot, shot_cost: 3, shots_spent: 3, new_shot: 11 }),
      expect.objectContaining({ shot_id: bossShot, shot_cost: 5, shots_spent: 2, new_shot: -10 }),
    ]);
  });

  it('lets a player act only for their own characters', async () => {
    expect(
      await nats.expectError(encounters.act, { id: fight, shot_id: bossShot }, { actor: player }),
    ).toMatchObject({ statusCode: 403 });
    expect((await shotRow(bossShot)).shot).toBe(-10);
  });

  it('refuses bad input as the contract says, before anything runs', async () => {
    const bad: [object, string][] = [
      [{ id: fight, shot_id: 'nope' }, 'shot_id'],
      [{ id: fight, shot_id: pcShot, shots: -1 }, 'shots'],
      [{ id: fight, shot_id: pcShot, shots: 'three' }, 'shots'],
      [{ id: 'fight', shot_id: pcShot }, 'id'],
    ];
    for (const [payload, field] of bad) {
      const error = await nats.expectError(encounters.act, payload, { actor: gm });
      expect(error).toMatchObject({ statusCode: 400, code: 'invalid_payload' });
      expect(Object.keys(error.details?.errors ?? {})).toEqual([field]);
    }
    expect(
      await nats.expectError(
        encounters.updateInitiatives,
        { id: fight, shots: [{ id: pcShot, shot: 31 }] },
        { actor: gm },
      ),
    ).toMatchObject({
      statusCode: 400,
      details: { errors: { 'shots.0.shot': expect.any(Array) as string[] } },
    });
    expect((await shotRow(pcShot)).shot).toBe(11);
  });

  it('refuses every action on an ended fight (422)', async () => {
    const ended = await insertFight('Ended', { ended: true });
    const shot = await insertShot(ended, { character: await insertCharacter('Retired', {}) });
    expect(await nats.expectError(encounters.act, { id: ended, shot_id: shot }, { actor: gm })).toMatchObject(
      {
        statusCode: 422,
        details: { errors: { fight: ['has ended'] } },
      },
    );
    expect((await shotRow(shot)).shot).toBe(12);
    expect((await get(ended, gm)).ended_at).not.toBeNull();
  });
});

describe('combat actions', () => {
  let fight: string;
  let pc: string;
  let pcShot: string;
  let bossShot: string;
  let foeShot: string;
  let allyShot: string;
  let mookShot: string;

  beforeAll(async () => {
    fight = await insertFight('Combat');
    pc = await insertCharacter('Hero', { Type: 'PC', Toughness: 5, Wounds: 20, Fortune: 2 }, player);
    pcShot = await insertShot(fight, { character: pc });
    bossShot = await insertShot(
      fight,
      { character: await insertCharacter('Big Bad', { Type: 'Boss', Toughness: 7 }) },
      { count: 39 },
    );
    foeShot = await insertShot(
      fight,
      { character: await insertCharacter('Goon', { Type: 'Featured Foe' }) },
      { count: 20 },
    );
    allyShot = await insertShot(
      fight,
      { character: await insertCharacter('Pal', { Type: 'Ally' }) },
      { count: 30 },
    );
    mookShot = await insertShot(
      fight,
      { character: await insertCharacter('Mooks', { Type: 'Mook' }) },
      { count: 5 },
    );
  });

  it('applies many updates in one transaction and announces them once', async () => {
    const { result, onCampaign, onFight } = await announcedBy(fight, () =>
      combat(fight, {
        character_updates: [
          // 20 + (21 - 5) = 36: crosses 25, 30 and 35.
          { shot_id: pcShot, smackdown: 21, event: { type: 'attack', description: 'Big Bad hits Hero' } },
          { shot_id: bossShot, wounds: 50, shot_cost: 3 },
          { shot_id: foeShot, wounds: 25 },
          { shot_id: allyShot, count: 35 },
          { shot_id: mookShot, smackdown: 12 },
        ],
      }),
    );
    expect(onCampaign).toHaveLength(1);
    expect(onFight).toEqual([{ fight: 'updated' }]);
    expect(entry(result, pcShot)).toMatchObject({ impairments: 2, status: ['up_check_required'] });
    expect(entry(result, pcShot).action_values).toMatchObject({ Wounds: 36, 'Marks of Death': 1 });
    expect(entry(result, bossShot)).toMatchObject({
      count: 50,
      impairments: 2,
      status: ['up_check_required'],
      current_shot: 9,
    });
    expect(entry(result, foeShot)).toMatchObject({ count: 25, impairments: 1, status: ['out_of_fight'] });
    // 30 -> 35 crosses only the Ally's limit: it was past 25 and 30 already.
    expect(entry(result, allyShot)).toMatchObject({ count: 35, impairments: 0, status: ['out_of_fight'] });
    expect(entry(result, mookShot)).toMatchObject({ count: 4, status: [] });
    expect(await characterRow(pc)).toMatchObject({ impairments: 2, status: ['up_check_required'] });
    const logged = await events(fight);
    expect(logged.map((event) => event.event_type)).toEqual([
      'wound_threshold',
      'attack',
      'wound_threshold',
      'out_of_fight',
      'out_of_fight',
    ]);
    expect(logged[1].details).toMatchObject({ shot_id: pcShot, character_id: pc });
  });

  it('heals back under the thresholds: impairments and statuses go again', async () => {
    const view = await combat(fight, {
      character_updates: [
        { shot_id: pcShot, wounds: 10 },
        { shot_id: bossShot, wounds: 0 },
        { shot_id: foeShot, wounds: 5 },
      ],
    });
    expect(entry(view, pcShot)).toMatchObject({ impairments: 0, status: [] });
    expect(entry(view, pcShot).action_values).toMatchObject({ Wounds: 10, 'Marks of Death': 1 });
    expect(entry(view, bossShot)).toMatchObject({ count: 0, impairments: 0, status: [] });
    expect(entry(view, foeShot)).toMatchObject({ impairments: 0, status: [] });
  });

  it('puts a mook group out of the fight at 0, and back in when reinforced', async () => {
    let view = await combat(fight, { character_updates: [{ shot_id: mookShot, count: 0 }] });
    expect(entry(view, mookShot)).toMatchObject({ count: 0, status: ['out_of_fight'] });
    view = await combat(fight, { character_updates: [{ shot_id: mookShot, count: 3 }] });
    expect(entry(view, mookShot)).toMatchObject({ count: 3, status: [] });
  });

  it('writes and announces nothing when any update is refused', async () => {
    const before = await shotRow(bossShot);
    const eventsBefore = (await events(fight)).length;
    const campaignBefore = await world.settled();
    expect(
      await nats.expectError(
        encounters.applyCombatAction,
        {
          id: fight,
          character_updates: [
            { shot_id: bossShot, wounds: 44 },
            { shot_id: '00000000-0000-4000-8000-000000000000', wounds: 1 },
          ],
        },
        { actor: gm },
      ),
    ).toMatchObject({
      statusCode: 422,
      details: { errors: { 'character_updates.1.shot_id': ['is not a combatant of this fight'] } },
    });
    expect(
      await nats.expectError(
        encounters.applyCombatAction,
        { id: fight, character_updates: [{ shot_id: bossShot, wounds: 44, smackdown: 3 }] },
        { actor: gm },
      ),
    ).toMatchObject({ statusCode: 422 });
    expect(await shotRow(bossShot)).toEqual(before);
    expect(await events(fight)).toHaveLength(eventsBefore);
    // The next action is the first thing announced since.
    const { onCampaign } = await announcedBy(fight, () =>
      combat(fight, { character_updates: [{ shot_id: bossShot, wounds: 1 }] }),
    );
    expect(world.published.slice(campaignBefore).filter(isEncounter(fight))).toEqual(onCampaign);
  });

  it('lets a player change their own characters only, the whole action refused otherwise', async () => {
    expect(
      await nats.expectError(
        encounters.applyCombatAction,
        {
          id: fight,
          character_updates: [
            { shot_id: pcShot, shot_cost: 1 },
            { shot_id: bossShot, wounds: 20 },
          ],
        },
        { actor: player },
      ),
    ).toMatchObject({ statusCode: 403 });
    expect((await shotRow(pcShot)).shot).toBe(12);
    const view = await combat(fight, { character_updates: [{ character_id: pc, shot_cost: 1 }] }, player);
    expect(entry(view, pcShot).current_shot).toBe(11);
    expect(
      await nats.expectError(
        encounters.applyCombatAction,
        { id: fight, character_updates: [] },
        { actor: stranger },
      ),
    ).toMatchObject({ statusCode: 404 });
  });

  it('up checks: a failure puts the PC out; with Fortune, a pass costs Fortune and two Marks', async () => {
    await combat(fight, { character_updates: [{ shot_id: pcShot, wounds: 35 }] });
    // Toughness 5 - 1 = 4: failed.
    let view = await combat(fight, { action_type: 'up_check', character_id: pc, swerve: -1 }, player);
    expect(entry(view, pcShot).status).toEqual(['out_of_fight']);
    expect(entry(view, pcShot).action_values).toMatchObject({ 'Marks of Death': 3 });
    await combat(fight, {
      character_updates: [{ shot_id: pcShot, wounds: 0, remove_status: ['out_of_fight'] }],
    });
    await combat(fight, { character_updates: [{ shot_id: pcShot, wounds: 35 }] });
    // -3 + 4 + 5 = 6: passed.
    view = await combat(fight, { action_type: 'up_check', character_id: pc, swerve: -3, fortune: 4 }, player);
    expect(entry(view, pcShot).status).toEqual([]);
    expect(entry(view, pcShot).action_values).toMatchObject({ 'Marks of Death': 6, Fortune: 1 });
    expect(
      await nats.expectError(
        encounters.applyCombatAction,
        { id: fight, action_type: 'up_check', character_id: pc, swerve: 3 },
        { actor: player },
      ),
    ).toMatchObject({
      statusCode: 422,
      details: { errors: { character_id: ['does not require an Up Check'] } },
    });
    const checks = (await events(fight)).filter((event) => event.event_type === 'up_check');
    expect(checks.map((event) => event.details.passed)).toEqual([false, true]);
  });

  it('a boss up check is the gamemaster call', async () => {
    await combat(fight, { character_updates: [{ shot_id: bossShot, wounds: 50 }] });
    const view = await combat(fight, {
      action_type: 'up_check',
      character_id: entry(await get(fight), bossShot).id,
      swerve: 1,
    });
    expect(entry(view, bossShot).status).toEqual([]);
  });

  it('a boost costs the booster 3 shots (and a Fortune point) and puts an effect on the target', async () => {
    const ally = entry(await get(fight), allyShot).id;
    const view = await combat(
      fight,
      { action_type: 'boost', booster_id: pc, target_id: ally, boost_type: 'attack', use_fortune: true },
      player,
    );
    expect(entry(view, pcShot).current_shot).toBe(8);
    expect(entry(view, pcShot).action_values).toMatchObject({ Fortune: 0 });
    expect(entry(view, allyShot).effects).toEqual([
      expect.objectContaining({ name: 'Attack Boost (Fortune)', action_value: 'Guns', change: '+2' }),
    ]);
    expect(
      await nats.expectError(
        encounters.applyCombatAction,
        {
          id: fight,
          action_type: 'boost',
          booster_id: pc,
          target_id: ally,
          boost_type: 'defense',
          use_fortune: true,
        },
        { actor: player },
      ),
    ).toMatchObject({
      statusCode: 422,
      details: { errors: { 'action_values.Fortune': expect.any(Array) as string[] } },
    });
    expect(entry(await get(fight), allyShot).effects).toHaveLength(1);
  });
});

describe('chase actions', () => {
  let fight: string;
  let heroCar: string;
  let heroCarShot: string;
  let heroShot: string;
  let bossCar: string;
  let bossCarShot: string;
  let van: string;
  let vanShot: string;
  let driver: string;

  beforeAll(async () => {
    fight = await insertFight('Chase');
    driver = await insertCharacter('Driver', { Type: 'PC', Fortune: 1 }, player);
    heroShot = await insertShot(fight, { character: driver });
    const bossShot = await insertShot(fight, {
      character: await insertCharacter('Boss Driver', { Type: 'Boss' }),
    });
    heroCar = await insertVehicle('Hero Car', { 'Chase Points': 0 }, player);
    heroCarShot = await insertShot(fight, { vehicle: heroCar }, { driver: heroShot });
    bossCar = await insertVehicle('Boss Car', { 'Chase Points': 30 });
    bossCarShot = await insertShot(fight, { vehicle: bossCar }, { driver: bossShot });
    van = await insertVehicle('Van', { 'Chase Points': 30 });
    vanShot = await insertShot(fight, { vehicle: van });
  });

  it('adds chase and condition points, spends the driver shots, sets the position, announced once', async () => {
    const { result, onCampaign } = await announcedBy(fight, () =>
      chase(fight, [
        {
          vehicle_id: heroCar,
          target_vehicle_id: bossCar,
          character_id: driver,
          shot_cost: 3,
          fortune_spent: true,
          role: 'pursuer',
          position: 'near',
          event: { type: 'chase', description: 'Hero Car narrows the gap' },
        },
        { vehicle_id: bossCar, action_values: { 'Chase Points': 10, 'Condition Points': 4 } },
      ]),
    );
    expect(onCampaign).toHaveLength(1);
    expect(entry(result, heroShot)).toMatchObject({
      current_shot: 9,
      action_values: expect.objectContaining({ Fortune: 0 }) as object,
    });
    const boss = vehicleEntry(result, bossCarShot);
    expect(boss.action_values).toMatchObject({ 'Chase Points': 40, 'Condition Points': 4 });
    // A Boss drives it: 40 is not yet 50.
    expect(boss).toMatchObject({ is_defeated_in_chase: false, defeat_threshold: 50 });
    expect(vehicleEntry(result, heroCarShot).chase_relationships).toEqual([
      expect.objectContaining({
        position: 'near',
        pursuer_id: heroCar,
        evader_id: bossCar,
        is_pursuer: true,
      }),
    ]);
  });

  it('defeats a vehicle at 35 (50 with a Boss driver): crashed when rammed, else boxed in', async () => {
    let view = await chase(fight, [
      { vehicle_id: van, action_type: 'ram', action_values: { 'Chase Points': 5 } },
    ]);
    expect(vehicleEntry(view, vanShot)).toMatchObject({
      is_defeated_in_chase: true,
      defeat_type: 'crashed',
      was_rammed_or_damaged: true,
    });
    view = await chase(fight, [{ vehicle_id: bossCar, action_values: { 'Chase Points': 10 } }]);
    expect(vehicleEntry(view, bossCarShot)).toMatchObject({
      is_defeated_in_chase: true,
      defeat_type: 'boxed_in',
    });
    const defeats = (await events(fight)).filter((event) => event.event_type === 'chase_defeat');
    expect(defeats.map((event) => [event.details.vehicle_id, event.details.defeat_type])).toEqual([
      [van, 'crashed'],
      [bossCar, 'boxed_in'],
    ]);
    // Already defeated: no second event.
    await chase(fight, [{ vehicle_id: van, action_values: { 'Chase Points': 1 } }]);
    expect((await events(fight)).filter((event) => event.event_type === 'chase_defeat')).toHaveLength(2);
    expect((await shotRow(vanShot)).was_rammed_or_damaged).toBe(true);
  });

  it('lets a player move only their own vehicles, and changes nothing when any update is refused', async () => {
    expect(
      await nats.expectError(
        encounters.applyChaseAction,
        {
          id: fight,
          vehicle_updates: [
            { vehicle_id: heroCar, action_values: { 'Chase Points': 1 } },
            { vehicle_id: van, action_values: { 'Chase Points': 1 } },
          ],
        },
        { actor: player },
      ),
    ).toMatchObject({ statusCode: 403 });
    expect(
      await nats.expectError(
        encounters.applyChaseAction,
        {
          id: fight,
          vehicle_updates: [
            { vehicle_id: heroCar, action_values: { 'Chase Points': 1 } },
            { vehicle_id: '00000000-0000-4000-8000-000000000000' },
          ],
        },
        { actor: gm },
      ),
    ).toMatchObject({
      statusCode: 422,
      details: { errors: { 'vehicle_updates.1.vehicle_id': expect.any(Array) as string[] } },
    });
    const car = await row<{ action_values: Values }>('select action_values from vehicles where id = $1', [
      heroCar,
    ]);
    expect(car.action_values['Chase Points']).toBe(0);
  });
});

describe('the announcer other changes use', () => {
  it('announces the encounter as committed, once the outermost transaction commits, and nothing on rollback', async () => {
    const fight = await insertFight('Announced');
    const shot = await insertShot(
      fight,
      { character: await insertCharacter('Newcomer', {}) },
      { shot: null },
    );
    const announcer = world.app.get(EncounterAnnouncer);
    const orm = world.app.get(MikroORM);

    const campaignBefore = await world.settled();
    await expect(
      orm.em.fork().transactional(async (tx) => {
        await tx.nativeUpdate(Shot, { id: shot }, { shot: 20 });
        announcer.announceAfterCommit(tx, world.campaign.id, fight);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');

    const { onCampaign, onFight } = await announcedBy(fight, () =>
      orm.em.fork().transactional(async (tx) => {
        await tx.nativeUpdate(Shot, { id: shot }, { shot: 7 });
        await tx.transactional(async (inner) => {
          announcer.announceAfterCommit(inner, world.campaign.id, fight);
          await Promise.resolve();
        });
      }),
    );
    expect(onFight).toEqual([{ fight: 'updated' }]);
    const [message] = onCampaign as { encounter: EncounterView }[];
    expect(entry(message.encounter, shot).current_shot).toBe(7);
    expect(world.published.slice(campaignBefore).filter(isEncounter(fight))).toEqual(onCampaign);
  });
});
