import { parseTopic, type Topic } from '@shotcaller/contracts';
import { cleanToken } from '../connections/handshake.rules.js';

/**
 * The ActionCable wire protocol (`actioncable-v1-json`) as plain functions: what a client may send, how it is
 * read, which topic a channel stands for, and the frames the server sends. No sockets here.
 */

export const CABLE_PROTOCOL = 'actioncable-v1-json';
/** What a Rails server selects for a client that offers only versions it does not speak: the client then stops. */
export const CABLE_UNSUPPORTED_PROTOCOL = 'actioncable-unsupported';
const SERVER_PROTOCOLS = [CABLE_PROTOCOL, CABLE_UNSUPPORTED_PROTOCOL];

/** Rails' reasons, and ours for a user over the connection cap. The client only logs the reason. */
export type DisconnectReason =
  'unauthorized' | 'invalid_request' | 'server_restart' | 'remote' | 'too_many_connections';

/**
 * The subprotocol answered for the ones a client offers, in the client's order of preference as the Rails
 * server does; `false` when it offers none of ours (the handshake then carries no subprotocol).
 */
export function selectSubprotocol(offered: Iterable<string>): string | false {
  for (const protocol of offered) if (SERVER_PROTOCOLS.includes(protocol)) return protocol;
  return false;
}

/** The token of `?token=Bearer <jwt>` or `?token=<jwt>` (the Rails app accepted both), read as socket.io's is. */
export function tokenFromRequestUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return cleanToken(new URL(url, 'http://cable.invalid').searchParams.get('token') ?? undefined);
  } catch {
    return undefined;
  }
}

