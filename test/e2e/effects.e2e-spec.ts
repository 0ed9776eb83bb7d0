import type { Stack, Account } from './support/stack.js';
import { as as asAccount, startCampaignStack } from './support/campaign-stack.js';

let stack: Stack;
let gm: Account;
let player: Account;
let outsider: Account;
let campaignId: string;

/**
 * A fight's effects and chases through the gateway, as the Rails-era client calls them: the gamemaster adds,
 * changes and removes fight-wide effects (`/fights/:fight_id/effects`) and effects on a combatant's shot
 * (`/fights/:fight_id/character_effects`), and starts, moves and ends chases (`/chase_relationships`); the
 * encounter shows a fight-wide effect only while it is on; players read; an outsider sees nothing; bad input is
 * a 422 with field errors and writes nothing.
 */
beforeAll(async () => {
  ({ stack, gm, player, outsider, campaignId } = await startCampaignStack('e2e-effects'));
});

afterAll(async () => {
  await stack?.stop();
});

const as = (account: Account) => asAccount(stack, account);
const unknown = '00000000-0000-4000-8000-000000000000';

async function insert(table: 'characters' | 'vehicles', name: string, campaign = campaignId) {
  const { rows } = await stack.db.query<{ id: string }>(
    `insert into ${table} (id, campaign_id, name) values (gen_random_uuid(), $1, $2) returning id`,
    [campaign, name],
  );
  return rows[0].id;
}

async function shotOf(fightId: string, column: 'character_id' | 'vehicle_id', id: string) {
  const { rows } = await stack.db.query<{ id: string }>(
    `select id from shots where fight_id = $1 and ${column} = $2`,
    [fightId, id],
  );
  return rows[0].id;
}

async function newFight(account: Account, fight: Record<string, unknown>) {
  const created = await as(account).post('/api/v2/fights').send({ fight });
  expect(created.status).toBe(201);
  return created.body.id as string;
}

async function rows(table: 'effects' | 'character_effects' | 'chase_relationships') {
  return Number((await stack.db.query(`select count(*)::int as n from ${table}`)).rows[0].n);
}

