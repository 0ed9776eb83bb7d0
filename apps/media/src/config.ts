import { IsInt, IsString, Max, Min, MinLength } from 'class-validator';
import { IMAGE_IDS_MAX } from '@shotcaller/contracts';
import {
  EnvInt,
  IsUrlWithScheme,
  loadEnv,
  resolveFileVariables,
  VerifyingServiceEnv,
} from '@shotcaller/observability';

/** The largest upload any configuration may allow (100 MiB). */
export const HARD_MAX_UPLOAD_BYTES = 100 * 1024 * 1024;
/** The widest or tallest image any configuration may allow: libvips' default pixel limit is this squared. */
export const HARD_MAX_IMAGE_DIMENSION = 16_383;

export class MediaEnv extends VerifyingServiceEnv {
  override PORT = 3014;
  override OPS_PORT = 9014;

  @IsUrlWithScheme(['postgres', 'postgresql'])
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/shotcaller_media';

  /** Where the local filesystem storage keeps image files; created if missing. */
  @IsString()
  @MinLength(1)
  MEDIA_STORAGE_DIR = '.local/media';

  /** The largest upload accepted (bytes); a larger one is refused with 413 as soon as it goes past. */
  @EnvInt()
  @IsInt()
  @Min(1024)
  @Max(HARD_MAX_UPLOAD_BYTES)
  MEDIA_MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

  /** The widest or tallest image accepted (pixels); a larger one is refused with 422. */
  @EnvInt()
  @IsInt()
  @Min(16)
  @Max(HARD_MAX_IMAGE_DIMENSION)
  MEDIA_MAX_IMAGE_DIMENSION = 10_000;

  /**
   * An upload not attached to a record within this many minutes is deleted by the cleanup; an attached image is
   * first asked about (is a record still using it?) this long after it was attached.
   */
  @EnvInt()
  @IsInt()
  @Min(1)
  @Max(30 * 24 * 60)
  MEDIA_UNATTACHED_IMAGE_TTL_MINUTES = 60;

  /** How many images one cleanup run deletes unattached, and how many attached ones it asks the owner about. */
  @EnvInt()
  @IsInt()
  @Min(1)
  @Max(IMAGE_IDS_MAX)
  MEDIA_SWEEP_BATCH = IMAGE_IDS_MAX;
}

export function loadMediaConfig(env: Record<string, string | undefined> = process.env): MediaEnv {
  return loadEnv(MediaEnv, resolveFileVariables(env, ['JWT_PUBLIC_KEY', 'NATS_NKEY_SEED']));
}
