import type { CampaignView } from '@shotcaller/contracts';
import { toDiscordWebhookView } from './campaign-discord-webhook.js';
import { toNotionConnectionView } from './campaign-notion.js';

/** The settings of a campaign only the one who manages it sees (a Campaign entity, or a read row). */
export interface ManagedSettings {
  discordWebhookUrl?: string | null;
  notionDatabaseId?: string | null;
  notionConnectedAt?: Date | string | null;
}

/**
 * A campaign view as the one who manages the campaign sees it: with `discord_webhook` and `notion`, never their
 * secrets. Every other view (a player's, the one announced to all members) is built without them.
 */
export function withManagedSettings(view: CampaignView, settings: ManagedSettings): CampaignView {
  return {
    ...view,
    discord_webhook: toDiscordWebhookView(settings.discordWebhookUrl),
    notion: toNotionConnectionView(settings.notionDatabaseId, settings.notionConnectedAt),
  };
}
