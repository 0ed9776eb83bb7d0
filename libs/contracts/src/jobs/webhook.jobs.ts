import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsObject,
  IsString,
  IsUUID,
  Matches,
  Max,
  Min,
  registerDecorator,
  ValidateNested,
  type ValidationOptions,
} from 'class-validator';
import { Nullable, Optional } from '../input-rules.js';
import { OptionalText, RECORD_DESCRIPTION_MAX, RecordName } from '../characters/record-rules.js';
import { FIGHT_SEQUENCE_MAX } from '../fights/fight.dtos.js';
import { FIGHT_COMBATANTS_MAX, SHOT_MAX, SHOT_MIN } from '../fights/shot.dtos.js';

/** The jobs of the `webhooks` queue. */
export const WebhookJobNames = {
  /** A signed POST of a JSON payload to any http(s) receiver. */
  deliver: 'deliver',
  /** A fight's start, new round or end, posted to a campaign's Discord webhook as an embed. */
  discordFight: 'discord_fight',
} as const;

/** Longest webhook URL accepted. */
export const WEBHOOK_URL_MAX = 2048;
/** A webhook event name: `fight.started`, `character_created`... */
export const WEBHOOK_EVENT_PATTERN = /^[a-z][a-z0-9_.-]{0,63}$/;
/** Largest payload of a `deliver` job, serialized as the request body (UTF-8 bytes). */
export const WEBHOOK_PAYLOAD_MAX_BYTES = 64 * 1024;
/** Deepest nesting of objects and arrays in a `deliver` payload (the payload object itself is 1). */
export const WEBHOOK_PAYLOAD_MAX_DEPTH = 8;

/**
 * Why a webhook job failed (`jobs.job.failed` `error.code`). `retry` says whether BullMQ tries it again.
 */
export const WebhookFailureCodes = {
  /** `deliver` with no WEBHOOK_SIGNING_SECRET configured (retry: no). */
  signingUnconfigured: 'webhook_signing_unconfigured',
  /** Not a Discord webhook URL this service posts to (retry: no). */
  invalidUrl: 'webhook_url_invalid',
  /** The host is, or resolves to, a loopback/private/link-local address (retry: no). */
  addressRefused: 'webhook_address_refused',
  /** The receiver answered with a redirect, which is not followed (retry: no). */
  redirected: 'webhook_redirected',
  /** The receiver answered 4xx other than 429 (retry: no). */
  refused: 'webhook_refused',
  /** The receiver answered 429; the message says when it asked to be called again (retry: yes). */
  rateLimited: 'webhook_rate_limited',
  /** The receiver answered 5xx (retry: yes). */
  serverError: 'webhook_server_error',
  /** No answer: DNS, connection or TLS failure, or WEBHOOK_TIMEOUT_MS passed (retry: yes). */
  unreachable: 'webhook_unreachable',
} as const;

export type WebhookFailureCode = (typeof WebhookFailureCodes)[keyof typeof WebhookFailureCodes];

/** An absolute http(s) URL without credentials, as `new URL` reads it. */
export function isWebhookUrl(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > WEBHOOK_URL_MAX) return false;
  try {
    const url = new URL(value);
    return (
      (url.protocol === 'http:' || url.protocol === 'https:') &&
      url.hostname !== '' &&
      url.username === '' &&
      url.password === ''
    );
  } catch {
    return false;
  }
}

function IsWebhookUrl(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isWebhookUrl',
      target: target.constructor,
      propertyName,
      options: {
        message: `must be an http(s) URL without credentials, up to ${WEBHOOK_URL_MAX} characters`,
        ...options,
      },
      validator: { validate: isWebhookUrl },
    });
}

/**
 * Why `value` is not a JSON object a webhook can carry (a plain object, at most `maxDepth` deep and `maxBytes`
 * serialized), or null when it is one. Walks without recursion, so depth costs no stack.
 */
export function webhookPayloadProblem(
  value: unknown,
  maxBytes = WEBHOOK_PAYLOAD_MAX_BYTES,
  maxDepth = WEBHOOK_PAYLOAD_MAX_DEPTH,
): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'must be a JSON object';
  const pending: { value: object; depth: number }[] = [{ value, depth: 1 }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    if (next.depth > maxDepth) return `must not be nested more than ${maxDepth} levels deep`;
    for (const child of Object.values(next.value)) {
      if (typeof child === 'object' && child !== null) pending.push({ value: child, depth: next.depth + 1 });
    }
  }
  let serialized: string | undefined;
  try {
    serialized = JSON.stringify(value);
  } catch {
    return 'must be serializable as JSON';
  }
  if (new TextEncoder().encode(serialized).length > maxBytes) {
    return `must not be larger than ${maxBytes} bytes as JSON`;
  }
  return null;
}

