import {
  NatsHeader,
  Subjects,
  type Actor,
  type SiteAutocompleteView,
  type SiteLiteView,
  type SitesIndexView,
  type SiteView,
} from '@shotcaller/contracts';
import { NatsRequester, TestEnvironment } from '@shotcaller/testing';
import { CampaignRecordsWorld } from './support/campaign-records.js';

/**
 * Sites over NATS, as the gateway asks for them: scoped to the caller's current campaign, read by its players,
 * changed by its gamemaster, linked only to the campaign's own faction, juncture and characters (attuned through
 * attunements), refused (422) while characters are attuned unless forced, and announced once committed.
 */

const world = new CampaignRecordsWorld(new TestEnvironment('sites-int'));
let nats: NatsRequester;
let gm: Actor;
let player: Actor;
let stranger: Actor;
let dragons: { id: string };
let contemporary: { id: string };
let foreignJuncture: string;

const { sites } = Subjects.campaign;

const { create, list, mine: ownMessages } = world.resource<SiteView, SitesIndexView>(sites, 'site', 'sites');
const names = (page: SitesIndexView) => page.sites.map((site) => site.name);
const count = (sql: string, values: unknown[] = []) => world.count(sql, values);

beforeAll(async () => {
  await world.start();
  ({ nats, gm, player, stranger } = world);
  ({ faction: dragons, juncture: contemporary } = await world.factionAndJuncture());
  const { rows } = await world.db.query<{ id: string }>(
    `insert into junctures (id, campaign_id, name) values (gen_random_uuid(), $1, 'Theirs') returning id`,
    [world.own.id],
  );
  foreignJuncture = rows[0].id;
});

afterAll(async () => {
  await world.stop();
});

describe('creating and reading', () => {
  it('the gamemaster creates a site with its faction, juncture and attuned characters; announced after the commit', async () => {
    const before = await world.settled();
    const fei = await world.insertCharacter('Fei');
    const site = await create({
      name: 'Temple',
      description: 'Chi',
      faction_id: dragons.id,
      juncture_id: contemporary.id,
      character_ids: [fei],
    });
    expect(site).toMatchObject({
      entity_class: 'Site',
      name: 'Temple',
      description: 'Chi',
      active: true,
      faction_id: dragons.id,
      faction: { id: dragons.id, name: 'The Dragons', entity_class: 'Faction' },
      juncture_id: contemporary.id,
      juncture: { id: contemporary.id, name: 'Contemporary', entity_class: 'Juncture' },
      character_ids: [fei],
      characters: [{ id: fei, name: 'Fei', entity_class: 'Character' }],
      campaign_id: world.campaign.id,
    });
    expect(await count('from attunements where site_id = $1', [site.id])).toBe(1);
    expect(await world.publishedAfter(before, 2, ownMessages)).toEqual([{ site }, { sites: 'reload' }]);
  });

  it('a player reads the index, with the factions of its sites, and filters it', async () => {
    await create({ name: 'Cave' });
    await create({ name: 'Ruin', active: false });
    const page = await list();
    expect(names(page)).toEqual(['Cave', 'Temple']);
    expect(page.factions).toEqual([
      { id: dragons.id, name: 'The Dragons', image_url: null, entity_class: 'Faction' },
    ]);
    const temple = page.sites[1] as SiteLiteView;
    expect(temple.characters).toEqual([
      { id: expect.any(String) as unknown, name: 'Fei', image_url: null, entity_class: 'Character' },
    ]);
    expect(names(await list({ faction_id: dragons.id }))).toEqual(['Temple']);
    expect(names(await list({ faction_id: '__NONE__' }))).toEqual(['Cave']);
    expect(names(await list({ juncture_id: contemporary.id }))).toEqual(['Temple']);
    expect(names(await list({ juncture_id: '__NONE__' }))).toEqual(['Cave']);
    expect(names(await list({ character_id: temple.characters[0].id }))).toEqual(['Temple']);
    // __NONE__: the sites nobody is attuned to.
    expect(names(await list({ character_id: '__NONE__' }))).toEqual(['Cave']);
    expect(
      names(await list({ character_id: '__NONE__', visibility: 'all', sort: 'name', order: 'asc' })),
    ).toEqual(['Cave', 'Ruin']);
    expect(names(await list({ character_id: '__NONE__', autocomplete: true }))).toEqual(['Cave']);
    expect(names(await list({ character_id: '__NONE__', faction_id: dragons.id }))).toEqual([]);
    expect(await nats.expectError(sites.list, { character_id: '__none__' }, { actor: player })).toMatchObject(
      {
        statusCode: 400,
        code: 'invalid_payload',
        details: { errors: { character_id: [expect.any(String)] } },
      },
    );
    expect(names(await list({ visibility: 'all', sort: 'name', order: 'asc' }))).toEqual([
      'Cave',
      'Ruin',
      'Temple',
    ]);
    expect(names(await list({ search: 'tem' }))).toEqual(['Temple']);
    const picker = await list({ autocomplete: true, sort: 'name', order: 'asc' });
    expect(picker.sites[0]).toEqual({
      id: expect.any(String) as unknown,
      name: 'Cave',
      image_url: null,
      entity_class: 'Site',
    } satisfies Record<keyof SiteAutocompleteView, unknown>);
    const record = await nats.expectOk<SiteView>(sites.get, { id: temple.id }, { actor: player });
    expect(record.character_ids).toHaveLength(1);
  });

  it('with an Idempotency-Key, a retry gets the first site', async () => {
    const headers = { [NatsHeader.IdempotencyKey]: `site-${Date.now()}` };
    const request = () =>
      nats.expectOk<SiteView>(sites.create, { site: { name: 'Retried' } }, { actor: gm, headers });
    const first = await request();
    expect((await request()).id).toBe(first.id);
    expect(await count("from sites where name = 'Retried'")).toBe(1);
  });
});

