import { Inject, Injectable } from '@nestjs/common';
import { Gauge, Histogram } from 'prom-client';
import { Metrics } from '@shotcaller/observability';
import { JobQueueSet } from './job-queue-set.js';

const COUNTED_STATES = ['waiting', 'active', 'completed', 'failed', 'delayed'] as const;

/** Jobs by queue and state (read from Redis at scrape time, so every replica reports the same), and run times. */
@Injectable()
export class JobMetrics {
  readonly duration: Histogram<'queue' | 'outcome'>;

  constructor(@Inject(Metrics) metrics: Metrics, queues: JobQueueSet) {
    const registers = [metrics.registry];
    new Gauge({
      name: 'jobs_queue_jobs',
      help: 'Jobs in each queue by state (waiting, active, completed, failed, delayed)',
      labelNames: ['queue', 'state'] as const,
      registers,
      async collect() {
        const byQueue = await Promise.all(
          queues.all().map(async (queue) => ({
            queue: queue.name,
            counts: await queue.getJobCounts(...COUNTED_STATES),
          })),
        );
        for (const { queue, counts } of byQueue) {
          for (const state of COUNTED_STATES) this.set({ queue, state }, counts[state] ?? 0);
        }
      },
    });
    this.duration = new Histogram({
      name: 'jobs_job_duration_seconds',
      help: "One attempt of a job, from its worker's start to its end, by queue and outcome",
      labelNames: ['queue', 'outcome'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers,
    });
  }
}
