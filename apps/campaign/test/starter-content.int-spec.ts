import { Logger } from '@nestjs/common';
import type { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import { openDatabase } from '@shotcaller/persistence';
import { TestEnvironment } from '@shotcaller/testing';
import { campaignEntities } from '../src/app.module.js';
import { campaignMigrations } from '../src/migrations/index.js';
import { STARTER_CONTENT } from '../src/starter/starter-content.js';
import { loadStarterContent, StarterLoadError } from '../src/starter/starter-loader.js';
import { User } from '../src/users/user.entity.js';

/**
 * The starter content loader against a real, migrated campaign database: it fills the master template campaign
 * once, a second run changes nothing, the archetypes come with their schticks and weapons, and an owner who may not
 * run campaigns is refused with nothing written.
 */

const env = new TestEnvironment('starter-int');
let orm: MikroORM;
let db: pg.Client;

const TABLES = [
  'campaigns',
  'factions',
  'junctures',
  'schticks',
  'weapons',
  'characters',
  'character_schticks',
  'carries',
  'vehicles',
] as const;

async function rowCounts(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of TABLES) {
    const { rows } = await db.query<{ n: number }>(`select count(*)::int as n from ${table}`);
    counts[table] = rows[0].n;
  }
  return counts;
}

/** Every table's rows, for "nothing changed": ids and update stamps included. */
async function snapshot(): Promise<string> {
  const parts: unknown[] = [];
  for (const table of TABLES) {
    parts.push((await db.query(`select * from ${table} order by id`)).rows);
  }
  return JSON.stringify(parts);
}

async function addUser(email: string, roles: { admin?: boolean; gamemaster: boolean; active?: boolean }) {
  const em = orm.em.fork();
  em.create(User, {
    email,
    firstName: 'Starter',
    lastName: 'Tester',
    passwordHash: 'not-a-real-hash',
    admin: roles.admin ?? false,
    gamemaster: roles.gamemaster,
    active: roles.active ?? true,
  });
  await em.flush();
}

beforeAll(async () => {
  // The migrator reports each migration through Nest's logger: not this test's business.
  Logger.overrideLogger(false);
  const databaseUrl = env.databaseUrl('campaign');
  orm = await openDatabase({ databaseUrl, entities: campaignEntities, migrations: campaignMigrations });
  db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  await addUser('gm@example.com', { gamemaster: true });
  await addUser('admin@example.com', { gamemaster: false, admin: true });
  await addUser('player@example.com', { gamemaster: false });
  await addUser('gone@example.com', { gamemaster: true, active: false });
});

afterAll(async () => {
  await db?.end();
  await orm?.close();
  await env.cleanup();
});

describe('an owner who may not run campaigns', () => {
  it.each([
    ['unknown@example.com', 'No account has the email unknown@example.com'],
    ['player@example.com', 'The account player@example.com is neither an admin nor a gamemaster'],
    ['gone@example.com', 'The account gone@example.com is deactivated'],
  ])('%s is refused and nothing is written', async (email, message) => {
    const before = await rowCounts();
    const load = loadStarterContent(orm, email);
    await expect(load).rejects.toThrow(StarterLoadError);
    await expect(load).rejects.toThrow(message);
    expect(await rowCounts()).toEqual(before);
    expect(before.campaigns).toBe(0);
  });
});

