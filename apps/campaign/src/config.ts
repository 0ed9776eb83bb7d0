import { IsInt, IsString, Max, Min } from 'class-validator';
import {
  EnvInt,
  IsUrlWithScheme,
  loadEnv,
  resolveFileVariables,
  VerifyingServiceEnv,
} from '@shotcaller/observability';

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
}

export function loadCampaignConfig(env: Record<string, string | undefined> = process.env): CampaignEnv {
  return loadEnv(
    CampaignEnv,
    resolveFileVariables(env, ['JWT_PRIVATE_KEY', 'JWT_PUBLIC_KEY', 'NATS_NKEY_SEED']),
  );
}
