import {
  NatsHeader,
  Subjects,
  type Actor,
  type AdvancementView,
  type CharacterAutocompleteView,
  type CharacterLiteView,
  type CharactersIndexView,
  type CharacterView,
} from '@shotcaller/contracts';
import { NatsRequester, TestEnvironment } from '@shotcaller/testing';
import { CampaignRecordsWorld } from './support/campaign-records.js';

/**
 * Characters over NATS, as the gateway asks for them: scoped to the caller's current campaign; read by its members
 * (templates by admins only); made by any member, who owns them; changed and deleted by their player or the
 * gamemaster; values filled, coerced and merged by the character rules; linked only to the campaign's own records;
 * refused (422) while in fights or parties unless forced; announced once committed.
 */

const world = new CampaignRecordsWorld(new TestEnvironment('characters-int'));
let nats: NatsRequester;
let gm: Actor;
let player: Actor;
let stranger: Actor;
let admin: Actor;
let otherPlayer: Actor;
let dragons: { id: string };
let contemporary: { id: string };
let weapon: string;
let schtick: string;
let site: string;
let party: string;
let foreignFaction: { id: string };

const { characters, advancements } = Subjects.campaign;

const { create, list, mine } = world.resource<CharacterView, CharactersIndexView>(
  characters,
  'character',
  'characters',
);
/** The fields of a CharacterLiteView, as toCharacterLiteView writes them. */
const LITE_VIEW_KEYS = [
  'action_values',
  'active',
  'category',
  'created_at',
  'description',
  'entity_class',
  'faction',
  'faction_id',
  'id',
  'image_positions',
  'image_url',
  'is_template',
  'juncture_id',
  'name',
  'updated_at',
  'user_id',
] as const satisfies readonly (keyof CharacterLiteView)[];
const names = (page: CharactersIndexView) => page.characters.map((character) => character.name);
const count = (sql: string, values: unknown[] = []) => world.count(sql, values);
const get = (id: string, actor: Actor = player) =>
  nats.expectOk<CharacterView>(characters.get, { id }, { actor });
const update = (id: string, character: Record<string, unknown>, actor: Actor = gm) =>
  nats.expectOk<CharacterView>(characters.update, { id, character }, { actor });
const refusal = (subject: string, data: unknown, actor: Actor) => nats.expectError(subject, data, { actor });

/** A record of the campaign inserted straight into its table. */
async function insertRecord(
  table: string,
  name: string,
  extra = '',
  values: unknown[] = [],
): Promise<string> {
  const columns = extra ? `, ${extra}` : '';
  const placeholders = values.map((_, index) => `, $${index + 3}`).join('');
  const { rows } = await world.db.query<{ id: string }>(
    `insert into ${table} (id, campaign_id, name${columns}) values (gen_random_uuid(), $1, $2${placeholders}) returning id`,
    [world.campaign.id, name, ...values],
  );
  return rows[0].id;
}

beforeAll(async () => {
  await world.start();
  ({ nats, gm, player, stranger } = world);
  ({ faction: dragons, juncture: contemporary } = await world.factionAndJuncture());
  weapon = await insertRecord('weapons', 'Beretta', 'damage', [10]);
  schtick = await insertRecord('schticks', 'Both Guns Blazing');
  site = await insertRecord('sites', 'Temple');
  party = await insertRecord('parties', 'Posse');
  foreignFaction = await nats.expectOk<{ id: string }>(
    Subjects.campaign.factions.create,
    { faction: { name: 'Elsewhere Ones' } },
    { actor: stranger },
  );
  admin = await world.registerAdmin();
  otherPlayer = await world.register('other@example.com', false);
  await nats.expectOk(
    Subjects.campaign.memberships.add,
    { campaign_id: world.campaign.id, user_id: otherPlayer.id },
    { actor: gm },
  );
  await world.setCurrent(otherPlayer, world.campaign.id);
});

