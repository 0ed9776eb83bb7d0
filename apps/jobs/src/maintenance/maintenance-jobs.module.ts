import { Module, type DynamicModule } from '@nestjs/common';
import type { JobsEnv } from '../config.js';
import { MaintenanceJobs } from './maintenance.jobs.js';
import { JOBS_CONFIG, MaintenanceSchedules } from './maintenance.schedules.js';

/** Scheduled housekeeping: the location sweep and the orphaned image cleanup, each on its own schedule. */
@Module({})
export class MaintenanceJobsModule {
  static forRoot(config: JobsEnv): DynamicModule {
    return {
      module: MaintenanceJobsModule,
      providers: [{ provide: JOBS_CONFIG, useValue: config }, MaintenanceJobs, MaintenanceSchedules],
      exports: [MaintenanceJobs],
    };
  }
}
