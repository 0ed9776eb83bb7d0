import type { Stack, Account } from './support/stack.js';
import { as as asAccount, startCampaignStack } from './support/campaign-stack.js';

let stack: Stack;
let gm: Account;
let player: Account;
let outsider: Account;

/**
 * Sites through the gateway, as the Rails-era client uses them: the gamemaster creates, lists, changes and
 * deletes the current campaign's sites, with their attuned characters; a player reads them; an outsider sees none of it.
 */
beforeAll(async () => {
  ({ stack, gm, player, outsider } = await startCampaignStack('e2e-sites'));
});

afterAll(async () => {
  await stack?.stop();
});

/** Requests with an account's token. */
const as = (account: Account) => asAccount(stack, account);
describe('sites through the gateway', () => {
  let siteId = '';
  let junctureId = '';

  it('lets the gamemaster create one in a juncture (201), sending the record back as the client does', async () => {
    const juncture = await as(gm)
      .post('/api/v2/junctures')
      .send({ juncture: { name: 'Ancient' } });
    expect(juncture.status).toBe(201);
    junctureId = juncture.body.id;
    const response = await as(gm)
      .post('/api/v2/sites')
      .send({
        site: {
          name: 'Temple',
          juncture_id: junctureId,
          juncture: { id: junctureId, name: 'Ancient' },
          id: '',
          entity_class: 'Site',
          characters: [],
          secret: false,
        },
      });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      entity_class: 'Site',
      name: 'Temple',
      juncture_id: junctureId,
      juncture: { id: junctureId, name: 'Ancient', entity_class: 'Juncture' },
      faction: null,
      character_ids: [],
    });
    siteId = response.body.id;
  });

  it('lists it and shows it to a player, who may not change it (403)', async () => {
    const listed = await as(player).get(
      `/api/v2/sites?per_page=5&juncture_id=${junctureId}&faction_id=__NONE__`,
    );
    expect(listed.status).toBe(200);
    expect(listed.body).toMatchObject({
      sites: [{ id: siteId, name: 'Temple', entity_class: 'Site' }],
      factions: [],
      meta: { current_page: 1, total_count: 1 },
    });
    expect((await as(player).get('/api/v2/sites?character_id=nope')).status).toBe(422);
    expect((await as(player).get(`/api/v2/sites/${siteId}`)).status).toBe(200);
    const refused = await as(player)
      .patch(`/api/v2/sites/${siteId}`)
      .send({ site: { name: 'Mine' } });
    expect(refused.status).toBe(403);
  });

  it('answers a taken name and a juncture not of the campaign as field errors (422)', async () => {
    const taken = await as(gm)
      .post('/api/v2/sites')
      .send({ site: { name: 'temple' } });
    expect(taken.status).toBe(422);
    expect(taken.body).toMatchObject({ errors: { name: ['has already been taken'] } });
    const foreign = await as(gm)
      .post('/api/v2/sites')
      .send({ site: { name: 'Cave', juncture_id: '00000000-0000-4000-8000-000000000000' } });
    expect(foreign.status).toBe(422);
    expect(foreign.body).toMatchObject({ errors: { juncture_id: ['is not a juncture of this campaign'] } });
  });

  it('hides the site from someone outside the campaign (404)', async () => {
    expect((await as(outsider).get(`/api/v2/sites/${siteId}`)).status).toBe(404);
    expect((await as(outsider).delete(`/api/v2/sites/${siteId}`)).status).toBe(404);
  });

  it('attunes a character, refuses the delete (422 associations_exist), then deletes it forced (204)', async () => {
    const { rows } = await stack.db.query<{ id: string }>(
      `insert into characters (id, campaign_id, name)
       select gen_random_uuid(), campaign_id, 'Fei' from sites where id = $1 returning id`,
      [siteId],
    );
    const attuned = await as(gm)
      .patch(`/api/v2/sites/${siteId}`)
      .send({ site: { character_ids: [rows[0].id] } });
    expect(attuned.status).toBe(200);
    expect(attuned.body.character_ids).toEqual([rows[0].id]);
    const refused = await as(gm).delete(`/api/v2/sites/${siteId}`);
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({
      error_type: 'associations_exist',
      entity_type: 'site',
      entity_id: siteId,
      constraints: { characters: { count: 1, label: 'character' } },
    });
    expect((await as(gm).delete(`/api/v2/sites/${siteId}?force=true`)).status).toBe(204);
    expect((await as(gm).get(`/api/v2/sites/${siteId}`)).status).toBe(404);
  });
});
