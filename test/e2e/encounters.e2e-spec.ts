import type { EncounterView } from '@shotcaller/contracts';
import type { Account, Stack } from './support/stack.js';
import { as as asAccount, startCampaignStack } from './support/campaign-stack.js';

/**
 * The encounter routes through the gateway: who sees a shot counter, and every kind of bad input refused with
 * 400 (unreadable) or 422 (field errors) before or without any change.
 */

let stack: Stack;
let gm: Account;
let player: Account;
let outsider: Account;
const as = (account: Account) => asAccount(stack, account);

let fightId = '';
let otherFightShot = '';
let npcShot = '';
let npcId = '';

const UNKNOWN = '00000000-0000-4000-8000-000000000000';

async function create(plural: string, key: string, fields: Record<string, unknown>, account = gm) {
  const response = await as(account)
    .post(`/api/v2/${plural}`)
    .send({ [key]: fields });
  expect(response.status).toBe(201);
  return response.body as { id: string };
}

async function fightWith(name: string, characterIds: string[]) {
  const { id } = await create('fights', 'fight', { name });
  const joined = await as(gm)
    .patch(`/api/v2/fights/${id}`)
    .send({ fight: { character_ids: characterIds } });
  expect(joined.status).toBe(200);
  const view = (await as(gm).get(`/api/v2/encounters/${id}`)).body as EncounterView;
  return { id, shotIds: view.shots.flatMap((group) => group.characters.map((entry) => entry.shot_id)) };
}

beforeAll(async () => {
  ({ stack, gm, player, outsider } = await startCampaignStack('e2e-encounters'));
  npcId = (await create('characters', 'character', { name: 'Thug', action_values: { Type: 'Featured Foe' } }))
    .id;
  const fight = await fightWith('Tea House', [npcId]);
  fightId = fight.id;
  [npcShot] = fight.shotIds;
  [otherFightShot] = (await fightWith('Elsewhere', [npcId])).shotIds;
});

afterAll(async () => {
  await stack?.stop();
});

