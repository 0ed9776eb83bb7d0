import { isCampaignPositionable, mayPositionImage } from './image-position.rules.js';

const standing = { isAdmin: false, isGamemaster: false, isMember: false };
const gamemaster = { userId: 'gm', standing: { ...standing, isGamemaster: true } };
const player = { userId: 'player', standing: { ...standing, isMember: true } };

describe('image positions', () => {
  it('belong to the records of a campaign, not to users', () => {
    expect(isCampaignPositionable('Vehicle')).toBe(true);
    expect(isCampaignPositionable('Campaign')).toBe(true);
    expect(isCampaignPositionable('User')).toBe(false);
  });

  it('are set by whoever may change the record: the gamemaster, or a player for what they own', () => {
    expect(mayPositionImage(gamemaster, 'Faction', null)).toBe(true);
    expect(mayPositionImage(gamemaster, 'Character', 'player')).toBe(true);
    expect(mayPositionImage(player, 'Character', 'player')).toBe(true);
    expect(mayPositionImage(player, 'Vehicle', 'gm')).toBe(false);
    expect(mayPositionImage(player, 'Faction', null)).toBe(false);
    expect(mayPositionImage(player, 'Campaign', null)).toBe(false);
  });
});
