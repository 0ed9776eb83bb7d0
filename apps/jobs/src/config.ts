import { Matches } from 'class-validator';
import {
  IsUrlWithScheme,
  loadEnv,
  resolveFileVariables,
  VerifyingServiceEnv,
} from '@shotcaller/observability';

export class JobsEnv extends VerifyingServiceEnv {
  override PORT = 3015;
  override OPS_PORT = 9015;

  @IsUrlWithScheme(['redis', 'rediss'])
  REDIS_URL = 'redis://127.0.0.1:6379';

  @Matches(/^[A-Za-z0-9:_.-]{0,64}$/, { message: 'must be up to 64 letters, digits, ":", "_", "." or "-"' })
  REDIS_KEY_PREFIX = 'shotcaller:';
}

export function loadJobsConfig(env: Record<string, string | undefined> = process.env): JobsEnv {
  return loadEnv(JobsEnv, resolveFileVariables(env, ['JWT_PUBLIC_KEY', 'NATS_NKEY_SEED']));
}
