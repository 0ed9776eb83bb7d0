import { IsInt, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { LOCATION_DURATION_MAX_MINUTES } from '@shotcaller/contracts';
import {
  ConfigError,
  EnvInt,
  IsUrlWithScheme,
  loadEnv,
  resolveFileVariables,
  VerifyingServiceEnv,
} from '@shotcaller/observability';

/** The hard cap of participants per session: no configuration goes above it. */
export const HARD_MAX_PARTICIPANTS = 50;

export class LocationEnv extends VerifyingServiceEnv {
  override PORT = 3013;
  override OPS_PORT = 9013;

  @IsUrlWithScheme(['postgres', 'postgresql'])
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/shotcaller_location';

  @IsUrlWithScheme(['redis', 'rediss'])
  REDIS_URL = 'redis://127.0.0.1:6379';

  @Matches(/^[A-Za-z0-9:_.-]{0,64}$/, { message: 'must be up to 64 letters, digits, ":", "_", "." or "-"' })
  REDIS_KEY_PREFIX = 'shotcaller:';

  /**
   * ES256 private key (PEM) participant tokens are signed with (or LOCATION_TOKEN_PRIVATE_KEY_FILE). Empty: a key
   * made at boot, good only for one replica in development (refused when NODE_ENV=production); the gateway then
   * needs its public half in LOCATION_TOKEN_PUBLIC_KEY, which is logged at boot.
   */
  @IsString()
  LOCATION_TOKEN_PRIVATE_KEY = '';

  @IsString()
  @MinLength(1)
  @MaxLength(200)
  LOCATION_TOKEN_ISSUER = 'shotcaller-realtime-location';

  @IsString()
  @MinLength(1)
  @MaxLength(200)
  LOCATION_TOKEN_AUDIENCE = 'shotcaller';

  /**
   * How long a participant token outlives its session's expires_at (seconds). A session that expires is ended by
   * the next sweep, which tells its participants `session.ended` and has the gateways close their connections as
   * `gone`; a token that expired with the session would have had them closed as `unauthenticated` before that.
   * The service refuses everything in the session from expires_at on all the same. Keep it above the sweep's
   * interval with room for a late or failed round: JOBS_LOCATION_SWEEP_EVERY_MS (60 s by default, so the default
   * covers five rounds) or, where no jobs service runs, LOCATION_SWEEP_INTERVAL_MS (checked at boot: at least twice).
   */
  @EnvInt()
  @IsInt()
  @Min(60)
  @Max(86_400)
  LOCATION_TOKEN_GRACE_SECONDS = 300;

  /** Participants per session (the creator included); at most 50. */
  @EnvInt()
  @IsInt()
  @Min(2)
  @Max(HARD_MAX_PARTICIPANTS)
  LOCATION_MAX_PARTICIPANTS = HARD_MAX_PARTICIPANTS;

  /** How long a session lasts when its creator does not say (minutes). */
  @EnvInt()
  @IsInt()
  @Min(1)
  @Max(LOCATION_DURATION_MAX_MINUTES)
  LOCATION_DEFAULT_DURATION_MINUTES = 24 * 60;

  /** The longest a creator may ask a session to last (minutes). */
  @EnvInt()
  @IsInt()
  @Min(1)
  @Max(LOCATION_DURATION_MAX_MINUTES)
  LOCATION_MAX_DURATION_MINUTES = 24 * 60;

  /** A session without any activity (join, update, leave) this long ends. */
  @EnvInt()
  @IsInt()
  @Min(1)
  @Max(7 * 24 * 60)
  LOCATION_INACTIVITY_MINUTES = 60;

  /**
   * A participant not seen this long (no connection reported by a gateway, no update, no subscribe) is marked left
   * by the sweep, which frees their place in the session. Gateways report their participants every minute.
   */
  @EnvInt()
  @IsInt()
  @Min(2)
  @Max(7 * 24 * 60)
  LOCATION_PARTICIPANT_UNSEEN_MINUTES = 10;

  /** How long a position is kept after it was sent. */
  @EnvInt()
  @IsInt()
  @Min(1)
  @Max(3600)
  LOCATION_POSITION_TTL_SECONDS = 30;

  /** Shortest time between two stored updates of one participant; faster ones are refused (0: no limit). */
  @EnvInt()
  @IsInt()
  @Min(0)
  @Max(60_000)
  LOCATION_MIN_UPDATE_INTERVAL_MS = 1000;

  /** How far in the future a position's recorded_at may be (device clocks differ). */
  @EnvInt()
  @IsInt()
  @Min(0)
  @Max(3_600_000)
  LOCATION_MAX_CLOCK_SKEW_MS = 60_000;

  /** How old a position's recorded_at may be when it arrives. */
  @EnvInt()
  @IsInt()
  @Min(1000)
  @Max(86_400_000)
  LOCATION_MAX_POSITION_AGE_MS = 600_000;

  /**
   * How often this service runs the sweep of expired and inactive sessions on its own timer (behind a Redis lock,
   * one replica at a time). 0 (the default): no timer, the jobs service schedules `location.sessions.sweep`; set it
   * only where no jobs service runs.
   */
  @EnvInt()
  @IsInt()
  @Min(0)
  @Max(3_600_000)
  LOCATION_SWEEP_INTERVAL_MS = 0;
}

export function loadLocationConfig(env: Record<string, string | undefined> = process.env): LocationEnv {
  const config = loadEnv(
    LocationEnv,
    resolveFileVariables(env, ['JWT_PUBLIC_KEY', 'NATS_NKEY_SEED', 'LOCATION_TOKEN_PRIVATE_KEY']),
  );
  const problems: string[] = [];
  if (config.LOCATION_DEFAULT_DURATION_MINUTES > config.LOCATION_MAX_DURATION_MINUTES) {
    problems.push('LOCATION_DEFAULT_DURATION_MINUTES must not exceed LOCATION_MAX_DURATION_MINUTES');
  }
  if (
    config.LOCATION_SWEEP_INTERVAL_MS > 0 &&
    config.LOCATION_TOKEN_GRACE_SECONDS * 1000 < 2 * config.LOCATION_SWEEP_INTERVAL_MS
  ) {
    problems.push(
      'LOCATION_TOKEN_GRACE_SECONDS must be at least twice LOCATION_SWEEP_INTERVAL_MS, so that the sweep ends an ' +
        'expired session (and tells its participants) before their tokens expire',
    );
  }
  if (config.LOCATION_TOKEN_PRIVATE_KEY.trim() === '' && config.NODE_ENV === 'production') {
    problems.push(
      'LOCATION_TOKEN_PRIVATE_KEY (or LOCATION_TOKEN_PRIVATE_KEY_FILE) is required in production',
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
