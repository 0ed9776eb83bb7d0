import type { Stack, Account } from './support/stack.js';
import { as as asAccount, startCampaignStack } from './support/campaign-stack.js';

let stack: Stack;
let gm: Account;
let player: Account;
let outsider: Account;

/**
 * Schticks through the gateway, as the Rails-era client uses them: the gamemaster creates (JSON or multipart),
 * lists, changes and deletes the current campaign's schticks, with prerequisites; a player reads them, with the
 * categories and paths in use and batches by id; an outsider sees none of it; bad input changes nothing.
 */
beforeAll(async () => {
  ({ stack, gm, player, outsider } = await startCampaignStack('e2e-schticks'));
});

afterAll(async () => {
  await stack?.stop();
});

/** Requests with an account's token. */
const as = (account: Account) => asAccount(stack, account);

const schticksNamed = async (name: string) =>
  Number(
    (await stack.db.query<{ n: number }>('select count(*)::int as n from schticks where name = $1', [name]))
      .rows[0].n,
  );

const tiger = { category: 'Martial Arts', path: 'Path of the Tiger' };

describe('schticks through the gateway', () => {
  let clawsId = '';
  let pounceId = '';

  it('lets the gamemaster create one (201), sending the record back as the client does', async () => {
    const response = await as(gm)
      .post('/api/v2/schticks')
      .send({
        schtick: {
          entity_class: 'Schtick',
          id: '',
          name: 'Claws of the Tiger',
          description: '',
          ...tiger,
          color: '',
          image_url: '',
          prerequisite: null,
          archetypes: ['Martial Artist'],
        },
      });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      entity_class: 'Schtick',
      name: 'Claws of the Tiger',
      ...tiger,
      prerequisite_id: null,
      prerequisite: null,
      archetypes: ['Martial Artist'],
    });
    clawsId = response.body.id;
  });

  it('takes multipart bodies, and a prerequisite of the same category and path', async () => {
    const created = await as(gm)
      .post('/api/v2/schticks')
      .field('schtick', JSON.stringify({ name: 'Tiger Pounce', ...tiger, prerequisite_id: clawsId }));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      prerequisite_id: clawsId,
      prerequisite: { id: clawsId, name: 'Claws of the Tiger', entity_class: 'Schtick' },
    });
    pounceId = created.body.id;
    const updated = await as(gm)
      .patch(`/api/v2/schticks/${pounceId}`)
      .field('schtick', JSON.stringify({ description: 'Leap' }));
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ description: 'Leap', prerequisite_id: clawsId });
    const unreadable = await as(gm).patch(`/api/v2/schticks/${pounceId}`).field('schtick', '{nope');
    expect(unreadable.status).toBe(400);
  });

  it('lists them for a player with categories, paths and meta; filters, autocompletes', async () => {
    const core = await as(gm)
      .post('/api/v2/schticks')
      .send({ schtick: { name: 'Fast Draw', category: 'Everyman', path: 'Core' } });
    expect(core.status).toBe(201);
    const listed = await as(player).get('/api/v2/schticks?per_page=5&sort=name&order=asc');
    expect(listed.status).toBe(200);
    expect(listed.body).toMatchObject({
      schticks: [{ id: clawsId, name: 'Claws of the Tiger' }, { name: 'Fast Draw' }, { id: pounceId }],
      categories: ['Everyman', 'Martial Arts'],
      paths: ['Core', 'Path of the Tiger'],
      meta: { current_page: 1, total_count: 3, total_pages: 1 },
    });
    const tigers = await as(player).get(`/api/v2/schticks?path=${encodeURIComponent(tiger.path)}&sort=name`);
    expect(tigers.body.schticks.map((schtick: { id: string }) => schtick.id)).toEqual([pounceId, clawsId]);
    const none = await as(player).get('/api/v2/schticks?category=__NONE__');
    expect(none.body).toMatchObject({ schticks: [], categories: [], paths: [], meta: { total_count: 0 } });
    const picker = await as(player).get('/api/v2/schticks?autocomplete=true&search=pounce');
    expect(picker.body.schticks).toEqual([
      { id: pounceId, name: 'Tiger Pounce', image_url: null, entity_class: 'Schtick' },
    ]);
    for (const bad of ['sort=power', 'character_id=nope', 'page=0', `path=${'x'.repeat(101)}`]) {
      const refused = await as(player).get(`/api/v2/schticks?${bad}`);
      expect([bad, refused.status]).toEqual([bad, 422]);
    }
  });

  it('answers the categories (general and Core apart), the paths of a category, and a batch by ids', async () => {
    const categories = await as(player).get('/api/v2/schticks/categories');
    expect(categories.status).toBe(200);
    expect(categories.body).toEqual({
      categories: ['Everyman', 'Martial Arts'],
      general: ['Martial Arts'],
      core: ['Everyman'],
    });
    const paths = await as(player).get('/api/v2/schticks/paths?category=Martial%20Arts&search=tig');
    expect(paths.body).toEqual({ paths: ['Path of the Tiger'] });
    const batch = await as(player)
      .post('/api/v2/schticks/batch')
      .send({ ids: [pounceId, clawsId] });
    expect(batch.status).toBe(200);
    expect(batch.body.schticks.map((schtick: { name: string }) => schtick.name)).toEqual([
      'Claws of the Tiger',
      'Tiger Pounce',
    ]);
    expect((await as(player).post('/api/v2/schticks/batch').send({})).status).toBe(422);
  });

  it('shows one to a player, who may not change it (403)', async () => {
    const shown = await as(player).get(`/api/v2/schticks/${pounceId}`);
    expect(shown.status).toBe(200);
    expect(shown.body.prerequisite).toMatchObject({ id: clawsId });
    expect(
      (
        await as(player)
          .patch(`/api/v2/schticks/${pounceId}`)
          .send({ schtick: { name: 'Mine' } })
      ).status,
    ).toBe(403);
    expect((await as(player).delete(`/api/v2/schticks/${pounceId}`)).status).toBe(403);
  });

  it('answers a taken name, a bad category and a bad prerequisite as field errors (422)', async () => {
    const taken = await as(gm)
      .post('/api/v2/schticks')
      .send({ schtick: { name: 'claws of the tiger', category: 'Martial Arts' } });
    expect(taken.status).toBe(422);
    expect(taken.body).toMatchObject({ errors: { name: ['has already been taken'] } });
    const category = await as(gm)
      .post('/api/v2/schticks')
      .send({ schtick: { name: 'Kung Fu', category: 'Kung Fu', path: 'Path 1' } });
    expect(category.status).toBe(422);
    expect(Object.keys(category.body.errors)).toEqual(['category']);
    const elsewhere = await as(gm)
      .post('/api/v2/schticks')
      .send({
        schtick: { name: 'Crane Kick', category: 'Martial Arts', path: 'Crane', prerequisite_id: clawsId },
      });
    expect(elsewhere.status).toBe(422);
    expect(elsewhere.body).toMatchObject({
      errors: { prerequisite: ['must be in the same category and path'] },
    });
    const unknown = await as(gm)
      .post('/api/v2/schticks')
      .send({
        schtick: { name: 'Crane Kick', ...tiger, prerequisite_id: '00000000-0000-4000-8000-000000000000' },
      });
    expect(unknown.status).toBe(422);
    expect(unknown.body).toMatchObject({
      errors: { prerequisite_id: ['is not a schtick of this campaign'] },
    });
    const cycle = await as(gm)
      .patch(`/api/v2/schticks/${clawsId}`)
      .send({ schtick: { prerequisite_id: pounceId } });
    expect(cycle.status).toBe(422);
    expect(await schticksNamed('Kung Fu')).toBe(0);
    expect(await schticksNamed('Crane Kick')).toBe(0);
  });

  it('refuses bad input before the service (422 or 400), changing nothing', async () => {
    const bad: [string, unknown][] = [
      ['a name that is not text', { name: 42 }],
      ['a name holding NUL', { name: 'Ghost\u0000' }],
      ['a name too long', { name: 'x'.repeat(256) }],
      ['a path too long', { path: 'x'.repeat(101) }],
      ['a bonus that is not a flag', { bonus: 'yes' }],
      ['archetypes that are not a list', { archetypes: 'Ninja' }],
      ['too many archetypes', { archetypes: Array.from({ length: 101 }, () => 'Ninja') }],
      ['an archetype holding NUL', { archetypes: ['Nin\u0000ja'] }],
      ['a prerequisite that is not an id', { prerequisite_id: 'nope' }],
      ['an unknown field', { power: 9000 }],
    ];
    for (const [label, fields] of bad) {
      const response = await as(gm)
        .patch(`/api/v2/schticks/${pounceId}`)
        .send({ schtick: { name: 'Ghost', ...(fields as object) } });
      expect([label, response.status]).toEqual([label, 422]);
      expect(Object.keys(response.body.errors ?? {}).length).toBeGreaterThan(0);
    }
    const huge = await as(gm)
      .post('/api/v2/schticks')
      .send({
        schtick: { name: 'Ghost', category: 'Guns', archetypes: Array.from({ length: 5000 }, () => 'x') },
      });
    expect(huge.status).toBe(413);
    const malformed = await as(gm)
      .patch(`/api/v2/schticks/${pounceId}`)
      .set('Content-Type', 'application/json')
      .send('{"schtick":');
    expect(malformed.status).toBe(400);
    expect(await schticksNamed('Ghost')).toBe(0);
    expect((await as(gm).get(`/api/v2/schticks/${pounceId}`)).body).toMatchObject({ name: 'Tiger Pounce' });
  });

  it('hides the schticks from someone outside the campaign (404)', async () => {
    expect((await as(outsider).get(`/api/v2/schticks/${clawsId}`)).status).toBe(404);
    expect((await as(outsider).delete(`/api/v2/schticks/${clawsId}`)).status).toBe(404);
    const unknown = await as(gm).get('/api/v2/schticks/00000000-0000-4000-8000-000000000000');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ error: 'Record not found' });
  });

  it('refuses to delete one a character has or a schtick requires (422 associations_exist), unless forced', async () => {
    await stack.db.query(
      `with ch as (
         insert into characters (id, campaign_id, name)
         select gen_random_uuid(), campaign_id, 'Fei' from schticks where id = $1 returning id
       ) insert into character_schticks (id, character_id, schtick_id) select gen_random_uuid(), ch.id, $1 from ch`,
      [clawsId],
    );
    const refused = await as(gm).delete(`/api/v2/schticks/${clawsId}`);
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({
      error_type: 'associations_exist',
      entity_type: 'schtick',
      entity_id: clawsId,
      constraints: {
        characters: { count: 1, label: 'character' },
        schticks: { count: 1, label: 'schtick' },
      },
    });
    expect((await as(gm).delete(`/api/v2/schticks/${clawsId}?force=true`)).status).toBe(204);
    expect((await as(gm).get(`/api/v2/schticks/${clawsId}`)).status).toBe(404);
    const pounce = await as(gm).get(`/api/v2/schticks/${pounceId}`);
    expect(pounce.body).toMatchObject({ prerequisite_id: null, prerequisite: null });
  });
});
