import { registerDecorator, type ValidationOptions } from 'class-validator';

/**
 * Discord webhook URLs: the one rule both the campaign service (which stores a campaign's webhook) and the jobs
 * service (which posts to it) apply. A URL is `<base><id>/<token>`: the token is a secret, so only the id is
 * ever shown back.
 */

/** Where Discord serves webhooks; the configured base (DISCORD_WEBHOOK_BASE_URL) is accepted besides these. */
export const DISCORD_WEBHOOK_BASES = [
  'https://discord.com/api/webhooks/',
  'https://discordapp.com/api/webhooks/',
] as const;

/** The default of DISCORD_WEBHOOK_BASE_URL in both services. */
export const DISCORD_WEBHOOK_DEFAULT_BASE = DISCORD_WEBHOOK_BASES[0];

/** Longest Discord webhook URL accepted (the same bound as any webhook URL). */
export const DISCORD_WEBHOOK_URL_MAX = 2048;

/** `<id>/<token>` after the base: a snowflake id and a token of URL-safe characters. */
const ID_AND_TOKEN = /^[0-9]{1,25}\/[A-Za-z0-9_-]{1,200}$/;
/** The same at the end of a path. */
const ENDS_IN_ID_AND_TOKEN = /\/([0-9]{1,25})\/[A-Za-z0-9_-]{1,200}$/;

export const DISCORD_WEBHOOK_URL_MESSAGE =
  'must be a Discord webhook URL (https://discord.com/api/webhooks/<id>/<token>)';

/** A base URL as origin and path, ending in one slash: `https://discord.com/api/webhooks/`. */
function normalisedBase(base: string): string {
  const url = new URL(base);
  return `${url.origin}${url.pathname.replace(/\/*$/, '/')}`;
}

/** The bases Discord webhook URLs may start with: Discord's own and the configured one. */
export function discordWebhookBases(configured: string): string[] {
  return [...new Set([...DISCORD_WEBHOOK_BASES, configured].map(normalisedBase))];
}

/** `text` as a URL without query, fragment or credentials, or null. */
function plainUrl(text: unknown): URL | null {
  if (typeof text !== 'string' || text.length > DISCORD_WEBHOOK_URL_MAX) return null;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') return null;
  return url;
}

/**
 * Whether `text` is a Discord webhook execute URL, `<base><id>/<token>` for one of `bases` (normalised), with no
 * query, fragment or credentials: the job posts to Discord, not to any URL it is handed.
 */
export function isDiscordWebhookUrl(text: string, bases: readonly string[]): boolean {
  const url = plainUrl(text);
  if (!url) return false;
  const target = `${url.origin}${url.pathname}`;
  return bases.some((base) => target.startsWith(base) && ID_AND_TOKEN.test(target.slice(base.length)));
}

/**
 * Whether `value` looks like a Discord webhook URL wherever it is served: an http(s) URL whose path ends in
 * `<id>/<token>`, without query, fragment or credentials. What an edge that does not know the configured base
 * can check; the campaign service then requires one of the bases (isDiscordWebhookUrl).
 */
export function hasDiscordWebhookShape(value: unknown): value is string {
  const url = plainUrl(value);
  return (
    url !== null &&
    (url.protocol === 'https:' || url.protocol === 'http:') &&
    ENDS_IN_ID_AND_TOKEN.test(url.pathname)
  );
}

/** The webhook id of a Discord webhook URL (the part that is not secret), or null when it has none. */
export function discordWebhookIdOf(text: string): string | null {
  const url = plainUrl(text);
  return url ? (ENDS_IN_ID_AND_TOKEN.exec(url.pathname)?.[1] ?? null) : null;
}

/** A field holding a Discord webhook URL (see hasDiscordWebhookShape). */
export function IsDiscordWebhookShape(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isDiscordWebhookShape',
      target: target.constructor,
      propertyName,
      options: { message: DISCORD_WEBHOOK_URL_MESSAGE, ...options },
      validator: { validate: hasDiscordWebhookShape },
    });
}
