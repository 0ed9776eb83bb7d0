import type { PresenceDiffPayload, PresenceEntryMeta, PresenceMeta, Presences } from '@shotcaller/contracts';

/**
 * Presence as plain data: the entries stored in Redis (one per connection) and the Phoenix-like shapes clients
 * get from them. No I/O here, so every rule is unit-tested without Redis.
 */

/** One connection in a topic, as stored (the connection id is the hash field it is stored under). */
export interface PresenceEntry {
  connectionId: string;
  /** The member: a user id or a location participant id. A user with two tabs has two entries, one key. */
  key: string;
  meta: PresenceMeta;
  /** Unix milliseconds of the join. */
  onlineAt: number;
}

/** The Rails-era fight presence: distinct users, in the order they arrived. */
export interface RailsPresenceUsers {
  users: PresenceMeta[];
}

/** Fields the view sets itself; a meta cannot override them. */
const RESERVED_META_FIELDS = new Set(['connection_id', 'online_at']);

/** Metas in join order (ties broken by connection id, so every replica shapes the same state the same way). */
export function byJoinOrder(a: PresenceEntry, b: PresenceEntry): number {
  return (
    a.onlineAt - b.onlineAt ||
    (a.connectionId < b.connectionId ? -1 : a.connectionId > b.connectionId ? 1 : 0)
  );
}

function metaView(entry: PresenceEntry): PresenceEntryMeta {
  return { ...withoutReserved(entry.meta), connection_id: entry.connectionId, online_at: entry.onlineAt };
}

function withoutReserved(meta: PresenceMeta): PresenceMeta {
  const shown: Record<string, PresenceMeta[string]> = {};
  for (const [field, value] of Object.entries(meta)) {
    if (!RESERVED_META_FIELDS.has(field)) shown[field] = value;
  }
  return shown as PresenceMeta;
}

/** Entries grouped by member key, keys in order of their first connection, metas in join order. */
export function presencesOf(entries: readonly PresenceEntry[]): Presences {
  const presences: Presences = {};
  for (const entry of [...entries].sort(byJoinOrder)) {
    (presences[entry.key] ??= { metas: [] }).metas.push(metaView(entry));
  }
  return presences;
}

export function presenceDiffOf(
  topic: string,
  joins: readonly PresenceEntry[],
  leaves: readonly PresenceEntry[],
): PresenceDiffPayload {
  return { topic, joins: presencesOf(joins), leaves: presencesOf(leaves) };
}

/** Each member once, shown by the meta of its earliest connection. */
export function railsUsersOf(entries: readonly PresenceEntry[]): RailsPresenceUsers {
  const users: PresenceMeta[] = [];
  const seen = new Set<string>();
  for (const entry of [...entries].sort(byJoinOrder)) {
    if (seen.has(entry.key)) continue;
    seen.add(entry.key);
    users.push(withoutReserved(entry.meta));
  }
  return { users };
}

/** Topics whose members are also announced in the Rails form `{users: [...]}`. */
export function hasRailsUsersForm(topic: string): boolean {
  return topic.startsWith('fight:');
}

/** A connection id a transport hands in: socket.io ids and UUIDs fit; anything else is a bug upstream. */
export function isConnectionId(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(value);
}

/** What Redis holds per entry (the connection id is the hash field). */
interface StoredEntry {
  key: string;
  meta: PresenceMeta;
  online_at: number;
}

export function encodeEntry(entry: Omit<PresenceEntry, 'connectionId'>): string {
  const stored: StoredEntry = { key: entry.key, meta: entry.meta, online_at: entry.onlineAt };
  return JSON.stringify(stored);
}

/**
 * Entries from Redis's flat `[field, value, field, value, ...]` replies. A value that is not an entry (written by
 * something else under the prefix) is skipped rather than shown.
 */
export function decodeEntries(flat: readonly string[]): PresenceEntry[] {
  const entries: PresenceEntry[] = [];
  for (let index = 0; index + 1 < flat.length; index += 2) {
    const entry = decodeEntry(flat[index], flat[index + 1]);
    if (entry) entries.push(entry);
  }
  return entries;
}

function decodeEntry(connectionId: string, json: string): PresenceEntry | undefined {
  let stored: unknown;
  try {
    stored = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (typeof stored !== 'object' || stored === null) return undefined;
  const { key, meta, online_at: onlineAt } = stored as Partial<StoredEntry>;
  if (typeof key !== 'string' || typeof onlineAt !== 'number') return undefined;
  if (!isPresenceMeta(meta)) return undefined;
  return { connectionId, key, meta, onlineAt };
}

/** A meta as the authorize contract allows it: an object with a string `id` and `name`, and scalar fields. */
export function isPresenceMeta(value: unknown): value is PresenceMeta {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const meta = value as Record<string, unknown>;
  if (typeof meta.id !== 'string' || typeof meta.name !== 'string') return false;
  return Object.values(meta).every(
    (field) => field === null || ['string', 'number', 'boolean'].includes(typeof field),
  );
}

/** Timings of presence: a dead replica's entries are gone within `ttlMs + sweepIntervalMs`. */
export interface PresenceTimings {
  heartbeatIntervalMs: number;
  ttlMs: number;
  sweepIntervalMs: number;
}

/** The longest a crashed replica's entry can outlive it: its last refresh plus TTL, plus one sweep period. */
export function worstCaseExpiryMs(timings: PresenceTimings): number {
  return timings.ttlMs + timings.sweepIntervalMs;
}

/** Problems with a combination of timings (each variable's own bounds are checked by the config schema). */
export function presenceTimingProblems(timings: PresenceTimings): string[] {
  const problems: string[] = [];
  if (timings.ttlMs < 2 * timings.heartbeatIntervalMs) {
    problems.push(
      `PRESENCE_TTL_MS (${timings.ttlMs}) must be at least twice PRESENCE_HEARTBEAT_INTERVAL_MS ` +
        `(${timings.heartbeatIntervalMs}), so one late heartbeat does not drop a live connection`,
    );
  }
  if (worstCaseExpiryMs(timings) > 30_000) {
    problems.push(
      `PRESENCE_TTL_MS + PRESENCE_SWEEP_INTERVAL_MS must be at most 30000, so a crashed replica's members ` +
        `leave within 30 s (got ${worstCaseExpiryMs(timings)})`,
    );
  }
  return problems;
}
