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
};

/**
 * A participant's position, in one round trip: refused unless the participant is in the session's set (the
 * caller then asks the database), refused when its last stored update is less than the minimum interval old,
 * otherwise stored with its TTL and counted as the session's activity.
 * KEYS: participants, throttle, position, activity. ARGV: participant id, min interval ms (0: none), position
 * JSON, position TTL ms, now (epoch ms).
 */
const RECORD_POSITION_LUA = `
if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 0 then return 'not_participant' end
local interval = tonumber(ARGV[2])
if interval > 0 and not redis.call('SET', KEYS[2], '1', 'PX', interval, 'NX') then return 'too_soon' end
redis.call('SET', KEYS[3], ARGV[3], 'PX', ARGV[4])
redis.call('SET', KEYS[4], ARGV[5], 'KEEPTTL')
return 'stored'
`;

const RECORD_POSITION_COMMAND = 'recordLocationPosition';

/** What became of a position handed to `recordPosition`. */
export type PositionRecording = 'stored' | 'too_soon' | 'not_participant';

type RecordingRedis = Redis & {
  [RECORD_POSITION_COMMAND](
    participants: string,
    throttle: string,
    position: string,
    activity: string,
    participantId: string,
    minIntervalMs: number,
    positionJson: string,
    positionTtlMs: number,
    now: number,
  ): Promise<PositionRecording>;
};

/**
 * A session's live state in Redis, shared by every replica: its participant set, each participant's latest
 * position (kept LOCATION_POSITION_TTL_SECONDS), its last activity, and the per-participant update throttle.
 * The set and the activity expire with the session, so nothing outlives it even if the sweep never came.
 */
@Injectable()
export class LiveLocations {
  private readonly redis: RecordingRedis;

  constructor(
    redis: Redis,
    @Inject(LOCATION_SETTINGS) private readonly settings: LocationSettings,
  ) {
    // ioredis sends the script once per connection, then only its SHA (and again after a NOSCRIPT).
    redis.defineCommand(RECORD_POSITION_COMMAND, { numberOfKeys: 4, lua: RECORD_POSITION_LUA });
    this.redis = redis as RecordingRedis;
  }

  async addParticipant(sessionId: string, participantId: string, sessionExpiresAt: Date, now: number) {
    await this.redis
      .multi()
      .sadd(keys.participants(sessionId), participantId)
      .pexpireat(keys.participants(sessionId), sessionExpiresAt.getTime())
      .set(keys.activity(sessionId), String(now), 'PXAT', sessionExpiresAt.getTime())
      .exec();
  }

  async removeParticipant(sessionId: string, participantId: string, now: number): Promise<void> {
    await this.redis
      .multi()
      .srem(keys.participants(sessionId), participantId)
      .del(keys.position(sessionId, participantId), keys.throttle(sessionId, participantId))
      .set(keys.activity(sessionId), String(now), 'KEEPTTL')
      .exec();
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
      participantId,
      this.settings.minUpdateIntervalMs,
      JSON.stringify(position),
      this.settings.positionTtlMs,
      now,
    );
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