afterAll(async () => {
  await world.stop();
});

describe('values', () => {
  it('fills every default on create and stores numbers as integers; announced after the commit', async () => {
    const before = await world.settled();
    const brick = await create(
      {
        name: 'Brick Manly',
        action_values: { Guns: '15', Type: 'PC', Archetype: 'Everyday Hero' },
        skills: { Driving: '12', 'Info: Tea': 13 },
        description: { Age: '35' },
        impairments: '1',
      },
      player,
    );
    expect(brick).toMatchObject({
      entity_class: 'Character',
      category: 'character',
      name: 'Brick Manly',
      image_url: null,
      user_id: player.id,
      user: { id: player.id, entity_class: 'User', first_name: 'player' },
      impairments: 1,
      status: [],
      is_template: false,
    });
    expect(brick.action_values).toMatchObject({
      Guns: 15,
      Defense: 0,
      Wounds: 0,
      'Marks of Death': 0,
      FortuneType: 'Fortune',
      MainAttack: 'Guns',
      SecondaryAttack: null,
      Type: 'PC',
      Archetype: 'Everyday Hero',
    });
    expect(brick.skills).toMatchObject({ Driving: 12, 'Info: Tea': 13, Deceit: 0, Strength: 0 });
    expect(Object.keys(brick.skills)).toHaveLength(17);
    expect(brick.description).toMatchObject({ Age: '35', Nicknames: '', 'Melodramatic Hook': '' });
    const { rows } = await world.db.query<{ guns: string; driving: string }>(
      `select jsonb_typeof(action_values::jsonb->'Guns') as guns, jsonb_typeof(skills::jsonb->'Driving') as driving
       from characters where id = $1`,
      [brick.id],
    );
    expect(rows[0]).toEqual({ guns: 'number', driving: 'number' });
    expect(await world.publishedAfter(before, 2, mine)).toEqual([
      { character: brick },
      { characters: 'reload' },
    ]);
  });

  it('merges action_values and skills into the stored ones on update, and replaces the description', async () => {
    const [brick] = (await list({ search: 'brick' })).characters;
    const before = await world.settled();
    const updated = await update(
      brick.id,
      {
        action_values: { Wounds: '12' },
        skills: { Police: 14, 'Info: Tea': null },
        description: { Height: 'Tall' },
      },
      player,
    );
    expect(updated.action_values).toMatchObject({ Guns: 15, Wounds: 12, Archetype: 'Everyday Hero' });
    expect(updated.skills).toMatchObject({ Driving: 12, Police: 14 });
    expect(updated.skills).not.toHaveProperty(['Info: Tea']);
    expect(updated.description).toMatchObject({ Height: 'Tall', Age: '' });
    expect(await world.publishedAfter(before, 2, mine)).toEqual([
      { character: updated },
      { characters: 'reload' },
    ]);
  });

  it('refuses values the rules do not take (422 on the field), writing nothing', async () => {
    const [brick] = (await list({ search: 'brick' })).characters;
    const refused = await refusal(
      characters.update,
      { id: brick.id, character: { name: 'Renamed', status: ['dazed'] } },
      gm,
    );
    expect(refused).toMatchObject({ statusCode: 422, details: { errors: { status: [expect.any(String)] } } });
    expect(await count("from characters where name = 'Renamed'")).toBe(0);
  });
});

