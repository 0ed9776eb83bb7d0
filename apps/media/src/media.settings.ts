import type { MediaEnv } from './config.js';

export const MEDIA_SETTINGS = Symbol('MEDIA_SETTINGS');

/** The media features' settings, from the validated configuration (README: MEDIA_*). */
export interface MediaSettings {
  maxUploadBytes: number;
  maxImageDimension: number;
  unattachedTtlMs: number;
  sweepBatch: number;
}

export function mediaSettings(config: MediaEnv): MediaSettings {
  return {
    maxUploadBytes: config.MEDIA_MAX_UPLOAD_BYTES,
    maxImageDimension: config.MEDIA_MAX_IMAGE_DIMENSION,
    unattachedTtlMs: config.MEDIA_UNATTACHED_IMAGE_TTL_MINUTES * 60_000,
    sweepBatch: config.MEDIA_SWEEP_BATCH,
  };
}