function IsWebhookPayload(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isWebhookPayload',
      target: target.constructor,
      propertyName,
      options: {
        message: ({ value }) => webhookPayloadProblem(value) ?? 'is invalid',
        ...options,
      },
      validator: { validate: (value: unknown) => webhookPayloadProblem(value) === null },
    });
}

/** `webhooks` / `deliver`: POSTs `payload` as JSON to `url`, signed (see the README's webhooks section). */
export class DeliverWebhookData {
  @ApiProperty({ maxLength: WEBHOOK_URL_MAX, example: 'https://example.com/hooks/shotcaller' })
  @IsString()
  @IsWebhookUrl()
  url: string;

  @ApiProperty({ pattern: WEBHOOK_EVENT_PATTERN.source, example: 'fight.started' })
  @IsString()
  @Matches(WEBHOOK_EVENT_PATTERN, {
    message: 'must be 1 to 64 lower-case letters, digits, "_", "." or "-", starting with a letter',
  })
  event: string;

  @ApiProperty({
    type: Object,
    description: `The request body: a JSON object up to ${WEBHOOK_PAYLOAD_MAX_BYTES} bytes, ${WEBHOOK_PAYLOAD_MAX_DEPTH} levels deep`,
  })
  @IsWebhookPayload()
  payload: Record<string, unknown>;
}

/** The moments of a fight posted to Discord. */
export const DISCORD_FIGHT_EVENTS = ['fight_started', 'fight_round', 'fight_ended'] as const;
export type DiscordFightEvent = (typeof DISCORD_FIGHT_EVENTS)[number];

/** One combatant as the embed lists it: a name and its shot (`null` when it has none). */
export class DiscordFightCombatant {
  @ApiProperty({ maxLength: 255 })
  @RecordName()
  name: string;

  @ApiProperty({ type: Number, nullable: true, minimum: SHOT_MIN, maximum: SHOT_MAX })
  @Nullable()
  @IsInt()
  @Min(SHOT_MIN)
  @Max(SHOT_MAX)
  shot: number | null;
}

/** The fight a `discord_fight` job describes. */
export class DiscordFightSummary {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  id: string;

  @ApiProperty({ maxLength: 255 })
  @RecordName()
  name: string;

  @ApiProperty({ minimum: 0, maximum: FIGHT_SEQUENCE_MAX, description: 'The current round' })
  @IsInt()
  @Min(0)
  @Max(FIGHT_SEQUENCE_MAX)
  sequence: number;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: RECORD_DESCRIPTION_MAX })
  @OptionalText(RECORD_DESCRIPTION_MAX)
  description?: string | null;

  @ApiPropertyOptional({ type: [DiscordFightCombatant], maxItems: FIGHT_COMBATANTS_MAX })
  @Optional()
  @IsArray()
  @ArrayMaxSize(FIGHT_COMBATANTS_MAX)
  @ValidateNested({ each: true })
  @Type(() => DiscordFightCombatant)
  combatants?: DiscordFightCombatant[];
}

/**
 * `webhooks` / `discord_fight`: posts an embed for `event` to a Discord webhook
 * (`https://discord.com/api/webhooks/<id>/<token>`; the runner refuses any other URL).
 */
export class DiscordFightData {
  @ApiProperty({ maxLength: WEBHOOK_URL_MAX, example: 'https://discord.com/api/webhooks/123/abc' })
  @IsString()
  @IsWebhookUrl()
  webhook_url: string;

  @ApiProperty({ enum: DISCORD_FIGHT_EVENTS })
  @IsIn(DISCORD_FIGHT_EVENTS)
  event: DiscordFightEvent;

  @ApiProperty({ maxLength: 255 })
  @RecordName()
  campaign_name: string;

  @ApiProperty({ type: DiscordFightSummary })
  @IsObject()
  @ValidateNested()
  @Type(() => DiscordFightSummary)
  fight: DiscordFightSummary;
}

/** A webhook job's result: the receiver's 2xx status. */
export interface WebhookDeliveryResult {
  status: number;
}