describe('names and links', () => {
  it('refuses a taken name, whatever its case (422)', async () => {
    expect(await refusal(characters.create, { character: { name: 'BRICK MANLY' } }, gm)).toMatchObject({
      statusCode: 422,
      details: { errors: { name: ['has already been taken'] } },
    });
  });

  it('links the campaign’s own faction, juncture, schticks, weapons, sites and parties', async () => {
    const before = await world.settled();
    const fei = await create({
      name: 'Fei',
      faction_id: dragons.id,
      juncture_id: contemporary.id,
      schtick_ids: [schtick],
      weapon_ids: [weapon],
      equipped_weapon_id: weapon,
      site_ids: [site],
      party_ids: [party],
      action_values: { Type: 'Featured Foe', Archetype: 'Killer' },
    });
    expect(fei).toMatchObject({
      user_id: gm.id,
      faction: { id: dragons.id, name: 'The Dragons', entity_class: 'Faction' },
      juncture: { id: contemporary.id, name: 'Contemporary', entity_class: 'Juncture' },
      schtick_ids: [schtick],
      weapon_ids: [weapon],
      site_ids: [site],
      party_ids: [party],
      equipped_weapon_id: weapon,
      schticks: [{ id: schtick, name: 'Both Guns Blazing', entity_class: 'Schtick' }],
      weapons: [{ id: weapon, name: 'Beretta', damage: 10, entity_class: 'Weapon' }],
      sites: [{ id: site, name: 'Temple', entity_class: 'Site', characters: [{ name: 'Fei' }] }],
      parties: [{ id: party, name: 'Posse', entity_class: 'Party', characters: [{ name: 'Fei' }] }],
      advancements: [],
    });
    expect(await world.publishedAfter(before, 2, mine)).toEqual([
      { character: fei },
      { characters: 'reload' },
    ]);
  });

  it('refuses records of another campaign on the field (422), writing nothing', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ faction_id: foreignFaction.id }, 'faction_id'],
      [{ juncture_id: dragons.id }, 'juncture_id'],
      [{ schtick_ids: [schtick, '00000000-0000-4000-8000-000000000000'] }, 'schtick_ids'],
      [{ weapon_ids: [foreignFaction.id] }, 'weapon_ids'],
      [{ site_ids: [party] }, 'site_ids'],
      [{ party_ids: [site] }, 'party_ids'],
      [{ equipped_weapon_id: schtick }, 'equipped_weapon_id'],
      [{ user_id: stranger.id }, 'user_id'],
    ];
    for (const [fields, field] of cases) {
      const refused = await refusal(characters.create, { character: { name: 'Ghost', ...fields } }, gm);
      expect(refused).toMatchObject({
        statusCode: 422,
        details: { errors: { [field]: [expect.any(String)] } },
      });
    }
    expect(await count("from characters where name = 'Ghost'")).toBe(0);
    const [fei] = (await list({ search: 'fei' })).characters;
    await refusal(
      characters.update,
      { id: fei.id, character: { name: 'Fei Renamed', party_ids: [site] } },
      gm,
    );
    expect((await get(fei.id)).party_ids).toEqual([party]);
    expect(await count("from characters where name = 'Fei Renamed'")).toBe(0);
  });

  it('replaces a list sent and keeps those not sent', async () => {
    const [fei] = (await list({ search: 'fei' })).characters;
    const updated = await update(fei.id, { schtick_ids: [], site_ids: [site] });
    expect(updated).toMatchObject({
      schtick_ids: [],
      site_ids: [site],
      weapon_ids: [weapon],
      party_ids: [party],
    });
  });
});

