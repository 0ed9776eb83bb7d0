import type { Redis } from 'ioredis';
import { connectionSlotsKey } from '../../src/realtime/connections/connection-cap.store.js';

/** When a connection's slot lapses unless renewed, as Redis holds it (null: it holds no slot). */
export async function leaseEnd(
  redis: Redis,
  identityKey: string,
  connectionId: string,
): Promise<number | null> {
  const score = await redis.zscore(connectionSlotsKey(identityKey), connectionId);
  return score === null ? null : Number(score);
}
