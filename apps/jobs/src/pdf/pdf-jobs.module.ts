import { Module, type DynamicModule } from '@nestjs/common';
import type { JobsEnv } from '../config.js';
import { jobSettings } from '../queues/job-settings.js';
import { PdfThreads } from './pdf-threads.js';
import { PdfJobs } from './pdf.jobs.js';

/**
 * The `pdf` queue's work: sheets are built and read in memory, on worker threads of their own, as many as the
 * queue runs jobs at once (JOBS_CONCURRENCY).
 */
@Module({})
export class PdfJobsModule {
  static forRoot(config: JobsEnv): DynamicModule {
    const threads = jobSettings(config).concurrency.pdf;
    return {
      module: PdfJobsModule,
      providers: [{ provide: PdfThreads, useFactory: () => new PdfThreads(threads) }, PdfJobs],
      exports: [PdfJobs],
    };
  }
}
