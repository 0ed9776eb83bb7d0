import type { CampaignChangesDto, CreateCampaignInput, UpdateCampaignInput } from '@shotcaller/contracts';

/**
 * The writable fields of a campaign body. The Rails-era client round-trips the whole record; its read-only
 * fields are dropped here, and the older `player_ids` stands for `user_ids`.
 */
export function writableCampaignFields(input: CreateCampaignInput | UpdateCampaignInput): CampaignChangesDto {
  const fields: CampaignChangesDto = {
    name: input.name,
    description: input.description,
    active: input.active,
    is_master_template: input.is_master_template,
    user_ids: input.user_ids ?? input.player_ids,
    discord_webhook_url: input.discord_webhook_url,
    notion_database_id: input.notion_database_id,
    notion_token: input.notion_token,
  };
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}