describe('effects and chases through the gateway', () => {
  let fightId = '';
  let otherFightId = '';
  let outsidersFightId = '';
  const shots = { fei: '', boss: '', junk: '', elsewhere: '' };
  const vehicles = { junk: '', van: '', bike: '' };

  beforeAll(async () => {
    const fei = await insert('characters', 'Fei');
    const boss = await insert('characters', 'Big Bad');
    vehicles.junk = await insert('vehicles', 'Junk');
    vehicles.van = await insert('vehicles', 'Van');
    vehicles.bike = await insert('vehicles', 'Bike');
    fightId = await newFight(gm, {
      name: 'Rooftop',
      character_ids: [fei, boss],
      vehicle_ids: [vehicles.junk, vehicles.van],
    });
    otherFightId = await newFight(gm, { name: 'Docks', character_ids: [fei] });
    const elsewhere = await as(outsider)
      .post('/api/v2/campaigns')
      .send({ campaign: { name: 'Elsewhere' } });
    expect(elsewhere.status).toBe(201);
    const current = await as(outsider).post('/api/v2/campaigns/current').send({ id: elsewhere.body.id });
    expect(current.status).toBe(200);
    outsidersFightId = await newFight(outsider, { name: 'Not Yours' });
    shots.fei = await shotOf(fightId, 'character_id', fei);
    shots.boss = await shotOf(fightId, 'character_id', boss);
    shots.junk = await shotOf(fightId, 'vehicle_id', vehicles.junk);
    shots.elsewhere = await shotOf(otherFightId, 'character_id', fei);
    // Sequence 1, Big Bad on shot 12: the current shot.
    await stack.db.query('update fights set sequence = 1 where id = $1', [fightId]);
    const moved = await as(gm)
      .patch(`/api/v2/fights/${fightId}/shots/${shots.boss}`)
      .send({ shot: { shot: 12 } });
    expect(moved.status).toBe(200);
  });

  describe('fight-wide effects', () => {
    let smokeId = '';

    it('the gamemaster adds them (201) as the client sends them; the encounter shows those on now', async () => {
      const smoke = await as(gm)
        .post(`/api/v2/fights/${fightId}/effects`)
        .send({
          effect: {
            name: 'Smoke',
            description: 'Hard to see',
            severity: 'warning',
            start_sequence: 1,
            start_shot: 15,
            end_sequence: 2,
            end_shot: 10,
          },
        });
      expect(smoke.status).toBe(201);
      expect(smoke.body).toEqual({
        id: expect.any(String),
        name: 'Smoke',
        description: 'Hard to see',
        severity: 'warning',
        start_sequence: 1,
        end_sequence: 2,
        start_shot: 15,
        end_shot: 10,
      });
      smokeId = smoke.body.id;
      const later = await as(gm)
        .post(`/api/v2/fights/${fightId}/effects`)
        .send({ effect: { name: 'Sirens', severity: 'info', start_sequence: 2, start_shot: 20 } });
      expect(later.status).toBe(201);
      const encounter = await as(player).get(`/api/v2/encounters/${fightId}`);
      expect(encounter.status).toBe(200);
      expect(encounter.body.effects).toEqual([smoke.body]);
      const fight = await as(player).get(`/api/v2/fights/${fightId}`);
      expect(fight.body.effects.map(({ name }: { name: string }) => name)).toEqual(['Smoke', 'Sirens']);
    });

    it('the gamemaster changes one, the client sending the whole effect back', async () => {
      const changed = await as(gm)
        .patch(`/api/v2/fights/${fightId}/effects/${smokeId}`)
        .send({
          effect: {
            id: smokeId,
            name: 'Thick Smoke',
            description: 'Hard to see',
            severity: 'error',
            start_sequence: 1,
            start_shot: 15,
            end_sequence: 3,
            end_shot: 10,
          },
        });
      expect(changed.status).toBe(200);
      expect(changed.body).toMatchObject({
        id: smokeId,
        name: 'Thick Smoke',
        severity: 'error',
        end_sequence: 3,
      });
    });

    it.each([
      [{ name: 'X', severity: 'fatal' }, 'severity'],
      [{ name: 'X', start_shot: 31 }, 'start_shot'],
      [{ name: 'X', end_shot: -11 }, 'end_shot'],
      [{ name: 'X', start_sequence: -1 }, 'start_sequence'],
      [{ name: 'X', start_sequence: 'soon' }, 'start_sequence'],
      [{ name: '   ' }, 'name'],
      [{ name: 'X', title: 'Rails v1 had one' }, 'title'],
      [{ name: 'X', start_sequence: 3, end_sequence: 2 }, 'end_sequence'],
      [{ name: 'X', start_sequence: 2, end_sequence: 2, start_shot: 5, end_shot: 9 }, 'end_shot'],
    ])('refuses %p with 422 on %s and writes nothing', async (effect, field) => {
      const before = await rows('effects');
      const refused = await as(gm).post(`/api/v2/fights/${fightId}/effects`).send({ effect });
      expect(refused.status).toBe(422);
      expect(refused.body).toMatchObject({
        errors: { [field]: expect.arrayContaining([expect.any(String)]) },
      });
      expect(await rows('effects')).toBe(before);
    });

    it('refuses a body without an effect, and bad changes, writing nothing', async () => {
      const missing = await as(gm).post(`/api/v2/fights/${fightId}/effects`).send({ name: 'Loose' });
      expect(missing.status).toBe(422);
      const badChange = await as(gm)
        .patch(`/api/v2/fights/${fightId}/effects/${smokeId}`)
        .send({ effect: { severity: 'loud', name: 'Renamed' } });
      expect(badChange.status).toBe(422);
      expect(badChange.body).toMatchObject({ errors: { severity: [expect.any(String)] } });
      const { rows: stored } = await stack.db.query('select name, severity from effects where id = $1', [
        smokeId,
      ]);
      expect(stored).toEqual([{ name: 'Thick Smoke', severity: 'error' }]);
    });

    it("is the gamemaster's (403 to a player); outsiders and other fights' ids are 404; nothing written", async () => {
      const before = await rows('effects');
      const body = { effect: { name: 'Mine' } };
      expect((await as(player).post(`/api/v2/fights/${fightId}/effects`).send(body)).status).toBe(403);
      expect((await as(outsider).post(`/api/v2/fights/${fightId}/effects`).send(body)).status).toBe(404);
      expect((await as(gm).post(`/api/v2/fights/${outsidersFightId}/effects`).send(body)).status).toBe(404);
      expect((await as(gm).post('/api/v2/fights/not-a-fight/effects').send(body)).status).toBe(404);
      expect(
        (await as(gm).patch(`/api/v2/fights/${otherFightId}/effects/${smokeId}`).send(body)).status,
      ).toBe(404);
      expect((await as(player).delete(`/api/v2/fights/${fightId}/effects/${smokeId}`)).status).toBe(403);
      expect((await as(gm).delete(`/api/v2/fights/${otherFightId}/effects/${smokeId}`)).status).toBe(404);
      expect(await rows('effects')).toBe(before);
    });

    it('the gamemaster removes one (204); then it is 404', async () => {
      expect((await as(gm).delete(`/api/v2/fights/${fightId}/effects/${smokeId}`)).status).toBe(204);
      expect((await as(gm).delete(`/api/v2/fights/${fightId}/effects/${smokeId}`)).status).toBe(404);
      expect((await as(player).get(`/api/v2/encounters/${fightId}`)).body.effects).toEqual([]);
    });
  });

  describe('effects on a combatant', () => {
    let dodgeId = '';

    it('the gamemaster puts one on a shot (201); the encounter shows it on that combatant', async () => {
      const created = await as(gm)
        .post(`/api/v2/fights/${fightId}/character_effects`)
        .send({
          character_effect: {
            name: 'Dodge',
            severity: 'success',
            action_value: 'Defense',
            change: '+3',
            shot_id: shots.fei,
            character_id: '',
            vehicle_id: '',
          },
        });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        name: 'Dodge',
        action_value: 'Defense',
        change: '+3',
        shot_id: shots.fei,
        vehicle_id: null,
      });
      dodgeId = created.body.id;
      const encounter = await as(player).get(`/api/v2/encounters/${fightId}`);
      const entries = (
        encounter.body.shots as { characters: { shot_id: string; effects: unknown[] }[] }[]
      ).flatMap((group) => group.characters);
      expect(entries.find((entry) => entry.shot_id === shots.fei)?.effects).toEqual([created.body]);
    });

    it('the gamemaster changes it, the client sending it back whole', async () => {
      const changed = await as(gm)
        .patch(`/api/v2/fights/${fightId}/character_effects/${dodgeId}`)
        .send({
          character_effect: {
            id: dodgeId,
            name: 'Dodge',
            change: '+2',
            shot_id: shots.fei,
            vehicle_id: null,
          },
        });
      expect(changed.status).toBe(200);
      expect(changed.body).toMatchObject({ id: dodgeId, change: '+2' });
    });

    it.each([
      [{ name: 'X', shot_id: 'SHOT', change: 'plus one' }, 'change'],
      [{ name: 'X', shot_id: 'SHOT', change: '+1'.repeat(11) }, 'change'],
      [{ name: 'X', shot_id: 'SHOT', action_value: 'Z'.repeat(101) }, 'action_value'],
      [{ name: 'X', shot_id: 'not-a-shot' }, 'shot_id'],
      [{ name: 'X' }, 'shot_id'],
      [{ name: 'X', shot_id: 'ELSEWHERE' }, 'shot_id'],
      [{ name: 'X', shot_id: unknown }, 'shot_id'],
    ])('refuses %p with 422 on %s and writes nothing', async (effect: Record<string, string>, field) => {
      const named: Record<string, string> = { SHOT: shots.fei, ELSEWHERE: shots.elsewhere };
      const shotId = effect.shot_id === undefined ? undefined : (named[effect.shot_id] ?? effect.shot_id);
      const before = await rows('character_effects');
      const refused = await as(gm)
        .post(`/api/v2/fights/${fightId}/character_effects`)
        .send({ character_effect: { ...effect, ...(shotId !== undefined ? { shot_id: shotId } : {}) } });
      expect(refused.status).toBe(422);
      expect(refused.body).toMatchObject({
        errors: { [field]: expect.arrayContaining([expect.any(String)]) },
      });
      expect(await rows('character_effects')).toBe(before);
    });

    it("is the gamemaster's; reached only through its own fight", async () => {
      const body = { character_effect: { name: 'Mine', shot_id: shots.fei } };
      expect((await as(player).post(`/api/v2/fights/${fightId}/character_effects`).send(body)).status).toBe(
        403,
      );
      expect((await as(outsider).post(`/api/v2/fights/${fightId}/character_effects`).send(body)).status).toBe(
        404,
      );
      expect(
        (await as(gm).delete(`/api/v2/fights/${otherFightId}/character_effects/${dodgeId}`)).status,
      ).toBe(404);
    });

    it('the gamemaster removes it (204)', async () => {
      expect((await as(gm).delete(`/api/v2/fights/${fightId}/character_effects/${dodgeId}`)).status).toBe(
        204,
      );
      expect(await stack.db.query('select id from character_effects where id = $1', [dodgeId])).toMatchObject(
        {
          rowCount: 0,
        },
      );
    });
  });

  describe('chase relationships', () => {
    let chaseId = '';

    it('the gamemaster starts one (201, wrapped as Rails wrapped it); members list and show it', async () => {
      const created = await as(gm)
        .post('/api/v2/chase_relationships')
        .send({
          chase_relationship: {
            pursuer_id: vehicles.junk,
            evader_id: vehicles.van,
            fight_id: fightId,
            position: 'far',
          },
        });
      expect(created.status).toBe(201);
      expect(created.body.chase_relationship).toMatchObject({
        pursuer_id: vehicles.junk,
        evader_id: vehicles.van,
        fight_id: fightId,
        position: 'far',
        active: true,
        pursuer: { name: 'Junk' },
        evader: { name: 'Van' },
      });
      chaseId = created.body.chase_relationship.id;
      const listed = await as(player).get(`/api/v2/chase_relationships?fight_id=${fightId}&vehicle_id=`);
      expect(listed.status).toBe(200);
      expect(listed.body).toEqual({
        chase_relationships: [expect.objectContaining({ id: chaseId, position: 'far', active: true })],
      });
      const shown = await as(player).get(`/api/v2/chase_relationships/${chaseId}`);
      expect(shown.status).toBe(200);
      expect(shown.body.chase_relationship).toMatchObject({ id: chaseId, pursuer: { id: vehicles.junk } });
      const encounter = await as(player).get(`/api/v2/encounters/${fightId}`);
      const entries = (
        encounter.body.shots as { vehicles: { id: string; chase_relationships: unknown[] }[] }[]
      ).flatMap((group) => group.vehicles);
      expect(entries.find((entry) => entry.id === vehicles.junk)?.chase_relationships).toEqual([
        {
          id: chaseId,
          position: 'far',
          pursuer_id: vehicles.junk,
          evader_id: vehicles.van,
          is_pursuer: true,
        },
      ]);
    });

    it.each([
      ['a second active chase of the pair', { evader_id: 'VAN' }, 'pursuer_id'],
      ['a vehicle chasing itself', { evader_id: 'JUNK' }, 'evader_id'],
      ['a vehicle not in the fight', { evader_id: 'BIKE' }, 'evader_id'],
      ['a fight of another campaign', { evader_id: 'VAN', fight_id: 'OUTSIDERS' }, 'fight_id'],
      ['a position that is neither near nor far', { evader_id: 'VAN', position: 'close' }, 'position'],
      ['no fight', { evader_id: 'VAN', fight_id: undefined }, 'fight_id'],
    ])('refuses %s (422) and writes nothing', async (_, change, field) => {
      const names: Record<string, string> = {
        VAN: vehicles.van,
        JUNK: vehicles.junk,
        BIKE: vehicles.bike,
        OUTSIDERS: outsidersFightId,
      };
      const fields: Record<string, unknown> = {
        pursuer_id: vehicles.junk,
        fight_id: fightId,
        position: 'near',
      };
      for (const [key, value] of Object.entries(change)) {
        if (value === undefined) delete fields[key];
        else fields[key] = names[value] ?? value;
      }
      const before = await rows('chase_relationships');
      const refused = await as(gm).post('/api/v2/chase_relationships').send({ chase_relationship: fields });
      expect(refused.status).toBe(422);
      expect(refused.body).toMatchObject({
        errors: { [field]: expect.arrayContaining([expect.any(String)]) },
      });
      expect(await rows('chase_relationships')).toBe(before);
    });

    it('the gamemaster moves it near; a player may not (403); an outsider sees none of it (404)', async () => {
      const near = await as(gm)
        .patch(`/api/v2/chase_relationships/${chaseId}`)
        .send({ chase_relationship: { position: 'near', pursuer_id: vehicles.van, is_pursuer: true } });
      expect(near.status).toBe(200);
      expect(near.body.chase_relationship).toMatchObject({ position: 'near', pursuer_id: vehicles.junk });
      const bad = await as(gm)
        .patch(`/api/v2/chase_relationships/${chaseId}`)
        .send({ chase_relationship: { position: 'beside' } });
      expect(bad.status).toBe(422);
      expect(bad.body).toMatchObject({ errors: { position: [expect.any(String)] } });
      const playerPatch = await as(player)
        .patch(`/api/v2/chase_relationships/${chaseId}`)
        .send({ chase_relationship: { position: 'far' } });
      expect(playerPatch.status).toBe(403);
      expect((await as(player).delete(`/api/v2/chase_relationships/${chaseId}`)).status).toBe(403);
      expect((await as(outsider).get(`/api/v2/chase_relationships/${chaseId}`)).status).toBe(404);
      expect((await as(outsider).delete(`/api/v2/chase_relationships/${chaseId}`)).status).toBe(404);
      expect((await as(outsider).get('/api/v2/chase_relationships')).body).toEqual({
        chase_relationships: [],
      });
      expect((await as(gm).get('/api/v2/chase_relationships?fight_id=nope')).status).toBe(422);
      const { rows: stored } = await stack.db.query(
        'select position, active from chase_relationships where id = $1',
        [chaseId],
      );
      expect(stored).toEqual([{ position: 'near', active: true }]);
    });

    it('DELETE ends it (204): listed only with active=false', async () => {
      expect((await as(gm).delete(`/api/v2/chase_relationships/${chaseId}`)).status).toBe(204);
      expect((await as(player).get(`/api/v2/chase_relationships?fight_id=${fightId}`)).body).toEqual({
        chase_relationships: [],
      });
      const ended = await as(player).get(`/api/v2/chase_relationships?fight_id=${fightId}&active=false`);
      expect(ended.body.chase_relationships).toEqual([
        expect.objectContaining({ id: chaseId, active: false }),
      ]);
    });
  });
});
