import {
  DISCORD_WEBHOOK_URL_MESSAGE,
  discordWebhookBases,
  ServiceError,
  type CampaignView,
} from '@shotcaller/contracts';
import { checkedDiscordWebhookUrl, toDiscordWebhookView } from './campaign-discord-webhook.js';
import { withManagedSettings } from './campaign-managed-settings.js';

const URL = 'https://discord.com/api/webhooks/987654321/Top-Secret_token';
const bases = discordWebhookBases('http://127.0.0.1:9/api/webhooks/');

describe("a campaign's Discord webhook", () => {
  it('is shown as configured with its id, never with its token', () => {
    expect(toDiscordWebhookView(URL)).toEqual({ configured: true, id: '987654321' });
    expect(toDiscordWebhookView(null)).toBeNull();
    const view = withManagedSettings({ id: 'c' } as CampaignView, { discordWebhookUrl: URL });
    expect(view.discord_webhook).toEqual({ configured: true, id: '987654321' });
    expect(JSON.stringify(view)).not.toContain('Top-Secret_token');
  });

  it('is stored when it starts with a configured base, cleared with null, refused otherwise', () => {
    expect(checkedDiscordWebhookUrl(URL, bases)).toBe(URL);
    expect(checkedDiscordWebhookUrl('http://127.0.0.1:9/api/webhooks/1/t', bases)).toBe(
      'http://127.0.0.1:9/api/webhooks/1/t',
    );
    expect(checkedDiscordWebhookUrl(null, bases)).toBeNull();
    let refusal: unknown;
    try {
      checkedDiscordWebhookUrl('https://example.com/api/webhooks/1/t', bases);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(ServiceError);
    expect((refusal as ServiceError).code).toBe('validation_failed');
    expect((refusal as ServiceError).details).toEqual({
      errors: { discord_webhook_url: [DISCORD_WEBHOOK_URL_MESSAGE] },
    });
  });
});
