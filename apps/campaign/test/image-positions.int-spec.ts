import {
  Subjects,
  type Actor,
  type FactionView,
  type ImagePositionView,
  type VehicleView,
} from '@shotcaller/contracts';
import { NatsRequester, TestEnvironment } from '@shotcaller/testing';
import { CampaignRecordsWorld } from './support/campaign-records.js';

/**
 * Image positions over NATS: one per record and context, of records of the caller's current campaign only (404
 * otherwise); its members read them, whoever may change the record sets them (the gamemaster; a player for their
 * own vehicles), and a record's view carries them.
 */

const world = new CampaignRecordsWorld(new TestEnvironment('image-positions-int'));
let nats: NatsRequester;
let gm: Actor;
let player: Actor;
let stranger: Actor;
let faction: FactionView;
let playersVehicle: VehicleView;
let gmsVehicle: VehicleView;

const { imagePositions, factions, vehicles } = Subjects.campaign;
const target = (positionable_type: string, positionable_id: string) => ({
  positionable_type,
  positionable_id,
});
const set = (actor: Actor, positionable: object, image_position: object) =>
  nats.expectOk<ImagePositionView>(imagePositions.set, { ...positionable, image_position }, { actor });
const setRefused = (actor: Actor, positionable: object, image_position: object) =>
  nats.expectError(imagePositions.set, { ...positionable, image_position }, { actor });
const list = (actor: Actor, positionable: object) =>
  nats.expectOk<ImagePositionView[]>(imagePositions.list, positionable, { actor });
const position = { context: 'desktop_index', x_position: 10, y_position: -20.5 };

beforeAll(async () => {
  await world.start();
  ({ nats, gm, player, stranger } = world);
  faction = await nats.expectOk<FactionView>(
    factions.create,
    { faction: { name: 'Dragons' } },
    { actor: gm },
  );
  playersVehicle = await nats.expectOk<VehicleView>(
    vehicles.create,
    { vehicle: { name: 'Bike' } },
    { actor: player },
  );
  gmsVehicle = await nats.expectOk<VehicleView>(
    vehicles.create,
    { vehicle: { name: 'Tank' } },
    { actor: gm },
  );
});

afterAll(async () => {
  await world.stop();
});

describe('setting and reading', () => {
  it('the gamemaster positions a faction’s image; a second call for the context replaces it', async () => {
    const first = await set(gm, target('Faction', faction.id), {
      ...position,
      style_overrides: { objectFit: 'cover', zoom: 1.2 },
    });
    expect(first).toEqual({
      id: expect.any(String),
      context: 'desktop_index',
      x_position: 10,
      y_position: -20.5,
      style_overrides: { objectFit: 'cover', zoom: 1.2 },
    });
    // Without style_overrides the stored ones stay; the position moves.
    const moved = await set(gm, target('Faction', faction.id), { ...position, x_position: 42 });
    expect(moved).toEqual({ ...first, x_position: 42 });
    const mobile = await set(gm, target('Faction', faction.id), {
      ...position,
      context: 'mobile_entity',
      style_overrides: null,
    });
    expect(mobile.style_overrides).toEqual({});
    expect(await world.count('from image_positions where positionable_id = $1', [faction.id])).toBe(2);
    expect(await list(player, target('Faction', faction.id))).toEqual([moved, mobile]);
    const view = await nats.expectOk<FactionView>(factions.get, { id: faction.id }, { actor: player });
    expect(view.image_positions).toEqual([moved, mobile]);
  });

  it('a player positions the image of their own vehicle, but not of another’s or of a faction (403)', async () => {
    expect(await set(player, target('Vehicle', playersVehicle.id), position)).toMatchObject({
      x_position: 10,
    });
    expect(await setRefused(player, target('Vehicle', gmsVehicle.id), position)).toMatchObject({
      statusCode: 403,
    });
    expect(
      await setRefused(player, target('Faction', faction.id), { ...position, x_position: 1 }),
    ).toMatchObject({
      statusCode: 403,
    });
    expect(await list(player, target('Vehicle', gmsVehicle.id))).toEqual([]);
    expect((await list(gm, target('Faction', faction.id)))[0].x_position).toBe(42);
  });

  it('positions the current campaign’s own image, for its gamemaster', async () => {
    expect(await set(gm, target('Campaign', world.campaign.id), position)).toMatchObject({
      context: 'desktop_index',
    });
    expect(await setRefused(player, target('Campaign', world.campaign.id), position)).toMatchObject({
      statusCode: 403,
    });
  });
});

describe('what is out of reach', () => {
  it('records of another campaign, unknown records and outsiders get 404, and nothing is written', async () => {
    const before = await world.count('from image_positions');
    expect(await setRefused(gm, target('Campaign', world.own.id), position)).toMatchObject({
      statusCode: 404,
    });
    expect(
      await setRefused(gm, target('Faction', '00000000-0000-4000-8000-000000000000'), position),
    ).toMatchObject({ statusCode: 404 });
    expect(await setRefused(stranger, target('Faction', faction.id), position)).toMatchObject({
      statusCode: 404,
    });
    expect(
      await nats.expectError(imagePositions.list, target('Faction', faction.id), { actor: stranger }),
    ).toMatchObject({ statusCode: 404 });
    expect(await world.count('from image_positions')).toBe(before);
  });

  it('refuses the User type (422: no campaign holds a user) and bad positions', async () => {
    expect(await setRefused(gm, target('User', gm.id), position)).toMatchObject({
      statusCode: 422,
      details: { errors: { positionable_type: ['is not a record of a campaign'] } },
    });
    expect(
      await setRefused(gm, target('Faction', faction.id), { ...position, context: 'print' }),
    ).toMatchObject({
      statusCode: 400,
    });
    expect(await setRefused(gm, target('Kernel', faction.id), position)).toMatchObject({ statusCode: 400 });
  });
});
