import type { Stack, Account } from './support/stack.js';
import { as as asAccount, startCampaignStack } from './support/campaign-stack.js';

let stack: Stack;
let gm: Account;
let player: Account;
let outsider: Account;

/**
 * Characters through the gateway, as the Rails-era client uses them: any member creates (JSON or multipart), lists
 * and reads the current campaign's characters; a player changes only their own, the gamemaster all of them; an
 * outsider sees none of it; bad input is refused before it reaches the service and changes nothing.
 */
// Booting the stack under a busy machine can pass Jest's default 5 s hook guard (the config's testTimeout is not
// applied per project): the same 30 s guard against hangs as the suites' tests.
const BOOT_GUARD_MS = 30_000;

beforeAll(async () => {
  ({ stack, gm, player, outsider } = await startCampaignStack('e2e-characters'));
}, BOOT_GUARD_MS);

afterAll(async () => {
  await stack?.stop();
});

/** Requests with an account's token. */
const as = (account: Account) => asAccount(stack, account);

const charactersNamed = async (name: string) =>
  Number(
    (await stack.db.query<{ n: number }>('select count(*)::int as n from characters where name = $1', [name]))
      .rows[0].n,
  );

describe('characters through the gateway', () => {
  let brickId = '';
  let factionId = '';

  it('lets a player create one (201), sending the whole default record as the client does', async () => {
    const faction = await as(gm)
      .post('/api/v2/factions')
      .send({ faction: { name: 'The Dragons' } });
    factionId = faction.body.id;
    const response = await as(player)
      .post('/api/v2/characters')
      .send({
        character: {
          id: '',
          entity_class: 'Person',
          category: 'character',
          name: 'Brick Manly',
          active: true,
          current_shot: 0,
          impairments: 0,
          color: '',
          faction_id: factionId,
          faction: { id: factionId, name: 'The Dragons' },
          action_values: { Guns: '15', Type: 'PC', Archetype: 'Everyday Hero' },
          skills: { Driving: '12' },
          description: { Age: '35' },
          schticks: [],
          weapons: [],
          image_url: '',
        },
      });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      entity_class: 'Character',
      name: 'Brick Manly',
      image_url: null,
      user_id: player.id,
      faction: { id: factionId, name: 'The Dragons', entity_class: 'Faction' },
      action_values: { Guns: 15, Defense: 0, Type: 'PC', MainAttack: 'Guns' },
      skills: { Driving: 12, Police: 0 },
      description: { Age: '35', Nicknames: '' },
      schtick_ids: [],
      advancements: [],
    });
    brickId = response.body.id;
  });

  it('takes multipart bodies: the record as a JSON string field', async () => {
    const created = await as(gm)
      .post('/api/v2/characters')
      .field('character', JSON.stringify({ name: 'Fei', action_values: { Type: 'Featured Foe' } }));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'Fei',
      user_id: gm.id,
      action_values: { Type: 'Featured Foe' },
    });
    const updated = await as(gm)
      .patch(`/api/v2/characters/${created.body.id}`)
      .field('character', JSON.stringify({ action_values: { Guns: 13 } }));
    expect(updated.status).toBe(200);
    expect(updated.body.action_values).toMatchObject({ Guns: 13, Type: 'Featured Foe' });
    const unreadable = await as(gm)
      .patch(`/api/v2/characters/${created.body.id}`)
      .field('character', '{nope');
    expect(unreadable.status).toBe(400);
  });

  it('lists them with factions, archetypes and meta, filters, and answers names', async () => {
    const listed = await as(player).get(`/api/v2/characters?per_page=5&sort=name&order=asc`);
    expect(listed.status).toBe(200);
    expect(listed.body).toMatchObject({
      characters: [
        { name: 'Brick Manly', entity_class: 'Character', faction_id: factionId },
        { name: 'Fei', faction_id: null },
      ],
      factions: [{ id: factionId, name: 'The Dragons', entity_class: 'Faction' }],
      archetypes: ['Everyday Hero'],
      meta: { current_page: 1, total_count: 2, total_pages: 1 },
    });
    const none = await as(player).get('/api/v2/characters?faction_id=__NONE__');
    expect(none.body.characters.map((character: { name: string }) => character.name)).toEqual(['Fei']);
    const foes = await as(player).get('/api/v2/characters?character_type=Featured%20Foe&faction_id=');
    expect(foes.body.characters.map((character: { name: string }) => character.name)).toEqual(['Fei']);
    const names = await as(player).get('/api/v2/characters/names?search=bri');
    expect(names.status).toBe(200);
    expect(names.body.characters).toEqual([
      { id: brickId, name: 'Brick Manly', image_url: null, entity_class: 'Character' },
    ]);
    for (const query of ['faction_id=nope', 'sort=height', 'character_type=Hero', 'template_filter=some']) {
      expect((await as(player).get(`/api/v2/characters?${query}`)).status).toBe(422);
    }
  });

  it('answers an unchanged page again with the same strong ETag (304 on If-None-Match), and a change at once', async () => {
    const page = '/api/v2/characters?per_page=5&sort=name&order=asc';
    const first = await as(gm).get(page);
    const again = await as(gm).get(page);
    expect(first.headers.etag).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
    expect(again.headers.etag).toBe(first.headers.etag);
    expect(again.text).toBe(first.text);
    expect((await as(player).get(page)).text).toBe(first.text);
    expect((await as(gm).get(page).set('If-None-Match', first.headers.etag)).status).toBe(304);
    expect((await as(outsider).get(page)).text).not.toBe(first.text);

    const added = await as(player)
      .post('/api/v2/characters')
      .send({ character: { name: 'Zed', action_values: { Type: 'PC' } } });
    expect(added.status).toBe(201);
    const changed = await as(gm).get(page).set('If-None-Match', first.headers.etag);
    expect(changed.status).toBe(200);
    expect(changed.headers.etag).not.toBe(first.headers.etag);
    expect(changed.body.meta).toMatchObject({ total_count: 3 });
    expect((await as(gm).delete(`/api/v2/characters/${added.body.id}?force=true`)).status).toBe(204);
    expect((await as(gm).get(page)).text).toBe(first.text);
  });

  it('merges action values on update by its player; another player may read but not change it (403)', async () => {
    const updated = await as(player)
      .patch(`/api/v2/characters/${brickId}`)
      .send({ character: { action_values: { Wounds: 12 }, skills: { Police: '14' } } });
    expect(updated.status).toBe(200);
    expect(updated.body.action_values).toMatchObject({ Guns: 15, Wounds: 12 });
    expect(updated.body.skills).toMatchObject({ Driving: 12, Police: 14 });
    const fei = await as(player).get('/api/v2/characters?search=fei');
    const feiId = fei.body.characters[0].id as string;
    expect((await as(player).get(`/api/v2/characters/${feiId}`)).status).toBe(200);
    const refused = await as(player)
      .patch(`/api/v2/characters/${feiId}`)
      .send({ character: { name: 'Mine' } });
    expect(refused.status).toBe(403);
    expect((await as(player).delete(`/api/v2/characters/${feiId}`)).status).toBe(403);
  });

  it('answers a taken name and links outside the campaign as field errors (422), writing nothing', async () => {
    const taken = await as(gm)
      .post('/api/v2/characters')
      .send({ character: { name: 'BRICK MANLY' } });
    expect(taken.status).toBe(422);
    expect(taken.body).toMatchObject({ errors: { name: ['has already been taken'] } });
    const foreign = await as(gm)
      .post('/api/v2/characters')
      .send({
        character: {
          name: 'Ghost',
          faction_id: '00000000-0000-4000-8000-000000000000',
        },
      });
    expect(foreign.status).toBe(422);
    expect(foreign.body).toMatchObject({ errors: { faction_id: ['is not a faction of this campaign'] } });
    const outsiderOwner = await as(gm)
      .post('/api/v2/characters')
      .send({ character: { name: 'Ghost', user_id: outsider.id } });
    expect(outsiderOwner.status).toBe(422);
    expect(outsiderOwner.body).toMatchObject({ errors: { user_id: [expect.any(String)] } });
    expect(await charactersNamed('Ghost')).toBe(0);
  });

  it('refuses bad input before the service (422 or 400), changing nothing', async () => {
    const bad: [string, unknown][] = [
      ['a name that is not text', { name: 42 }],
      ['a name holding NUL', { name: 'Ghost\u0000' }],
      ['an action value that is not a number', { action_values: { Guns: 'lots' } }],
      ['an action value out of range', { action_values: { Guns: 1e12 } }],
      ['a nested action value', { action_values: { Guns: { value: 1 } } }],
      ['an unknown type', { action_values: { Type: 'Hero' } }],
      ['impairments out of range', { impairments: 100 }],
      ['a wealth not in the list', { wealth: 'Loaded' }],
      [
        'too many skills',
        { skills: Object.fromEntries(Array.from({ length: 101 }, (_, n) => [`S${n}`, 1])) },
      ],
      ['too many schticks', { schtick_ids: Array.from({ length: 501 }, () => brickId) }],
      ['ids that are not ids', { weapon_ids: ['nope'] }],
      ['an unknown field', { admin: true }],
      ['a status that is not a list', { status: 'out_of_fight' }],
    ];
    for (const [label, fields] of bad) {
      const response = await as(player)
        .patch(`/api/v2/characters/${brickId}`)
        .send({ character: { name: 'Ghost', ...(fields as object) } });
      expect([label, response.status]).toEqual([label, 422]);
      expect(Object.keys(response.body.errors ?? {}).length).toBeGreaterThan(0);
    }
    const notAnObject = await as(player).patch(`/api/v2/characters/${brickId}`).send({ character: 'Ghost' });
    expect(notAnObject.status).toBe(422);
    const malformed = await as(player)
      .patch(`/api/v2/characters/${brickId}`)
      .set('Content-Type', 'application/json')
      .send('{"character":');
    expect(malformed.status).toBe(400);
    expect(await charactersNamed('Ghost')).toBe(0);
    expect((await as(player).get(`/api/v2/characters/${brickId}`)).body.name).toBe('Brick Manly');
  });

  it('duplicates a character under a free name (201) and keeps its advancements', async () => {
    const advancement = await as(player)
      .post(`/api/v2/characters/${brickId}/advancements`)
      .send({ advancement: { description: '+1 Guns' } });
    expect(advancement.status).toBe(201);
    expect(advancement.body).toMatchObject({ character_id: brickId, description: '+1 Guns' });
    const changed = await as(gm)
      .patch(`/api/v2/characters/${brickId}/advancements/${advancement.body.id}`)
      .send({ advancement: { description: '+1 Guns, +1 Defense' } });
    expect(changed.status).toBe(200);
    const listed = await as(player).get(`/api/v2/characters/${brickId}/advancements`);
    expect(listed.body).toEqual([changed.body]);
    const blank = await as(player)
      .post(`/api/v2/characters/${brickId}/advancements`)
      .send({ advancement: { description: '' } });
    expect(blank.status).toBe(422);
    const withFields = await as(gm).post(`/api/v2/characters/${brickId}/duplicate`).send({ name: 'Chosen' });
    expect(withFields.status).toBe(422);
    const copy = await as(gm).post(`/api/v2/characters/${brickId}/duplicate`);
    expect(copy.status).toBe(201);
    expect(copy.body).toMatchObject({
      name: 'Brick Manly (1)',
      user_id: gm.id,
      action_values: { Guns: 15, Wounds: 12 },
      advancements: [{ description: '+1 Guns, +1 Defense' }],
    });
    expect(
      (await as(player).delete(`/api/v2/characters/${brickId}/advancements/${advancement.body.id}`)).status,
    ).toBe(204);
  });

  it('hides the characters from someone outside the campaign (404)', async () => {
    expect((await as(outsider).get(`/api/v2/characters/${brickId}`)).status).toBe(404);
    expect((await as(outsider).get(`/api/v2/characters/${brickId}/advancements`)).status).toBe(404);
    expect((await as(outsider).post(`/api/v2/characters/${brickId}/duplicate`)).status).toBe(404);
    expect((await as(outsider).delete(`/api/v2/characters/${brickId}`)).status).toBe(404);
    const missing = await as(player).get('/api/v2/characters/00000000-0000-4000-8000-000000000000');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ error: 'Record not found' });
    expect((await as(player).get('/api/v2/characters/not-an-id')).status).toBe(404);
  });

  it('refuses to delete one in a party (422 associations_exist), unless forced (204)', async () => {
    const party = await as(gm)
      .post('/api/v2/parties')
      .send({ party: { name: 'Posse', character_ids: [brickId] } });
    expect(party.status).toBe(201);
    const refused = await as(player).delete(`/api/v2/characters/${brickId}`);
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({
      error_type: 'associations_exist',
      entity_type: 'character',
      entity_id: brickId,
      constraints: { parties: { count: 1, label: 'party' } },
    });
    expect((await as(player).delete(`/api/v2/characters/${brickId}?force=true`)).status).toBe(204);
    expect((await as(player).get(`/api/v2/characters/${brickId}`)).status).toBe(404);
    expect((await as(player).get(`/api/v2/parties/${party.body.id}`)).body.character_ids).toEqual([]);
  });
});
