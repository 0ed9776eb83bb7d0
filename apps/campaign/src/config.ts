import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsString, Matches, Max, Min } from 'class-validator';
import {
  EnvBoolean,
  EnvInt,
  EnvSealingKey,
  IsUrlWithScheme,
  loadEnv,
  resolveFileVariables,
  VerifyingServiceEnv,
} from '@shotcaller/observability';
import { DISCORD_WEBHOOK_DEFAULT_BASE, JOB_WAIT_MAX_MS } from '@shotcaller/contracts';

/** CAMPAIGN_SEEDING: whether a new campaign is filled from the master template by a job. */
export const CAMPAIGN_SEEDING_MODES = ['job', 'off'] as const;
export type CampaignSeedingMode = (typeof CAMPAIGN_SEEDING_MODES)[number];

export class CampaignEnv extends VerifyingServiceEnv {
  override PORT = 3011;
  override OPS_PORT = 9011;

  @IsUrlWithScheme(['postgres', 'postgresql'])
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/shotcaller_campaign';

  @IsString({
    message: 'must be an ES256 private key in PEM, or set JWT_PRIVATE_KEY_FILE (npm run keys:generate)',
  })
  JWT_PRIVATE_KEY: string;

  /**
   * Here only the public keys of earlier signing keys (PEM, concatenated), still accepted on NATS requests until
   * their tokens expire: the public half of JWT_PRIVATE_KEY is always accepted, so none is needed.
   */
  override JWT_PUBLIC_KEY = '';

  /** Access tokens live a week, as the Rails API's did. */
  @EnvInt()
  @IsInt()
  @Min(60)
  @Max(90 * 24 * 3600)
  JWT_TTL_SECONDS = 7 * 24 * 3600;

  /** Consecutive failed sign-ins that lock an account. */
  @EnvInt()
  @IsInt()
  @Min(1)
  @Max(100)
  AUTH_LOCKOUT_THRESHOLD = 5;

  /** How long a locked account stays locked. */
  @EnvInt()
  @IsInt()
  @Min(1)
  @Max(7 * 24 * 3600)
  AUTH_LOCKOUT_SECONDS = 15 * 60;

  /** Whether signing in needs a confirmed email address (Devise's `confirmable` without its grace period). */
  @EnvBoolean()
  @IsBoolean()
  REQUIRE_CONFIRMED_EMAIL = false;

  /** How long an emailed confirmation link works (Devise's `confirm_within`). */
  @EnvInt()
  @IsInt()
  @Min(60)
  @Max(90 * 24 * 3600)
  CONFIRMATION_TOKEN_TTL_SECONDS = 3 * 24 * 3600;

  /** How long an emailed password reset link works (Devise's `reset_password_within`). */
  @EnvInt()
  @IsInt()
  @Min(60)
  @Max(7 * 24 * 3600)
  RESET_PASSWORD_TOKEN_TTL_SECONDS = 6 * 3600;

  /** Encounters (shot counters) a replica keeps to answer again until their campaign announces a change; 0: none. */
  @EnvInt()
  @IsInt()
  @Min(0)
  @Max(100_000)
  ENCOUNTER_CACHE_FIGHTS = 1000;

  /** The longest a kept encounter is answered, so that a change nobody announced (a renamed player) shows. */
  @EnvInt()
  @IsInt()
  @Min(0)
  @Max(3_600_000)
  ENCOUNTER_CACHE_MAX_AGE_MS = 10_000;

  /**
   * How a new campaign gets the master template's content: `job` queues `seeding`/`seed_campaign` with the
   * campaign's creation (which fails with 503 when the jobs service does not take it); `off` seeds nothing.
   */
  @IsIn(CAMPAIGN_SEEDING_MODES)
  CAMPAIGN_SEEDING: CampaignSeedingMode = 'job';

  /**
   * Where Discord webhook URLs start (`<base><id>/<token>`), besides Discord's own: a campaign's webhook must be
   * one of them. The same variable as the jobs service's; a local server stands in for Discord in tests.
   */
  @IsUrlWithScheme(['http', 'https'])
  DISCORD_WEBHOOK_BASE_URL: string = DISCORD_WEBHOOK_DEFAULT_BASE;

  /**
   * How long a character sheet export or import waits for the jobs service's pdf worker before answering 504
   * (at most JOB_WAIT_MAX_MS, 60 s).
   */
  @EnvInt()
  @IsInt()
  @Min(1000)
  @Max(JOB_WAIT_MAX_MS)
  PDF_WAIT_MS = 20_000;

  /**
   * Seals the Notion integration tokens campaigns connect (32 bytes as base64: `openssl rand -base64 32`); the
   * jobs service opens them with the same key. Also NOTION_TOKEN_KEY_FILE. Unset: connecting Notion is refused.
   */
  @EnvSealingKey()
  NOTION_TOKEN_KEY = '';

  /**
   * Where the media service's images are reached from outside (the gateway, or a CDN in front of it): a record's
   * `image_url` is this followed by the image's public path (`/media/<id>`). A trailing slash is dropped.
   */
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.trim().replace(/\/+$/, '') : value,
  )
  @IsUrlWithScheme(['http', 'https'])
  @Matches(/^[^\s,?#]+$/, { message: 'must be an http(s):// URL without a query or fragment' })
  MEDIA_PUBLIC_BASE_URL = 'http://localhost:3000';
}

export function loadCampaignConfig(env: Record<string, string | undefined> = process.env): CampaignEnv {
  return loadEnv(
    CampaignEnv,
    resolveFileVariables(env, ['JWT_PRIVATE_KEY', 'JWT_PUBLIC_KEY', 'NATS_NKEY_SEED', 'NOTION_TOKEN_KEY']),
  );
}