describe('reading an encounter', () => {
  it('shows it to the campaign members, and to nobody else (404, as for unknown ids)', async () => {
    const read = await as(player).get(`/api/v2/encounters/${fightId}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({
      id: fightId,
      entity_class: 'Fight',
      name: 'Tea House',
      sequence: 0,
      action_id: null,
      effects: [],
      shots: [
        { shot: null, characters: [{ id: npcId, shot_id: npcShot, category: 'character' }], vehicles: [] },
      ],
    });
    expect((await as(outsider).get(`/api/v2/encounters/${fightId}`)).status).toBe(404);
    expect((await as(gm).get(`/api/v2/encounters/${UNKNOWN}`)).status).toBe(404);
    expect((await as(gm).get('/api/v2/encounters/not-an-id')).status).toBe(404);
    expect((await stack.http().get(`/api/v2/encounters/${fightId}`)).status).toBe(401);
  });
});

describe('bad input', () => {
  let before: EncounterView;

  beforeAll(async () => {
    before = (await as(gm).get(`/api/v2/encounters/${fightId}`)).body as EncounterView;
  });

  const refusals: [string, 'patch' | 'post', string, unknown, Record<string, unknown>][] = [
    ['initiatives without shots', 'patch', 'update_initiatives', {}, { shots: expect.any(Array) }],
    [
      'an initiative above 30',
      'patch',
      'update_initiatives',
      { shots: [{ id: 'NPC', shot: 31 }] },
      { 'shots.0.shot': expect.any(Array) },
    ],
    [
      'an initiative that is no id',
      'patch',
      'update_initiatives',
      { shots: [{ id: 'x', shot: 3 }] },
      { 'shots.0.id': expect.any(Array) },
    ],
    [
      'a shot of another fight',
      'patch',
      'update_initiatives',
      { shots: [{ id: 'OTHER', shot: 3 }] },
      { 'shots.0.id': ['is not a combatant of this fight'] },
    ],
    ['acting without a shot', 'patch', 'act', {}, { shot_id: expect.any(Array) }],
    ['a negative cost', 'patch', 'act', { shot_id: 'NPC', shots: -1 }, { shots: expect.any(Array) }],
    ['a cost in words', 'patch', 'act', { shot_id: 'NPC', shots: 'three' }, { shots: expect.any(Array) }],
    [
      'an unknown shot',
      'patch',
      'act',
      { shot_id: UNKNOWN },
      { shot_id: ['is not a combatant of this fight'] },
    ],
    [
      'updates that are no list',
      'post',
      'apply_combat_action',
      { character_updates: 'x' },
      { character_updates: expect.any(Array) },
    ],
    [
      'an update without a target',
      'post',
      'apply_combat_action',
      { character_updates: [{ wounds: 3 }] },
      { 'character_updates.0.shot_id': expect.any(Array) },
    ],
    [
      'negative wounds',
      'post',
      'apply_combat_action',
      { character_updates: [{ shot_id: 'NPC', wounds: -3 }] },
      { 'character_updates.0.wounds': expect.any(Array) },
    ],
    [
      'wounds and a smackdown at once',
      'post',
      'apply_combat_action',
      { character_updates: [{ shot_id: 'NPC', wounds: 3, smackdown: 12 }] },
      { 'character_updates.0.wounds': expect.any(Array) },
    ],
    [
      'an unknown action type',
      'post',
      'apply_combat_action',
      { action_type: 'dance' },
      { action_type: expect.any(Array) },
    ],
    [
      'a boost without its booster',
      'post',
      'apply_combat_action',
      { action_type: 'boost', boost_type: 'attack' },
      { booster_id: expect.any(Array), target_id: expect.any(Array) },
    ],
    [
      'an up check of a foe',
      'post',
      'apply_combat_action',
      { action_type: 'up_check', character_id: 'NPC_ID', swerve: 2 },
      { character_id: ['cannot make a PC Up Check'] },
    ],
    ['a chase without updates', 'post', 'apply_chase_action', {}, { vehicle_updates: expect.any(Array) }],
    [
      'a chase of a character',
      'post',
      'apply_chase_action',
      { vehicle_updates: [{ vehicle_id: 'NPC_ID' }] },
      { 'vehicle_updates.0.vehicle_id': ['is not a combatant of this fight'] },
    ],
  ];

  /** The body with the placeholders made ids. */
  function body(value: unknown): unknown {
    return JSON.parse(
      JSON.stringify(value)
        .replaceAll('"NPC_ID"', JSON.stringify(npcId))
        .replaceAll('"NPC"', JSON.stringify(npcShot))
        .replaceAll('"OTHER"', JSON.stringify(otherFightShot)),
    );
  }

  it.each(refusals)('refuses %s with 422 and its field', async (_, method, route, sent, errors) => {
    const response = await as(gm)
      [method](`/api/v2/encounters/${fightId}/${route}`)
      .send(body(sent) as object);
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ errors });
  });

  it('refuses an unreadable body with 400', async () => {
    const response = await as(gm)
      .post(`/api/v2/encounters/${fightId}/apply_combat_action`)
      .set('content-type', 'application/json')
      .send('{"character_updates": [');
    expect(response.status).toBe(400);
  });

  it('refuses actions on another campaign fight as if it did not exist (404)', async () => {
    const response = await as(outsider).patch(`/api/v2/encounters/${fightId}/act`).send({ shot_id: npcShot });
    expect(response.status).toBe(404);
  });

  it('changed nothing', async () => {
    expect((await as(gm).get(`/api/v2/encounters/${fightId}`)).body).toEqual(before);
    expect(
      (await stack.db.query('select count(*)::int as n from fight_events where fight_id = $1', [fightId]))
        .rows[0],
    ).toEqual({ n: 0 });
  });
});

describe('the routes, answered with the encounter', () => {
  it('sets the initiative, acts and applies a combat action', async () => {
    let response = await as(gm)
      .patch(`/api/v2/encounters/${fightId}/update_initiatives`)
      .send({ shots: [{ id: npcShot, shot: '12' }] });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ sequence: 1, shots: [{ shot: 12 }] });
    response = await as(gm).patch(`/api/v2/encounters/${fightId}/act`).send({ shot_id: npcShot, shots: 2 });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ shots: [{ shot: 10 }] });
    response = await as(gm)
      .post(`/api/v2/encounters/${fightId}/apply_combat_action`)
      .send({ character_updates: [{ character_id: npcId, wounds: 26, add_status: ['cheesing_it'] }] });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      shots: [{ characters: [{ count: 26, impairments: 1, status: ['out_of_fight', 'cheesing_it'] }] }],
    });
  });
});

describe('reading it again', () => {
  it('answers the same bytes to every member with a strong ETag, 304 when the client holds them, anew after a change', async () => {
    const first = await as(gm).get(`/api/v2/encounters/${fightId}`);
    const again = await as(player).get(`/api/v2/encounters/${fightId}`);
    expect(first.status).toBe(200);
    expect(first.headers.etag).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
    expect(again.headers.etag).toBe(first.headers.etag);
    expect(again.text).toBe(first.text);
    // The gateway holds the answer now; whoever may not see it is still told it does not exist.
    expect((await as(outsider).get(`/api/v2/encounters/${fightId}`)).status).toBe(404);
    expect(
      (await as(outsider).get(`/api/v2/encounters/${fightId}`).set('If-None-Match', first.headers.etag))
        .status,
    ).toBe(404);
    const revalidated = await as(player)
      .get(`/api/v2/encounters/${fightId}`)
      .set('If-None-Match', first.headers.etag);
    expect(revalidated.status).toBe(304);
    expect(revalidated.text).toBe('');

    const renamed = await as(gm)
      .patch(`/api/v2/fights/${fightId}`)
      .send({ fight: { description: 'The tea is cold' } });
    expect(renamed.status).toBe(200);
    const changed = await as(player)
      .get(`/api/v2/encounters/${fightId}`)
      .set('If-None-Match', first.headers.etag);
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ id: fightId, description: 'The tea is cold' });
    expect(changed.headers.etag).not.toBe(first.headers.etag);
  });
});
