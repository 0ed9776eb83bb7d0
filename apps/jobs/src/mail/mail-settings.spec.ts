import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadJobsConfig } from '../config.js';
import { mailSettingsFrom } from './mail-settings.js';
import { smtpTransportOptions } from './smtp-settings.js';

const base = { JWT_PUBLIC_KEY: 'test key' };

describe('mail settings in the jobs configuration', () => {
  it('default to Mailpit on this machine and the local app', () => {
    expect(mailSettingsFrom(loadJobsConfig(base))).toEqual({
      SMTP_URL: 'smtp://127.0.0.1:1025',
      MAIL_FROM: 'Shotcaller <no-reply@shotcaller.local>',
      APP_URL: 'http://localhost:3001',
    });
  });

  it('read SMTP_URL from SMTP_URL_FILE, credentials and trailing newline included', () => {
    const folder = mkdtempSync(join(tmpdir(), 'smtp-url-'));
    try {
      const file = join(folder, 'smtp_url');
      writeFileSync(file, 'smtps://mailer:s3cret@mail.example.com\n');
      const config = loadJobsConfig({ ...base, SMTP_URL_FILE: file });
      expect(smtpTransportOptions(config.SMTP_URL)).toMatchObject({
        host: 'mail.example.com',
        port: 465,
        secure: true,
        auth: { user: 'mailer', pass: 's3cret' },
      });
    } finally {
      rmSync(folder, { recursive: true });
    }
  });

  it('refuse another scheme, naming the variable without its password', () => {
    expect(() => loadJobsConfig({ ...base, SMTP_URL: 'http://mailer:s3cret@mail.example.com' })).toThrow(
      /SMTP_URL must be a smtp\|smtps:\/\/ URL/,
    );
    expect(() => loadJobsConfig({ ...base, SMTP_URL: 'http://mailer:s3cret@mail.example.com' })).not.toThrow(
      /s3cret/,
    );
  });

  it('refuse a sender on more than one line or without an address, and an APP_URL that is not http(s)', () => {
    expect(() => loadJobsConfig({ ...base, MAIL_FROM: 'A <a@example.com>\r\nBcc: b@example.com' })).toThrow(
      /MAIL_FROM/,
    );
    expect(() => loadJobsConfig({ ...base, MAIL_FROM: 'Shotcaller' })).toThrow(/MAIL_FROM/);
    expect(() => loadJobsConfig({ ...base, APP_URL: 'ftp://app.example.com' })).toThrow(/APP_URL/);
    expect(loadJobsConfig({ ...base, APP_URL: 'https://app.example.com/' }).APP_URL).toBe(
      'https://app.example.com/',
    );
  });
});
