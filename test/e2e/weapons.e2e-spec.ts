import type { Stack, Account } from './support/stack.js';
import { as as asAccount, startCampaignStack } from './support/campaign-stack.js';

let stack: Stack;
let gm: Account;
let player: Account;
let outsider: Account;

/**
 * Weapons through the gateway, as the Rails-era client uses them: the gamemaster creates (JSON or multipart),
 * lists, changes and deletes the current campaign's weapons; a player reads them, with the categories and
 * junctures in use and batches by id; an outsider sees none of it; bad input changes nothing.
 */
beforeAll(async () => {
  ({ stack, gm, player, outsider } = await startCampaignStack('e2e-weapons'));
});

afterAll(async () => {
  await stack?.stop();
});

/** Requests with an account's token. */
const as = (account: Account) => asAccount(stack, account);

const weaponsNamed = async (name: string) =>
  Number(
    (await stack.db.query<{ n: number }>('select count(*)::int as n from weapons where name = $1', [name]))
      .rows[0].n,
  );

/** The client's `defaultWeapon` (src/types/defaults.ts), as its form sends it back. */
const clientWeapon = {
  entity_class: 'Weapon',
  id: '',
  name: 'Beretta 92FS',
  description: '',
  damage: '10',
  concealment: 2,
  reload_value: '3',
  juncture: 'Contemporary',
  category: 'Guns',
  mook_bonus: 0,
  kachunk: false,
  image_url: '',
  created_at: '',
  updated_at: '',
};

