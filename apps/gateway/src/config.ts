import { ArrayMinSize, IsArray, IsIn, IsInt, Matches, Max, Min } from 'class-validator';
import {
  ConfigError,
  EnvInt,
  EnvList,
  IsUrlWithScheme,
  loadEnv,
  resolveFileVariables,
  VerifyingServiceEnv,
} from '@shotcaller/observability';

export class GatewayEnv extends VerifyingServiceEnv {
  override PORT = 3000;

  @IsUrlWithScheme(['redis', 'rediss'])
  REDIS_URL = 'redis://127.0.0.1:6379';

  @Matches(/^[A-Za-z0-9:_.-]{0,64}$/, { message: 'must be up to 64 letters, digits, ":", "_", "." or "-"' })
  REDIS_KEY_PREFIX = 'shotcaller:';

  /** Browser origins allowed to call the API (comma-separated). Other origins get no CORS headers. */
  @EnvList()
  @IsArray()
  @ArrayMinSize(0)
  @Matches(/^https?:\/\/[^/\s]+$/, {
    each: true,
    message: 'must list origins like https://app.example.com (no path)',
  })
  CORS_ORIGINS: string[] = ['http://localhost:3001'];

  /** Express "trust proxy": false, true, a hop count, or addresses/subnets of the proxies in front. */
  @Matches(/^(false|true|\d+|[0-9a-fA-F.:/,\s]+|loopback|linklocal|uniquelocal)$/, {
    message: 'must be false, true, a hop count, or proxy addresses',
  })
  TRUST_PROXY = 'false';

  @EnvInt()
  @IsInt()
  @Min(1024)
  @Max(50 * 1024 * 1024)
  HTTP_BODY_LIMIT_BYTES = 1024 * 1024;

  @EnvInt()
  @IsInt()
  @Min(1)
  RATE_LIMIT_REGISTER_PER_MINUTE = 3;

  @EnvInt()
  @IsInt()
  @Min(1)
  RATE_LIMIT_SIGN_IN_PER_IP_PER_MINUTE = 20;

  @EnvInt()
  @IsInt()
  @Min(1)
  RATE_LIMIT_SIGN_IN_PER_ACCOUNT_PER_MINUTE = 10;

  @EnvInt()
  @IsInt()
  @Min(1)
  RATE_LIMIT_API_PER_MINUTE = 600;

  /** Invitations made or resent per signed-in user. */
  @EnvInt()
  @IsInt()
  @Min(1)
  RATE_LIMIT_INVITE_PER_USER_PER_MINUTE = 5;

  /** `auto`: served unless NODE_ENV is production, where the API's shape is not advertised to everyone. */
  @IsIn(['auto', 'true', 'false'])
  DOCS_ENABLED: 'auto' | 'true' | 'false' = 'auto';
}

export function loadGatewayConfig(env: Record<string, string | undefined> = process.env): GatewayEnv {
  const config = loadEnv(GatewayEnv, resolveFileVariables(env, ['JWT_PUBLIC_KEY', 'NATS_NKEY_SEED']));
  if (config.TRUST_PROXY === 'true' && config.NODE_ENV !== 'test') {
    // Trusting every hop believes whatever X-Forwarded-For a client sends: rate limits and sign-in locks keyed
    // by address would be the client's to choose.
    throw new ConfigError([
      'TRUST_PROXY=true trusts any X-Forwarded-For a client sends; set the number of proxies in front ' +
        '(1 behind one ingress) or their addresses',
    ]);
  }
  return config;
}

/** Whether the gateway serves its OpenAPI document and Swagger UI. */
export function docsEnabled(config: Pick<GatewayEnv, 'DOCS_ENABLED' | 'NODE_ENV'>): boolean {
  return config.DOCS_ENABLED === 'auto' ? config.NODE_ENV !== 'production' : config.DOCS_ENABLED === 'true';
}

/** TRUST_PROXY as Express takes it. */
export function trustProxySetting(value: string): boolean | number | string {
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}