describe('who may and what', () => {
  it('a player reads but cannot write; an outsider sees nothing (404)', async () => {
    const [site] = (await list()).sites;
    expect(await nats.expectError(sites.create, { site: { name: 'Mine' } }, { actor: player })).toMatchObject(
      {
        statusCode: 403,
      },
    );
    expect(await nats.expectError(sites.delete, { id: site.id }, { actor: player })).toMatchObject({
      statusCode: 403,
    });
    expect(await nats.expectError(sites.get, { id: site.id }, { actor: stranger })).toMatchObject({
      statusCode: 404,
    });
    expect((await list({}, stranger)).sites).toEqual([]);
  });

  it('refuses a taken name, and a juncture or characters outside the campaign (422), writing nothing', async () => {
    expect(await nats.expectError(sites.create, { site: { name: 'TEMPLE' } }, { actor: gm })).toMatchObject({
      statusCode: 422,
      details: { errors: { name: ['has already been taken'] } },
    });
    const [cave] = (await list({ search: 'cave' })).sites;
    expect(
      await nats.expectError(
        sites.update,
        { id: cave.id, site: { name: 'Renamed', juncture_id: foreignJuncture } },
        { actor: gm },
      ),
    ).toMatchObject({
      statusCode: 422,
      details: { errors: { juncture_id: ['is not a juncture of this campaign'] } },
    });
    expect(
      await nats.expectError(
        sites.update,
        { id: cave.id, site: { name: 'Renamed', character_ids: ['00000000-0000-4000-8000-000000000000'] } },
        { actor: gm },
      ),
    ).toMatchObject({ statusCode: 422, details: { errors: { character_ids: [expect.any(String)] } } });
    expect(await count("from sites where name = 'Renamed'")).toBe(0);
  });

  it('replaces who is attuned, and unlinks the faction and juncture', async () => {
    const [temple] = (await list({ search: 'temple' })).sites;
    const jun = await world.insertCharacter('Jun');
    const updated = await nats.expectOk<SiteView>(
      sites.update,
      { id: temple.id, site: { faction_id: null, juncture_id: null, character_ids: [jun] } },
      { actor: gm },
    );
    expect(updated).toMatchObject({ faction: null, juncture: null, character_ids: [jun] });
    expect(await count('from attunements where site_id = $1', [temple.id])).toBe(1);
  });
});

describe('deleting', () => {
  it('refuses while characters are attuned (associations_exist), then force ends their attunements', async () => {
    const [temple] = (await list({ search: 'temple' })).sites;
    const refused = await nats.expectError(sites.delete, { id: temple.id }, { actor: gm });
    expect(refused).toMatchObject({
      statusCode: 422,
      details: {
        error_type: 'associations_exist',
        entity_type: 'site',
        entity_id: temple.id,
        constraints: { characters: { count: 1, label: 'character' } },
      },
    });
    const before = await world.settled();
    await nats.expectOk(sites.delete, { id: temple.id, force: true }, { actor: gm });
    expect(await count('from sites where id = $1', [temple.id])).toBe(0);
    expect(await count("from characters where name = 'Jun'")).toBe(1);
    expect(await world.publishedAfter(before, 1, ownMessages)).toEqual([{ sites: 'reload' }]);
    expect(await nats.expectError(sites.get, { id: temple.id }, { actor: gm })).toMatchObject({
      statusCode: 404,
    });
  });
});
