import type { LocationEnv } from './config.js';

export const LOCATION_SETTINGS = Symbol('LOCATION_SETTINGS');

/** The location features' settings, from the validated configuration (README: LOCATION_*). */
export interface LocationSettings {
  tokenPrivateKeyPem: string;
  tokenIssuer: string;
  tokenAudience: string;
  /** How long a participant token outlives its session's expires_at, in seconds. */
  tokenGraceSeconds: number;
  maxParticipants: number;
  defaultDurationMinutes: number;
  maxDurationMinutes: number;
  inactivityMs: number;
  participantUnseenMs: number;
  positionTtlMs: number;
  minUpdateIntervalMs: number;
  maxClockSkewMs: number;
  maxPositionAgeMs: number;
  sweepIntervalMs: number;
}

export function locationSettings(config: LocationEnv): LocationSettings {
  return {
    tokenPrivateKeyPem: config.LOCATION_TOKEN_PRIVATE_KEY,
    tokenIssuer: config.LOCATION_TOKEN_ISSUER,
    tokenAudience: config.LOCATION_TOKEN_AUDIENCE,
    tokenGraceSeconds: config.LOCATION_TOKEN_GRACE_SECONDS,
    maxParticipants: config.LOCATION_MAX_PARTICIPANTS,
    defaultDurationMinutes: config.LOCATION_DEFAULT_DURATION_MINUTES,
    maxDurationMinutes: config.LOCATION_MAX_DURATION_MINUTES,
    inactivityMs: config.LOCATION_INACTIVITY_MINUTES * 60_000,
    participantUnseenMs: config.LOCATION_PARTICIPANT_UNSEEN_MINUTES * 60_000,
    positionTtlMs: config.LOCATION_POSITION_TTL_SECONDS * 1000,
    minUpdateIntervalMs: config.LOCATION_MIN_UPDATE_INTERVAL_MS,
    maxClockSkewMs: config.LOCATION_MAX_CLOCK_SKEW_MS,
    maxPositionAgeMs: config.LOCATION_MAX_POSITION_AGE_MS,
    sweepIntervalMs: config.LOCATION_SWEEP_INTERVAL_MS,
  };
}
