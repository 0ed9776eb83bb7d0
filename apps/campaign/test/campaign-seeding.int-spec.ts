import type { INestApplication } from '@nestjs/common';
import type { Subscription } from '@nats-io/transport-node';
import { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import {
  ActorKind,
  natsSubject,
  RealtimeSubjects,
  Subjects,
  UserRole,
  type Actor,
  type CampaignSeededView,
  type CampaignSeedingEvent,
  type CampaignView,
  type SessionGrant,
} from '@shotcaller/contracts';
import { eventually, NatsRequester, TestEnvironment } from '@shotcaller/testing';
import { bootCampaign } from '../src/boot.js';
import { loadCampaignConfig } from '../src/config.js';
import { loadStarterContent } from '../src/starter/starter-loader.js';
import { startMailing, type Mailing } from './support/mail-catcher.js';

/**
 * Seeding a new campaign from the master template, with the real jobs service: creating a campaign queues the
 * job, which copies the template's records with their links in steps announced in order; a second run adds
 * nothing; without the jobs service a campaign cannot be created, and nothing is written.
 */

const env = new TestEnvironment('seeding-int');
let app: INestApplication;
let mailing: Mailing | undefined;
let nats: NatsRequester;
let db: pg.Client;
let subscription: Subscription;
let gm: Actor;
let templateId: string;
const seedingEvents: CampaignSeedingEvent['campaign_seeding'][] = [];

const { campaigns } = Subjects.campaign;

beforeAll(async () => {
  mailing = await startMailing(env);
  const settings = env.campaign({ CAMPAIGN_SEEDING: 'job' });
  app = await bootCampaign(loadCampaignConfig(settings));
  nats = await NatsRequester.connect(env.stores.nats, env.subjectPrefix);
  db = new pg.Client({ connectionString: settings.DATABASE_URL });
  await db.connect();

  const grant = await nats.expectOk<SessionGrant>(Subjects.campaign.users.register, {
    email: 'gm@example.com',
    password: 'secret123',
    first_name: 'Gina',
    last_name: 'Master',
    gamemaster: true,
  });
  gm = { id: grant.user.id, kind: ActorKind.User, roles: [UserRole.Gamemaster] };
  // The master template, as `npm run starter:load` fills it, plus a character that is not a template.
  templateId = (await loadStarterContent(app.get(MikroORM), 'gm@example.com')).campaignId;
  await db.query(
    `insert into characters (id, campaign_id, name, is_template) values (gen_random_uuid(), $1, 'Not A Template', false)`,
    [templateId],
  );

  subscription = nats.connection.subscribe(natsSubject(RealtimeSubjects.campaign('*'), env.subjectPrefix), {
    callback: (_, message) => {
      const payload = message.json<Partial<CampaignSeedingEvent>>();
      if (payload.campaign_seeding) seedingEvents.push(payload.campaign_seeding);
    },
  });
  await nats.connection.flush();
});

afterAll(async () => {
  subscription?.unsubscribe();
  await nats?.close();
  await db?.end();
  await app?.close();
  await mailing?.stop();
  await env.cleanup();
});

const eventsOf = (campaignId: string) => seedingEvents.filter((event) => event.campaign_id === campaignId);

async function createCampaign(name: string): Promise<CampaignView> {
  return nats.expectOk<CampaignView>(campaigns.create, { campaign: { name } }, { actor: gm });
}

async function seedingDone(campaignId: string): Promise<void> {
  await eventually(async () => {
    const { rows } = await db.query<{ seeding_status: string }>(
      'select seeding_status from campaigns where id = $1',
      [campaignId],
    );
    if (rows[0]?.seeding_status !== 'done') throw new Error(`seeding is ${rows[0]?.seeding_status}`);
  });
}

/**
 * A campaign's records as lines, each with the names of what it links to. A link to a record of another campaign
 * shows as such, so a copy that still pointed at the template's records would not match the template's lines.
 */
async function recordLines(campaignId: string, templateCharactersOnly = false): Promise<string[]> {
  const link = (alias: string, owner: string) =>
    `case when ${alias}.id is null then '-' when ${alias}.campaign_id = ${owner}.campaign_id then ${alias}.name
       else '(another campaign)' end`;
  const schtickName = (alias: string) => `coalesce(${alias}.category, '') || '/' || ${alias}.name`;
  const queries = [
    `select 'faction ' || f.name || ' ' || coalesce(f.description, '') as line from factions f where f.campaign_id = $1`,
    `select 'juncture ' || j.name || ' of ' || ${link('f', 'j')} as line from junctures j
       left join factions f on f.id = j.faction_id where j.campaign_id = $1`,
    `select 'schtick ' || ${schtickName('s')} || ' ' || s.path || ' ' || s.archetypes::text || ' after ' ||
       case when p.id is null then '-' when p.campaign_id = s.campaign_id then ${schtickName('p')}
         else '(another campaign)' end as line
     from schticks s left join schticks p on p.id = s.prerequisite_id where s.campaign_id = $1`,
    `select 'weapon ' || w.name || ' ' || w.damage || ' ' || coalesce(w.concealment::text, '-') || ' ' ||
       w.kachunk || ' ' || w.mook_bonus as line from weapons w where w.campaign_id = $1`,
    `select 'character ' || c.name || ' template=' || c.is_template || ' faction=' || ${link('f', 'c')} ||
       ' juncture=' || ${link('j', 'c')} || ' equipped=' || ${link('w', 'c')} || ' ' || c.action_values::text ||
       ' ' || c.skills::text || ' schticks=' || coalesce((
         select string_agg(case when s.campaign_id = c.campaign_id then ${schtickName('s')}
           else '(another campaign)' end, ',' order by s.name)
         from character_schticks cs join schticks s on s.id = cs.schtick_id where cs.character_id = c.id), '') ||
       ' weapons=' || coalesce((
         select string_agg(case when cw.campaign_id = c.campaign_id then cw.name else '(another campaign)' end,
           ',' order by cw.name)
         from carries cr join weapons cw on cw.id = cr.weapon_id where cr.character_id = c.id), '') as line
     from characters c
     left join factions f on f.id = c.faction_id
     left join junctures j on j.id = c.juncture_id
     left join weapons w on w.id = c.equipped_weapon_id
     where c.campaign_id = $1 ${templateCharactersOnly ? 'and c.is_template' : ''}`,
    `select 'vehicle ' || v.name || ' faction=' || ${link('f', 'v')} || ' juncture=' || ${link('j', 'v')} ||
       ' ' || v.action_values::text as line
     from vehicles v left join factions f on f.id = v.faction_id left join junctures j on j.id = v.juncture_id
     where v.campaign_id = $1`,
  ];
  const lines: string[] = [];
  for (const query of queries) {
    lines.push(...(await db.query<{ line: string }>(query, [campaignId])).rows.map((row) => row.line));
  }
  return lines.sort();
}

/** Every row of the campaign's records, ids and update stamps included: for "nothing changed". */
async function rowsOf(campaignId: string): Promise<string> {
  const parts: unknown[] = [];
  for (const table of ['factions', 'junctures', 'schticks', 'weapons', 'characters', 'vehicles']) {
    parts.push(
      (await db.query(`select * from ${table} where campaign_id = $1 order by id`, [campaignId])).rows,
    );
  }
  for (const [table, column] of [
    ['character_schticks', 'character_id'],
    ['carries', 'character_id'],
  ]) {
    parts.push(
      (
        await db.query(
          `select l.* from ${table} l join characters c on c.id = l.${column} where c.campaign_id = $1 order by l.id`,
          [campaignId],
        )
      ).rows,
    );
  }
  return JSON.stringify(parts);
}

describe('seeding a new campaign from the master template', () => {
  let seeded: CampaignView;

  it('queues the seeding with the campaign, which then holds copies of the template and their links', async () => {
    seeded = await createCampaign('Fresh Start');
    expect(seeded).toMatchObject({ seeding_status: 'pending', seeded_at: null });

    await seedingDone(seeded.id);
    const template = await recordLines(templateId, true);
    expect(template.length).toBeGreaterThan(40);
    expect(template.join('\n')).not.toContain('(another campaign)');
    expect(await recordLines(seeded.id)).toEqual(template);

    const owners = await db.query<{ user_id: string }>(
      `select user_id from characters where campaign_id = $1 union select user_id from vehicles where campaign_id = $1`,
      [seeded.id],
    );
    expect(owners.rows).toEqual([{ user_id: gm.id }]);
  });

  it('announced each step on the campaign, in order, ending done', async () => {
    const events = await eventually(() => {
      const found = eventsOf(seeded.id);
      if (found.at(-1)?.status !== 'done') throw new Error(`${found.length} events so far`);
      return found;
    });
    expect(events.map(({ status, done, total }) => `${status} ${done}/${total}`)).toEqual([
      'running 0/6',
      'running 1/6',
      'running 2/6',
      'running 3/6',
      'running 4/6',
      'running 5/6',
      'done 6/6',
    ]);
  });

  it('shows where the seeding stands on the campaign', async () => {
    const view = await nats.expectOk<CampaignView>(campaigns.get, { id: seeded.id }, { actor: gm });
    expect(view).toMatchObject({ seeding_status: 'done', seeding_progress: { done: 6, total: 6 } });
    expect(Date.parse(view.seeded_at ?? '')).not.toBeNaN();
    const index = await nats.expectOk<{ campaigns: CampaignView[] }>(campaigns.list, {}, { actor: gm });
    expect(index.campaigns.find((campaign) => campaign.id === seeded.id)).toMatchObject({
      seeding_status: 'done',
      seeding_progress: { done: 6, total: 6 },
    });
  });

  it('adds nothing when run again', async () => {
    const before = await rowsOf(seeded.id);
    const again = await nats.expectOk<CampaignSeededView>(campaigns.seed, { campaign_id: seeded.id });
    expect(again).toEqual({
      campaign_id: seeded.id,
      status: 'done',
      template_id: templateId,
      copied: { factions: 0, junctures: 0, schticks: 0, weapons: 0, characters: 0, vehicles: 0 },
    });
    expect(await rowsOf(seeded.id)).toEqual(before);
  });

  it('copies only what the campaign lacks, leaving its own changes alone', async () => {
    await db.query(
      `delete from vehicles where campaign_id = $1 and name = (select min(name) from vehicles where campaign_id = $1)`,
      [seeded.id],
    );
    await db.query(`update weapons set description = 'Changed here' where campaign_id = $1`, [seeded.id]);
    const again = await nats.expectOk<CampaignSeededView>(campaigns.seed, { campaign_id: seeded.id });
    expect(again.copied).toEqual({
      factions: 0,
      junctures: 0,
      schticks: 0,
      weapons: 0,
      characters: 0,
      vehicles: 1,
    });
    const descriptions = await db.query<{ description: string }>(
      'select distinct description from weapons where campaign_id = $1',
      [seeded.id],
    );
    expect(descriptions.rows).toEqual([{ description: 'Changed here' }]);
  });

  it('refuses to seed the master template, or a campaign that does not exist', async () => {
    expect(await nats.expectError(campaigns.seed, { campaign_id: templateId })).toMatchObject({
      statusCode: 422,
    });
    expect(
      await nats.expectError(campaigns.seed, { campaign_id: '00000000-0000-4000-8000-000000000000' }),
    ).toMatchObject({ statusCode: 404 });
    expect(await nats.expectError(campaigns.seed, { campaign_id: 'not-a-uuid' })).toMatchObject({
      statusCode: 400,
    });
  });

  it('does not seed a new master template', async () => {
    await db.query('update campaigns set is_master_template = false where id = $1', [templateId]);
    await db.query('update users set admin = true where id = $1', [gm.id]);
    try {
      const admin = { ...gm, roles: [UserRole.Gamemaster, UserRole.Admin] };
      const template = await nats.expectOk<CampaignView>(
        campaigns.create,
        { campaign: { name: 'Another Template', is_master_template: true } },
        { actor: admin },
      );
      expect(template).toMatchObject({ seeding_status: null, seeding_progress: { done: 0, total: 0 } });
      await db.query('delete from campaigns where id = $1', [template.id]);
    } finally {
      await db.query('update users set admin = false where id = $1', [gm.id]);
      await db.query('update campaigns set is_master_template = true where id = $1', [templateId]);
    }
  });

  it('is done with nothing copied when there is no master template', async () => {
    await db.query('update campaigns set is_master_template = false where id = $1', [templateId]);
    try {
      const bare = await createCampaign('No Template Here');
      await seedingDone(bare.id);
      expect(await recordLines(bare.id)).toEqual([]);
      const view = await nats.expectOk<CampaignView>(campaigns.get, { id: bare.id }, { actor: gm });
      expect(view).toMatchObject({ seeding_status: 'done', seeding_progress: { done: 0, total: 0 } });
      await eventually(() =>
        expect(eventsOf(bare.id)).toEqual([{ campaign_id: bare.id, status: 'done', done: 0, total: 0 }]),
      );
    } finally {
      await db.query('update campaigns set is_master_template = true where id = $1', [templateId]);
    }
  });

  it('cannot create a campaign while the jobs service is down, and writes nothing', async () => {
    await mailing?.stop();
    mailing = undefined;
    const before = await db.query('select count(*)::int as n from campaigns');
    const error = await nats.expectError(campaigns.create, { campaign: { name: 'Too Soon' } }, { actor: gm });
    expect(error).toMatchObject({ statusCode: 503, code: 'service_unavailable' });
    expect((await db.query('select count(*)::int as n from campaigns')).rows).toEqual(before.rows);
    const named = await db.query(`select id from campaigns where name = 'Too Soon'`);
    expect(named.rows).toEqual([]);
  });
});
