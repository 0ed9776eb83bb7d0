import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import pg from 'pg';
import {
  ActorKind,
  IMAGE_IDS_MAX,
  Subjects,
  type ReferencedImagesView,
  type Actor,
  type CampaignsIndexView,
  type CampaignView,
  type CurrentUserView,
  type FactionsIndexView,
  type FactionView,
  type JuncturesIndexView,
  type JunctureView,
  type SitesIndexView,
  type SiteView,
  type PartiesIndexView,
  type PartyView,
  type FightsIndexView,
  type FightView,
  type UsersIndexView,
  type CharactersIndexView,
  type CharacterView,
  type VehiclesIndexView,
  type VehicleView,
} from '@shotcaller/contracts';
import { NatsRequester, StatementCountingProxy, TestEnvironment } from '@shotcaller/testing';
import { bootCampaign } from '../src/boot.js';
import { loadCampaignConfig } from '../src/config.js';

/**
 * How many SQL statements each read request executes, counted at the wire between the service and PostgreSQL:
 * a list page or a record view is one statement, whatever the page size.
 */
const env = new TestEnvironment('statements');
let proxy: StatementCountingProxy;
let app: INestApplication;
let nats: NatsRequester;
let db: pg.Client;

const CAMPAIGNS = 60;
const PLAYERS = 60;
const FACTIONS = 60;
const user = (id: string, tokenVersion = 0): Actor => ({ id, kind: ActorKind.User, roles: [], tokenVersion });
let gamemaster: Actor;
let admin: Actor;
let player: Actor;
let someCampaignId: string;
let someFactionId: string;
let someJunctureId: string;
let someSiteId: string;
let somePartyId: string;

