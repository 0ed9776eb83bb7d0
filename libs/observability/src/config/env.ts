import { readFileSync } from 'node:fs';
import { applyDecorators } from '@nestjs/common';
import { plainToInstance, Transform } from 'class-transformer';
import {
  getMetadataStorage,
  IsIn,
  IsInt,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  registerDecorator,
  validateSync,
  type ValidationError,
  type ValidationOptions,
} from 'class-validator';
import { isValidSubjectPrefix } from '@shotcaller/contracts';

/** A configuration that cannot run: names every missing or bad variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Variables whose values must never appear in an error message. */
const SECRET = /KEY|SECRET|PASSWORD|TOKEN/;

/** Environment text to an integer; anything else is left for @IsInt to name. */
export const EnvInt = () =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : value,
  );

/** Environment text to a boolean: true/false/1/0/yes/no. */
export const EnvBoolean = () =>
  Transform(({ value }: { value: unknown }) => {
    if (typeof value !== 'string') return value;
    const text = value.trim().toLowerCase();
    if (['true', '1', 'yes'].includes(text)) return true;
    if (['false', '0', 'no'].includes(text)) return false;
    return value;
  });

/** Comma-separated text to a list of trimmed, non-empty items. */
export const EnvList = () =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string'
      ? value
          .split(',')
          .map((item) => item.trim())
          .filter(Boolean)
      : value,
  );

/** Every item is a URL with one of these schemes. */
export function IsUrlList(schemes: string[], options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isUrlList',
      target: target.constructor,
      propertyName,
      options: { message: `must be a comma-separated list of ${schemes.join('|')}:// URLs`, ...options },
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' &&
          value.split(',').every((item) => {
            try {
              return schemes.includes(new URL(item.trim()).protocol.replace(/:$/, ''));
            } catch {
              return false;
            }
          }),
      },
    });
}

/** A URL with one of these schemes. */
export function IsUrlWithScheme(schemes: string[], options?: ValidationOptions) {
  return IsUrlList(schemes, { message: `must be a ${schemes.join('|')}:// URL`, ...options });
}

/**
 * A key that seals secrets at rest (see sealSecret in @shotcaller/auth): 32 bytes written as base64
 * (`openssl rand -base64 32`), trimmed; empty when the feature it serves is off.
 */
export function EnvSealingKey() {
  return applyDecorators(
    Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value)),
    IsString(),
    Matches(/^(|[A-Za-z0-9+/_-]{43}=?)$/, { message: 'must be 32 bytes written as base64, or empty' }),
  );
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Settings every service reads. Apps extend this with their own and override the defaults they differ on. */
export class ServiceEnv {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';

  /** HTTP port (health, metrics; the API on the gateway). 0 takes any free port. */
  @EnvInt()
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT: number = 3000;

  /**
   * The operations port: Prometheus metrics and the detailed readiness report. Kept off the public port so an
   * ingress in front of PORT cannot expose them. 0 takes any free port.
   */
  @EnvInt()
  @IsInt()
  @Min(0)
  @Max(65535)
  OPS_PORT: number = 9000;

  @IsUrlList(['nats', 'tls'])
  NATS_URL = 'nats://127.0.0.1:4222';

  @IsString()
  @IsSubjectPrefix()
  NATS_SUBJECT_PREFIX = '';

  /** This service's NATS user nkey seed (from `npm run nats:auth`); empty connects without authentication. */
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @Matches(/^(SU[A-Z2-7]{56})?$/, {
    message: 'must be a NATS user nkey seed (SU..., from npm run nats:auth)',
  })
  NATS_NKEY_SEED = '';

  @EnvInt()
  @IsInt()
  @Min(50)
  @Max(120_000)
  NATS_REQUEST_TIMEOUT_MS = 5000;

  @EnvInt()
  @IsInt()
  @Min(0)
  @Max(300_000)
  SHUTDOWN_TIMEOUT_MS = 10_000;
}

/**
 * Settings of a service that verifies the callers of its NATS handlers (and, on the gateway, of HTTP requests): the
 * public keys of token issuers and the issuer and audience every access token must name.
 */
