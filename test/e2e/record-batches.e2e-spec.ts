import type { Stack, Account } from './support/stack.js';
import { as as asAccount, startCampaignStack } from './support/campaign-stack.js';

let stack: Stack;
let gm: Account;
let player: Account;
let outsider: Account;
let campaignId: string;

/**
 * `POST /api/v2/weapons/batch` and `/api/v2/schticks/batch` through the gateway: `{ids}` reads records by id as
 * the Rails-era client does (200); `{weapons: [...]}` / `{schticks: [...]}` creates them all or none (the
 * gamemaster, 201, in the order sent), each checked as a single create, errors keyed by position; not both.
 */
beforeAll(async () => {
  ({ stack, gm, player, outsider, campaignId } = await startCampaignStack('e2e-record-batches'));
});

afterAll(async () => {
  await stack?.stop();
});

const as = (account: Account) => asAccount(stack, account);

const stored = async (table: 'weapons' | 'schticks') =>
  Number(
    (
      await stack.db.query<{ n: number }>(`select count(*)::int as n from ${table} where campaign_id = $1`, [
        campaignId,
      ])
    ).rows[0].n,
  );

const names = (records: { name: string }[]) => records.map((record) => record.name);

describe('weapon batches', () => {
  let createdIds: string[] = [];

  it('creates weapons together (201), the records as the client sends them back, in order', async () => {
    const response = await as(gm)
      .post('/api/v2/weapons/batch')
      .send({
        weapons: [
          {
            name: 'Beretta 92FS',
            damage: '10',
            concealment: 2,
            category: 'Guns',
            id: '',
            entity_class: 'Weapon',
          },
          { name: 'Sword', damage: 10, juncture: 'Ancient', image_url: '', at_a_glance: true },
        ],
      });
    expect(response.status).toBe(201);
    expect(names(response.body.weapons)).toEqual(['Beretta 92FS', 'Sword']);
    expect(response.body.weapons[0]).toMatchObject({ damage: 10, concealment: 2, campaign_id: campaignId });
    createdIds = response.body.weapons.map((weapon: { id: string }) => weapon.id);
    expect(await stored('weapons')).toBe(2);
  });

  it('still reads weapons by ids (200), as a list or a comma list', async () => {
    const read = await as(player)
      .post('/api/v2/weapons/batch')
      .send({ ids: createdIds.join(',') });
    expect(read.status).toBe(200);
    expect(names(read.body.weapons).sort()).toEqual(['Beretta 92FS', 'Sword']);
    const paged = await as(player).post('/api/v2/weapons/batch').send({ ids: createdIds, per_page: 1 });
    expect(paged.status).toBe(200);
    expect(paged.body.weapons).toHaveLength(1);
  });

  it('refuses bad batches (422), keyed by position, writing nothing', async () => {
    const refusals: [object, Record<string, string[]>][] = [
      [
        { weapons: [{ name: 'Fine', damage: 7 }, { name: 'No damage' }] },
        { 'weapons.1.damage': ["can't be blank"] },
      ],
      [
        {
          weapons: [
            { name: 'Fine', damage: 7 },
            { name: 'sword', damage: 9 },
          ],
        },
        { 'weapons.1.name': ['has already been taken'] },
      ],
      [
        {
          weapons: [
            { name: 'Twin', damage: 7 },
            { name: 'TWIN', damage: 9 },
          ],
        },
        { 'weapons.1.name': ['is repeated in this batch'] },
      ],
      [
        { weapons: [{ name: 'Fine', damage: 7, colour: 'red' }] },
        { 'weapons.0.colour': ['is not a permitted attribute'] },
      ],
      [{ weapons: [] }, { weapons: ['must hold at least 1 record'] }],
      [{ weapons: 'Beretta' }, { weapons: ['must be a list', 'must be a list of records'] }],
      [{ weapons: [{ name: 'Fine', damage: 7 }, 'Beretta'] }, { 'weapons.1': ['must be a list of records'] }],
      [
        { ids: createdIds, weapons: [{ name: 'Fine', damage: 7 }] },
        { base: ['send either ids (to read) or weapons (to create), not both'] },
      ],
      [{ ids: 'a,b' }, { ids: ['must be a list of ids'] }],
      [{}, { ids: ["can't be blank"] }],
    ];
    for (const [body, errors] of refusals) {
      const refused = await as(gm).post('/api/v2/weapons/batch').send(body);
      expect({ body, status: refused.status }).toEqual({ body, status: 422 });
      expect(refused.body.errors).toEqual(errors);
    }
    const tooMany = Array.from({ length: 101 }, (_, index) => ({ name: `Gun ${index}`, damage: 9 }));
    const refused = await as(gm).post('/api/v2/weapons/batch').send({ weapons: tooMany });
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual({ weapons: ['must hold at most 100 records'] });
    expect(await stored('weapons')).toBe(2);
  });

  it('lets neither a player (403) nor an outsider (404) create them', async () => {
    const body = { weapons: [{ name: 'Player gun', damage: 9 }] };
    expect((await as(player).post('/api/v2/weapons/batch').send(body)).status).toBe(403);
    expect((await as(outsider).post('/api/v2/weapons/batch').send(body)).status).toBe(404);
    expect(await stored('weapons')).toBe(2);
  });

  it('answers a retry with the same Idempotency-Key with the first batch, created once', async () => {
    const body = { weapons: [{ name: 'Crossbow', damage: 9 }] };
    const first = await as(gm).post('/api/v2/weapons/batch').set('Idempotency-Key', 'crossbows').send(body);
    const again = await as(gm).post('/api/v2/weapons/batch').set('Idempotency-Key', 'crossbows').send(body);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(await stored('weapons')).toBe(3);
  });
});

