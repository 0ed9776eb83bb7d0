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
 * A session's live state in Redis, shared by every replica: its participant set, each participant's latest
 * position (kept LOCATION_POSITION_TTL_SECONDS), its last activity, and the per-participant update throttle.
 * The set and the activity expire with the session, so nothing outlives it even if the sweep never came.
 */
@Injectable()
export class LiveLocations {
  constructor(
    private readonly redis: Redis,
    @Inject(LOCATION_SETTINGS) private readonly settings: LocationSettings,
  ) {}

  async addParticipant(sessionId: string, participantId: string, sessionExpiresAt: Date, now: number) {
    await this.redis
      .multi()
      .sadd(keys.participants(sessionId), participantId)
      .pexpireat(keys.participants(sessionId), sessionExpiresAt.getTime())
      .set(keys.activity(sessionId), String(now), 'PXAT', sessionExpiresAt.getTime())
      .exec();
  }

  async isParticipant(sessionId: string, participantId: string): Promise<boolean> {
    return (await this.redis.sismember(keys.participants(sessionId), participantId)) === 1;
  }

  async removeParticipant(sessionId: string, participantId: string, now: number): Promise<void> {
    await this.redis
      .multi()
      .srem(keys.participants(sessionId), participantId)
      .del(keys.position(sessionId, participantId), keys.throttle(sessionId, participantId))
      .set(keys.activity(sessionId), String(now), 'KEEPTTL')
      .exec();
  }

  /** Takes the participant's update slot; false when its last update was less than the minimum interval ago. */
  async takeUpdateSlot(sessionId: string, participantId: string): Promise<boolean> {
    if (this.settings.minUpdateIntervalMs <= 0) return true;
    const taken = await this.redis.set(
      keys.throttle(sessionId, participantId),
      '1',
      'PX',
      this.settings.minUpdateIntervalMs,
      'NX',
    );
    return taken === 'OK';
  }

  /** Stores the latest position (expiring after the TTL) and counts it as the session's activity. */
  async storePosition(sessionId: string, position: LocationPositionView, now: number): Promise<void> {
    await this.redis
      .multi()
      .set(
        keys.position(sessionId, position.participant_id),
        JSON.stringify(position),
        'PX',
        this.settings.positionTtlMs,
      )
      .set(keys.activity(sessionId), String(now), 'KEEPTTL')
      .exec();
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