describe('who may and what', () => {
  it('a player makes their own characters, but may not give one to someone else (403)', async () => {
    expect(
      await refusal(characters.create, { character: { name: 'Gift', user_id: otherPlayer.id } }, player),
    ).toMatchObject({ statusCode: 403 });
    const given = await create({ name: 'Gift', user_id: otherPlayer.id });
    expect(given.user_id).toBe(otherPlayer.id);
    const unowned = await create({ name: 'Nobody’s', user_id: null });
    expect(unowned.user).toBeNull();
  });

  it('a player changes and deletes only their own; the gamemaster all of them', async () => {
    const [brick] = (await list({ search: 'brick' })).characters;
    const [gift] = (await list({ search: 'gift' })).characters;
    expect(
      await refusal(characters.update, { id: gift.id, character: { color: 'red' } }, player),
    ).toMatchObject({
      statusCode: 403,
    });
    expect(await refusal(characters.delete, { id: gift.id }, player)).toMatchObject({ statusCode: 403 });
    expect((await update(gift.id, { color: 'red' }, otherPlayer)).color).toBe('red');
    expect((await update(brick.id, { color: 'blue' }, gm)).color).toBe('blue');
    expect((await get(gift.id, player)).color).toBe('red');
  });

  it('hides the campaign’s characters from outsiders (404)', async () => {
    const [brick] = (await list({ search: 'brick' })).characters;
    for (const [subject, data] of [
      [characters.get, { id: brick.id }],
      [characters.update, { id: brick.id, character: { color: 'x' } }],
      [characters.delete, { id: brick.id }],
      [characters.duplicate, { id: brick.id }],
    ] as const) {
      expect(await refusal(subject, data, stranger)).toMatchObject({ statusCode: 404 });
    }
    expect((await list({}, stranger)).characters).toEqual([]);
  });

  it('shows templates to admins only, and lets only admins make them', async () => {
    expect(
      await refusal(characters.create, { character: { name: 'Template', is_template: true } }, gm),
    ).toMatchObject({ statusCode: 403 });
    const template = await create({ name: 'Killer Template', is_template: true }, admin);
    expect(template.is_template).toBe(true);
    expect(await refusal(characters.get, { id: template.id }, gm)).toMatchObject({ statusCode: 404 });
    expect(
      await refusal(characters.update, { id: template.id, character: { color: 'x' } }, gm),
    ).toMatchObject({
      statusCode: 404,
    });
    for (const query of [
      {},
      { template_filter: 'all' },
      { template_filter: 'templates' },
      { is_template: true },
    ]) {
      expect(names(await list(query, gm))).not.toContain('Killer Template');
    }
    expect(names(await list({ template_filter: 'templates' }, admin))).toEqual(['Killer Template']);
    expect(names(await list({ template_filter: 'all' }, admin))).toContain('Killer Template');
    expect(names(await list({}, admin))).not.toContain('Killer Template');
    expect((await get(template.id, admin)).id).toBe(template.id);
  });

  it('with an Idempotency-Key, a retried create gets the first character', async () => {
    const headers = { [NatsHeader.IdempotencyKey]: `character-${Date.now()}` };
    const request = () =>
      nats.expectOk<CharacterView>(
        characters.create,
        { character: { name: 'Retried' } },
        { actor: gm, headers },
      );
    const first = await request();
    expect((await request()).id).toBe(first.id);
    expect(await count("from characters where name = 'Retried'")).toBe(1);
  });
});

