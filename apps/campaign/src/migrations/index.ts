import type { MigrationObject } from '@mikro-orm/core';
import { AccountsAndCampaigns } from './20261121000000-accounts-and-campaigns.js';
import { TokenVersionsAndSignInFailures } from './20261201000000-token-versions-and-sign-in-failures.js';
import { RevokedTokens } from './20261201100000-revoked-tokens.js';
import { IdempotencyKeys } from './20261201200000-idempotency-keys.js';
import { CampaignEntities } from './20261202000000-campaign-entities.js';
import { Invitations } from './20261202100000-invitations.js';
import { VehicleJuncturesAndOnboarding } from './20261203400000-vehicle-junctures-and-onboarding.js';
import { AccountTokens } from './20261204100000-account-tokens.js';
import { CampaignDiscordWebhooks } from './20261204200000-campaign-discord-webhooks.js';
import { CampaignSeeding } from './20261204300000-campaign-seeding.js';
import { NotionSync } from './20261205100000-notion-sync.js';
import { RecordImageIndexes } from './20261206100000-record-image-indexes.js';

/** Every migration of the campaign database, oldest first. Names are stored once applied: never rename one. */
export const campaignMigrations: MigrationObject[] = [
  { name: '20261121000000-accounts-and-campaigns', class: AccountsAndCampaigns },
  {
    name: '20261201000000-token-versions-and-sign-in-failures',
    class: TokenVersionsAndSignInFailures,
  },
  { name: '20261201100000-revoked-tokens', class: RevokedTokens },
  { name: '20261201200000-idempotency-keys', class: IdempotencyKeys },
  { name: '20261202000000-campaign-entities', class: CampaignEntities },
  { name: '20261202100000-invitations', class: Invitations },
  { name: '20261203400000-vehicle-junctures-and-onboarding', class: VehicleJuncturesAndOnboarding },
  { name: '20261204100000-account-tokens', class: AccountTokens },
  { name: '20261204200000-campaign-discord-webhooks', class: CampaignDiscordWebhooks },
  { name: '20261204300000-campaign-seeding', class: CampaignSeeding },
  { name: '20261205100000-notion-sync', class: NotionSync },
  { name: '20261206100000-record-image-indexes', class: RecordImageIndexes },
];