export class VerifyingServiceEnv extends ServiceEnv {
  /** One or more PEM public keys (concatenated), so a rotated-out key keeps verifying until its tokens expire. */
  @IsString({
    message:
      'must be one or more ES256 public keys in PEM, or set JWT_PUBLIC_KEY_FILE (npm run keys:generate)',
  })
  JWT_PUBLIC_KEY: string;

  @IsString()
  @MinLength(1)
  @MaxLength(200)
  JWT_ISSUER = 'shotcaller';

  @IsString()
  @MinLength(1)
  @MaxLength(200)
  JWT_AUDIENCE = 'shotcaller';
}

function IsSubjectPrefix() {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isSubjectPrefix',
      target: target.constructor,
      propertyName,
      options: { message: 'must be empty or dot-separated tokens of letters, digits, _ and -' },
      validator: {
        validate: (value: unknown) =>
          value === '' || (typeof value === 'string' && isValidSubjectPrefix(value)),
      },
    });
}

/**
 * `NAME_FILE=/path` stands for `NAME=<contents of /path>` (Docker and Kubernetes secrets), for the names given.
 * Setting both is an error; so is a file that cannot be read.
 */
export function resolveFileVariables(
  env: Record<string, string | undefined>,
  names: readonly string[],
): Record<string, string | undefined> {
  const resolved = { ...env };
  const problems: string[] = [];
  for (const name of names) {
    const path = env[`${name}_FILE`];
    if (!path) continue;
    if (env[name]) {
      problems.push(`${name} and ${name}_FILE are both set; set one`);
      continue;
    }
    try {
      resolved[name] = readFileSync(path, 'utf8');
    } catch (error) {
      problems.push(
        `${name}_FILE: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      );
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return resolved;
}

/**
 * Validates an environment against a schema class and returns the typed settings, defaults filled in.
 * Empty strings count as unset. Throws a ConfigError naming each bad variable.
 */
export function loadEnv<T extends object>(schema: new () => T, env: Record<string, string | undefined>): T {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const settings = plainToInstance(schema, present, { exposeDefaultValues: true });
  const errors = validateSync(settings, { whitelist: true, validationError: { target: false, value: true } });
  if (errors.length > 0) throw new ConfigError(errors.map(describe));
  return settings;
}

/** Type checks: when one fails, the range and format rules say nothing useful about the value. */
const TYPE_CHECKS = new Set(['isInt', 'isBoolean', 'isString', 'isArray']);

function describe(error: ValidationError): string {
  const all = Object.entries(error.constraints ?? {});
  const typeFailures = all.filter(([name]) => TYPE_CHECKS.has(name));
  const messages = (typeFailures.length > 0 ? typeFailures : all)
    .map(([, message]) => message)
    .map((message) => message.replace(new RegExp(`^${error.property} `), ''))
    .join('; ');
  if (error.value === undefined) return `${error.property} is required (${messages})`;
  const shown = SECRET.test(error.property) ? '<hidden>' : JSON.stringify(withoutPassword(error.value));
  return `${error.property} ${messages} (got ${shown})`;
}

/** A setting as it would be written in the environment. */
/** A URL's password (`postgres://user:secret@host`) never reaches an error message; the rest of it helps. */
function withoutPassword(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const credentials = /^([a-z][a-z0-9+.-]*:\/\/[^:/@\s]*):[^@\s]*@/i;
  return value.replace(credentials, '$1:<hidden>@');
}

function asEnvText(value: unknown): string {
  if (Array.isArray(value)) return value.join(',');
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return String(value);
  return JSON.stringify(value);
}

export interface EnvVariable {
  name: string;
  /** The default as text, or undefined when the variable must be set. */
  defaultValue: string | undefined;
}

/**
 * The variables a schema reads, with their defaults: the source for deployment manifests' checks and the
 * README's configuration table. `NAME_FILE` forms are not listed (see resolveFileVariables).
 */
export function describeEnv(schema: new () => object): EnvVariable[] {
  const defaults = new schema() as Record<string, unknown>;
  const names = new Set(
    getMetadataStorage()
      .getTargetValidationMetadatas(schema, '', true, false)
      .map((metadata) => metadata.propertyName),
  );
  return [...names].map((name) => {
    const value = defaults[name];
    return { name, defaultValue: value === undefined ? undefined : asEnvText(value) };
  });
}
