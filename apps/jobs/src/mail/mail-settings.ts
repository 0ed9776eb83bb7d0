import type { JobsEnv } from '../config.js';

/** The part of the jobs configuration mail needs. */
export type MailSettings = Pick<JobsEnv, 'SMTP_URL' | 'MAIL_FROM' | 'APP_URL'>;

export const MAIL_SETTINGS = Symbol('MailSettings');

export function mailSettingsFrom(config: MailSettings): MailSettings {
  return { SMTP_URL: config.SMTP_URL, MAIL_FROM: config.MAIL_FROM.trim(), APP_URL: config.APP_URL.trim() };
}
