import { Inject, Injectable } from '@nestjs/common';
import { Redis } from 'ioredis';
import type { LocationPositionView } from '@shotcaller/contracts';
import { LOCATION_SETTINGS, type LocationSettings } from '../location.settings.js';

/** Where a session's live data lives in Redis (under REDIS_KEY_PREFIX). */
const keys = {
  participants: (sessionId: string) => `location:${sessionId}:participants`,
  position: (sessionId: string, participantId: string) => `location:${sessionId}:position:${participantId}`,
  throttle: (sessionId: string, participantId: string) => `location:${sessionId}:throttle:${participantId}`,
  activity: (sessionId: string) => `location:${sessionId}:activity`,
  /** When each participant was last seen (epoch ms scores). */
  seen: (sessionId: string) => `location:${sessionId}:seen`,
};

/**
 * A participant's position, in one round trip: refused unless the participant is in the session's set (the
 * caller then asks the database), refused when its last stored update is less than the minimum interval old,
 * otherwise stored with its TTL and counted as the session's activity and the participant's being seen.
 * KEYS: participants, throttle, position, activity, seen. ARGV: participant id, min interval ms (0: none),
 * position JSON, position TTL ms, now (epoch ms).
 */
const RECORD_POSITION_LUA = `
if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 0 then return 'not_participant' end
local interval = tonumber(ARGV[2])
if interval > 0 and not redis.call('SET', KEYS[2], '1', 'PX', interval, 'NX') then return 'too_soon' end
redis.call('SET', KEYS[3], ARGV[3], 'PX', ARGV[4])
redis.call('SET', KEYS[4], ARGV[5], 'KEEPTTL')
redis.call('ZADD', KEYS[5], 'GT', ARGV[5], ARGV[1])
return 'stored'
`;

/**
 * Marks participants of the session's set as seen now (others are skipped); answers how many were.
 * KEYS: participants, seen. ARGV: now (epoch ms), participant ids...
 */
const MARK_SEEN_LUA = `
local seen = 0
for index = 2, #ARGV do
  if redis.call('SISMEMBER', KEYS[1], ARGV[index]) == 1 then
    redis.call('ZADD', KEYS[2], 'GT', ARGV[1], ARGV[index])
    seen = seen + 1
  end
end
return seen
`;

const RECORD_POSITION_COMMAND = 'recordLocationPosition';
const MARK_SEEN_COMMAND = 'markLocationParticipantsSeen';

/** What became of a position handed to `recordPosition`. */
export type PositionRecording = 'stored' | 'too_soon' | 'not_participant';

type RecordingRedis = Redis & {
  [RECORD_POSITION_COMMAND](
    participants: string,
    throttle: string,
    position: string,
    activity: string,
    seen: string,
    participantId: string,
    minIntervalMs: number,
    positionJson: string,
    positionTtlMs: number,
    now: number,
  ): Promise<PositionRecording>;
  [MARK_SEEN_COMMAND](participants: string, seen: string, now: string, ...ids: string[]): Promise<number>;
};

/**
 * A session's live state in Redis, shared by every replica: its participant set, each participant's latest
 * position (kept LOCATION_POSITION_TTL_SECONDS), when each was last seen, its last activity, and the
 * per-participant update throttle. The set, the sightings and the activity expire with the session, so nothing
 * outlives it even if the sweep never came.
 */
@Injectable()
export class LiveLocations {
  private readonly redis: RecordingRedis;

  constructor(
    redis: Redis,
    @Inject(LOCATION_SETTINGS) private readonly settings: LocationSettings,
  ) {
    // ioredis sends the script once per connection, then only its SHA (and again after a NOSCRIPT).
    redis.defineCommand(RECORD_POSITION_COMMAND, { numberOfKeys: 5, lua: RECORD_POSITION_LUA });
    redis.defineCommand(MARK_SEEN_COMMAND, { numberOfKeys: 2, lua: MARK_SEEN_LUA });
    this.redis = redis as RecordingRedis;
  }

