import { IsString, MinLength } from 'class-validator';
import { IsUrlWithScheme, loadEnv, ServiceEnv } from '@shotcaller/observability';

export class MediaEnv extends ServiceEnv {
  override PORT = 3014;

  @IsUrlWithScheme(['postgres', 'postgresql'])
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/shotcaller_media';

  /** Where the local filesystem storage keeps image files; created if missing. */
  @IsString()
  @MinLength(1)
  MEDIA_STORAGE_DIR = '.local/media';
}

export function loadMediaConfig(env: Record<string, string | undefined> = process.env): MediaEnv {
  return loadEnv(MediaEnv, env);
}
