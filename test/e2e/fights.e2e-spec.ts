import type { Stack, Account } from './support/stack.js';
import { as as asAccount, startCampaignStack } from './support/campaign-stack.js';

let stack: Stack;
let gm: Account;
let player: Account;
let outsider: Account;
let campaignId: string;

/**
 * Fights and their shots through the gateway, as the Rails-era client uses them: the gamemaster creates fights,
 * brings combatants in (by character_ids / vehicle_ids, or a whole party), moves them on the track, links drivers,
 * ends the fight; a player reads, logs events and moves their own shots; an outsider sees none of it.
 */
beforeAll(async () => {
  ({ stack, gm, player, outsider, campaignId } = await startCampaignStack('e2e-fights'));
});

afterAll(async () => {
  await stack?.stop();
});

const as = (account: Account) => asAccount(stack, account);

async function insert(
  table: 'characters' | 'vehicles',
  name: string,
  campaign = campaignId,
  userId?: string,
) {
  const { rows } = await stack.db.query<{ id: string }>(
    `insert into ${table} (id, campaign_id, name, user_id) values (gen_random_uuid(), $1, $2, $3) returning id`,
    [campaign, name, userId ?? null],
  );
  return rows[0].id;
}

async function shotsOf(fightId: string) {
  const { rows } = await stack.db.query<{
    id: string;
    character_id: string | null;
    vehicle_id: string | null;
    shot: number | null;
    driver_id: string | null;
    driving_id: string | null;
  }>(
    'select id, character_id, vehicle_id, shot, driver_id, driving_id from shots where fight_id = $1 order by created_at, id',
    [fightId],
  );
  return rows;
}

