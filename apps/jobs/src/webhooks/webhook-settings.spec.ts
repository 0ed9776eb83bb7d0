import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadJobsConfig } from '../config.js';
import { webhookSettingsFrom } from './webhook-settings.js';

const base = { JWT_PUBLIC_KEY: 'unused here' };

describe('webhook settings', () => {
  it('defaults to no secret (deliver refused), 10 s, public addresses only and Discord itself', () => {
    expect(webhookSettingsFrom(loadJobsConfig(base))).toEqual({
      signingSecret: null,
      timeoutMs: 10_000,
      allowPrivateAddresses: false,
      discordBases: ['https://discord.com/api/webhooks/', 'https://discordapp.com/api/webhooks/'],
    });
  });

  it('reads the secret from WEBHOOK_SIGNING_SECRET_FILE, trimmed', () => {
    const folder = mkdtempSync(join(tmpdir(), 'webhook-secret-'));
    try {
      const file = join(folder, 'secret');
      writeFileSync(file, 'from-a-file-0123456789\n');
      const settings = webhookSettingsFrom(loadJobsConfig({ ...base, WEBHOOK_SIGNING_SECRET_FILE: file }));
      expect(settings.signingSecret).toBe('from-a-file-0123456789');
    } finally {
      rmSync(folder, { recursive: true });
    }
  });

  it('refuses a short secret without showing it', () => {
    expect(() => loadJobsConfig({ ...base, WEBHOOK_SIGNING_SECRET: 'short-one' })).toThrow(
      /WEBHOOK_SIGNING_SECRET must be 16 to 1024 characters without spaces \(got <hidden>\)/,
    );
  });

  it('reads the other settings and adds the configured Discord base', () => {
    const settings = webhookSettingsFrom(
      loadJobsConfig({
        ...base,
        WEBHOOK_TIMEOUT_MS: '2500',
        WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true',
        DISCORD_WEBHOOK_BASE_URL: 'http://127.0.0.1:4000/api/webhooks',
      }),
    );
    expect(settings).toMatchObject({ timeoutMs: 2500, allowPrivateAddresses: true });
    expect(settings.discordBases).toContain('http://127.0.0.1:4000/api/webhooks/');
    expect(() => loadJobsConfig({ ...base, WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'maybe' })).toThrow(
      /WEBHOOK_ALLOW_PRIVATE_ADDRESSES/,
    );
    expect(() => loadJobsConfig({ ...base, DISCORD_WEBHOOK_BASE_URL: 'ftp://x' })).toThrow(
      /DISCORD_WEBHOOK_BASE_URL/,
    );
  });
});
