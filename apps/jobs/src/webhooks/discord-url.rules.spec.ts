import { discordWebhookBases, isDiscordWebhookUrl } from './discord-url.rules.js';

describe('Discord webhook URLs', () => {
  const bases = discordWebhookBases('https://discord.com/api/webhooks/');

  it.each([
    'https://discord.com/api/webhooks/123456789012345678/AbC-def_123',
    'https://discordapp.com/api/webhooks/123456789012345678/AbC-def_123',
  ])('accepts %s', (url) => {
    expect(isDiscordWebhookUrl(url, bases)).toBe(true);
  });

  it.each([
    ['another host', 'https://evil.example/api/webhooks/1/token'],
    ['a host that only starts like Discord', 'https://discord.com.evil.example/api/webhooks/1/token'],
    ['plain http', 'http://discord.com/api/webhooks/1/token'],
    ['no token', 'https://discord.com/api/webhooks/123'],
    ['a path beyond the token', 'https://discord.com/api/webhooks/1/token/slack'],
    ['an id that is not a number', 'https://discord.com/api/webhooks/abc/token'],
    ['a query', 'https://discord.com/api/webhooks/1/token?wait=true'],
    ['credentials', 'https://user:pass@discord.com/api/webhooks/1/token'],
    ['another path', 'https://discord.com/api/v10/channels/1/messages'],
    ['not a URL', 'discord'],
  ])('refuses %s', (_case, url) => {
    expect(isDiscordWebhookUrl(url, bases)).toBe(false);
  });

  it('accepts the configured base (a local stand-in for Discord), with or without its trailing slash', () => {
    const local = discordWebhookBases('http://127.0.0.1:4567/hooks');
    expect(local).toContain('http://127.0.0.1:4567/hooks/');
    expect(isDiscordWebhookUrl('http://127.0.0.1:4567/hooks/1/token', local)).toBe(true);
    expect(isDiscordWebhookUrl('http://127.0.0.1:4567/hooks/1/token', bases)).toBe(false);
    expect(isDiscordWebhookUrl('http://127.0.0.1:4567/hooksx/1/token', local)).toBe(false);
  });
});