describe('schtick batches', () => {
  it('creates schticks together (201), with an existing prerequisite, and reads them back by ids', async () => {
    const claws = await as(gm)
      .post('/api/v2/schticks')
      .send({ schtick: { name: 'Claws of the Tiger', category: 'Martial Arts', path: 'Tiger' } });
    expect(claws.status).toBe(201);
    const response = await as(gm)
      .post('/api/v2/schticks/batch')
      .send({
        schticks: [
          {
            name: 'Tiger Pounce',
            category: 'Martial Arts',
            path: 'Tiger',
            prerequisite_id: claws.body.id,
            prerequisite: null,
          },
          { name: 'Everyman Trick', category: 'Everyman', path: 'Core' },
        ],
      });
    expect(response.status).toBe(201);
    expect(names(response.body.schticks)).toEqual(['Tiger Pounce', 'Everyman Trick']);
    expect(response.body.schticks[0]).toMatchObject({ prerequisite: { id: claws.body.id } });
    const ids = response.body.schticks.map((schtick: { id: string }) => schtick.id);
    const read = await as(player).post('/api/v2/schticks/batch').send({ ids });
    expect(read.status).toBe(200);
    expect(names(read.body.schticks).sort()).toEqual(['Everyman Trick', 'Tiger Pounce']);
    expect(await stored('schticks')).toBe(3);
  });

  it('refuses bad batches (422), keyed by position, and players (403), writing nothing', async () => {
    const refusals: [object, Record<string, unknown[]>][] = [
      [
        {
          schticks: [
            { name: 'Fine', category: 'Guns' },
            { name: 'Odd', category: 'Cooking' },
          ],
        },
        { 'schticks.1.category': [expect.stringContaining('must be one of')] },
      ],
      [
        {
          schticks: [
            { name: 'Fine', category: 'Guns' },
            { name: 'tiger pounce', category: 'Martial Arts' },
          ],
        },
        { 'schticks.1.name': ['has already been taken'] },
      ],
      [
        {
          schticks: [
            { name: 'Fine', category: 'Guns', prerequisite_id: '00000000-0000-4000-8000-000000000000' },
          ],
        },
        { 'schticks.0.prerequisite_id': ['is not a schtick of this campaign'] },
      ],
      [
        {
          schticks: [
            { name: 'Twin', category: 'Guns' },
            { name: 'twin', category: 'Guns' },
          ],
        },
        { 'schticks.1.name': ['is repeated in this batch'] },
      ],
      [
        { ids: [], schticks: [{ name: 'Fine', category: 'Guns' }] },
        { base: ['send either ids (to read) or schticks (to create), not both'] },
      ],
    ];
    for (const [body, errors] of refusals) {
      const refused = await as(gm).post('/api/v2/schticks/batch').send(body);
      expect({ body, status: refused.status }).toEqual({ body, status: 422 });
      expect(refused.body.errors).toEqual(errors);
    }
    const body = { schticks: [{ name: 'Player trick', category: 'Guns' }] };
    expect((await as(player).post('/api/v2/schticks/batch').send(body)).status).toBe(403);
    expect(await stored('schticks')).toBe(3);
  });
});
