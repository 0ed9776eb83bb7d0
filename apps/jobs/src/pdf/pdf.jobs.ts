import { Injectable } from '@nestjs/common';
import { JobQueues, type CharacterSheetResult, type ImportSheetResult } from '@shotcaller/contracts';
import { JobFailure } from '../queues/job-failure.js';
import type { JobRunner, QueueJob } from '../queues/job-runner.js';
import { PdfThreads } from './pdf-threads.js';
import { isPdfJobName } from './pdf-work.js';

/**
 * Character sheets: a character as a fillable PDF, and a filled sheet read back into a character. The work runs on
 * the pdf threads (PdfThreads), never on the service's own thread.
 */
@Injectable()
export class PdfJobs implements JobRunner {
  readonly queue = JobQueues.pdf;

  constructor(private readonly threads: PdfThreads) {}

  async run(job: QueueJob): Promise<CharacterSheetResult | ImportSheetResult> {
    if (!isPdfJobName(job.name)) {
      throw JobFailure.permanent('unknown_job', `The pdf queue runs no "${job.name}" job`);
    }
    return this.threads.run({ name: job.name, data: job.data as Record<string, unknown> });
  }
}
