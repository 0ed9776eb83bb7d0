import { Matches } from 'class-validator';
import {
  IsUrlWithScheme,
  loadEnv,
  resolveFileVariables,
  VerifyingServiceEnv,
} from '@shotcaller/observability';

export class LocationEnv extends VerifyingServiceEnv {
  override PORT = 3013;
  override OPS_PORT = 9013;

  @IsUrlWithScheme(['postgres', 'postgresql'])
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/shotcaller_location';

  @IsUrlWithScheme(['redis', 'rediss'])
  REDIS_URL = 'redis://127.0.0.1:6379';

  @Matches(/^[A-Za-z0-9:_.-]{0,64}$/, { message: 'must be up to 64 letters, digits, ":", "_", "." or "-"' })
  REDIS_KEY_PREFIX = 'shotcaller:';
}

export function loadLocationConfig(env: Record<string, string | undefined> = process.env): LocationEnv {
  return loadEnv(LocationEnv, resolveFileVariables(env, ['JWT_PUBLIC_KEY', 'NATS_NKEY_SEED']));
}
