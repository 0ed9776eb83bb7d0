import type { EncounterCharacterView, EncounterVehicleView, EncounterView } from '@shotcaller/contracts';
import type { Account, Stack } from './support/stack.js';
import { as as asAccount, startCampaignStack } from './support/campaign-stack.js';

/**
 * A whole fight through the gateway, as the Rails-era client plays one: a player's PC, a boss and a mook group
 * join a fight (with two vehicles), the gamemaster rolls initiative, the PC acts, blows are traded across the
 * wound thresholds, the PC makes an Up Check, the boss's car loses a chase, and the gamemaster ends the fight,
 * after which the shot counter takes no more actions.
 */

let stack: Stack;
let gm: Account;
let player: Account;
let outsider: Account;
const as = (account: Account) => asAccount(stack, account);

let fightId = '';
const ids = { pc: '', boss: '', mooks: '', car: '', limo: '' };
const shots = { pc: '', boss: '', mooks: '', car: '', limo: '' };

function character(view: EncounterView, shotId: string): EncounterCharacterView {
  const found = view.shots.flatMap((group) => group.characters).find((entry) => entry.shot_id === shotId);
  if (!found) throw new Error(`No character on shot ${shotId}`);
  return found;
}

function vehicle(view: EncounterView, shotId: string): EncounterVehicleView {
  const found = view.shots.flatMap((group) => group.vehicles).find((entry) => entry.shot_id === shotId);
  if (!found) throw new Error(`No vehicle on shot ${shotId}`);
  return found;
}

async function create(account: Account, plural: string, key: string, fields: Record<string, unknown>) {
  const response = await as(account)
    .post(`/api/v2/${plural}`)
    .send({ [key]: fields });
  expect(response.status).toBe(201);
  return response.body.id as string;
}

const encounter = (account = player) => as(account).get(`/api/v2/encounters/${fightId}`);

beforeAll(async () => {
  ({ stack, gm, player, outsider } = await startCampaignStack('e2e-whole-fight'));
});

afterAll(async () => {
  await stack?.stop();
});

