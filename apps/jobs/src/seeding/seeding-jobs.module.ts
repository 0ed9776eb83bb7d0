import { Module, type DynamicModule } from '@nestjs/common';
import type { JobsEnv } from '../config.js';
import { SEEDING_SETTINGS, SeedingJobs, type SeedingSettings } from './seeding.jobs.js';

/** The `seeding` queue's runner. */
@Module({})
export class SeedingJobsModule {
  static forRoot(config: Pick<JobsEnv, 'JOBS_SEEDING_TIMEOUT_MS'>): DynamicModule {
    const settings: SeedingSettings = { timeoutMs: config.JOBS_SEEDING_TIMEOUT_MS };
    return {
      module: SeedingJobsModule,
      providers: [{ provide: SEEDING_SETTINGS, useValue: settings }, SeedingJobs],
      exports: [SeedingJobs],
    };
  }
}
