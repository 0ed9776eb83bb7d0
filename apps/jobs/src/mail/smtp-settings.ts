import type { SMTPPoolOptions } from 'nodemailer';

/**
 * How long a send may wait on the mail server before it fails (and is retried): nodemailer's own defaults
 * (2 minutes to connect, 10 minutes of silence) would hold a worker slot far longer than a retry costs.
 */
export const SMTP_TIMEOUTS_MS = {
  connection: 10_000,
  greeting: 10_000,
  socket: 60_000,
  dns: 10_000,
} as const;

/**
 * nodemailer's pooled SMTP options from SMTP_URL: `smtp://` connects in plain text and upgrades with STARTTLS
 * when the server offers it, `smtps://` connects with TLS; `user:password@` (percent-encoded) signs in.
 */
export function smtpTransportOptions(smtpUrl: string): SMTPPoolOptions {
  const url = new URL(smtpUrl.trim());
  const secure = url.protocol === 'smtps:';
  if (!secure && url.protocol !== 'smtp:') throw new Error('SMTP_URL must be an smtp:// or smtps:// URL');
  const options: SMTPPoolOptions = {
    pool: true,
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    connectionTimeout: SMTP_TIMEOUTS_MS.connection,
    greetingTimeout: SMTP_TIMEOUTS_MS.greeting,
    socketTimeout: SMTP_TIMEOUTS_MS.socket,
    dnsTimeout: SMTP_TIMEOUTS_MS.dns,
    // nodemailer's logger would write addresses and message contents.
    logger: false,
    debug: false,
  };
  if (url.username) {
    options.auth = { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) };
  }
  return options;
}
