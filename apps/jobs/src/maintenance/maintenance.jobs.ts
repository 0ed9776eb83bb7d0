import { Injectable } from '@nestjs/common';
import { JobQueues, MaintenanceJobNames, Subjects } from '@shotcaller/contracts';
import { ServiceClient } from '@shotcaller/messaging';
import { JobFailure } from '../queues/job-failure.js';
import type { JobRunner, QueueJob } from '../queues/job-runner.js';

/** Scheduled housekeeping: each job asks the service that owns the data to clean it up. */
@Injectable()
export class MaintenanceJobs implements JobRunner {
  readonly queue = JobQueues.maintenance;

  constructor(private readonly services: ServiceClient) {}

  async run(job: QueueJob): Promise<unknown> {
    switch (job.name) {
      case MaintenanceJobNames.locationSweep:
        return this.services.request(Subjects.location.sessions.sweep, {});
      case MaintenanceJobNames.mediaSweep:
        return this.services.request(Subjects.media.images.sweep, {});
      case MaintenanceJobNames.noop:
        return {};
      default:
        throw JobFailure.permanent('unknown_job', `The maintenance queue runs no "${job.name}" job`);
    }
  }
}