/** The path of an upgrade request, without its query. */
export function requestPath(url: string | undefined): string {
  if (!url) return '';
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

export type ChannelName = 'CampaignChannel' | 'FightChannel' | 'UserChannel';

/** A subscription identifier read: the channel and its parameters. */
export interface ChannelIdentifier {
  channel: string;
  params: Record<string, unknown>;
}

/**
 * Reads an identifier (the JSON text of `{channel, ...params}`); null unless it is a JSON object with a string
 * `channel`.
 */
export function parseIdentifier(identifier: string): ChannelIdentifier | null {
  let value: unknown;
  try {
    value = JSON.parse(identifier);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const { channel, ...params } = value as Record<string, unknown>;
  if (typeof channel !== 'string') return null;
  return { channel, params };
}

/** Which parameter names each channel's record, and the topic kind it follows. */
const CHANNELS: Record<ChannelName, { param: string; kind: 'campaign' | 'fight' | 'user' }> = {
  CampaignChannel: { param: 'id', kind: 'campaign' },
  FightChannel: { param: 'fight_id', kind: 'fight' },
  UserChannel: { param: 'id', kind: 'user' },
};

export type ChannelRoute =
  | { ok: true; channel: ChannelName; topic: Topic }
  | { ok: false; reason: 'unknown_channel' | 'invalid_params' | 'forbidden' };

/**
 * The topic a subscription follows: `CampaignChannel {id}` -> `campaign:<id>`, `FightChannel {fight_id}` ->
 * `fight:<id>`, `UserChannel {id}` -> `user:<id>`, for the connection's own user only. Other parameters (the
 * client adds a `client_id`) are ignored, as the Rails channels ignored them.
 */
export function routeChannel(identifier: ChannelIdentifier, userId: string): ChannelRoute {
  if (!Object.hasOwn(CHANNELS, identifier.channel)) return { ok: false, reason: 'unknown_channel' };
  const channel = identifier.channel as ChannelName;
  const { param, kind } = CHANNELS[channel];
  const id = identifier.params[param];
  // A bare id only: `parseTopic` would take an id that smuggles another kind no further than its own pattern.
  const topic = typeof id === 'string' && !id.includes(':') ? parseTopic(`${kind}:${id}`) : null;
  if (!topic) return { ok: false, reason: 'invalid_params' };
  if (kind === 'user' && topic.id !== userId.toLowerCase()) return { ok: false, reason: 'forbidden' };
  return { ok: true, channel, topic };
}

export type CableCommand =
  | { command: 'subscribe'; identifier: string; channel: ChannelIdentifier }
  | { command: 'unsubscribe'; identifier: string }
  | { command: 'message'; identifier: string; data: Record<string, unknown> };

export type MalformedReason =
  | 'not_json'
  | 'not_an_object'
  | 'unknown_command'
  | 'identifier_not_a_string'
  | 'identifier_not_an_object'
  | 'data_not_json_object';

export type ParsedCommand = { ok: true; command: CableCommand } | { ok: false; reason: MalformedReason };

/** Why a client frame is not followed, as its error frame names it. */
export type FrameError = MalformedReason | 'binary' | 'before_welcome' | 'no_such_subscription';

const FRAME_ERROR_MESSAGES: Record<FrameError, string> = {
  not_json: 'A frame must be JSON text',
  not_an_object: 'A frame must be a JSON object',
  unknown_command: 'The command must be subscribe, unsubscribe or message',
  identifier_not_a_string: 'The identifier must be a string',
  identifier_not_an_object: 'The identifier must be the JSON text of an object with a string channel',
  data_not_json_object: 'The data of a message must be the JSON text of an object',
  binary: 'Frames must be text',
  before_welcome: 'Too many frames before the welcome',
  no_such_subscription: 'No subscription has this identifier',
};

const COMMANDS = new Set(['subscribe', 'unsubscribe', 'message']);

/**
 * Reads one client frame. Never throws: a frame that is not a command is named by why. A subscribe whose
 * identifier is an object but names no channel of ours is a command: the caller rejects it.
 */
export function parseCommand(frame: string): ParsedCommand {
  let value: unknown;
  try {
    value = JSON.parse(frame);
  } catch {
    return { ok: false, reason: 'not_json' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, reason: 'not_an_object' };
  }
  const { command, identifier, data } = value as Record<string, unknown>;
  const name = typeof command === 'string' ? command : undefined;
  if (typeof identifier !== 'string') {
    return { ok: false, reason: COMMANDS.has(name ?? '') ? 'identifier_not_a_string' : 'unknown_command' };
  }
  if (!name || !COMMANDS.has(name)) return { ok: false, reason: 'unknown_command' };
  const channel = parseIdentifier(identifier);
  if (channel === null) return { ok: false, reason: 'identifier_not_an_object' };
  if (name === 'message') {
    const parsed = typeof data === 'string' ? parseJsonObject(data) : null;
    if (!parsed) return { ok: false, reason: 'data_not_json_object' };
    return { ok: true, command: { command: 'message', identifier, data: parsed } };
  }
  if (name === 'subscribe') return { ok: true, command: { command: 'subscribe', identifier, channel } };
  return { ok: true, command: { command: 'unsubscribe', identifier } };
}

function parseJsonObject(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

// Server frames. The identifier goes back exactly as the client sent it (the client matches subscriptions by
// string equality), so it is embedded as a JSON string of the received text, never re-serialized from parsed data.

export const welcomeFrame = (): string => '{"type":"welcome"}';

/** The heartbeat: the client counts a connection stale after 6 s without any frame. */
export const pingFrame = (nowMs: number): string => `{"type":"ping","message":${Math.floor(nowMs / 1000)}}`;

export const confirmFrame = (identifier: string): string =>
  `{"identifier":${JSON.stringify(identifier)},"type":"confirm_subscription"}`;

export const rejectFrame = (identifier: string): string =>
  `{"identifier":${JSON.stringify(identifier)},"type":"reject_subscription"}`;

/**
 * Tells the client a frame of its was not followed, and why. Not a Rails frame: the Rails client hands a frame of a
 * type it does not know to the subscriptions its identifier names, and "" names none, so it drops this one (with no
 * identifier at all it would throw). Other clients learn what was wrong.
 */
export const errorFrame = (code: FrameError): string =>
  JSON.stringify({ type: 'error', identifier: '', code, message: FRAME_ERROR_MESSAGES[code] });

export const disconnectFrame = (reason: DisconnectReason, reconnect: boolean): string =>
  JSON.stringify({ type: 'disconnect', reason, reconnect });

/** A data frame around a payload that is already JSON text (as it came off the bus, checked once by the fan-out). */
export const messageFrame = (identifier: string, messageJson: string): string =>
  `{"identifier":${JSON.stringify(identifier)},"message":${messageJson}}`;
