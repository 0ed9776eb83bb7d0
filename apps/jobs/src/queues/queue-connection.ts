import { Module, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { BullmqConnection } from '@shotcaller/persistence';

/**
 * The Redis connection the service's queues send their commands on: `jobs.enqueue` and `jobs.run` storing jobs,
 * and what reads or changes queues (the dashboard, `/metrics`, the schedules). Unlike the workers' connection
 * (BullmqConnection), nothing waits through an outage: a command sent while Redis is unreachable fails at once
 * (no offline queue), and commands still unanswered when the connection drops are failed then and never sent again
 * after it reconnects (`maxRetriesPerRequest: 0`, `autoResendUnfulfilledCommands: false`). So a job whose caller
 * was answered an error cannot be stored later by a command left waiting. It reconnects as the workers' connection
 * does.
 */
export class QueueConnection implements OnApplicationShutdown {
  constructor(
    readonly redis: Redis,
    /** BullMQ's prefix, the same as the workers'. */
    readonly prefix: string,
  ) {}

  /** Connected now: a command sent now reaches Redis (or fails at once if the connection breaks meanwhile). */
  get ready(): boolean {
    return this.redis.status === 'ready';
  }

  async onApplicationShutdown(): Promise<void> {
    // With no offline queue, QUIT fails at once while disconnected: the connection is dropped instead.
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/** A copy of the workers' connection (same server, settings and reconnection) that never waits or resends. */
export async function openQueueConnection(bullmq: BullmqConnection): Promise<QueueConnection> {
  const redis = bullmq.connection.duplicate({
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    lazyConnect: true,
  });
  await redis.connect();
  return new QueueConnection(redis, bullmq.prefix);
}

/** Provides QueueConnection (the workers' BullmqConnection comes from BullmqModule, which is global). */
@Module({
  providers: [{ provide: QueueConnection, inject: [BullmqConnection], useFactory: openQueueConnection }],
  exports: [QueueConnection],
})
export class QueueConnectionModule {}
