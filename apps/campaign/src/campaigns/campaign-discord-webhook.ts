import {
  DISCORD_WEBHOOK_URL_MESSAGE,
  discordWebhookIdOf,
  isDiscordWebhookUrl,
  ServiceError,
  type DiscordWebhookView,
} from '@shotcaller/contracts';

/** What a campaign's gamemaster is shown of its Discord webhook: that one is set and its id, never the token. */
export function toDiscordWebhookView(url: string | null | undefined): DiscordWebhookView | null {
  if (!url) return null;
  return { configured: true, id: discordWebhookIdOf(url) ?? '' };
}

/** The webhook URL to store for a campaign: null clears it; any other must start with one of `bases` (422). */
export function checkedDiscordWebhookUrl(url: string | null, bases: readonly string[]): string | null {
  if (url === null) return null;
  if (!isDiscordWebhookUrl(url, bases)) {
    throw ServiceError.validation({ discord_webhook_url: [DISCORD_WEBHOOK_URL_MESSAGE] });
  }
  return url;
}