describe('the index', () => {
  it('filters by links (__NONE__ for none), memberships, type and archetype, and lists factions and archetypes', async () => {
    const all = await list({ per_page: 50 });
    expect(all.archetypes).toEqual(['Everyday Hero', 'Killer']);
    expect(all.factions).toEqual([
      { id: dragons.id, name: 'The Dragons', image_url: null, entity_class: 'Faction' },
    ]);
    expect(all.meta).toMatchObject({ current_page: 1, total_count: all.characters.length });
    const fei = all.characters.find((character) => character.name === 'Fei') as CharacterLiteView;
    expect(fei).toMatchObject({
      faction: { id: dragons.id },
      juncture_id: contemporary.id,
      action_values: { Type: 'Featured Foe' },
    });
    expect(names(await list({ faction_id: dragons.id }))).toEqual(['Fei']);
    expect(names(await list({ faction_id: '__NONE__', sort: 'name', order: 'asc' }))).not.toContain('Fei');
    expect(names(await list({ juncture_id: contemporary.id }))).toEqual(['Fei']);
    expect(names(await list({ user_id: otherPlayer.id }))).toEqual(['Gift']);
    expect(names(await list({ user_id: '__NONE__' }))).toEqual(['Nobody’s']);
    expect(names(await list({ party_id: party }))).toEqual(['Fei']);
    expect(names(await list({ site_id: site }))).toEqual(['Fei']);
    expect(names(await list({ party_id: '__NONE__' }))).not.toContain('Fei');
    expect(names(await list({ character_type: 'Featured Foe' }))).toEqual(['Fei']);
    expect(names(await list({ type: 'Featured Foe' }))).toEqual(['Fei']);
    expect(names(await list({ archetype: 'Everyday Hero' }))).toEqual(['Brick Manly']);
    expect(names(await list({ archetype: '__NONE__', search: 'fei' }))).toEqual([]);
    expect(names(await list({ ids: [fei.id] }))).toEqual(['Fei']);
  });

  it("shows each character as its own view shows it: the lite view's fields, of the same values", async () => {
    const fei = (await list({ search: 'Fei' })).characters[0];
    await world.db.query(
      `insert into image_positions (id, campaign_id, positionable_type, positionable_id, context, x_position,
         style_overrides) values (gen_random_uuid(), $1, 'Character', $2, 'desktop_index', 12.5, '{"zoom": 2}')`,
      [world.campaign.id, fei.id],
    );
    const page = await list({ per_page: 50 });
    const listedFei = page.characters.find((listed) => listed.id === fei.id) as CharacterLiteView;
    expect(page.characters.length).toBeGreaterThan(3);
    expect(listedFei.image_positions).toEqual([
      expect.objectContaining({ context: 'desktop_index', x_position: 12.5, style_overrides: { zoom: 2 } }),
    ]);
    for (const listed of page.characters) {
      expect(Object.keys(listed).sort()).toEqual([...LITE_VIEW_KEYS]);
      const full = await get(listed.id, gm);
      expect(listed).toEqual(Object.fromEntries(LITE_VIEW_KEYS.map((key) => [key, full[key]])));
    }
  });

  it('sorts, pages and answers names for pickers', async () => {
    const sorted = names(await list({ sort: 'name', order: 'asc', per_page: 2, page: 2 }));
    const everything = names(await list({ sort: 'name', order: 'asc', per_page: 50 }));
    expect(sorted).toEqual(everything.slice(2, 4));
    expect(names(await list({ sort: 'faction', order: 'desc', per_page: 1 }))).toEqual(['Fei']);
    const picker = await list({ autocomplete: true, search: 'fe' });
    expect(picker.characters).toEqual([
      { id: expect.any(String), name: 'Fei', image_url: null, entity_class: 'Character' },
    ] satisfies CharacterAutocompleteView[]);
  });

  it('hides characters that are not active unless asked', async () => {
    const hidden = await create({ name: 'Retired', active: false });
    expect(names(await list())).not.toContain('Retired');
    expect(names(await list({ visibility: 'hidden' }))).toEqual(['Retired']);
    expect(names(await list({ show_hidden: true }))).toContain('Retired');
    expect((await get(hidden.id)).active).toBe(false);
  });
});

