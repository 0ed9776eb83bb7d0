import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { getQueueToken } from '@nestjs/bullmq';
import { Queue, QueueEvents } from 'bullmq';
import { JOB_QUEUE_NAMES, type JobQueueName } from '@shotcaller/contracts';
import { BullmqConnection } from '@shotcaller/persistence';

/**
 * The service's BullMQ queues (registered with @nestjs/bullmq), and the event streams `jobs.run` waits on, opened
 * the first time a queue is waited on (each holds a blocking Redis connection of its own).
 */
@Injectable()
export class JobQueueSet implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(JobQueueSet.name);
  private readonly events = new Map<JobQueueName, Promise<QueueEvents>>();

  constructor(
    private readonly modules: ModuleRef,
    @Inject(BullmqConnection) private readonly bullmq: BullmqConnection,
  ) {}

  /** Connection errors during an outage are reported here; BullMQ reconnects by itself. */
  onModuleInit(): void {
    for (const queue of this.all()) queue.on('error', (error) => this.reportError(error, queue.name));
  }

  queue(name: JobQueueName): Queue {
    return this.modules.get<Queue>(getQueueToken(name), { strict: false });
  }

  all(): Queue[] {
    return JOB_QUEUE_NAMES.map((name) => this.queue(name));
  }

  eventsOf(name: JobQueueName): Promise<QueueEvents> {
    let events = this.events.get(name);
    if (!events) {
      const opened = new QueueEvents(name, {
        connection: this.bullmq.connection,
        prefix: this.bullmq.prefix,
      });
      opened.on('error', (error) => this.reportError(error, name));
      events = opened.waitUntilReady().then(() => opened);
      this.events.set(name, events);
    }
    return events;
  }

  async onApplicationShutdown(): Promise<void> {
    const opened = await Promise.allSettled(this.events.values());
    await Promise.all(
      opened.flatMap((result) => (result.status === 'fulfilled' ? [result.value.close()] : [])),
    );
  }

  private reportError(error: Error, queue: string): void {
    this.logger.warn({ err: error, queue }, 'BullMQ queue connection error');
  }
}