beforeAll(async () => {
  const settings = env.campaign();
  proxy = await StatementCountingProxy.start(env.stores.postgres);
  app = await bootCampaign(
    loadCampaignConfig({ ...settings, DATABASE_URL: proxy.urlFor(settings.DATABASE_URL) }),
  );
  nats = await NatsRequester.connect(env.stores.nats, env.subjectPrefix);
  // The test's own connection goes straight to PostgreSQL: only the service's statements are counted.
  db = new pg.Client({ connectionString: settings.DATABASE_URL });
  await db.connect();

  const insertUsers = (count: number, label: string, admin = false) =>
    db.query<{ id: string }>(
      `insert into users (id, email, first_name, last_name, password_hash, admin)
       select gen_random_uuid(), $1 || n || '@example.com', 'First' || n, 'Last' || n, 'x', $2
       from generate_series(1, $3::int) n
       returning id`,
      [label, admin, count],
    );
  gamemaster = user((await insertUsers(1, 'gm')).rows[0].id);
  admin = user((await insertUsers(1, 'admin', true)).rows[0].id);
  const players = (await insertUsers(PLAYERS, 'player')).rows.map((row) => row.id);
  player = user(players[0]);
  const campaigns = await db.query<{ id: string }>(
    `insert into campaigns (id, user_id, name, created_at)
     select gen_random_uuid(), $1, 'Campaign ' || n, now() - n * interval '1 minute'
     from generate_series(1, $2::int) n
     returning id`,
    [gamemaster.id, CAMPAIGNS],
  );
  someCampaignId = campaigns.rows[0].id;
  // Every campaign has the first player and one more, and every player is in some campaign.
  await db.query(
    `insert into campaign_memberships (id, campaign_id, user_id)
     select gen_random_uuid(), c.id, p.id
     from unnest($1::uuid[]) with ordinality c(id, n)
     join unnest($2::uuid[]) with ordinality p(id, n) on p.n = 1 or p.n = c.n + 1`,
    [campaigns.rows.map((row) => row.id), players],
  );
  await db.query('update users set current_campaign_id = $1 where id = $2', [someCampaignId, player.id]);
  // Factions in the player's current campaign, each with two characters, a vehicle, a juncture, a site and a party.
  const factions = await db.query<{ id: string }>(
    `insert into factions (id, campaign_id, name, created_at)
     select gen_random_uuid(), $1, 'Faction ' || n, now() - n * interval '1 minute'
     from generate_series(1, $2::int) n
     returning id`,
    [someCampaignId, FACTIONS],
  );
  someFactionId = factions.rows[0].id;
  for (const [table, copies] of [
    ['characters', 2],
    ['vehicles', 1],
    ['junctures', 1],
    ['sites', 1],
    ['parties', 1],
  ] as const) {
    await db.query(
      `insert into ${table} (id, campaign_id, faction_id, name)
       select gen_random_uuid(), $1, f.id, '${table} ' || f.n || '-' || k
       from unnest($2::uuid[]) with ordinality f(id, n), generate_series(1, $3::int) k`,
      [someCampaignId, factions.rows.map((row) => row.id), copies],
    );
  }
  // Each faction's juncture (one a faction) holds that faction's two characters.
  await db.query(
    `update characters set juncture_id = j.id from junctures j where j.faction_id = characters.faction_id`,
  );
  const juncture = await db.query<{ id: string }>('select id from junctures where faction_id = $1', [
    someFactionId,
  ]);
  someJunctureId = juncture.rows[0].id;
  // Each faction's site has that faction's two characters attuned, and the faction's juncture.
  await db.query(
    `insert into attunements (id, character_id, site_id)
     select gen_random_uuid(), ch.id, s.id from sites s join characters ch on ch.faction_id = s.faction_id`,
  );
  await db.query(
    `update sites set juncture_id = j.id from junctures j where j.faction_id = sites.faction_id`,
  );
  const site = await db.query<{ id: string }>('select id from sites where faction_id = $1', [someFactionId]);
  someSiteId = site.rows[0].id;
  // Each faction's party has that faction's two characters and its vehicle as members.
  await db.query(
    `insert into party_memberships (id, party_id, character_id, vehicle_id)
     select gen_random_uuid(), p.id, ch.id, null from parties p join characters ch on ch.faction_id = p.faction_id
     union all
     select gen_random_uuid(), p.id, null, v.id from parties p join vehicles v on v.faction_id = p.faction_id`,
  );
  const party = await db.query<{ id: string }>('select id from parties where faction_id = $1', [
    someFactionId,
  ]);
  somePartyId = party.rows[0].id;
});

afterAll(async () => {
  await nats?.close();
  await db?.end();
  await app?.close();
  await proxy?.close();
  await env.cleanup();
});

/** The statements a request executed, and its answer. */
async function measured<T>(subject: string, data: object, actor: Actor): Promise<[number, T]> {
  let reply: T | undefined;
  const statements = await proxy.count(async () => {
    reply = await nats.expectOk<T>(subject, data, { actor });
  });
  return [statements, reply as T];
}

const PAGE_SIZES = [1, 15, 50];