describe('a whole fight', () => {
  it('sets the scene: a PC, a boss, a mook group and two vehicles join a fight, hidden at first', async () => {
    ids.pc = await create(player, 'characters', 'character', {
      name: 'Jack Tiger',
      action_values: { Type: 'PC', Speed: 7, Toughness: 6, Fortune: 3, 'Max Fortune': 3 },
    });
    ids.boss = await create(gm, 'characters', 'character', {
      name: 'General Fang',
      action_values: { Type: 'Boss', Speed: 6, Toughness: 7 },
    });
    ids.mooks = await create(gm, 'characters', 'character', {
      name: 'Red Lantern Thugs',
      action_values: { Type: 'Mook', Speed: 5 },
    });
    ids.car = await create(gm, 'vehicles', 'vehicle', { name: 'Getaway Car' });
    ids.limo = await create(gm, 'vehicles', 'vehicle', { name: 'Black Limo' });
    fightId = await create(gm, 'fights', 'fight', { name: 'Warehouse Showdown' });

    const joined = await as(gm)
      .patch(`/api/v2/fights/${fightId}`)
      .send({
        fight: {
          character_ids: [ids.pc, ids.boss, ids.mooks],
          vehicle_ids: [ids.car, ids.limo],
        },
      });
    expect(joined.status).toBe(200);

    const response = await encounter();
    expect(response.status).toBe(200);
    const view = response.body as EncounterView;
    expect(view).toMatchObject({
      id: fightId,
      entity_class: 'Fight',
      name: 'Warehouse Showdown',
      sequence: 0,
    });
    expect(view.shots).toHaveLength(1);
    expect(view.shots[0].shot).toBeNull();
    for (const group of view.shots) {
      for (const entry of group.characters) {
        const key = entry.id === ids.pc ? 'pc' : entry.id === ids.boss ? 'boss' : 'mooks';
        shots[key] = entry.shot_id;
      }
      for (const entry of group.vehicles) shots[entry.id === ids.car ? 'car' : 'limo'] = entry.shot_id;
    }
    expect(Object.values(shots).every(Boolean)).toBe(true);
    expect((await as(outsider).get(`/api/v2/encounters/${fightId}`)).status).toBe(404);
  });

  it('gives the mooks their numbers and the boss the limo', async () => {
    const mooks = await as(gm)
      .patch(`/api/v2/fights/${fightId}/shots/${shots.mooks}`)
      .send({ shot: { count: 8 } });
    expect(mooks.status).toBe(200);
    const driver = await as(gm)
      .patch(`/api/v2/fights/${fightId}/shots/${shots.limo}/assign_driver`)
      .send({ driver_shot_id: shots.boss });
    expect(driver.status).toBe(200);
    const view = (await encounter()).body as EncounterView;
    expect(character(view, shots.mooks).count).toBe(8);
    expect(vehicle(view, shots.limo)).toMatchObject({
      driver_id: shots.boss,
      driver: { id: ids.boss, shot_id: shots.boss },
      defeat_threshold: 50,
    });
  });

  it('rolls initiative (the gamemaster), which starts sequence 1', async () => {
    const refused = await as(player)
      .patch(`/api/v2/encounters/${fightId}/update_initiatives`)
      .send({ shots: [{ id: shots.pc, shot: 20 }] });
    expect(refused.status).toBe(403);
    const response = await as(gm)
      .patch(`/api/v2/encounters/${fightId}/update_initiatives`)
      .send({
        shots: [
          { id: shots.pc, shot: 15 },
          { id: shots.boss, shot: 15 },
          { id: shots.mooks, shot: 10 },
          { id: shots.car, shot: 15 },
          { id: shots.limo, shot: 14 },
        ],
      });
    expect(response.status).toBe(200);
    const view = response.body as EncounterView;
    expect(view.sequence).toBe(1);
    expect(view.shots.map((group) => group.shot)).toEqual([15, 14, 10]);
    // On one shot the boss goes before the PC.
    expect(view.shots[0].characters.map((entry) => entry.name)).toEqual(['General Fang', 'Jack Tiger']);
  });

  it('lets the player act for their PC (3 shots), not for the boss', async () => {
    const acted = await as(player)
      .patch(`/api/v2/encounters/${fightId}/act`)
      .send({ shot_id: shots.pc, shots: 3, action_id: null });
    expect(acted.status).toBe(200);
    expect(character(acted.body as EncounterView, shots.pc).current_shot).toBe(12);
    const refused = await as(player).patch(`/api/v2/encounters/${fightId}/act`).send({ shot_id: shots.boss });
    expect(refused.status).toBe(403);
  });

  it('trades blows across the thresholds in one combat action', async () => {
    const response = await as(gm)
      .post(`/api/v2/encounters/${fightId}/apply_combat_action`)
      .send({
        character_updates: [
          // Jack hits the boss: 52 - 7 = 45 wounds, past 40 and 45.
          {
            shot_id: shots.boss,
            smackdown: 52,
            event: {
              type: 'attack',
              description: 'Jack Tiger hits General Fang',
              details: { smackdown: 52 },
            },
          },
          { shot_id: shots.pc, shot_cost: 3 },
          // The boss hits back: 42 - 6 = 36 wounds, past 25, 30 and 35.
          { shot_id: shots.pc, smackdown: 42 },
          { shot_id: shots.boss, shot_cost: 2 },
          // A mook goes down.
          { shot_id: shots.mooks, smackdown: 10 },
        ],
      });
    expect(response.status).toBe(200);
    const view = response.body as EncounterView;
    expect(character(view, shots.boss)).toMatchObject({
      count: 45,
      impairments: 2,
      status: [],
      current_shot: 13,
    });
    expect(character(view, shots.pc)).toMatchObject({
      current_shot: 9,
      impairments: 2,
      status: ['up_check_required'],
      action_values: expect.objectContaining({ Wounds: 36, 'Marks of Death': 1 }) as object,
    });
    expect(character(view, shots.mooks).count).toBe(7);
  });

  it('lets the player make the Up Check, spending a Fortune point', async () => {
    const response = await as(player)
      .post(`/api/v2/encounters/${fightId}/apply_combat_action`)
      .send({ action_type: 'up_check', character_id: ids.pc, swerve: -4, fortune: 2 });
    expect(response.status).toBe(200);
    // -4 + 2 + 6 = 4: failed, even with Fortune.
    expect(character(response.body as EncounterView, shots.pc)).toMatchObject({
      status: ['out_of_fight'],
      action_values: expect.objectContaining({ Fortune: 2, 'Marks of Death': 3 }) as object,
    });
  });

  it('runs a chase: the limo, rammed past 50 Chase Points under its boss driver, crashes', async () => {
    let response = await as(gm)
      .post(`/api/v2/encounters/${fightId}/apply_chase_action`)
      .send({
        vehicle_updates: [
          { vehicle_id: ids.car, target_vehicle_id: ids.limo, role: 'pursuer', position: 'near' },
          { vehicle_id: ids.limo, action_type: 'ram', action_values: { 'Chase Points': 40 } },
        ],
      });
    expect(response.status).toBe(200);
    expect(vehicle(response.body as EncounterView, shots.limo)).toMatchObject({
      is_defeated_in_chase: false,
      was_rammed_or_damaged: true,
      chase_relationships: [expect.objectContaining({ position: 'near', is_pursuer: false })],
    });
    response = await as(gm)
      .post(`/api/v2/encounters/${fightId}/apply_chase_action`)
      .send({ vehicle_updates: [{ vehicle_id: ids.limo, action_values: { 'Chase Points': 10 } }] });
    expect(vehicle(response.body as EncounterView, shots.limo)).toMatchObject({
      is_defeated_in_chase: true,
      defeat_type: 'crashed',
    });
    const { rows } = await stack.db.query<{ event_type: string }>(
      'select event_type from fight_events where fight_id = $1 order by created_at, id',
      [fightId],
    );
    expect(rows.map((row) => row.event_type)).toEqual(
      expect.arrayContaining([
        'sequence',
        'movement',
        'attack',
        'wound_threshold',
        'up_check',
        'chase_defeat',
      ]),
    );
  });

  it('ends the fight (the gamemaster), after which the shot counter takes no more actions', async () => {
    const ended = await as(gm).patch(`/api/v2/fights/${fightId}/end_fight`).send({});
    expect(ended.status).toBe(200);
    const refused = await as(gm).patch(`/api/v2/encounters/${fightId}/act`).send({ shot_id: shots.boss });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ errors: { fight: ['has ended'] } });
    const view = (await encounter()).body as EncounterView;
    expect(view.ended_at).not.toBeNull();
    expect(character(view, shots.boss).current_shot).toBe(13);
  });
});
