import type { JobsEnv } from '../config.js';
import { discordWebhookBases } from './discord-url.rules.js';

/** What the webhooks queue needs of the jobs configuration. */
export interface WebhookSettings {
  /** Null when WEBHOOK_SIGNING_SECRET is unset: `deliver` jobs are refused. */
  signingSecret: string | null;
  timeoutMs: number;
  allowPrivateAddresses: boolean;
  /** Normalised bases a Discord webhook URL may start with. */
  discordBases: string[];
}

export const WEBHOOK_SETTINGS = Symbol('WebhookSettings');

export type WebhookConfig = Pick<
  JobsEnv,
  | 'WEBHOOK_SIGNING_SECRET'
  | 'WEBHOOK_TIMEOUT_MS'
  | 'WEBHOOK_ALLOW_PRIVATE_ADDRESSES'
  | 'DISCORD_WEBHOOK_BASE_URL'
>;

export function webhookSettingsFrom(config: WebhookConfig): WebhookSettings {
  return {
    signingSecret: config.WEBHOOK_SIGNING_SECRET === '' ? null : config.WEBHOOK_SIGNING_SECRET,
    timeoutMs: config.WEBHOOK_TIMEOUT_MS,
    allowPrivateAddresses: config.WEBHOOK_ALLOW_PRIVATE_ADDRESSES,
    discordBases: discordWebhookBases(config.DISCORD_WEBHOOK_BASE_URL),
  };
}
