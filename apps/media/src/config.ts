import { IsString, MinLength } from 'class-validator';
import {
  IsUrlWithScheme,
  loadEnv,
  resolveFileVariables,
  VerifyingServiceEnv,
} from '@shotcaller/observability';

export class MediaEnv extends VerifyingServiceEnv {
  override PORT = 3014;
  override OPS_PORT = 9014;

  @IsUrlWithScheme(['postgres', 'postgresql'])
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/shotcaller_media';

  /** Where the local filesystem storage keeps image files; created if missing. */
  @IsString()
  @MinLength(1)
  MEDIA_STORAGE_DIR = '.local/media';
}

export function loadMediaConfig(env: Record<string, string | undefined> = process.env): MediaEnv {
  return loadEnv(MediaEnv, resolveFileVariables(env, ['JWT_PUBLIC_KEY', 'NATS_NKEY_SEED']));
}
