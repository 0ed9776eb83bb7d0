import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { JobQueues, MaintenanceJobNames } from '@shotcaller/contracts';
import type { JobsEnv } from '../config.js';
import type { JobEnvelope } from '../queues/job-envelope.js';
import { JobQueueSet } from '../queues/job-queue-set.js';

export const JOBS_CONFIG = Symbol('JOBS_CONFIG');

/** Each repeatable maintenance job and how often it runs (0: not scheduled). */
function schedulesOf(config: JobsEnv): { id: string; every: number }[] {
  return [
    { id: MaintenanceJobNames.locationSweep, every: config.JOBS_LOCATION_SWEEP_EVERY_MS },
    { id: MaintenanceJobNames.mediaSweep, every: config.JOBS_MEDIA_SWEEP_EVERY_MS },
  ];
}

/**
 * The repeatable maintenance jobs, as BullMQ job schedulers: upserting a scheduler by its id is idempotent, so
 * however many replicas start, each schedule exists once and each of its runs is one job. A schedule set to 0 is
 * removed.
 */
@Injectable()
export class MaintenanceSchedules implements OnApplicationBootstrap {
  private readonly logger = new Logger(MaintenanceSchedules.name);

  constructor(
    private readonly queues: JobQueueSet,
    @Inject(JOBS_CONFIG) private readonly config: JobsEnv,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const queue = this.queues.queue(JobQueues.maintenance);
    const data: JobEnvelope = { user_id: null, data: {} };
    for (const { id, every } of schedulesOf(this.config)) {
      if (every <= 0) {
        await queue.removeJobScheduler(id);
        continue;
      }
      // One attempt each: the next run comes soon, and a sweep that failed is simply the next one's work.
      await queue.upsertJobScheduler(
        id,
        { every },
        {
          name: id,
          data,
          opts: { attempts: 1, removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } },
        },
      );
      this.logger.log({ job: id, every_ms: every }, 'Maintenance job scheduled');
    }
  }
}
