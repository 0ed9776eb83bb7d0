import { canChangeShot, canLinkDriver, driverLinkRefusal } from './shots.rules.js';

const player = { isAdmin: false, isGamemaster: false, isMember: true };
const gamemaster = { isAdmin: false, isGamemaster: true, isMember: false };

describe('canChangeShot', () => {
  it('lets the gamemaster change any shot and a player only their own', () => {
    expect(canChangeShot(gamemaster, 'gm', null)).toBe(true);
    expect(canChangeShot(player, 'me', 'me')).toBe(true);
    expect(canChangeShot(player, 'me', 'someone else')).toBe(false);
    expect(canChangeShot(player, 'me', null)).toBe(false);
  });
});

describe('driverLinkRefusal', () => {
  it('takes a character shot of the fight only', () => {
    expect(driverLinkRefusal({ hasCharacter: true })).toBeUndefined();
    expect(driverLinkRefusal({ hasCharacter: false })).toBe("must be a character's shot");
    expect(driverLinkRefusal(null)).toBe('is not a shot of this fight');
  });
});

describe('canLinkDriver', () => {
  it('lets the gamemaster link anyone and a player only their own character to their own vehicle', () => {
    expect(canLinkDriver(gamemaster, 'gm', { vehicleOwner: null, driverOwner: 'me' })).toBe(true);
    expect(canLinkDriver(player, 'me', { vehicleOwner: 'me', driverOwner: 'me' })).toBe(true);
    expect(canLinkDriver(player, 'me', { vehicleOwner: null, driverOwner: 'me' })).toBe(false);
    expect(canLinkDriver(player, 'me', { vehicleOwner: 'me', driverOwner: 'you' })).toBe(false);
  });
});