describe('statements per read request', () => {
  it.each([
    ['the campaign index', {}],
    ['the campaign index, searched, sorted and filtered', { search: 'campaign', sort: 'name', order: 'asc' }],
    ['the campaign index with every campaign', { visibility: 'all', sort: 'updated_at' }],
    ['the campaign autocomplete', { autocomplete: true }],
  ])('%s: one, at any page size', async (_, query) => {
    const counts: number[] = [];
    for (const perPage of PAGE_SIZES) {
      const [statements, page] = await measured<CampaignsIndexView>(
        Subjects.campaign.campaigns.list,
        { ...query, per_page: perPage },
        gamemaster,
      );
      expect(page.campaigns).toHaveLength(perPage);
      expect(page.meta.total_count).toBe(CAMPAIGNS);
      counts.push(statements);
    }
    expect(counts).toEqual(PAGE_SIZES.map(() => 1));
  });

  it.each([
    ['everyone, for an admin', () => admin, {}],
    ['the people one shares campaigns with', () => gamemaster, {}],
    [
      'the people one shares campaigns with, searched and sorted',
      () => player,
      { search: 'first', sort: 'name' },
    ],
    ['a campaign’s gamemaster and members', () => admin, { campaign_id: someCampaignId }],
  ])('the users index, %s: one, at any page size', async (_, actor, query) => {
    const counts: number[] = [];
    for (const perPage of PAGE_SIZES) {
      const [statements, page] = await measured<UsersIndexView>(
        Subjects.campaign.users.list,
        { ...query, per_page: perPage },
        actor(),
      );
      expect(page.users.length).toBe(Math.min(perPage, page.meta.total_count));
      counts.push(statements);
    }
    expect(counts).toEqual(PAGE_SIZES.map(() => 1));
  });

  it('a campaign with its members, the current campaign and the current user: one each', async () => {
    const [record, campaign] = await measured<CampaignView>(
      Subjects.campaign.campaigns.get,
      { id: someCampaignId },
      player,
    );
    expect(campaign.users.length).toBeGreaterThan(1);
    const [current, currentCampaign] = await measured<CampaignView>(
      Subjects.campaign.campaigns.getCurrent,
      {},
      player,
    );
    expect(currentCampaign.id).toBe(someCampaignId);
    const [me, view] = await measured<CurrentUserView>(Subjects.campaign.users.current, {}, gamemaster);
    expect(view.campaigns).toHaveLength(CAMPAIGNS);
    expect([record, current, me]).toEqual([1, 1, 1]);
  });

  it.each([
    ['the faction index', {}],
    ['the faction index, searched and sorted', { search: 'faction', sort: 'name', order: 'asc' }],
    ['the faction autocomplete', { autocomplete: true }],
  ])('%s: one, at any page size', async (_, query) => {
    const counts: number[] = [];
    for (const perPage of PAGE_SIZES) {
      const [statements, page] = await measured<FactionsIndexView>(
        Subjects.campaign.factions.list,
        { ...query, per_page: perPage },
        player,
      );
      expect(page.factions).toHaveLength(perPage);
      expect(page.meta.total_count).toBe(FACTIONS);
      counts.push(statements);
    }
    expect(counts).toEqual(PAGE_SIZES.map(() => 1));
  });

  it('a faction with everything that belongs to it: one', async () => {
    const [statements, faction] = await measured<FactionView>(
      Subjects.campaign.factions.get,
      { id: someFactionId },
      player,
    );
    expect(faction.character_ids).toHaveLength(2);
    expect(
      [faction.vehicles, faction.junctures, faction.sites, faction.parties].map((list) => list.length),
    ).toEqual([1, 1, 1, 1]);
    expect(statements).toBe(1);
  });

  it.each([
    ['the juncture index', {}],
    ['the juncture index, searched and sorted', { search: 'junctures', sort: 'name', order: 'asc' }],
    ['the juncture autocomplete', { autocomplete: true }],
  ])('%s: one, at any page size', async (_, query) => {
    const counts: number[] = [];
    for (const perPage of PAGE_SIZES) {
      const [statements, page] = await measured<JuncturesIndexView>(
        Subjects.campaign.junctures.list,
        { ...query, per_page: perPage },
        player,
      );
      expect(page.junctures).toHaveLength(perPage);
      expect(page.factions).toHaveLength(perPage);
      expect(page.meta.total_count).toBe(FACTIONS);
      counts.push(statements);
    }
    expect(counts).toEqual(PAGE_SIZES.map(() => 1));
  });

  it('a juncture filtered by faction, and a juncture with its characters: one each', async () => {
    const [filtered, page] = await measured<JuncturesIndexView>(
      Subjects.campaign.junctures.list,
      { faction_id: someFactionId },
      player,
    );
    expect(page.junctures).toHaveLength(1);
    const [statements, juncture] = await measured<JunctureView>(
      Subjects.campaign.junctures.get,
      { id: someJunctureId },
      player,
    );
    expect(juncture.character_ids).toHaveLength(2);
    expect(juncture.faction_id).toBe(someFactionId);
    expect([filtered, statements]).toEqual([1, 1]);
  });

  it.each([
    ['the site index', {}],
    ['the site index, searched and sorted', { search: 'sites', sort: 'name', order: 'asc' }],
    ['the site autocomplete', { autocomplete: true }],
  ])('%s: one, at any page size', async (_, query) => {
    const counts: number[] = [];
    for (const perPage of PAGE_SIZES) {
      const [statements, page] = await measured<SitesIndexView>(
        Subjects.campaign.sites.list,
        { ...query, per_page: perPage },
        player,
      );
      expect(page.sites).toHaveLength(perPage);
      expect(page.factions).toHaveLength(perPage);
      expect(page.meta.total_count).toBe(FACTIONS);
      counts.push(statements);
    }
    expect(counts).toEqual(PAGE_SIZES.map(() => 1));
  });

  it('sites filtered by faction, juncture and attuned character, and a site with its characters: one each', async () => {
    const [filtered, page] = await measured<SitesIndexView>(
      Subjects.campaign.sites.list,
      { faction_id: someFactionId, juncture_id: someJunctureId },
      player,
    );
    expect(page.sites).toHaveLength(1);
    const [statements, site] = await measured<SiteView>(
      Subjects.campaign.sites.get,
      { id: someSiteId },
      player,
    );
    expect(site.character_ids).toHaveLength(2);
    const [attuned, attunedPage] = await measured<SitesIndexView>(
      Subjects.campaign.sites.list,
      { character_id: site.character_ids[0] },
      player,
    );
    expect(attunedPage.sites.map(({ id }) => id)).toEqual([someSiteId]);
    // Every site has characters attuned: __NONE__ finds none, in the same one statement.
    const [unattuned, unattunedPage] = await measured<SitesIndexView>(
      Subjects.campaign.sites.list,
      { character_id: '__NONE__' },
      player,
    );
    expect(unattunedPage.meta.total_count).toBe(0);
    expect([filtered, statements, attuned, unattuned]).toEqual([1, 1, 1, 1]);
  });

  it.each([
    ['the party index', {}],
    ['the party index, searched and sorted', { search: 'parties', sort: 'name', order: 'asc' }],
    ['the party autocomplete', { autocomplete: true }],
  ])('%s: one, at any page size', async (_, query) => {
    const counts: number[] = [];
    for (const perPage of PAGE_SIZES) {
      const [statements, page] = await measured<PartiesIndexView>(
        Subjects.campaign.parties.list,
        { ...query, per_page: perPage },
        player,
      );
      expect(page.parties).toHaveLength(perPage);
      expect(page.factions).toHaveLength(perPage);
      expect(page.meta.total_count).toBe(FACTIONS);
      counts.push(statements);
    }
    expect(counts).toEqual(PAGE_SIZES.map(() => 1));
  });

  it('parties filtered by member, and a party with its characters and vehicles: one each', async () => {
    const [statements, party] = await measured<PartyView>(
      Subjects.campaign.parties.get,
      { id: somePartyId },
      player,
    );
    expect([party.character_ids.length, party.vehicle_ids.length]).toEqual([2, 1]);
    const [filtered, page] = await measured<PartiesIndexView>(
      Subjects.campaign.parties.list,
      { vehicle_id: party.vehicle_ids[0], faction_id: someFactionId },
      player,
    );
    expect(page.parties.map(({ id }) => id)).toEqual([somePartyId]);
    const [memberless, memberlessPage] = await measured<PartiesIndexView>(
      Subjects.campaign.parties.list,
      { character_id: '__NONE__', vehicle_id: '__NONE__' },
      player,
    );
    expect(memberlessPage.meta.total_count).toBe(0);
    expect([statements, filtered, memberless]).toEqual([1, 1, 1]);
  });

  it.each([
    ['the vehicle index', {}],
    ['the vehicle index, searched and sorted by type', { search: 'vehicles', sort: 'type', order: 'asc' }],
    [
      'the vehicle index, filtered by faction, type and archetype',
      { faction_id: '__NONE__', type: 'PC', archetype: '__NONE__' },
    ],
    ['the vehicle autocomplete', { autocomplete: true }],
  ])('%s: one, at any page size', async (_, query) => {
    const counts: number[] = [];
    for (const perPage of PAGE_SIZES) {
      const [statements, page] = await measured<VehiclesIndexView>(
        Subjects.campaign.vehicles.list,
        { ...query, per_page: perPage },
        player,
      );
      if (!('faction_id' in query)) {
        expect(page.vehicles).toHaveLength(perPage);
        expect(page.factions).toHaveLength(FACTIONS);
        expect(page.meta.total_count).toBe(FACTIONS);
      }
      counts.push(statements);
    }
    expect(counts).toEqual(PAGE_SIZES.map(() => 1));
  });

  it('vehicles filtered by party, and a vehicle with its owner, faction and parties: one each', async () => {
    const [filtered, page] = await measured<VehiclesIndexView>(
      Subjects.campaign.vehicles.list,
      { party_id: somePartyId },
      player,
    );
    expect(page.vehicles).toHaveLength(1);
    const [statements, vehicle] = await measured<VehicleView>(
      Subjects.campaign.vehicles.get,
      { id: page.vehicles[0].id },
      player,
    );
    expect(vehicle).toMatchObject({ faction_id: someFactionId, party_ids: [somePartyId] });
    expect([filtered, statements]).toEqual([1, 1]);
  });

  it.each([
    ['the character index', {}],
    [
      'the character index, searched and sorted by faction',
      { search: 'characters', sort: 'faction', order: 'asc' },
    ],
    ['the character index, sorted by type', { sort: 'type', template_filter: 'all' }],
    ['the character autocomplete', { autocomplete: true }],
  ])('%s: one, at any page size', async (_, query) => {
    const counts: number[] = [];
    for (const perPage of PAGE_SIZES) {
      const [statements, page] = await measured<CharactersIndexView>(
        Subjects.campaign.characters.list,
        { ...query, per_page: perPage },
        player,
      );
      expect(page.characters).toHaveLength(perPage);
      expect(page.factions).toHaveLength(FACTIONS);
      expect(page.meta.total_count).toBe(FACTIONS * 2);
      counts.push(statements);
    }
    expect(counts).toEqual(PAGE_SIZES.map(() => 1));
  });

  it('characters filtered by party, site and faction, and a character with all it has: one each', async () => {
    const [filtered, page] = await measured<CharactersIndexView>(
      Subjects.campaign.characters.list,
      { party_id: somePartyId, site_id: someSiteId, faction_id: someFactionId, user_id: '__NONE__' },
      player,
    );
    expect(page.characters).toHaveLength(2);
    const characterId = page.characters[0].id;
    // Everything a character can have, twice over.
    await db.query(
      `with w as (
         insert into weapons (id, campaign_id, name, damage)
         select gen_random_uuid(), $1, 'Weapon ' || n, 10 from generate_series(1, 2) n returning id
       ) insert into carries (id, character_id, weapon_id) select gen_random_uuid(), $2, w.id from w`,
      [someCampaignId, characterId],
    );
    await db.query(
      `with s as (
         insert into schticks (id, campaign_id, name)
         select gen_random_uuid(), $1, 'Schtick ' || n from generate_series(1, 2) n returning id
       ) insert into character_schticks (id, character_id, schtick_id) select gen_random_uuid(), $2, s.id from s`,
      [someCampaignId, characterId],
    );
    await db.query(
      `insert into advancements (id, character_id, description)
       select gen_random_uuid(), $1, 'Advancement ' || n from generate_series(1, 2) n`,
      [characterId],
    );
    const [statements, character] = await measured<CharacterView>(
      Subjects.campaign.characters.get,
      { id: characterId },
      player,
    );
    expect(
      [character.weapons, character.schticks, character.advancements, character.sites, character.parties].map(
        (list) => list.length,
      ),
    ).toEqual([2, 2, 2, 1, 1]);
    expect(character.faction_id).toBe(someFactionId);
    expect([filtered, statements]).toEqual([1, 1]);
  });

  it('a token that is no longer good: one more statement, to say why', async () => {
    const statements = await proxy.count(async () => {
      const refused = await nats.expectError(
        Subjects.campaign.campaigns.list,
        {},
        { actor: user(player.id, 7) },
      );
      expect(refused).toMatchObject({ statusCode: 401, message: 'Token has been revoked' });
    });
    expect(statements).toBe(2);
  });
});

