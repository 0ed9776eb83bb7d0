import {
  canCreateCampaign,
  canManageCampaign,
  canRemoveMember,
  canSetMasterTemplate,
  canViewCampaign,
} from './campaign-access.rules.js';

const stranger = { isAdmin: false, isGamemaster: false, isMember: false };
const member = { ...stranger, isMember: true };
const gamemaster = { ...stranger, isGamemaster: true };
const admin = { ...stranger, isAdmin: true };

describe('campaign access', () => {
  it('shows a campaign to its members, its gamemaster and admins only', () => {
    expect([stranger, member, gamemaster, admin].map(canViewCampaign)).toEqual([false, true, true, true]);
  });

  it('lets only the gamemaster and admins manage it', () => {
    expect([stranger, member, gamemaster, admin].map(canManageCampaign)).toEqual([false, false, true, true]);
  });

  it('lets a member remove only themselves, and the gamemaster anyone', () => {
    expect(canRemoveMember(member, 'me', 'me')).toBe(true);
    expect(canRemoveMember(member, 'me', 'someone-else')).toBe(false);
    expect(canRemoveMember(gamemaster, 'gm', 'someone-else')).toBe(true);
    expect(canRemoveMember(stranger, 'me', 'me')).toBe(false);
  });

  it('lets gamemasters and admins create campaigns, and only admins pick the master template', () => {
    expect(canCreateCampaign({ admin: false, gamemaster: true })).toBe(true);
    expect(canCreateCampaign({ admin: false, gamemaster: false })).toBe(false);
    expect(canCreateCampaign({ admin: true, gamemaster: false })).toBe(true);
    expect(canSetMasterTemplate({ admin: false })).toBe(false);
    expect(canSetMasterTemplate({ admin: true })).toBe(true);
  });
});
