import { encounterActor, mayChangeCombatant, mayStartSequence } from './encounter-access.rules.js';

const player = encounterActor('u-player', { isAdmin: false, isGamemaster: false, isMember: true });
const gamemaster = encounterActor('u-gm', { isAdmin: false, isGamemaster: true, isMember: false });
const admin = encounterActor('u-admin', { isAdmin: true, isGamemaster: false, isMember: false });

describe('who may act on a shot counter', () => {
  it('lets the gamemaster and admins change any combatant and start a sequence', () => {
    for (const actor of [gamemaster, admin]) {
      expect(mayChangeCombatant(actor, { userId: null })).toBe(true);
      expect(mayChangeCombatant(actor, { userId: 'u-player' })).toBe(true);
      expect(mayStartSequence(actor)).toBe(true);
    }
  });

  it('lets a player change only what they own, and never start a sequence', () => {
    expect(mayChangeCombatant(player, { userId: 'u-player' })).toBe(true);
    expect(mayChangeCombatant(player, { userId: 'u-other' })).toBe(false);
    expect(mayChangeCombatant(player, { userId: null })).toBe(false);
    expect(mayStartSequence(player)).toBe(false);
  });
});