describe('duplicates and advancements', () => {
  it('copies a character under a free name, with its values and links, owned by the caller', async () => {
    const [fei] = (await list({ search: 'fei' })).characters;
    const original = await get(fei.id);
    const first = await nats.expectOk<CharacterView>(characters.duplicate, { id: fei.id }, { actor: player });
    expect(first).toMatchObject({
      name: 'Fei (1)',
      user_id: player.id,
      action_values: original.action_values,
      skills: original.skills,
      faction_id: dragons.id,
      juncture_id: contemporary.id,
      weapon_ids: original.weapon_ids,
      site_ids: original.site_ids,
      party_ids: original.party_ids,
      equipped_weapon_id: weapon,
    });
    const second = await nats.expectOk<CharacterView>(
      characters.duplicate,
      { id: first.id },
      { actor: player },
    );
    expect(second.name).toBe('Fei (2)');
  });

  it('keeps a log of advancements that its player and the gamemaster change', async () => {
    const [brick] = (await list({ search: 'brick' })).characters;
    const before = await world.settled();
    const added = await nats.expectOk<AdvancementView>(
      advancements.create,
      { character_id: brick.id, advancement: { description: '+1 Guns' } },
      { actor: player },
    );
    expect(added).toMatchObject({ character_id: brick.id, description: '+1 Guns' });
    const messages = await world.publishedAfter(before, 2, mine);
    expect(messages[0]).toMatchObject({ character: { id: brick.id, advancement_ids: [added.id] } });
    expect(messages[1]).toEqual({ characters: 'reload' });
    const changed = await nats.expectOk<AdvancementView>(
      advancements.update,
      { character_id: brick.id, id: added.id, advancement: { description: '+1 Guns, +1 Defense' } },
      { actor: gm },
    );
    expect(changed.description).toBe('+1 Guns, +1 Defense');
    expect(
      await refusal(
        advancements.create,
        { character_id: brick.id, advancement: { description: 'mine now' } },
        otherPlayer,
      ),
    ).toMatchObject({ statusCode: 403 });
    expect(
      await nats.expectOk<AdvancementView[]>(
        advancements.list,
        { character_id: brick.id },
        { actor: otherPlayer },
      ),
    ).toEqual([changed]);
    await nats.expectOk(advancements.delete, { character_id: brick.id, id: added.id }, { actor: player });
    expect((await get(brick.id)).advancements).toEqual([]);
    expect(
      await refusal(advancements.delete, { character_id: brick.id, id: added.id }, player),
    ).toMatchObject({ statusCode: 404 });
  });
});

describe('deleting', () => {
  it('refuses while in a fight or a party (associations_exist); force takes it out of them', async () => {
    const [fei] = (await list({ search: 'fei', sort: 'name', order: 'asc' })).characters;
    const { rows } = await world.db.query<{ id: string }>(
      `insert into fights (id, campaign_id, name) values (gen_random_uuid(), $1, 'Showdown') returning id`,
      [world.campaign.id],
    );
    await world.db.query(
      `insert into shots (id, fight_id, character_id) values (gen_random_uuid(), $1, $2), (gen_random_uuid(), $1, $2)`,
      [rows[0].id, fei.id],
    );
    expect(names(await list({ fight_id: rows[0].id }))).toEqual(['Fei']);
    const refused = await refusal(characters.delete, { id: fei.id }, gm);
    expect(refused).toMatchObject({
      statusCode: 422,
      details: {
        error_type: 'associations_exist',
        entity_type: 'character',
        entity_id: fei.id,
        constraints: { fights: { count: 1, label: 'fight' }, parties: { count: 1, label: 'party' } },
      },
    });
    expect(await count('from characters where id = $1', [fei.id])).toBe(1);
    const before = await world.settled();
    await nats.expectOk(characters.delete, { id: fei.id, force: true }, { actor: gm });
    expect(await count('from characters where id = $1', [fei.id])).toBe(0);
    expect(await count('from shots where character_id = $1', [fei.id])).toBe(0);
    expect(await count('from party_memberships where character_id = $1', [fei.id])).toBe(0);
    expect(await count('from parties where id = $1', [party])).toBe(1);
    expect(await world.publishedAfter(before, 1, mine)).toEqual([{ characters: 'reload' }]);
  });

  it('lets a player delete their own, and announces nothing for a refused delete', async () => {
    const mineToDelete = await create({ name: 'Short-lived' }, player);
    await nats.expectOk(characters.delete, { id: mineToDelete.id }, { actor: player });
    expect(await count('from characters where id = $1', [mineToDelete.id])).toBe(0);
    const [gift] = (await list({ search: 'gift' })).characters;
    const before = await world.settled();
    await refusal(characters.delete, { id: gift.id }, player);
    await create({ name: 'Marker' });
    const messages = await world.publishedAfter(before, 2, mine);
    expect(messages[0]).toMatchObject({ character: { name: 'Marker' } });
  });
});
