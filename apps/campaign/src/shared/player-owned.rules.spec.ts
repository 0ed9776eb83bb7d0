import { mayChangeOwned, mayGiveTo, ownerOnCreate, type OwnerCaller } from './player-owned.rules.js';

const standing = { isAdmin: false, isGamemaster: false, isMember: false };
const gamemaster: OwnerCaller = { userId: 'gm', standing: { ...standing, isGamemaster: true } };
const admin: OwnerCaller = { userId: 'admin', standing: { ...standing, isAdmin: true } };
const player: OwnerCaller = { userId: 'player', standing: { ...standing, isMember: true } };
const outsider: OwnerCaller = { userId: 'outsider', standing };

describe('owners of a new record', () => {
  it('is its creator unless the body names one', () => {
    expect(ownerOnCreate(player, undefined)).toEqual({ ok: true, ownerId: 'player' });
    expect(ownerOnCreate(gamemaster, undefined)).toEqual({ ok: true, ownerId: 'gm' });
    expect(ownerOnCreate(admin, undefined)).toEqual({ ok: true, ownerId: null });
  });

  it('may be anyone (or no one) the gamemaster or an admin names, but only the player themselves for a player', () => {
    expect(ownerOnCreate(gamemaster, 'player')).toEqual({ ok: true, ownerId: 'player' });
    expect(ownerOnCreate(admin, null)).toEqual({ ok: true, ownerId: null });
    expect(ownerOnCreate(player, 'player')).toEqual({ ok: true, ownerId: 'player' });
    expect(ownerOnCreate(player, 'gm')).toEqual({ ok: false });
    expect(ownerOnCreate(player, null)).toEqual({ ok: false });
  });

  it('is refused to someone outside the campaign', () => {
    expect(ownerOnCreate(outsider, undefined)).toEqual({ ok: false });
  });
});

describe('changing an owned record', () => {
  it('is for the gamemaster, an admin, or the player who owns it', () => {
    expect(mayChangeOwned(gamemaster, 'player')).toBe(true);
    expect(mayChangeOwned(admin, null)).toBe(true);
    expect(mayChangeOwned(player, 'player')).toBe(true);
    expect(mayChangeOwned(player, 'someone else')).toBe(false);
    expect(mayChangeOwned(player, null)).toBe(false);
    expect(mayChangeOwned(outsider, 'outsider')).toBe(false);
  });

  it('lets only the gamemaster or an admin hand it to someone else', () => {
    expect(mayGiveTo(gamemaster, 'player')).toBe(true);
    expect(mayGiveTo(player, 'player')).toBe(true);
    expect(mayGiveTo(player, 'gm')).toBe(false);
    expect(mayGiveTo(player, null)).toBe(false);
  });
});
