import { Module, type DynamicModule } from '@nestjs/common';
import type { JobsEnv } from '../config.js';
import { PdfJobs } from './pdf.jobs.js';

/** The `pdf` queue's work. It needs no configuration: sheets are built and read in memory. */
@Module({})
export class PdfJobsModule {
  static forRoot(_config: JobsEnv): DynamicModule {
    return { module: PdfJobsModule, providers: [PdfJobs], exports: [PdfJobs] };
  }
}
