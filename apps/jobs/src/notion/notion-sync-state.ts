import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { BullmqConnection } from '@shotcaller/persistence';
import { lastNotionSyncFrom, type LastNotionSync } from './notion-sync.rules.js';

/** How long the last sync of a character is remembered after it was written (refreshed by every sync). */
const LAST_SYNC_TTL_SECONDS = 90 * 24 * 3600;

/** Deletes the lock only while it is still the holder's: a lock that lapsed and was taken again is not freed. */
const RELEASE_SCRIPT = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0`;

/**
 * Per-character sync state in the service's BullMQ Redis, under its prefix (`<prefix>:notion-sync:<character>`):
 * a lock held while a sync runs, and the last sync written (database, page, updated_at). Neither holds the token
 * nor the character's data.
 */
@Injectable()
export class NotionSyncState {
  constructor(@Inject(BullmqConnection) private readonly bullmq: BullmqConnection) {}

  private key(characterId: string, part: 'lock' | 'last'): string {
    return `${this.bullmq.prefix}:notion-sync:${characterId}:${part}`;
  }

  /** Takes the character's sync lock for `holdMs` at most: its holder's token, or null when another holds it. */
  async lock(characterId: string, holdMs: number): Promise<string | null> {
    const token = randomUUID();
    const taken = await this.bullmq.connection.set(this.key(characterId, 'lock'), token, 'PX', holdMs, 'NX');
    return taken === 'OK' ? token : null;
  }

  async unlock(characterId: string, token: string): Promise<void> {
    await this.bullmq.connection.eval(RELEASE_SCRIPT, 1, this.key(characterId, 'lock'), token);
  }

  async last(characterId: string): Promise<LastNotionSync | null> {
    return lastNotionSyncFrom(await this.bullmq.connection.hgetall(this.key(characterId, 'last')));
  }

  async forget(characterId: string): Promise<void> {
    await this.bullmq.connection.del(this.key(characterId, 'last'));
  }

  async remember(characterId: string, sync: LastNotionSync): Promise<void> {
    const key = this.key(characterId, 'last');
    await this.bullmq.connection
      .multi()
      .del(key)
      .hset(key, { ...sync })
      .expire(key, LAST_SYNC_TTL_SECONDS)
      .exec();
  }
}