describe('statements per read request: weapons and schticks', () => {
  const ARSENAL = 60;
  let someWeaponId: string;
  let someSchtickId: string;
  let someCharacterId: string;

  beforeAll(async () => {
    // Weapons in three categories and junctures, each carried by the characters of one faction.
    const weapons = await db.query<{ id: string }>(
      `insert into weapons (id, campaign_id, name, damage, category, juncture, created_at)
       select gen_random_uuid(), $1, 'Arsenal ' || n, n % 15, 'Category ' || n % 3, 'Juncture ' || n % 3,
              now() - n * interval '1 minute'
       from generate_series(1, $2::int) n
       returning id`,
      [someCampaignId, ARSENAL],
    );
    someWeaponId = weapons.rows[0].id;
    const character = await db.query<{ id: string }>(
      'select id from characters where faction_id = $1 order by name limit 1',
      [someFactionId],
    );
    someCharacterId = character.rows[0].id;
    await db.query(
      `insert into carries (id, character_id, weapon_id)
       select gen_random_uuid(), $1, w from unnest($2::uuid[]) w`,
      [someCharacterId, weapons.rows.map((row) => row.id)],
    );
    // Schticks on three paths, each (but the first) requiring the one before it, all held by one character.
    const schticks = await db.query<{ id: string }>(
      `insert into schticks (id, campaign_id, name, category, path, created_at)
       select gen_random_uuid(), $1, 'Kata ' || n, 'Martial Arts', 'Path ' || n % 3, now() - n * interval '1 minute'
       from generate_series(1, $2::int) n
       returning id`,
      [someCampaignId, ARSENAL],
    );
    someSchtickId = schticks.rows[1].id;
    await db.query('update schticks set prerequisite_id = $1 where id = $2', [
      schticks.rows[0].id,
      someSchtickId,
    ]);
    await db.query(
      `insert into character_schticks (id, character_id, schtick_id)
       select gen_random_uuid(), $1, s from unnest($2::uuid[]) s`,
      [someCharacterId, schticks.rows.map((row) => row.id)],
    );
  });

  /** The ids of the first `count` seeded weapons or schticks, by name. */
  const seeded = async (table: 'weapons' | 'schticks', count: number) =>
    (
      await db.query<{ id: string }>(
        `select id from ${table} where name like any (array['Arsenal %', 'Kata %']) order by name limit $1`,
        [count],
      )
    ).rows.map((row) => row.id);

  it.each([
    ['the weapon index', 'weapons', () => ({ search: 'arsenal' })],
    [
      'the weapon index, sorted by damage and filtered by category, juncture and character',
      'weapons',
      () => ({
        search: 'arsenal',
        sort: 'damage',
        character_id: someCharacterId,
        category: 'Category 1',
        juncture: 'Juncture 1',
      }),
    ],
    ['the weapon autocomplete', 'weapons', () => ({ search: 'arsenal', autocomplete: true })],
    ['the schtick index', 'schticks', () => ({ search: 'kata' })],
    [
      'the schtick index, sorted by path and filtered by category, path and character',
      'schticks',
      () => ({
        search: 'kata',
        sort: 'path',
        character_id: someCharacterId,
        category: 'Martial Arts',
        path: 'Path 1',
      }),
    ],
    ['the schtick autocomplete', 'schticks', () => ({ search: 'kata', autocomplete: true })],
  ] as const)('%s: one, at any page size', async (_, table, query) => {
    const counts: number[] = [];
    // The filtered queries match a third of them.
    const matching = 'category' in query() ? ARSENAL / 3 : ARSENAL;
    for (const perPage of PAGE_SIZES) {
      const [statements, page] = await measured<
        Record<string, unknown[]> & { meta: { total_count: number } }
      >(Subjects.campaign[table].list, { ...query(), per_page: perPage }, player);
      expect(page[table]).toHaveLength(Math.min(perPage, matching));
      expect(page.meta.total_count).toBe(matching);
      counts.push(statements);
    }
    expect(counts).toEqual(PAGE_SIZES.map(() => 1));
  });

  it.each(['weapons', 'schticks'] as const)('a batch of %s: one, at any size', async (table) => {
    const counts: number[] = [];
    for (const perPage of PAGE_SIZES) {
      const [statements, batch] = await measured<Record<string, unknown[]>>(
        Subjects.campaign[table].batch,
        { ids: await seeded(table, perPage) },
        player,
      );
      expect(batch[table]).toHaveLength(perPage);
      counts.push(statements);
    }
    expect(counts).toEqual(PAGE_SIZES.map(() => 1));
  });

  it('a weapon, a schtick with its prerequisite, and the labels in use: one each', async () => {
    const reads = [
      [Subjects.campaign.weapons.get, { id: someWeaponId }],
      [Subjects.campaign.schticks.get, { id: someSchtickId }],
      [Subjects.campaign.weapons.categories, { search: 'category' }],
      [Subjects.campaign.weapons.junctures, {}],
      [Subjects.campaign.schticks.categories, {}],
      [Subjects.campaign.schticks.paths, { category: 'Martial Arts', search: 'path' }],
    ] as const;
    const counts: number[] = [];
    for (const [subject, payload] of reads) {
      const [statements, answer] = await measured<Record<string, unknown>>(subject, payload, player);
      expect(answer).toBeTruthy();
      counts.push(statements);
    }
    const [, schtick] = await measured<{ prerequisite: { id: string } | null }>(
      Subjects.campaign.schticks.get,
      { id: someSchtickId },
      player,
    );
    expect(schtick.prerequisite).not.toBeNull();
    expect(counts).toEqual(reads.map(() => 1));
  });

  it('the images media asks about (which some record names): one, however many are asked about', async () => {
    const named = await db.query<{ image_id: string }>(
      `update factions set image_id = gen_random_uuid() where campaign_id = $1 returning image_id`,
      [someCampaignId],
    );
    const imageIds = named.rows.map((row) => row.image_id);
    expect(imageIds.length).toBeGreaterThan(1);
    const counts: number[] = [];
    for (const asked of [1, 100, IMAGE_IDS_MAX]) {
      const unnamed = Array.from({ length: asked }, () => randomUUID());
      const ids = [...imageIds.slice(0, asked - 1), ...unnamed].slice(0, asked);
      let answer: ReferencedImagesView | undefined;
      counts.push(
        await proxy.count(async () => {
          answer = await nats.expectOk<ReferencedImagesView>(Subjects.campaign.images.referenced, {
            image_ids: ids,
          });
        }),
      );
      expect(answer?.image_ids).toEqual(ids.filter((id) => imageIds.includes(id)).sort());
    }
    expect(counts).toEqual([1, 1, 1]);
  });
});

