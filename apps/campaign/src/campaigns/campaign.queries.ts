import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import { User } from '../users/user.entity.js';
import { Campaign, CampaignMembership } from './campaign.entity.js';
import type { CampaignStanding } from './campaign-access.rules.js';

/** Ids of the campaigns a user plays in (not the ones they run). */
export async function memberCampaignIds(em: EntityManager, userId: string): Promise<string[]> {
  const memberships = await em.find(CampaignMembership, { user: userId }, { fields: ['campaign'] });
  return memberships.map((membership) => membership.campaign.id);
}

/** The campaigns a user runs or plays in. */
export async function visibleCampaigns(em: EntityManager, userId: string): Promise<FilterQuery<Campaign>> {
  const memberOf = await memberCampaignIds(em, userId);
  return { $or: [{ gamemaster: userId }, { id: { $in: memberOf } }] };
}

export async function standingOf(
  em: EntityManager,
  user: User,
  campaign: Campaign,
): Promise<CampaignStanding> {
  const isGamemaster = campaign.gamemaster.id === user.id;
  const isMember = !isGamemaster && (await em.count(CampaignMembership, { campaign, user: user.id })) > 0;
  return { isAdmin: user.admin, isGamemaster, isMember };
}

/** The member ids of each campaign, in joining order, in one query for the whole page (no user rows loaded). */
export async function memberIdsByCampaign(
  em: EntityManager,
  campaignIds: string[],
): Promise<Map<string, string[]>> {
  const members = new Map<string, string[]>(campaignIds.map((id) => [id, []]));
  if (campaignIds.length === 0) return members;
  const memberships = await em.find(
    CampaignMembership,
    { campaign: { $in: campaignIds } },
    { fields: ['campaign', 'user'], orderBy: { createdAt: 'asc', id: 'asc' } },
  );
  for (const membership of memberships) members.get(membership.campaign.id)?.push(membership.user.id);
  return members;
}

/** A campaign's members, in joining order. */
export async function membersOf(em: EntityManager, campaignId: string): Promise<User[]> {
  const memberships = await em.find(
    CampaignMembership,
    { campaign: campaignId },
    { populate: ['user'], orderBy: { createdAt: 'asc', id: 'asc' } },
  );
  return memberships.map((membership) => membership.user);
}

/** Everyone who shares a campaign with the user (gamemasters and members of what they run or play), and themselves. */
export async function peopleAround(
  em: EntityManager,
  userId: string,
  campaignIds?: string[],
): Promise<Set<string>> {
  const scope =
    campaignIds ??
    (await em.find(Campaign, await visibleCampaigns(em, userId), { fields: ['id'] })).map((c) => c.id);
  const people = new Set<string>(campaignIds ? [] : [userId]);
  if (scope.length === 0) return people;
  const [campaigns, memberships] = await Promise.all([
    em.find(Campaign, { id: { $in: scope } }, { fields: ['gamemaster'] }),
    em.find(CampaignMembership, { campaign: { $in: scope } }, { fields: ['user'] }),
  ]);
  for (const campaign of campaigns) people.add(campaign.gamemaster.id);
  for (const membership of memberships) people.add(membership.user.id);
  return people;
}

/** `%term%` for ILIKE with the term's own wildcards taken literally. */
export function containsPattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}
