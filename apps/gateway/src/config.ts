import {
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { VerificationKeys } from '@shotcaller/auth';
import {
  ConfigError,
  EnvInt,
  EnvList,
  IsUrlWithScheme,
  loadEnv,
  resolveFileVariables,
  VerifyingServiceEnv,
} from '@shotcaller/observability';
import { presenceTimingProblems } from './realtime/presence/presence.rules.js';

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

  /** The jobs service's HTTP side, where the gateway passes administrators' queue-dashboard requests. */
  @IsUrlWithScheme(['http', 'https'])
  JOBS_DASHBOARD_URL = 'http://127.0.0.1:3015';

  /** The media service's HTTP side, where uploads stream to and stored images stream from. */
  @IsUrlWithScheme(['http', 'https'])
  MEDIA_SERVICE_URL = 'http://127.0.0.1:3014';

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

  /**
   * MiB of tagged service answers (the shot counter, the character index) kept to be named in the next identical request, so that the
   * service sends the body again only when it changed; 0 keeps none.
   */
  @EnvInt()
  @IsInt()
  @Min(0)
  @Max(4096)
  GATEWAY_KEPT_ANSWERS_MIB = 32;

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

  /** How often this replica refreshes its presence entries in Redis. */
  @EnvInt()
  @IsInt()
  @Min(500)
  @Max(10_000)
  PRESENCE_HEARTBEAT_INTERVAL_MS = 5000;

  /** How long a presence entry lives without a refresh (a crashed replica's entries go after this). */
  @EnvInt()
  @IsInt()
  @Min(1000)
  @Max(25_000)
  PRESENCE_TTL_MS = 15_000;

  /** How often every replica removes expired presence entries and announces their leaves. */
  @EnvInt()
  @IsInt()
  @Min(100)
  @Max(5000)
  PRESENCE_SWEEP_INTERVAL_MS = 2000;

  @EnvInt()
  @IsInt()
  @Min(1)
  @Max(10_000)
  PRESENCE_MAX_ENTRIES_PER_TOPIC = 1000;

  /** Connections (tabs, devices) one user or participant may have present in one topic. */
  @EnvInt()
  @IsInt()
  @Min(1)
  @Max(100)
  PRESENCE_MAX_METAS_PER_KEY = 10;

  /** How long a yes to a realtime topic subscription is reused for the same identity and topic (0: never). */
  @EnvInt()
  @IsInt()
  @Min(0)
  @Max(60_000)
  REALTIME_AUTHORIZE_CACHE_MS = 3000;

  /** Largest socket.io message a client may send (socket.io maxHttpBufferSize); larger closes the connection. */
  @EnvInt()
  @IsInt()
  @Min(1024)
  @Max(10 * 1024 * 1024)
  REALTIME_MAX_MESSAGE_BYTES = 64 * 1024;

  /** A client whose unsent data grows past this is disconnected (a slow client) instead of buffered. */
  @EnvInt()
  @IsInt()
  @Min(16 * 1024)
  @Max(256 * 1024 * 1024)
  REALTIME_MAX_BUFFERED_BYTES = 2 * 1024 * 1024;

  /**
   * How long a socket.io connection may stay open without a socket: before its first (the handshake) and after
   * its socket leaves. Then it is closed, so a connection holds a slot or is dropped.
   */
  @EnvInt()
  @IsInt()
  @Min(1000)
  @Max(120_000)
  REALTIME_CONNECT_TIMEOUT_MS = 10_000;

  /** Realtime connections one user may hold at once, across all gateway replicas. */
  @EnvInt()
  @IsInt()
  @Min(1)
  @Max(10_000)
  REALTIME_MAX_CONNECTIONS_PER_USER = 20;

  /** Chatty socket commands (subscribe, unsubscribe, presence:heartbeat) per connection per second, sustained. */
  @EnvInt()
  @IsInt()
  @Min(1)
  @Max(10_000)
  REALTIME_COMMAND_RATE_PER_SECOND = 10;

  /** How many of those commands a connection may send in a burst before the sustained rate applies. */
  @EnvInt()
  @IsInt()
  @Min(1)
  @Max(100_000)
  REALTIME_COMMAND_BURST = 40;

  /** PEM public key(s) of realtime-location's participant tokens; empty: no participant token is accepted. */
  @IsString()
  LOCATION_TOKEN_PUBLIC_KEY = '';

  @IsString()
  @MinLength(1)
  @MaxLength(200)
  LOCATION_TOKEN_ISSUER = 'shotcaller-realtime-location';

  @IsString()
  @MinLength(1)
  @MaxLength(200)
  LOCATION_TOKEN_AUDIENCE = 'shotcaller';

  /** `auto`: served unless NODE_ENV is production, where the API's shape is not advertised to everyone. */
  @IsIn(['auto', 'true', 'false'])
  DOCS_ENABLED: 'auto' | 'true' | 'false' = 'auto';
}

export function loadGatewayConfig(env: Record<string, string | undefined> = process.env): GatewayEnv {
  const config = loadEnv(
    GatewayEnv,
    resolveFileVariables(env, ['JWT_PUBLIC_KEY', 'NATS_NKEY_SEED', 'LOCATION_TOKEN_PUBLIC_KEY']),
  );
  if (config.TRUST_PROXY === 'true' && config.NODE_ENV !== 'test') {
    // Trusting every hop believes whatever X-Forwarded-For a client sends: rate limits and sign-in locks keyed
    // by address would be the client's to choose.
    throw new ConfigError([
      'TRUST_PROXY=true trusts any X-Forwarded-For a client sends; set the number of proxies in front ' +
        '(1 behind one ingress) or their addresses',
    ]);
  }
  const presenceProblems = presenceTimingProblems({
    heartbeatIntervalMs: config.PRESENCE_HEARTBEAT_INTERVAL_MS,
    ttlMs: config.PRESENCE_TTL_MS,
    sweepIntervalMs: config.PRESENCE_SWEEP_INTERVAL_MS,
  });
  if (presenceProblems.length > 0) throw new ConfigError(presenceProblems);
  // A participant key that is not one stops the boot naming the variable (empty: no participant tokens).
  VerificationKeys.fromPem(config.LOCATION_TOKEN_PUBLIC_KEY, 'LOCATION_TOKEN_PUBLIC_KEY');
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