describe('fights through the gateway', () => {
  let fightId = '';
  let fei = '';
  let mooks = '';
  let junk = '';
  let elsewhere = '';

  it('lets the gamemaster create one with its combatants (201), each as a hidden shot, sent as the client does', async () => {
    fei = await insert('characters', 'Fei', campaignId, player.id);
    mooks = await insert('characters', 'Mooks');
    junk = await insert('vehicles', 'Junk');
    const response = await as(gm)
      .post('/api/v2/fights')
      .field(
        'fight',
        JSON.stringify({
          name: 'Rooftop Showdown',
          season: 2,
          session: 3,
          character_ids: [fei, mooks, mooks],
          vehicle_ids: [junk],
          id: '',
          entity_class: 'Fight',
          started_at: '',
          ended_at: '',
          shot_order: [],
        }),
      );
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      entity_class: 'Fight',
      name: 'Rooftop Showdown',
      image_url: null,
      started_at: null,
      character_ids: [fei, mooks, mooks],
      vehicle_ids: [junk],
    });
    fightId = response.body.id;
    expect((await shotsOf(fightId)).map(({ shot }) => shot)).toEqual([null, null, null, null]);
  });

  it('lists and filters fights for a player, with the seasons; shows one; a player may not change it (403)', async () => {
    const started = await as(gm)
      .post('/api/v2/fights')
      .send({ fight: { name: 'Dockside Brawl', season: 1, started_at: '2026-03-01T20:00:00.000Z' } });
    expect(started.status).toBe(201);
    const listed = await as(player).get('/api/v2/fights?per_page=5&sort=name&order=asc');
    expect(listed.status).toBe(200);
    expect(listed.body).toMatchObject({
      fights: [{ name: 'Dockside Brawl' }, { name: 'Rooftop Showdown', entity_class: 'Fight' }],
      seasons: [1, 2],
      meta: { current_page: 1, total_count: 2 },
    });
    const names = async (query: string) =>
      ((await as(player).get(`/api/v2/fights?${query}`)).body.fights as { name: string }[]).map(
        ({ name }) => name,
      );
    expect(await names('status=Started')).toEqual(['Dockside Brawl']);
    expect(await names('status=Unstarted')).toEqual(['Rooftop Showdown']);
    expect(await names('status=Ended')).toEqual([]);
    expect(await names('season=2')).toEqual(['Rooftop Showdown']);
    expect(await names('session=3')).toEqual(['Rooftop Showdown']);
    expect(await names(`character_id=${mooks}`)).toEqual(['Rooftop Showdown']);
    expect((await as(player).get('/api/v2/fights?status=Paused')).status).toBe(422);
    // __NONE__: fights without a season or session, or without such a combatant (Dockside Brawl has no one).
    expect(await names('session=__NONE__')).toEqual(['Dockside Brawl']);
    expect(await names('season=__NONE__')).toEqual([]);
    expect(await names('character_id=__NONE__&vehicle_id=__NONE__')).toEqual(['Dockside Brawl']);
    expect(await names(`user_id=${player.id}`)).toEqual(['Rooftop Showdown']);
    expect(await names('user_id=__NONE__')).toEqual(['Dockside Brawl']);
    for (const query of ['season=none', 'season=__none__', 'session=2.5', 'session=-1']) {
      const refused = await as(player).get(`/api/v2/fights?${query}`);
      const field = query.split('=')[0];
      expect({ query, status: refused.status }).toEqual({ query, status: 422 });
      expect(refused.body).toMatchObject({
        code: 'validation_failed',
        message: expect.any(String),
        errors: { [field]: [expect.any(String)] },
      });
    }
    const shown = await as(player).get(`/api/v2/fights/${fightId}`);
    expect(shown.status).toBe(200);
    expect(shown.body.characters.map(({ name }: { name: string }) => name)).toEqual(['Fei', 'Mooks']);
    const refused = await as(player)
      .patch(`/api/v2/fights/${fightId}`)
      .send({ fight: { name: 'Mine' } });
    expect(refused.status).toBe(403);
    expect((await as(gm).get('/api/v2/fights/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await as(outsider).get(`/api/v2/fights/${fightId}`)).status).toBe(404);
  });

  it("joins and leaves by character_ids, and refuses another campaign's characters (422), writing nothing", async () => {
    const left = await as(gm)
      .patch(`/api/v2/fights/${fightId}`)
      .send({ fight: { character_ids: [fei, mooks], vehicle_ids: [] } });
    expect(left.status).toBe(200);
    expect(left.body).toMatchObject({ character_ids: [fei, mooks], vehicle_ids: [] });
    const own = await as(outsider)
      .post('/api/v2/campaigns')
      .send({ campaign: { name: 'Elsewhere' } });
    elsewhere = own.body.id as string;
    const foreign = await insert('characters', 'Outsider', elsewhere);
    const refused = await as(gm)
      .patch(`/api/v2/fights/${fightId}`)
      .send({ fight: { name: 'Renamed', character_ids: [fei, foreign] } });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ errors: { character_ids: [expect.any(String)] } });
    expect((await shotsOf(fightId)).map(({ character_id }) => character_id)).toEqual([fei, mooks]);
    expect((await as(gm).get(`/api/v2/fights/${fightId}`)).body.name).toBe('Rooftop Showdown');
  });

  it('brings a whole party in (the Rails route), each member once', async () => {
    const party = await as(gm)
      .post('/api/v2/parties')
      .send({ party: { name: 'Posse', character_ids: [fei], vehicle_ids: [junk] } });
    expect(party.status).toBe(201);
    const joined = await as(gm).post(`/api/v2/parties/${party.body.id}/fight/${fightId}`);
    expect(joined.status).toBe(200);
    expect(joined.body).toMatchObject({ id: party.body.id, entity_class: 'Party' });
    const shots = await shotsOf(fightId);
    expect(shots.filter(({ character_id }) => character_id === fei)).toHaveLength(1);
    expect(shots.filter(({ vehicle_id }) => vehicle_id === junk)).toHaveLength(1);
    expect((await as(player).post(`/api/v2/parties/${party.body.id}/fight/${fightId}`)).status).toBe(403);
  });

  it('moves shots on the track; refuses -11 and 31 (422) without writing; a player moves only their own', async () => {
    const shots = await shotsOf(fightId);
    const feiShot = shots.find(({ character_id }) => character_id === fei)!.id;
    const mookShot = shots.find(({ character_id }) => character_id === mooks)!.id;
    const moved = await as(gm)
      .patch(`/api/v2/fights/${fightId}/shots/${mookShot}`)
      .send({ shot: { shot: 14, count: 6, location: 'Roof' } });
    expect(moved.status).toBe(200);
    expect(moved.body).toEqual({ success: true });
    for (const shot of [-11, 31]) {
      const refused = await as(gm)
        .patch(`/api/v2/fights/${fightId}/shots/${mookShot}`)
        .send({ shot: { shot, location: 'Gone' } });
      expect(refused.status).toBe(422);
      expect(refused.body).toMatchObject({ errors: { shot: [expect.any(String)] } });
    }
    const { rows } = await stack.db.query('select shot, count, location from shots where id = $1', [
      mookShot,
    ]);
    expect(rows[0]).toEqual({ shot: 14, count: 6, location: 'Roof' });
    expect(
      (
        await as(player)
          .patch(`/api/v2/fights/${fightId}/shots/${feiShot}`)
          .send({ shot: { shot: 10 } })
      ).status,
    ).toBe(200);
    expect(
      (
        await as(player)
          .patch(`/api/v2/fights/${fightId}/shots/${mookShot}`)
          .send({ shot: { shot: 10 } })
      ).status,
    ).toBe(403);
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect(
      (
        await as(gm)
          .patch(`/api/v2/fights/${fightId}/shots/${unknown}`)
          .send({ shot: { shot: 1 } })
      ).status,
    ).toBe(404);
  });

  it('assigns and removes a driver', async () => {
    const shots = await shotsOf(fightId);
    const feiShot = shots.find(({ character_id }) => character_id === fei)!.id;
    const junkShot = shots.find(({ vehicle_id }) => vehicle_id === junk)!.id;
    const assigned = await as(gm)
      .patch(`/api/v2/fights/${fightId}/shots/${junkShot}/assign_driver`)
      .send({ driver_shot_id: feiShot });
    expect(assigned.status).toBe(200);
    expect(assigned.body).toMatchObject({ success: true });
    let linked = await shotsOf(fightId);
    expect(linked.find(({ id }) => id === junkShot)?.driver_id).toBe(feiShot);
    expect(linked.find(({ id }) => id === feiShot)?.driving_id).toBe(junkShot);
    const notADriver = await as(gm)
      .patch(`/api/v2/fights/${fightId}/shots/${junkShot}/assign_driver`)
      .send({ driver_shot_id: junkShot });
    expect(notADriver.status).toBe(422);
    expect(
      (await as(gm).patch(`/api/v2/fights/${fightId}/shots/${junkShot}/assign_driver`).send({})).status,
    ).toBe(422);
    const removed = await as(gm).patch(`/api/v2/fights/${fightId}/shots/${junkShot}/remove_driver`);
    expect(removed.status).toBe(200);
    linked = await shotsOf(fightId);
    expect(linked.find(({ id }) => id === junkShot)?.driver_id).toBeNull();
    expect(linked.find(({ id }) => id === feiShot)?.driving_id).toBeNull();
  });

  it('logs fight events, touches the fight, and removes a shot', async () => {
    const logged = await as(player)
      .post(`/api/v2/fights/${fightId}/fight_events`)
      .send({ fight_event: { event_type: 'attack', description: 'Fei kicks', details: { damage: 9 } } });
    expect(logged.status).toBe(201);
    const log = await as(player).get(`/api/v2/fights/${fightId}/fight_events`);
    expect(log.status).toBe(200);
    expect(log.body).toEqual([expect.objectContaining({ event_type: 'attack', description: 'Fei kicks' })]);
    expect((await as(player).patch(`/api/v2/fights/${fightId}/touch`)).status).toBe(200);
    const mookShot = (await shotsOf(fightId)).find(({ character_id }) => character_id === mooks)!.id;
    expect((await as(player).delete(`/api/v2/fights/${fightId}/shots/${mookShot}`)).status).toBe(403);
    expect((await as(gm).delete(`/api/v2/fights/${fightId}/shots/${mookShot}`)).status).toBe(204);
    expect((await shotsOf(fightId)).some(({ id }) => id === mookShot)).toBe(false);
  });

  it('the current fight; only the gamemaster ends a fight, once', async () => {
    const started = await as(gm)
      .patch(`/api/v2/fights/${fightId}`)
      .send({ fight: { started_at: '2026-03-02T20:00:00.000Z' } });
    expect(started.status).toBe(200);
    const current = await as(player).get(`/api/v2/campaigns/${campaignId}/current_fight`);
    expect(current.status).toBe(200);
    expect(current.body).toMatchObject({ id: fightId, entity_class: 'Fight' });
    expect((await as(outsider).get(`/api/v2/campaigns/${campaignId}/current_fight`)).status).toBe(404);
    const none = await as(outsider).get(`/api/v2/campaigns/${elsewhere}/current_fight`);
    expect(none.status).toBe(200);
    expect(none.text).toBe('null');
    expect((await as(player).patch(`/api/v2/fights/${fightId}/end_fight`).send({})).status).toBe(403);
    const ended = await as(gm).patch(`/api/v2/fights/${fightId}/end_fight`).send({ notes: 'Won.' });
    expect(ended.status).toBe(200);
    expect(ended.body.ended_at).toEqual(expect.any(String));
    const again = await as(gm).patch(`/api/v2/fights/${fightId}/end_fight`);
    expect(again.status).toBe(422);
    const next = await as(player).get(`/api/v2/campaigns/${campaignId}/current_fight`);
    expect(next.status).toBe(200);
    expect(next.body).toMatchObject({ name: 'Dockside Brawl' });
  });

  it('deletes a fight with its shots (204); a player may not', async () => {
    expect((await as(player).delete(`/api/v2/fights/${fightId}`)).status).toBe(403);
    expect((await as(gm).delete(`/api/v2/fights/${fightId}`)).status).toBe(204);
    expect(await shotsOf(fightId)).toEqual([]);
    expect((await as(gm).get(`/api/v2/fights/${fightId}`)).status).toBe(404);
  });
});
