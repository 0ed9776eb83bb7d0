import { randomUUID } from 'node:crypto';
import { defineEntity, p } from '@mikro-orm/core';
import { CAMPAIGN_SEEDING_STATUSES } from '@shotcaller/contracts';
import { User } from '../users/user.entity.js';

const CampaignSchema = defineEntity({
  name: 'Campaign',
  tableName: 'campaigns',
  uniques: [
    {
      name: 'campaigns_gamemaster_name_unique',
      expression: 'create unique index campaigns_gamemaster_name_unique on campaigns (user_id, lower(name))',
    },
    { name: 'campaigns_one_master_template', properties: ['isMasterTemplate'], where: 'is_master_template' },
  ],
  indexes: [{ name: 'campaigns_created_at_index', properties: ['createdAt'] }],
  checks: [
    {
      name: 'campaigns_seeding_status_check',
      expression: `seeding_status in (${CAMPAIGN_SEEDING_STATUSES.map((status) => `'${status}'`).join(', ')})`,
    },
    {
      name: 'campaigns_notion_connection_check',
      expression:
        '(notion_database_id is null) = (notion_token_sealed is null) and (notion_database_id is null) = (notion_connected_at is null)',
    },
  ],
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    /** The gamemaster who runs it (column `user_id`, as in the Rails schema). */
    gamemaster: () =>
      p.manyToOne(User).fieldName('user_id').foreignKeyName('campaigns_user_id_fkey').deleteRule('restrict'),
    name: p.string().length(100),
    description: p.text().nullable(),
    active: p.boolean().default(true),
    /** The campaign new campaigns are seeded from; at most one. */
    isMasterTemplate: p.boolean().default(false),
    /** The Discord webhook fights are posted to (`<base><id>/<token>`): its token is a secret, never shown. */
    discordWebhookUrl: p.string().length(2048).nullable().hidden(),
    /** The Notion database its characters are synced to (32 hex digits); null: Notion is not connected. */
    notionDatabaseId: p.string().length(32).nullable().hidden(),
    /** The Notion integration token, sealed with NOTION_TOKEN_KEY (sealSecret): a secret, never shown. */
    notionTokenSealed: p.string().length(4096).nullable().hidden(),
    notionConnectedAt: p.datetime().nullable().hidden(),
    /** Its copy of the master template (one of CAMPAIGN_SEEDING_STATUSES); null: not seeded. */
    seedingStatus: p.string().length(10).nullable(),
    /** Seeding steps done, of `seedingTotal`. */
    seedingDone: p.integer().default(0),
    seedingTotal: p.integer().default(0),
    /** When seeding last finished. */
    seededAt: p.datetime().nullable(),
    createdAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});

export class Campaign extends CampaignSchema.class {}
CampaignSchema.setClass(Campaign);

const CampaignMembershipSchema = defineEntity({
  name: 'CampaignMembership',
  tableName: 'campaign_memberships',
  uniques: [{ name: 'campaign_memberships_unique', properties: ['campaign', 'user'] }],
  indexes: [{ name: 'campaign_memberships_user_index', properties: ['user'] }],
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    campaign: () =>
      p.manyToOne(Campaign).foreignKeyName('campaign_memberships_campaign_id_fkey').deleteRule('cascade'),
    user: () => p.manyToOne(User).foreignKeyName('campaign_memberships_user_id_fkey').deleteRule('cascade'),
    createdAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date()),
  },
});

/** A player's membership of a campaign. The gamemaster is not a member of their own campaign. */
export class CampaignMembership extends CampaignMembershipSchema.class {}
CampaignMembershipSchema.setClass(CampaignMembership);

export { CampaignSchema, CampaignMembershipSchema };
