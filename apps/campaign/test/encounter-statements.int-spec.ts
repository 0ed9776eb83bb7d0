import type { INestApplication } from '@nestjs/common';
import pg from 'pg';
import {
  ActorKind,
  natsSubject,
  RealtimeSubjects,
  Subjects,
  type Actor,
  type EncounterView,
} from '@shotcaller/contracts';
import { eventually, NatsRequester, StatementCountingProxy, TestEnvironment } from '@shotcaller/testing';
import { bootCampaign } from '../src/boot.js';
import { loadCampaignConfig } from '../src/config.js';

/**
 * The encounter read is one SQL statement however many combatants, effects, drivers and chases the fight has,
 * counted at the wire between the service and PostgreSQL (as statement-counts.int-spec.ts does for the rest); a
 * kept encounter is answered again after one small statement that checks who asks.
 */
const env = new TestEnvironment('encounter-statements');
let proxy: StatementCountingProxy;
let app: INestApplication;
let nats: NatsRequester;
let db: pg.Client;
let player: Actor;
let campaignId: string;

beforeAll(async () => {
  const settings = env.campaign();
  proxy = await StatementCountingProxy.start(env.stores.postgres);
  app = await bootCampaign(
    loadCampaignConfig({ ...settings, DATABASE_URL: proxy.urlFor(settings.DATABASE_URL) }),
  );
  nats = await NatsRequester.connect(env.stores.nats, env.subjectPrefix);
  db = new pg.Client({ connectionString: settings.DATABASE_URL });
  await db.connect();
  const users = await db.query<{ id: string }>(
    `insert into users (id, email, first_name, last_name, password_hash)
     select gen_random_uuid(), 'user' || n || '@example.com', 'First' || n, 'Last' || n, 'x'
     from generate_series(1, 2) n returning id`,
  );
  const [gamemasterId, playerId] = users.rows.map((row) => row.id);
  player = { id: playerId, kind: ActorKind.User, roles: [], tokenVersion: 0 };
  campaignId = (
    await db.query<{ id: string }>(
      `insert into campaigns (id, user_id, name) values (gen_random_uuid(), $1, 'Campaign') returning id`,
      [gamemasterId],
    )
  ).rows[0].id;
  await db.query(
    `insert into campaign_memberships (id, campaign_id, user_id) values (gen_random_uuid(), $1, $2)`,
    [campaignId, playerId],
  );
});

afterAll(async () => {
  await nats?.close();
  await db?.end();
  await app?.close();
  await proxy?.close();
  await env.cleanup();
});

/** A fight of `size` characters (each on its shot, with an effect and a carried weapon) and `size` driven cars. */
async function fightOf(size: number): Promise<string> {
  const fight = (
    await db.query<{ id: string }>(
      `insert into fights (id, campaign_id, name, sequence) values (gen_random_uuid(), $1, $2, 1) returning id`,
      [campaignId, `Fight of ${size}`],
    )
  ).rows[0].id;
  await db.query(
    `with made as (
       insert into characters (id, campaign_id, name, action_values)
       select gen_random_uuid(), $1, $2 || ' fighter ' || n, jsonb_build_object('Type', 'Featured Foe', 'Speed', n)
       from generate_series(1, $3::int) n returning id
     )
     insert into shots (id, fight_id, character_id, shot) select gen_random_uuid(), $4, id, 10 from made`,
    [campaignId, fight, size, fight],
  );
  await db.query(
    `with made as (
       insert into vehicles (id, campaign_id, name)
       select gen_random_uuid(), $1, $2 || ' car ' || n from generate_series(1, $3::int) n returning id
     )
     insert into shots (id, fight_id, vehicle_id, shot) select gen_random_uuid(), $2::uuid, id, 8 from made`,
    [campaignId, fight, size],
  );
  await db.query(
    `update shots v set driver_id = d.id
     from (select id, row_number() over (order by id) k from shots where fight_id = $1 and character_id is not null) d,
          (select id, row_number() over (order by id) k from shots where fight_id = $1 and vehicle_id is not null) w
     where v.id = w.id and d.k = w.k`,
    [fight],
  );
  await db.query(
    `insert into character_effects (id, shot_id, name, action_value, change)
     select gen_random_uuid(), id, 'Dazed', 'Defense', '-1' from shots where fight_id = $1`,
    [fight],
  );
  await db.query(
    `insert into effects (id, fight_id, name, start_sequence, end_sequence) values (gen_random_uuid(), $1, 'Smoke', 1, 2)`,
    [fight],
  );
  return fight;
}

it('the encounter of any size: one statement', async () => {
  const counts: number[] = [];
  for (const size of [1, 10, 40]) {
    const id = await fightOf(size);
    let view: EncounterView | undefined;
    counts.push(
      await proxy.count(async () => {
        view = await nats.expectOk<EncounterView>(
          Subjects.campaign.encounters.get,
          { id },
          { actor: player },
        );
      }),
    );
    expect(view?.character_ids).toHaveLength(size);
    expect(view?.shots.map((group) => group.shot)).toEqual([10, 8]);
    expect(view?.shots[1].vehicles.every((vehicle) => vehicle.driver !== null)).toBe(true);
    expect(view?.effects.map((effect) => effect.name)).toEqual(['Smoke']);
  }
  expect(counts).toEqual([1, 1, 1]);
});

describe('a kept encounter', () => {
  const get = (id: string, actor: Actor = player) =>
    nats.expectOk<EncounterView>(Subjects.campaign.encounters.get, { id }, { actor });
  const rename = (id: string, name: string) =>
    db.query('update characters set name = $2 where id = (select character_id from shots where id = $1)', [
      id,
      name,
    ]);
  const firstShot = (view: EncounterView) => view.shots[0].characters[0];

  it('is answered again with one small statement until its campaign announces a change', async () => {
    const id = await fightOf(3);
    const first = await get(id);
    const { shot_id: shotId, name } = firstShot(first);

    // Changed behind the service's back (no announcement): the kept encounter is answered, one statement.
    await rename(shotId, 'Renamed quietly');
    let again: EncounterView | undefined;
    expect(await proxy.count(async () => (again = await get(id)))).toBe(1);
    expect(again).toEqual(first);
    expect(firstShot(again!).name).toBe(name);

    // An announcement on the campaign's topic (from any replica) drops it: the next read is afresh.
    nats.connection.publish(natsSubject(RealtimeSubjects.campaign(campaignId), env.subjectPrefix), '{}');
    await eventually(async () => expect(firstShot(await get(id)).name).toBe('Renamed quietly'));
  });

  it('is still refused to outsiders and to a signed-out token', async () => {
    const id = await fightOf(2);
    await get(id);
    const outsider = (
      await db.query<{ id: string }>(
        `insert into users (id, email, first_name, last_name, password_hash)
         values (gen_random_uuid(), 'outsider@example.com', 'Out', 'Sider', 'x') returning id`,
      )
    ).rows[0].id;
    const stranger: Actor = { id: outsider, kind: ActorKind.User, roles: [], tokenVersion: 0 };
    expect(
      await nats.expectError(Subjects.campaign.encounters.get, { id }, { actor: stranger }),
    ).toMatchObject({ statusCode: 404 });
    const staleToken: Actor = { ...player, tokenVersion: 7 };
    expect(
      await nats.expectError(Subjects.campaign.encounters.get, { id }, { actor: staleToken }),
    ).toMatchObject({ statusCode: 401 });
  });
});