  async addParticipant(sessionId: string, participantId: string, sessionExpiresAt: Date, now: number) {
    await this.redis
      .multi()
      .sadd(keys.participants(sessionId), participantId)
      .pexpireat(keys.participants(sessionId), sessionExpiresAt.getTime())
      .zadd(keys.seen(sessionId), 'GT', now, participantId)
      .pexpireat(keys.seen(sessionId), sessionExpiresAt.getTime())
      .set(keys.activity(sessionId), String(now), 'PXAT', sessionExpiresAt.getTime())
      .exec();
  }

  /** Takes a participant out of the session's live data; `now` (epoch ms) counts it as activity, null not. */
  async removeParticipant(sessionId: string, participantId: string, now: number | null): Promise<void> {
    const removal = this.redis
      .multi()
      .srem(keys.participants(sessionId), participantId)
      .zrem(keys.seen(sessionId), participantId)
      .del(keys.position(sessionId, participantId), keys.throttle(sessionId, participantId));
    if (now !== null) removal.set(keys.activity(sessionId), String(now), 'KEEPTTL');
    await removal.exec();
  }

  /**
   * Stores a participant's latest position (expiring after the TTL) and counts it as the session's activity,
   * unless the participant is not in the session's set or sent its last one less than the minimum interval ago.
   */
  recordPosition(sessionId: string, position: LocationPositionView, now: number): Promise<PositionRecording> {
    const participantId = position.participant_id;
    return this.redis[RECORD_POSITION_COMMAND](
      keys.participants(sessionId),
      keys.throttle(sessionId, participantId),
      keys.position(sessionId, participantId),
      keys.activity(sessionId),
      keys.seen(sessionId),
      participantId,
      this.settings.minUpdateIntervalMs,
      JSON.stringify(position),
      this.settings.positionTtlMs,
      now,
    );
  }

  /** Marks these participants as seen now, those still in the session's set; answers how many were. */
  async markSeen(sessionId: string, participantIds: readonly string[], now: number): Promise<number> {
    if (participantIds.length === 0) return 0;
    return this.redis[MARK_SEEN_COMMAND](
      keys.participants(sessionId),
      keys.seen(sessionId),
      String(now),
      ...participantIds,
    );
  }

  /** When each participant of the session was last seen (epoch ms), as Redis knows it. */
  async lastSeen(sessionId: string): Promise<Map<string, number>> {
    const flat = await this.redis.zrange(keys.seen(sessionId), '0', '-1', 'WITHSCORES');
    const seen = new Map<string, number>();
    for (let index = 0; index < flat.length; index += 2) seen.set(flat[index], Number(flat[index + 1]));
    return seen;
  }

  /** Every position still live, in no particular order. */
  async positions(sessionId: string): Promise<LocationPositionView[]> {
    const members = await this.redis.smembers(keys.participants(sessionId));
    if (members.length === 0) return [];
    const values = await this.redis.mget(members.map((id) => keys.position(sessionId, id)));
    return values
      .filter((value): value is string => value !== null)
      .map((value) => JSON.parse(value) as LocationPositionView);
  }

  async position(sessionId: string, participantId: string): Promise<LocationPositionView | null> {
    const value = await this.redis.get(keys.position(sessionId, participantId));
    return value === null ? null : (JSON.parse(value) as LocationPositionView);
  }

  /** The session's last activity (epoch ms) as Redis knows it, or null. */
  async activity(sessionId: string): Promise<number | null> {
    const value = await this.redis.get(keys.activity(sessionId));
    return value === null ? null : Number(value);
  }

  /** Removes everything live of a session. */
  async removeSession(sessionId: string): Promise<void> {
    const members = await this.redis.smembers(keys.participants(sessionId));
    await this.redis.del(
      keys.participants(sessionId),
      keys.activity(sessionId),
      keys.seen(sessionId),
      ...members.flatMap((id) => [keys.position(sessionId, id), keys.throttle(sessionId, id)]),
    );
  }

  /**
   * Takes a lock for `ms` (one replica runs the sweep timer at a time); true when this caller has it. The lock
   * expires by itself, so a crashed holder does not keep it.
   */
  async takeLock(name: string, ms: number, owner: string): Promise<boolean> {
    return (await this.redis.set(`location:lock:${name}`, owner, 'PX', ms, 'NX')) === 'OK';
  }
}