describe('weapons through the gateway', () => {
  let berettaId = '';
  let swordId = '';

  it('lets the gamemaster create one (201), sending the record back as the client does; numbers coerced', async () => {
    const response = await as(gm).post('/api/v2/weapons').send({ weapon: clientWeapon });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      entity_class: 'Weapon',
      name: 'Beretta 92FS',
      damage: 10,
      concealment: 2,
      reload_value: 3,
      juncture: 'Contemporary',
      category: 'Guns',
      kachunk: false,
      image_url: null,
    });
    berettaId = response.body.id;
  });

  it('takes multipart bodies: the record as a JSON string field', async () => {
    const created = await as(gm)
      .post('/api/v2/weapons')
      .field('weapon', JSON.stringify({ name: 'Sword', damage: 10, category: 'Melee', juncture: 'Ancient' }));
    expect(created.status).toBe(201);
    swordId = created.body.id;
    const updated = await as(gm)
      .patch(`/api/v2/weapons/${swordId}`)
      .field('weapon', JSON.stringify({ damage: '11' }));
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ name: 'Sword', damage: 11, category: 'Melee' });
    const unreadable = await as(gm).patch(`/api/v2/weapons/${swordId}`).field('weapon', '{nope');
    expect(unreadable.status).toBe(400);
  });

  it('lists them for a player with categories, junctures and meta; filters, autocompletes', async () => {
    const listed = await as(player).get('/api/v2/weapons?per_page=5&sort=name&order=asc');
    expect(listed.status).toBe(200);
    expect(listed.body).toMatchObject({
      weapons: [
        { id: berettaId, name: 'Beretta 92FS', entity_class: 'Weapon', damage: 10 },
        { id: swordId, name: 'Sword' },
      ],
      categories: ['Guns', 'Melee'],
      junctures: ['Ancient', 'Contemporary'],
      meta: { current_page: 1, total_count: 2, total_pages: 1, next_page: null, prev_page: null },
    });
    const guns = await as(player).get('/api/v2/weapons?category=Guns&juncture=Contemporary');
    expect(guns.body.weapons.map((weapon: { id: string }) => weapon.id)).toEqual([berettaId]);
    const none = await as(player).get('/api/v2/weapons?category=__NONE__');
    expect(none.body).toMatchObject({ weapons: [], categories: [], junctures: [], meta: { total_count: 0 } });
    const byIds = await as(player).get(`/api/v2/weapons?ids=${swordId}`);
    expect(byIds.body.weapons).toHaveLength(1);
    const picker = await as(player).get('/api/v2/weapons?autocomplete=true&sort=damage&order=desc');
    expect(picker.body.weapons[0]).toEqual({
      id: swordId,
      name: 'Sword',
      image_url: null,
      entity_class: 'Weapon',
    });
    for (const bad of [
      'sort=ammo',
      'character_id=nope',
      'per_page=0',
      'visibility=secret',
      'category=x%00y',
    ]) {
      const refused = await as(player).get(`/api/v2/weapons?${bad}`);
      expect([bad, refused.status]).toEqual([bad, 422]);
      expect(Object.keys(refused.body.errors)).toHaveLength(1);
    }
  });

  it('answers the categories and junctures in use, searched, and a batch by ids (200)', async () => {
    const categories = await as(player).get('/api/v2/weapons/categories?search=gu');
    expect(categories.status).toBe(200);
    expect(categories.body).toEqual({ categories: ['Guns'] });
    const junctures = await as(player).get('/api/v2/weapons/junctures');
    expect(junctures.body).toEqual({ junctures: ['Ancient', 'Contemporary'] });
    const batch = await as(player)
      .post('/api/v2/weapons/batch')
      .send({ ids: `${swordId},${berettaId}` });
    expect(batch.status).toBe(200);
    expect(batch.body.weapons.map((weapon: { name: string }) => weapon.name)).toEqual([
      'Beretta 92FS',
      'Sword',
    ]);
    const listed = await as(player)
      .post('/api/v2/weapons/batch')
      .send({ ids: [swordId], per_page: 200 });
    expect(listed.body.weapons).toHaveLength(1);
    const notIds = await as(player).post('/api/v2/weapons/batch').send({ ids: 'a,b' });
    expect(notIds.status).toBe(422);
    expect(notIds.body).toMatchObject({ errors: { ids: ['must be a list of ids'] } });
    const tooMany = await as(player)
      .post('/api/v2/weapons/batch')
      .send({ ids: Array.from({ length: 1001 }, () => swordId) });
    expect(tooMany.status).toBe(413);
  });

  it('shows one to a player, who may not change it (403)', async () => {
    const shown = await as(player).get(`/api/v2/weapons/${berettaId}`);
    expect(shown.status).toBe(200);
    expect(shown.body).toMatchObject({ id: berettaId, campaign_id: expect.any(String) });
    const refused = await as(player)
      .patch(`/api/v2/weapons/${berettaId}`)
      .send({ weapon: { damage: 1 } });
    expect(refused.status).toBe(403);
    expect((await as(player).delete(`/api/v2/weapons/${berettaId}`)).status).toBe(403);
    expect(
      (
        await as(player)
          .post('/api/v2/weapons')
          .send({ weapon: { name: 'Mine', damage: 1 } })
      ).status,
    ).toBe(403);
  });

  it('answers a taken name and a missing damage as field errors (422)', async () => {
    const taken = await as(gm)
      .post('/api/v2/weapons')
      .send({ weapon: { name: 'BERETTA 92FS', damage: 9 } });
    expect(taken.status).toBe(422);
    expect(taken.body).toMatchObject({ errors: { name: ['has already been taken'] } });
    const noDamage = await as(gm)
      .post('/api/v2/weapons')
      .send({ weapon: { name: 'Blank', damage: '' } });
    expect(noDamage.status).toBe(422);
    expect(noDamage.body).toMatchObject({ errors: { damage: ["can't be blank"] } });
    expect(await weaponsNamed('Blank')).toBe(0);
  });

  it('refuses bad input before the service (422 or 400), changing nothing', async () => {
    const bad: [string, unknown][] = [
      ['a name that is not text', { name: 42 }],
      ['a name holding NUL', { name: 'Ghost\u0000' }],
      ['a name too long', { name: 'x'.repeat(256) }],
      ['a category too long', { category: 'x'.repeat(101) }],
      ['damage that is not a number', { damage: 'lots' }],
      ['a fractional damage', { damage: 7.5 }],
      ['damage out of range', { damage: 1e12 }],
      ['a kachunk that is not a flag', { kachunk: 'yes' }],
      ['a description holding a lone surrogate', { description: 'lone \ud800' }],
      ['an unknown field', { ammo: 12 }],
    ];
    for (const [label, fields] of bad) {
      const response = await as(gm)
        .patch(`/api/v2/weapons/${swordId}`)
        .send({ weapon: { name: 'Ghost', ...(fields as object) } });
      expect([label, response.status]).toEqual([label, 422]);
      expect(Object.keys(response.body.errors ?? {}).length).toBeGreaterThan(0);
    }
    const notAnObject = await as(gm).patch(`/api/v2/weapons/${swordId}`).send({ weapon: 'Ghost' });
    expect(notAnObject.status).toBe(422);
    const huge = await as(gm)
      .post('/api/v2/weapons')
      .send({ weapon: { name: 'Ghost', damage: 1, category: Array.from({ length: 5000 }, () => 'x') } });
    expect(huge.status).toBe(413);
    const malformed = await as(gm)
      .patch(`/api/v2/weapons/${swordId}`)
      .set('Content-Type', 'application/json')
      .send('{"weapon":');
    expect(malformed.status).toBe(400);
    expect(await weaponsNamed('Ghost')).toBe(0);
    expect((await as(gm).get(`/api/v2/weapons/${swordId}`)).body).toMatchObject({
      name: 'Sword',
      damage: 11,
    });
  });

  it('hides the weapons from someone outside the campaign (404), and unknown ids are 404', async () => {
    expect((await as(outsider).get(`/api/v2/weapons/${berettaId}`)).status).toBe(404);
    expect((await as(outsider).delete(`/api/v2/weapons/${berettaId}`)).status).toBe(404);
    const unknown = await as(gm).get('/api/v2/weapons/00000000-0000-4000-8000-000000000000');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ error: 'Record not found' });
    expect((await as(gm).get('/api/v2/weapons/not-an-id')).status).toBe(404);
  });

  it('refuses to delete one a character carries (422 associations_exist), unless forced (204)', async () => {
    await stack.db.query(
      `with ch as (
         insert into characters (id, campaign_id, name)
         select gen_random_uuid(), campaign_id, 'Fei' from weapons where id = $1 returning id
       ) insert into carries (id, character_id, weapon_id) select gen_random_uuid(), ch.id, $1 from ch`,
      [berettaId],
    );
    const refused = await as(gm).delete(`/api/v2/weapons/${berettaId}`);
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({
      error_type: 'associations_exist',
      entity_type: 'weapon',
      entity_id: berettaId,
      constraints: { characters: { count: 1, label: 'character' } },
    });
    expect(refused.body.suggestions.length).toBeGreaterThan(0);
    expect((await as(gm).delete(`/api/v2/weapons/${berettaId}?force=true`)).status).toBe(204);
    expect((await as(gm).get(`/api/v2/weapons/${berettaId}`)).status).toBe(404);
    expect((await as(gm).delete(`/api/v2/weapons/${swordId}`)).status).toBe(204);
  });
});
