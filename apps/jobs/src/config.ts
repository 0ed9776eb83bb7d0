import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsString, Matches, Max, Min } from 'class-validator';
import {
  EnvBoolean,
  EnvInt,
  EnvSealingKey,
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

  /** Attempts a job gets when its caller does not say (the first run included). */
  @EnvInt()
  @IsInt()
  @Min(1)
  @Max(10)
  JOBS_ATTEMPTS = 3;

  /** The first retry's delay; each next one doubles it (exponential backoff). */
  @EnvInt()
  @IsInt()
  @Min(10)
  @Max(600_000)
  JOBS_BACKOFF_MS = 1000;

  /** How long a completed job is kept (its result readable, its id not queued again). */
  @EnvInt()
  @IsInt()
  @Min(60)
  @Max(30 * 24 * 3600)
  JOBS_KEEP_COMPLETED_SECONDS = 24 * 3600;

  /**
   * The longest `jobs.enqueue` and `jobs.run` wait for Redis to store a job before answering 503: below the
   * callers' NATS request timeout, so a caller never gives up on a job that is stored afterwards (a caller's own
   * earlier deadline shortens it).
   */
  @EnvInt()
  @IsInt()
  @Min(100)
  @Max(30_000)
  JOBS_INTAKE_TIMEOUT_MS = 2000;

  /** Jobs one replica runs at once per queue, unless JOBS_CONCURRENCY names the queue. */
  @EnvInt()
  @IsInt()
  @Min(1)
  @Max(100)
  JOBS_DEFAULT_CONCURRENCY = 2;

  /**
   * Per-queue concurrency: `mail=8,pdf=1` (queues not named take JOBS_DEFAULT_CONCURRENCY). Each running pdf job
   * has a worker thread of its own (a core, and about 300 MB of memory for the largest sheet), so pdf runs one at a
   * time unless told otherwise.
   */
  @Matches(/^$|^[a-z]+=[0-9]{1,3}(,[a-z]+=[0-9]{1,3})*$/, { message: 'must look like mail=8,pdf=1' })
  JOBS_CONCURRENCY = 'pdf=1';

  /**
   * How long a running job's lock lasts without renewal, and how often workers look for jobs whose lock lapsed (a
   * replica that died mid-job): such a job is taken again after about this long.
   */
  @EnvInt()
  @IsInt()
  @Min(1000)
  @Max(600_000)
  JOBS_STALLED_CHECK_MS = 30_000;

  /** How often the location sweep (`location.sessions.sweep`) is scheduled; 0: not scheduled. */
  @EnvInt()
  @IsInt()
  @Min(0)
  @Max(3_600_000)
  JOBS_LOCATION_SWEEP_EVERY_MS = 60_000;

  /** How often the orphaned image cleanup (`media.images.sweep`) is scheduled; 0: not scheduled. */
  @EnvInt()
  @IsInt()
  @Min(0)
  @Max(86_400_000)
  JOBS_MEDIA_SWEEP_EVERY_MS = 3_600_000;

  /** How long the campaign service may take to seed one campaign from the master template (`seeding` queue). */
  @EnvInt()
  @IsInt()
  @Min(1000)
  @Max(600_000)
  JOBS_SEEDING_TIMEOUT_MS = 120_000;

  /** The mail server: `smtp://` (STARTTLS when offered) or `smtps://` (TLS), `user:password@` when it needs them. */
  @IsUrlWithScheme(['smtp', 'smtps'])
  SMTP_URL = 'smtp://127.0.0.1:1025';

  /** The sender of every mail: an address, or `Name <address>`. */
  @Matches(/^(?=[^@]*@)[^\p{Cc}\p{Cs}]{3,320}$/u, {
    message: 'must be an address or Name <address> on one line',
  })
  MAIL_FROM = 'Shotcaller <no-reply@shotcaller.local>';

  /** Where users open the client (the frontend): links in mails start here. */
  @IsUrlWithScheme(['http', 'https'])
  APP_URL = 'http://localhost:3001';

  /**
   * Signs `deliver` webhooks (HMAC-SHA256, the X-Shotcaller-Signature header); also WEBHOOK_SIGNING_SECRET_FILE.
   * Unset: `deliver` jobs fail at once with `webhook_signing_unconfigured`.
   */
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @Matches(/^(|\S{16,1024})$/, { message: 'must be 16 to 1024 characters without spaces' })
  WEBHOOK_SIGNING_SECRET = '';

  /** How long one webhook request may take, connection and answer included. */
  @EnvInt()
  @IsInt()
  @Min(100)
  @Max(120_000)
  WEBHOOK_TIMEOUT_MS = 10_000;

  /** Lets webhooks reach loopback, private and link-local addresses (tests, a trusted network only). */
  @EnvBoolean()
  @IsBoolean()
  WEBHOOK_ALLOW_PRIVATE_ADDRESSES = false;

  /** Where Discord webhook URLs start (`<base><id>/<token>`); a local server stands in for Discord in tests. */
  @IsUrlWithScheme(['http', 'https'])
  DISCORD_WEBHOOK_BASE_URL = 'https://discord.com/api/webhooks/';

  /**
   * An OpenAI-compatible chat API (`<base>/chat/completions`) for AI characters: OpenAI, xAI, Ollama, vLLM.
   * Unset: characters come from the local generator (archetypes and name tables shipped in the repo).
   */
  @Matches(/^$|^https?:\/\/\S{1,2000}$/, { message: 'must be an http:// or https:// URL, or empty' })
  AI_BASE_URL = '';

  /** Sent as `Authorization: Bearer <key>` (none when empty: Ollama, vLLM); also AI_API_KEY_FILE. */
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @Matches(/^\S{0,4096}$/, { message: 'must be up to 4096 characters without spaces' })
  AI_API_KEY = '';

  /** The model asked for (`gpt-4o-mini`, `grok-3-mini`, `llama3.1:8b`, `Qwen/Qwen2.5-7B-Instruct`...). */
  @Matches(/^[A-Za-z0-9][A-Za-z0-9:_./@+-]{0,199}$/, { message: 'must be a model name' })
  AI_MODEL = 'gpt-4o-mini';

  /** How long one chat completion may take before it counts as a (transient) failure. */
  @EnvInt()
  @IsInt()
  @Min(50)
  @Max(600_000)
  AI_TIMEOUT_MS = 30_000;

  /**
   * Opens the Notion tokens campaigns store sealed (32 bytes as base64: `openssl rand -base64 32`; the campaign
   * service seals with the same key); also NOTION_TOKEN_KEY_FILE. Unset: notion jobs fail with `notion_unconfigured`.
   */
  @EnvSealingKey()
  NOTION_TOKEN_KEY = '';

  /** Notion's API (`<base>/v1/pages`...); a local server stands in for it in tests. */
  @IsUrlWithScheme(['http', 'https'])
  NOTION_API_BASE_URL = 'https://api.notion.com';

  /** How long one Notion request may take before it counts as a (transient) failure. */
  @EnvInt()
  @IsInt()
  @Min(100)
  @Max(120_000)
  NOTION_TIMEOUT_MS = 15_000;
}

export function loadJobsConfig(env: Record<string, string | undefined> = process.env): JobsEnv {
  return loadEnv(
    JobsEnv,
    resolveFileVariables(env, [
      'JWT_PUBLIC_KEY',
      'NATS_NKEY_SEED',
      'WEBHOOK_SIGNING_SECRET',
      'AI_API_KEY',
      'NOTION_TOKEN_KEY',
      'SMTP_URL',
    ]),
  );
}
