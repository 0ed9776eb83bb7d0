import { Redis } from 'ioredis';
import { ErrorCode, ServiceError } from '@shotcaller/contracts';
import { OutageLog } from '@shotcaller/messaging';
import type { BudgetStore, LimitSpec, Reservation } from './limit-budget.js';

/**
 * Reserves up to ARGV[3] of a window's budget, atomically. KEYS: the window's count. ARGV: window ms, limit,
 * amount. Returns granted, unreserved after it, ms until the window ends (which starts with the first grant).
 */
const RESERVE_LUA = `
local limit = tonumber(ARGV[2])
local counted = tonumber(redis.call('GET', KEYS[1]) or '0')
local granted = math.max(0, math.min(tonumber(ARGV[3]), limit - counted))
if granted > 0 then
  counted = redis.call('INCRBY', KEYS[1], granted)
end
local windowLeft = redis.call('PTTL', KEYS[1])
if windowLeft < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  windowLeft = tonumber(ARGV[1])
end
return { granted, math.max(0, limit - counted), windowLeft }
`;

const RESERVE_COMMAND = 'reserveRateLimitBudget';

type ReservingRedis = Redis & {
  [RESERVE_COMMAND](
    key: string,
    windowMs: number,
    limit: number,
    amount: number,
  ): Promise<[number, number, number]>;
};

/** The window counts in Redis, shared by every gateway replica. */
export class RedisBudgetStore implements BudgetStore {
  private readonly redis: ReservingRedis;
  private readonly outages = new OutageLog();

  constructor(redis: Redis) {
    // ioredis sends the script once per connection, then only its SHA (and again after a NOSCRIPT).
    redis.defineCommand(RESERVE_COMMAND, { numberOfKeys: 1, lua: RESERVE_LUA });
    this.redis = redis as ReservingRedis;
  }

  async reserve(spec: LimitSpec, key: string, amount: number): Promise<Reservation> {
    let reply: [number, number, number];
    try {
      // The key @nestjs/throttler counted in, so replicas of the previous release count along during a rollout.
      reply = await this.redis[RESERVE_COMMAND](
        `ratelimit:${spec.name}:${key}:hits`,
        spec.windowMs,
        spec.limit,
        amount,
      );
    } catch {
      this.outages.refused('redis rate limits');
      throw new ServiceError(
        ErrorCode.DependencyUnavailable,
        'Rate limiting is unavailable; try again shortly',
      );
    }
    const [granted, unreserved, windowLeftMs] = reply;
    return { granted, unreserved, windowLeftMs };
  }
}
