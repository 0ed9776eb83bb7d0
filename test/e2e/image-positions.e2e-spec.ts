import type { Stack, Account } from './support/stack.js';
import { as as asAccount, startCampaignStack } from './support/campaign-stack.js';

let stack: Stack;
let gm: Account;
let player: Account;
let outsider: Account;
let factionId = '';
let bikeId = '';

/**
 * Image positions through the gateway, as the client's image editor uses them (characterClient
 * createImagePosition / updateImagePosition): every call needs a token and a member of the record's campaign;
 * the record's type is one of a fixed list and the record is of the caller's current campaign.
 */
// Booting the stack on a busy machine can pass Jest's default 5 s hook guard (the config's testTimeout is not
// applied per project): the same 30 s guard against hangs as the suites' tests.
const BOOT_GUARD_MS = 30_000;

beforeAll(async () => {
  ({ stack, gm, player, outsider } = await startCampaignStack('e2e-image-positions'));
  factionId = (
    await as(gm)
      .post('/api/v2/factions')
      .send({ faction: { name: 'The Dragons' } })
  ).body.id;
  bikeId = (
    await as(player)
      .post('/api/v2/vehicles')
      .send({ vehicle: { name: 'Bike' } })
  ).body.id;
}, BOOT_GUARD_MS);

afterAll(async () => {
  await stack?.stop();
});

const as = (account: Account) => asAccount(stack, account);
const position = { context: 'desktop_entity', x_position: 12, y_position: 30 };

describe('image positions through the gateway', () => {
  it('creates (POST, the record named in the body: 201) and replaces (PATCH) a position; members read them', async () => {
    const created = await as(gm)
      .post('/api/v2/image_positions')
      .send({ image_position: { ...position, positionable_type: 'Faction', positionable_id: factionId } });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.any(String), ...position, style_overrides: {} });
    const moved = await as(gm)
      .patch(`/api/v2/image_positions/Faction/${factionId}`)
      .send({ image_position: { ...position, x_position: -5, style_overrides: { objectFit: 'contain' } } });
    expect(moved.status).toBe(200);
    expect(moved.body).toEqual({
      ...created.body,
      x_position: -5,
      style_overrides: { objectFit: 'contain' },
    });
    const listed = await as(player).get(`/api/v2/image_positions/Faction/${factionId}`);
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual([moved.body]);
    expect((await as(player).get(`/api/v2/factions/${factionId}`)).body.image_positions).toEqual([
      moved.body,
    ]);
  });

  it('lets a player position their own vehicle’s image (PUT too) but not the faction’s (403)', async () => {
    const own = await stack
      .http()
      .put(`/api/v2/image_positions/Vehicle/${bikeId}`)
      .auth(player.token, { type: 'bearer' })
      .send({ image_position: { ...position, context: 'mobile_index' } });
    expect(own.status).toBe(200);
    const refused = await as(player)
      .patch(`/api/v2/image_positions/Faction/${factionId}`)
      .send({ image_position: position });
    expect(refused.status).toBe(403);
  });

  it('needs a token (401), and hides the records of other campaigns (404)', async () => {
    expect((await stack.http().get(`/api/v2/image_positions/Faction/${factionId}`)).status).toBe(401);
    expect(
      (
        await stack
          .http()
          .patch(`/api/v2/image_positions/Faction/${factionId}`)
          .send({ image_position: position })
      ).status,
    ).toBe(401);
    expect((await as(outsider).get(`/api/v2/image_positions/Faction/${factionId}`)).status).toBe(404);
    const foreign = await as(outsider)
      .patch(`/api/v2/image_positions/Faction/${factionId}`)
      .send({ image_position: position });
    expect(foreign.status).toBe(404);
    expect((await as(gm).get('/api/v2/image_positions/Faction/not-an-id')).status).toBe(404);
  });

  it('refuses bad input with field errors (422), writing nothing', async () => {
    const cases: [string, string, object, Record<string, string[]>][] = [
      [
        'a type that is no record class',
        `/api/v2/image_positions/Kernel/${factionId}`,
        { image_position: position },
        {
          positionable_type: [
            'must be one of: Campaign, Character, Vehicle, Fight, Weapon, Schtick, Faction, Juncture, Site, Party, User',
          ],
        },
      ],
      [
        'a user',
        `/api/v2/image_positions/User/${gm.id}`,
        { image_position: position },
        { positionable_type: ['is not a record of a campaign'] },
      ],
      [
        'an unknown context',
        `/api/v2/image_positions/Faction/${factionId}`,
        { image_position: { ...position, context: 'print' } },
        {
          context: [
            'must be one of: desktop_index, desktop_entity, desktop_edit, desktop_encounter, mobile_index, mobile_entity, mobile_edit, mobile_encounter',
          ],
        },
      ],
      [
        'text for a number',
        `/api/v2/image_positions/Faction/${factionId}`,
        { image_position: { ...position, x_position: '10' } },
        { x_position: ['must be a number'] },
      ],
      [
        'nested styles',
        `/api/v2/image_positions/Faction/${factionId}`,
        { image_position: { ...position, style_overrides: { a: { b: 1 } } } },
        { style_overrides: ['"a" must be a number or text'] },
      ],
    ];
    for (const [label, url, body, errors] of cases) {
      const response = await as(gm).patch(url).send(body);
      expect({ label, status: response.status, errors: response.body.errors }).toEqual({
        label,
        status: 422,
        errors,
      });
    }
    const unnamed = await as(gm).post('/api/v2/image_positions').send({ image_position: position });
    expect(unnamed.status).toBe(422);
    expect(unnamed.body.errors).toEqual({
      positionable_type: ["can't be blank"],
      positionable_id: ["can't be blank"],
    });
    const listed = await as(gm).get(`/api/v2/image_positions/Faction/${factionId}`);
    expect(listed.body).toHaveLength(1);
    expect(listed.body[0]).toMatchObject({ context: 'desktop_entity', x_position: -5 });
  });
});
