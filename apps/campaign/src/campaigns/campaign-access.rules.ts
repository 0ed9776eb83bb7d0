/** How a user stands towards one campaign. */
export interface CampaignStanding {
  isAdmin: boolean;
  isGamemaster: boolean;
  isMember: boolean;
}

/** Members, the gamemaster and admins see a campaign; to anyone else it does not exist. */
export function canViewCampaign(standing: CampaignStanding): boolean {
  return standing.isAdmin || standing.isGamemaster || standing.isMember;
}

/** Only the gamemaster (or an admin) changes a campaign, its members, or deletes it. */
export function canManageCampaign(standing: CampaignStanding): boolean {
  return standing.isAdmin || standing.isGamemaster;
}

/** The gamemaster removes anyone; a member may remove only themselves (leave). */
export function canRemoveMember(standing: CampaignStanding, actorId: string, memberId: string): boolean {
  return canManageCampaign(standing) || (standing.isMember && actorId === memberId);
}

/** Campaigns are run by gamemasters; admins may create them too. */
export function canCreateCampaign(user: { admin: boolean; gamemaster: boolean }): boolean {
  return user.admin || user.gamemaster;
}

/** Only admins choose the master template campaign. */
export function canSetMasterTemplate(user: { admin: boolean }): boolean {
  return user.admin;
}
