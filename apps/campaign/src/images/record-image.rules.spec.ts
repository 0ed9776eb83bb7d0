import { IMAGE_ENTITY_TYPES } from '@shotcaller/contracts';
import type { CampaignStanding } from '../campaigns/campaign-access.rules.js';
import {
  imageChange,
  imageDeletedEventOf,
  isGamemasterOnly,
  mayChangeRecordImage,
  maySeeImageRecord,
} from './record-image.rules.js';

const ME = 'b5f1a7d2-8a43-4c1e-9f0e-3d2c1b0a9f8e';
const SOMEONE = '6e2d3c4b-5a69-4788-99aa-bbccddeeff00';
const IMAGE = '0d9f6c1e-4b7a-4f3e-9a43-2b1c1f6f8e21';
const OTHER_IMAGE = '1a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c8d';

const standing = (fields: Partial<CampaignStanding>): CampaignStanding => ({
  isAdmin: false,
  isGamemaster: false,
  isMember: false,
  ...fields,
});
const gamemaster = { userId: ME, standing: standing({ isGamemaster: true }) };
const admin = { userId: ME, standing: standing({ isAdmin: true }) };
const player = { userId: ME, standing: standing({ isMember: true }) };
const mine = { ownerId: ME, isTemplate: false };
const theirs = { ownerId: SOMEONE, isTemplate: false };
const nobodys = { ownerId: null, isTemplate: false };

describe('who may change a record image: who may update the record', () => {
  it.each(IMAGE_ENTITY_TYPES)('the gamemaster and admins, any %s of the campaign', (type) => {
    for (const record of [mine, theirs, nobodys]) {
      expect(mayChangeRecordImage(gamemaster, type, record)).toBe(true);
      expect(mayChangeRecordImage(admin, type, record)).toBe(true);
    }
  });

  it.each(['Character', 'Vehicle'] as const)('a player, the %s they own and no other', (type) => {
    expect(mayChangeRecordImage(player, type, mine)).toBe(true);
    expect(mayChangeRecordImage(player, type, theirs)).toBe(false);
    expect(mayChangeRecordImage(player, type, nobodys)).toBe(false);
  });

  const campaignWide = IMAGE_ENTITY_TYPES.filter((type) => type !== 'Character' && type !== 'Vehicle');
  it.each(campaignWide)(
    'a player, no %s (the gamemaster alone changes them), asked before the record',
    (type) => {
      expect(isGamemasterOnly(type)).toBe(true);
      expect(mayChangeRecordImage(player, type, nobodys)).toBe(false);
    },
  );

  it('players own characters and vehicles: their records are looked for first', () => {
    expect(isGamemasterOnly('Character')).toBe(false);
    expect(isGamemasterOnly('Vehicle')).toBe(false);
  });

  it('a character template exists only for admins', () => {
    const template = { ownerId: ME, isTemplate: true };
    expect(maySeeImageRecord(admin, 'Character', template)).toBe(true);
    expect(maySeeImageRecord(gamemaster, 'Character', template)).toBe(false);
    expect(maySeeImageRecord(player, 'Character', template)).toBe(false);
    expect(maySeeImageRecord(player, 'Character', mine)).toBe(true);
    expect(maySeeImageRecord(player, 'Vehicle', template)).toBe(true);
  });
});

describe('what a change of a record image does', () => {
  it('a new image: changed, nothing released when there was none', () => {
    expect(imageChange(null, IMAGE)).toEqual({ changed: true, released: null });
  });

  it('another image, or none: the one it had is released', () => {
    expect(imageChange(IMAGE, OTHER_IMAGE)).toEqual({ changed: true, released: IMAGE });
    expect(imageChange(IMAGE, null)).toEqual({ changed: true, released: IMAGE });
  });

  it('the same image again, or none again: nothing', () => {
    expect(imageChange(IMAGE, IMAGE)).toEqual({ changed: false, released: null });
    expect(imageChange(null, null)).toEqual({ changed: false, released: null });
  });
});

describe('the media.image.deleted event', () => {
  it('is taken as its contract says', () => {
    const event = { image_id: IMAGE, entity_type: 'Character', entity_id: SOMEONE };
    expect(imageDeletedEventOf(event)).toMatchObject(event);
    expect(imageDeletedEventOf({ image_id: IMAGE, entity_type: null, entity_id: null })).toMatchObject({
      image_id: IMAGE,
    });
  });

  it('anything else is not one', () => {
    for (const message of [
      undefined,
      null,
      'text',
      [IMAGE],
      {},
      { image_id: 'not-a-uuid', entity_type: null, entity_id: null },
      { image_id: IMAGE, entity_type: 'User', entity_id: SOMEONE },
      { image_id: IMAGE, entity_type: 'Character', entity_id: 'nope' },
      { image_id: IMAGE },
    ]) {
      expect(imageDeletedEventOf(message)).toBeNull();
    }
  });
});