describe('loading the starter content', () => {
  let first: Awaited<ReturnType<typeof loadStarterContent>>;
  let afterFirst: Record<string, number>;

  beforeAll(async () => {
    first = await loadStarterContent(orm, 'GM@example.com ');
    afterFirst = await rowCounts();
  });

  it('creates the master template campaign, owned by the gamemaster named, with every record', async () => {
    expect(first.campaignCreated).toBe(true);
    const { rows } = await db.query<{ id: string; email: string; is_master_template: boolean }>(
      `select c.id, u.email, c.is_master_template from campaigns c join users u on u.id = c.user_id`,
    );
    expect(rows).toEqual([{ id: first.campaignId, email: 'gm@example.com', is_master_template: true }]);
    expect(afterFirst).toEqual({
      campaigns: 1,
      factions: STARTER_CONTENT.factions.length,
      junctures: STARTER_CONTENT.junctures.length,
      schticks: STARTER_CONTENT.schticks.length,
      weapons: STARTER_CONTENT.weapons.length,
      characters: STARTER_CONTENT.characters.length,
      character_schticks: STARTER_CONTENT.characters.flatMap((character) => character.schticks).length,
      carries: STARTER_CONTENT.characters.flatMap((character) => character.weapons).length,
      vehicles: STARTER_CONTENT.vehicles.length,
    });
    expect(first.created.characters).toBe(STARTER_CONTENT.characters.length);
    expect(first.alreadyThere.characters).toBe(0);
  });

  it('gives an archetype its schticks, weapons, equipped weapon, faction and juncture, as a template', async () => {
    const { rows } = await db.query<{
      is_template: boolean;
      guns: number;
      type: string;
      martial_arts: number;
      faction: string;
      juncture: string;
      equipped: string;
      schticks: string[];
      weapons: string[];
    }>(
      `select ch.is_template, (ch.action_values->>'Guns')::int as guns, ch.action_values->>'Type' as type,
              (ch.action_values->>'Martial Arts')::int as martial_arts, f.name as faction, j.name as juncture,
              ew.name as equipped,
              array(select s.name from character_schticks cs join schticks s on s.id = cs.schtick_id
                    where cs.character_id = ch.id order by s.name) as schticks,
              array(select w.name from carries c join weapons w on w.id = c.weapon_id
                    where c.character_id = ch.id order by w.name) as weapons
         from characters ch
         join factions f on f.id = ch.faction_id
         join junctures j on j.id = ch.juncture_id
         join weapons ew on ew.id = ch.equipped_weapon_id
        where ch.name = 'Hard-Boiled Detective' and ch.campaign_id = $1`,
      [first.campaignId],
    );
    expect(rows).toEqual([
      {
        is_template: true,
        guns: 14,
        type: 'PC',
        martial_arts: 0,
        faction: 'The Open Road Society',
        juncture: 'Contemporary',
        equipped: 'Mark IV Service Automatic',
        schticks: ['Empty the Clip', 'Twin Barrel Tango'],
        weapons: ['Mark IV Service Automatic', 'Thunderclap 12-Gauge'],
      },
    ]);
    const templates = await db.query<{ type: string }>(
      `select action_values->>'Type' as type from characters where is_template order by 1`,
    );
    expect(templates.rows.map((row) => row.type)).toEqual(
      expect.arrayContaining(['Boss', 'Featured Foe', 'Mook', 'PC']),
    );
  });

  it('links a schtick to its prerequisite in the same category and path', async () => {
    const { rows } = await db.query(
      `select s.name, p.name as prerequisite, s.category = p.category and s.path = p.path as same_place
         from schticks s join schticks p on p.id = s.prerequisite_id order by s.name`,
    );
    expect(rows).toEqual(
      STARTER_CONTENT.schticks
        .filter((schtick) => schtick.prerequisite)
        .map((schtick) => ({ name: schtick.name, prerequisite: schtick.prerequisite, same_place: true }))
        .sort((a, b) => (a.name < b.name ? -1 : 1)),
    );
  });

  it('changes nothing when run again, by another gamemaster or admin too', async () => {
    const before = await snapshot();
    const again = await loadStarterContent(orm, 'gm@example.com');
    const byAdmin = await loadStarterContent(orm, 'admin@example.com');
    expect(await snapshot()).toEqual(before);
    expect(await rowCounts()).toEqual(afterFirst);
    for (const summary of [again, byAdmin]) {
      expect(summary.campaignId).toBe(first.campaignId);
      expect(summary.campaignCreated).toBe(false);
      expect(Object.values(summary.created)).toEqual([0, 0, 0, 0, 0, 0]);
      expect(summary.alreadyThere).toEqual(first.created);
      expect(summary.links).toEqual({ schticks: 0, weapons: 0 });
    }
    expect(byAdmin.campaignOwnedByOther).toBe(true);
  });

  it('adds back only what went missing, and leaves the rest as the gamemaster edited it', async () => {
    await db.query(`update weapons set damage = 99 where name = 'Buzzsaw SMG'`);
    await db.query(`delete from vehicles where name = 'Night Courier'`);
    const summary = await loadStarterContent(orm, 'gm@example.com');
    expect(summary.created).toMatchObject({ vehicles: 1, weapons: 0, characters: 0 });
    expect(await rowCounts()).toEqual(afterFirst);
    const { rows } = await db.query(`select damage from weapons where name = 'Buzzsaw SMG'`);
    expect(rows).toEqual([{ damage: 99 }]);
  });
});

describe('two loads at once on a database without a template', () => {
  const otherEnv = new TestEnvironment('starter-race');
  let otherOrm: MikroORM;
  let otherDb: pg.Client;

  beforeAll(async () => {
    const databaseUrl = otherEnv.databaseUrl('campaign');
    otherOrm = await openDatabase({
      databaseUrl,
      entities: campaignEntities,
      migrations: campaignMigrations,
    });
    otherDb = new pg.Client({ connectionString: databaseUrl });
    await otherDb.connect();
    const em = otherOrm.em.fork();
    em.create(User, { email: 'gm@example.com', firstName: 'Starter', lastName: 'Tester', passwordHash: 'x' });
    await em.flush();
  });

  afterAll(async () => {
    await otherDb?.end();
    await otherOrm?.close();
    await otherEnv.cleanup();
  });

  it('leave one template with one set of records; a load that lost the race says so', async () => {
    const results = await Promise.allSettled([
      loadStarterContent(otherOrm, 'gm@example.com'),
      loadStarterContent(otherOrm, 'gm@example.com'),
    ]);
    expect(results.some((result) => result.status === 'fulfilled')).toBe(true);
    for (const result of results) {
      if (result.status === 'rejected') {
        expect(result.reason).toBeInstanceOf(StarterLoadError);
        expect((result.reason as Error).message).toMatch(/run it again/);
      }
    }
    const { rows } = await otherDb.query<{ campaigns: number; characters: number; schticks: number }>(
      `select (select count(*)::int from campaigns) as campaigns, (select count(*)::int from characters) as characters,
              (select count(*)::int from schticks) as schticks`,
    );
    expect(rows).toEqual([
      {
        campaigns: 1,
        characters: STARTER_CONTENT.characters.length,
        schticks: STARTER_CONTENT.schticks.length,
      },
    ]);
  });
});
