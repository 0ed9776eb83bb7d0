/** The Discord webhook URL rule lives in libs/contracts: the campaign service checks a campaign's URL by it too. */
export { DISCORD_WEBHOOK_BASES, discordWebhookBases, isDiscordWebhookUrl } from '@shotcaller/contracts';
