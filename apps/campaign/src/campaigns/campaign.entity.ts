import { randomUUID } from 'node:crypto';
import { defineEntity, p } from '@mikro-orm/core';
import { User } from '../users/user.entity.js';

const CampaignSchema = defineEntity({
  name: 'Campaign',
  tableName: 'campaigns',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    /** The gamemaster who runs it (column `user_id`, as in the Rails schema). */
    gamemaster: () => p.manyToOne(User).fieldName('user_id'),
    name: p.string().length(100),
    description: p.text().nullable(),
    active: p.boolean().default(true),
    /** The campaign new campaigns are seeded from; at most one. */
    isMasterTemplate: p.boolean().default(false),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});

export class Campaign extends CampaignSchema.class {}
CampaignSchema.setClass(Campaign);

const CampaignMembershipSchema = defineEntity({
  name: 'CampaignMembership',
  tableName: 'campaign_memberships',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    campaign: () => p.manyToOne(Campaign).deleteRule('cascade'),
    user: () => p.manyToOne(User).deleteRule('cascade'),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});

/** A player's membership of a campaign. The gamemaster is not a member of their own campaign. */
export class CampaignMembership extends CampaignMembershipSchema.class {}
CampaignMembershipSchema.setClass(CampaignMembership);

export { CampaignSchema, CampaignMembershipSchema };
