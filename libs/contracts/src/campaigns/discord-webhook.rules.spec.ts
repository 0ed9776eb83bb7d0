import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { CampaignChangesDto } from './campaign.dtos.js';
import {
  discordWebhookBases,
  discordWebhookIdOf,
  DISCORD_WEBHOOK_URL_MAX,
  hasDiscordWebhookShape,
  isDiscordWebhookUrl,
} from './discord-webhook.rules.js';

const DISCORD = 'https://discord.com/api/webhooks/123456789012345678/AbC-def_123';

describe('the shape of a Discord webhook URL (what an edge checks without the configured base)', () => {
  it.each([
    DISCORD,
    'https://discordapp.com/api/webhooks/1/t',
    'http://127.0.0.1:4567/api/webhooks/42/token',
  ])('accepts %s', (url) => {
    expect(hasDiscordWebhookShape(url)).toBe(true);
  });

  it.each([
    ['not text', 42],
    ['not a URL', 'discord'],
    ['another scheme', 'ftp://discord.com/api/webhooks/1/token'],
    ['no token', 'https://discord.com/api/webhooks/123'],
    ['an id that is not a number', 'https://discord.com/api/webhooks/abc/token'],
    ['a path beyond the token', 'https://discord.com/api/webhooks/1/token/slack'],
    ['a query', 'https://discord.com/api/webhooks/1/token?wait=true'],
    ['a fragment', 'https://discord.com/api/webhooks/1/token#x'],
    ['credentials', 'https://user:pass@discord.com/api/webhooks/1/token'],
    ['too long', `https://discord.com/api/webhooks/1/${'a'.repeat(DISCORD_WEBHOOK_URL_MAX)}`],
  ])('refuses %s', (_case, url) => {
    expect(hasDiscordWebhookShape(url)).toBe(false);
  });
});

describe('Discord webhook URLs for the configured bases', () => {
  const bases = discordWebhookBases('https://discord.com/api/webhooks/');

  it('accepts Discord and discordapp.com; refuses other hosts and plain http', () => {
    expect(isDiscordWebhookUrl(DISCORD, bases)).toBe(true);
    expect(isDiscordWebhookUrl('https://discordapp.com/api/webhooks/1/t', bases)).toBe(true);
    expect(isDiscordWebhookUrl('https://discord.com.evil.example/api/webhooks/1/t', bases)).toBe(false);
    expect(isDiscordWebhookUrl('http://discord.com/api/webhooks/1/t', bases)).toBe(false);
  });

  it('accepts the configured base only when it is configured', () => {
    const local = discordWebhookBases('http://127.0.0.1:4567/api/webhooks');
    expect(isDiscordWebhookUrl('http://127.0.0.1:4567/api/webhooks/1/t', local)).toBe(true);
    expect(isDiscordWebhookUrl('http://127.0.0.1:4567/api/webhooks/1/t', bases)).toBe(false);
  });
});

describe('the id of a Discord webhook URL', () => {
  it('is the number before the token, never the token', () => {
    expect(discordWebhookIdOf(DISCORD)).toBe('123456789012345678');
    expect(discordWebhookIdOf('not a url')).toBeNull();
  });
});

describe('discord_webhook_url in a campaign change', () => {
  const errorsOf = (value: unknown) =>
    validateSync(plainToInstance(CampaignChangesDto, { discord_webhook_url: value })).map(
      (error) => error.property,
    );

  it('takes a webhook URL (trimmed) or null, and refuses anything else', () => {
    expect(errorsOf(` ${DISCORD} `)).toEqual([]);
    expect(errorsOf(null)).toEqual([]);
    expect(errorsOf('https://example.com/hook')).toEqual(['discord_webhook_url']);
    expect(errorsOf(12)).toEqual(['discord_webhook_url']);
  });
});