describe('statements per read request: fights', () => {
  const FIGHTS = 60;
  let someFightId: string;

  beforeAll(async () => {
    // Fights in three seasons, a third of them started (the rest not), each with every character of one faction
    // (a mook group twice), its vehicle, an effect on a shot and a log entry.
    const fights = await db.query<{ id: string }>(
      `insert into fights (id, campaign_id, name, season, session, started_at, created_at)
       select gen_random_uuid(), $1, 'Fight ' || n, n % 3, n, case when n % 3 = 0 then now() end,
              now() - n * interval '1 minute'
       from generate_series(1, $2::int) n
       returning id`,
      [someCampaignId, FIGHTS],
    );
    someFightId = fights.rows[0].id;
    const factions = await db.query<{ id: string }>(
      'select id from factions where campaign_id = $1 order by name limit $2',
      [someCampaignId, FIGHTS],
    );
    await db.query(
      `insert into shots (id, fight_id, character_id, vehicle_id)
       select gen_random_uuid(), f.id, ch.id, null
       from unnest($1::uuid[], $2::uuid[]) f(id, faction_id)
       join characters ch on ch.faction_id = f.faction_id, generate_series(1, 2) k
       union all
       select gen_random_uuid(), f.id, null, v.id
       from unnest($1::uuid[], $2::uuid[]) f(id, faction_id) join vehicles v on v.faction_id = f.faction_id`,
      [fights.rows.map((row) => row.id), factions.rows.map((row) => row.id)],
    );
    await db.query(
      `insert into character_effects (id, shot_id, name)
       select gen_random_uuid(), s.id, 'Dazed' from shots s where s.vehicle_id is null and s.fight_id = any($1::uuid[])`,
      [fights.rows.map((row) => row.id)],
    );
    await db.query(
      `insert into fight_events (id, fight_id, event_type, description)
       select gen_random_uuid(), f, 'attack', 'A blow' from unnest($1::uuid[]) f`,
      [fights.rows.map((row) => row.id)],
    );
  });

  it.each([
    ['the fight index', {}, FIGHTS],
    [
      'the fight index, searched, sorted and filtered by status and season',
      { search: 'fight', sort: 'name', status: 'Started', season: 0 },
      FIGHTS / 3,
    ],
    ['the fight autocomplete', { autocomplete: true }, FIGHTS],
  ] as const)('%s: one, at any page size', async (_, query, matching) => {
    const counts: number[] = [];
    for (const perPage of PAGE_SIZES) {
      const [statements, page] = await measured<FightsIndexView>(
        Subjects.campaign.fights.list,
        { ...query, per_page: perPage },
        player,
      );
      expect(page.fights).toHaveLength(Math.min(perPage, matching));
      expect(page.meta.total_count).toBe(matching);
      expect(page.seasons).toEqual([0, 1, 2]);
      counts.push(statements);
    }
    expect(counts).toEqual(PAGE_SIZES.map(() => 1));
  });

  it('a fight with its combatants and effects, the current fight, fights by combatant and the log: one each', async () => {
    const [record, fight] = await measured<FightView>(
      Subjects.campaign.fights.get,
      { id: someFightId },
      player,
    );
    expect([fight.character_ids.length, fight.characters.length, fight.vehicle_ids.length]).toEqual([
      4, 2, 1,
    ]);
    expect(Object.keys(fight.character_effects)).toHaveLength(4);
    const [current, currentFight] = await measured<FightView | null>(
      Subjects.campaign.fights.current,
      { campaign_id: someCampaignId },
      player,
    );
    expect(currentFight?.started_at).toEqual(expect.any(String));
    const [filtered, page] = await measured<FightsIndexView>(
      Subjects.campaign.fights.list,
      { character_id: fight.character_ids[0], vehicle_id: fight.vehicle_ids[0] },
      player,
    );
    expect(page.fights.map(({ id }) => id)).toEqual([someFightId]);
    const [none] = await measured<FightsIndexView>(
      Subjects.campaign.fights.list,
      { character_id: '__NONE__', vehicle_id: '__NONE__', user_id: '__NONE__', season: '__NONE__' },
      player,
    );
    const [log, events] = await measured<unknown[]>(
      Subjects.campaign.fights.events,
      { id: someFightId },
      player,
    );
    expect(events).toHaveLength(1);
    expect([record, current, filtered, none, log]).toEqual([1, 1, 1, 1, 1]);
  });
});
