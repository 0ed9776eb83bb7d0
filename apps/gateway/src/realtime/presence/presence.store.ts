import type { Redis } from 'ioredis';
import { decodeEntries, encodeEntry, type PresenceEntry } from './presence.rules.js';

/*
 * Redis layout, under the client's REDIS_KEY_PREFIX (ioredis prefixes every KEYS argument of a script):
 *   presence:entries:<topic>  hash   connection id -> entry JSON {key, meta, online_at}
 *   presence:expiry:<topic>   zset   connection id -> expiry (Redis server time, ms)
 *   presence:metas:<topic>    hash   member key -> number of its connections (the per-key cap)
 *   presence:topics           zset   topic -> its earliest expiry: the sweep's index, so it never scans keys
 * Expiries use Redis's clock (TIME), so replicas with skewed clocks agree on what has expired. Every change also
 * gives these keys a lifetime well past the longest entry, so a fleet that stopped entirely leaves nothing behind.
 * Each script is atomic: an entry is removed by exactly one call (leave or sweep), which alone reports it.
 */

/** Shared by the scripts: now in ms; keep the index and the keys' lifetime in line with the earliest expiry. */
const COMMON_LUA = `
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local function reindex(topic, keep_ms)
  local first = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')
  if #first == 0 then
    redis.call('ZREM', KEYS[4], topic)
    return
  end
  redis.call('ZADD', KEYS[4], first[2], topic)
  redis.call('PEXPIRE', KEYS[4], keep_ms)
  redis.call('PEXPIRE', KEYS[1], keep_ms)
  redis.call('PEXPIRE', KEYS[2], keep_ms)
  redis.call('PEXPIRE', KEYS[3], keep_ms)
end
local function remove(connection_id)
  local json = redis.call('HGET', KEYS[1], connection_id)
  redis.call('ZREM', KEYS[2], connection_id)
  if not json then return nil end
  redis.call('HDEL', KEYS[1], connection_id)
  local ok, entry = pcall(cjson.decode, json)
  if ok and type(entry) == 'table' and type(entry.key) == 'string' then
    if redis.call('HINCRBY', KEYS[3], entry.key, -1) <= 0 then redis.call('HDEL', KEYS[3], entry.key) end
  end
  return json
end
`;

/**
 * KEYS: entries, expiry, metas, topics. ARGV: connection id, member key, entry JSON, ttl ms, keep ms, max entries,
 * max metas per key, topic. Returns {status, state}: status 1 joined, 0 already there (expiry refreshed),
 * -1 topic full, -2 member has too many connections; state is the topic's entries after, flat.
 */
const JOIN_LUA = `${COMMON_LUA}
local now = now_ms()
local status = 0
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then
  if redis.call('HLEN', KEYS[1]) >= tonumber(ARGV[6]) then return {-1, {}} end
  if tonumber(redis.call('HGET', KEYS[3], ARGV[2]) or '0') >= tonumber(ARGV[7]) then return {-2, {}} end
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
  redis.call('HINCRBY', KEYS[3], ARGV[2], 1)
  status = 1
end
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[4]), ARGV[1])
reindex(ARGV[8], tonumber(ARGV[5]))
return {status, redis.call('HGETALL', KEYS[1])}
`;

/** KEYS: entries, expiry, metas, topics. ARGV: connection id, topic, keep ms. Returns {removed, state} or {}. */
const LEAVE_LUA = `${COMMON_LUA}
local json = remove(ARGV[1])
reindex(ARGV[2], tonumber(ARGV[3]))
if not json then return {} end
return {{ARGV[1], json}, redis.call('HGETALL', KEYS[1])}
`;

/**
 * KEYS: entries, expiry, metas, topics. ARGV: ttl ms, keep ms, topic, connection ids... Pushes back the expiry of
 * the ids still present; returns the ids that are gone (swept while this replica was stalled, or Redis lost them).
 */
const REFRESH_LUA = `${COMMON_LUA}
local now = now_ms()
local expires = now + tonumber(ARGV[1])
local missing = {}
for i = 4, #ARGV do
  if redis.call('HEXISTS', KEYS[1], ARGV[i]) == 1 then
    redis.call('ZADD', KEYS[2], expires, ARGV[i])
  else
    redis.call('ZREM', KEYS[2], ARGV[i])
    missing[#missing + 1] = ARGV[i]
  end
end
reindex(ARGV[3], tonumber(ARGV[2]))
return missing
`;

/**
 * KEYS: entries, expiry, metas, topics. ARGV: topic, keep ms, batch. Removes up to a batch of expired entries.
 * Returns {removed (flat), state after (flat), 1 when more expired entries remain}.
 */
const SWEEP_LUA = `${COMMON_LUA}
local now = now_ms()
local batch = tonumber(ARGV[3])
local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now, 'LIMIT', 0, batch)
local removed = {}
for _, connection_id in ipairs(expired) do
  local json = remove(connection_id)
  if json then
    removed[#removed + 1] = connection_id
    removed[#removed + 1] = json
  end
end
reindex(ARGV[1], tonumber(ARGV[2]))
local more = 0
if #expired == batch then more = 1 end
return {removed, redis.call('HGETALL', KEYS[1]), more}
`;

/** KEYS: topics. ARGV: batch. The topics whose earliest entry has expired, by Redis's clock. */
const DUE_TOPICS_LUA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
return redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, tonumber(ARGV[1]))
`;

type Flat = string[];

interface PresenceCommands {
  presenceJoin(...args: (string | number)[]): Promise<[number, Flat]>;
  presenceLeave(...args: (string | number)[]): Promise<[] | [Flat, Flat]>;
  presenceRefresh(...args: (string | number)[]): Promise<string[]>;
  presenceSweep(...args: (string | number)[]): Promise<[Flat, Flat, number]>;
  presenceDueTopics(...args: (string | number)[]): Promise<string[]>;
}

export interface PresenceLimits {
  ttlMs: number;
  maxEntriesPerTopic: number;
  maxMetasPerKey: number;
}

export type JoinOutcome =
  | { status: 'joined' | 'present'; state: PresenceEntry[] }
  | { status: 'topic_full' | 'too_many_connections' };

export interface Removal {
  removed: PresenceEntry[];
  state: PresenceEntry[];
}

const TOPICS_INDEX = 'presence:topics';
/**
 * How long a topic's keys outlive its latest expiry. While any replica runs, its sweep removes expired entries (and
 * announces them) long before; the lifetime only clears what a fleet that stopped entirely left behind.
 */
const KEYS_OUTLIVE_ENTRIES_MS = 10 * 60_000;

/** A topic's sorted set of entry expiries (connection id, scored by when it lapses, in Redis's clock). */
export const presenceExpiryKey = (topic: string) => `presence:expiry:${topic}`;

function topicKeys(topic: string): [string, string, string, string] {
  return [`presence:entries:${topic}`, presenceExpiryKey(topic), `presence:metas:${topic}`, TOPICS_INDEX];
}

/** The presence entries of every replica, in Redis. Each method is one atomic script call. */
export class PresenceStore {
  private readonly redis: Redis & PresenceCommands;
  /** How long keys live after their latest change: well past any entry's expiry. */
  private readonly keepMs: number;

  constructor(
    redis: Redis,
    private readonly limits: PresenceLimits,
  ) {
    // ioredis sends a script once per connection, then only its SHA (and again after a NOSCRIPT).
    redis.defineCommand('presenceJoin', { numberOfKeys: 4, lua: JOIN_LUA });
    redis.defineCommand('presenceLeave', { numberOfKeys: 4, lua: LEAVE_LUA });
    redis.defineCommand('presenceRefresh', { numberOfKeys: 4, lua: REFRESH_LUA });
    redis.defineCommand('presenceSweep', { numberOfKeys: 4, lua: SWEEP_LUA });
    redis.defineCommand('presenceDueTopics', { numberOfKeys: 1, lua: DUE_TOPICS_LUA });
    this.redis = redis as Redis & PresenceCommands;
    this.keepMs = limits.ttlMs + KEYS_OUTLIVE_ENTRIES_MS;
  }

  async join(topic: string, entry: PresenceEntry): Promise<JoinOutcome> {
    const [status, state] = await this.redis.presenceJoin(
      ...topicKeys(topic),
      entry.connectionId,
      entry.key,
      encodeEntry(entry),
      this.limits.ttlMs,
      this.keepMs,
      this.limits.maxEntriesPerTopic,
      this.limits.maxMetasPerKey,
      topic,
    );
    if (status === -1) return { status: 'topic_full' };
    if (status === -2) return { status: 'too_many_connections' };
    return { status: status === 1 ? 'joined' : 'present', state: decodeEntries(state) };
  }

  /** The entry removed (undefined when it was already gone) and the topic's state after. */
  async leave(topic: string, connectionId: string): Promise<Removal | undefined> {
    const reply = await this.redis.presenceLeave(...topicKeys(topic), connectionId, topic, this.keepMs);
    if (reply.length === 0) return undefined;
    return { removed: decodeEntries(reply[0]), state: decodeEntries(reply[1]) };
  }

  /** Pushes back the expiry of these connections' entries; answers the ids whose entry is gone. */
  refresh(topic: string, connectionIds: readonly string[]): Promise<string[]> {
    return this.redis.presenceRefresh(
      ...topicKeys(topic),
      this.limits.ttlMs,
      this.keepMs,
      topic,
      ...connectionIds,
    );
  }

  /** Topics with an expired entry (at most `batch`). */
  dueTopics(batch: number): Promise<string[]> {
    return this.redis.presenceDueTopics(TOPICS_INDEX, batch);
  }

  /** Removes up to `batch` expired entries of a topic; `more` when others remain. */
  async sweep(topic: string, batch: number): Promise<Removal & { more: boolean }> {
    const [removed, state, more] = await this.redis.presenceSweep(
      ...topicKeys(topic),
      topic,
      this.keepMs,
      batch,
    );
    return { removed: decodeEntries(removed), state: decodeEntries(state), more: more === 1 };
  }

  /** Every entry of a topic. */
  async state(topic: string): Promise<PresenceEntry[]> {
    const flat = await this.redis.hgetall(topicKeys(topic)[0]);
    return decodeEntries(Object.entries(flat).flat());
  }
}
