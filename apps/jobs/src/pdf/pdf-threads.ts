import { Worker } from 'node:worker_threads';
import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { CharacterSheetResult, ImportSheetResult } from '@shotcaller/contracts';
import { JobFailure } from '../queues/job-failure.js';
import type { PdfJobName } from './pdf-work.js';

/** What the service's thread hands a pdf thread. */
export interface PdfTask {
  name: PdfJobName;
  data: Record<string, unknown>;
}

/** What a pdf thread answers: the result, a JobFailure as data, or another error as data. */
export type PdfThreadAnswer =
  | { ok: true; result: CharacterSheetResult | ImportSheetResult }
  | { ok: false; failure: { code: string; message: string; retry: boolean; retryAfterMs?: number } }
  | { ok: false; error: { name: string; message: string; stack?: string } };

/*
 * Where the thread's code is. Built (dist/), it is the JavaScript beside this file. Run from the TypeScript sources
 * (Jest, or `node --import ./libs/testing/ts-register.mjs`), the thread is the TypeScript file, loaded through the
 * same hooks the sources are run with (a thread does not inherit Jest's transform).
 */
const FROM_SOURCES = import.meta.url.endsWith('.ts');
const THREAD_FILE = new URL(FROM_SOURCES ? './pdf.thread.ts' : './pdf.thread.js', import.meta.url);
const THREAD_EXEC_ARGV = FROM_SOURCES
  ? ['--import', new URL('../../../../libs/testing/ts-register.mjs', import.meta.url).href]
  : undefined;

interface Pending extends PdfTask {
  resolve: (result: CharacterSheetResult | ImportSheetResult) => void;
  reject: (error: Error) => void;
}

interface PdfThread {
  worker: Worker;
  task?: Pending;
}

/**
 * Worker threads for the pdf queue's work, so that building or reading a sheet (seconds of CPU for a large one)
 * never holds the service's own thread, which answers `jobs.enqueue`, `jobs.run`, readiness and the other queues.
 * At most `size` threads (the pdf queue's concurrency, so each running pdf job has one), started when first
 * needed and kept; a task waits for a free thread. A thread that dies fails its task (a `job_error`, retried as
 * any) and is replaced by the next task. Closed with the application, after the workers let running jobs finish.
 */
export class PdfThreads implements OnApplicationShutdown {
  private readonly logger = new Logger(PdfThreads.name);
  private readonly threads = new Set<PdfThread>();
  private readonly waiting: Pending[] = [];
  private closed = false;

  constructor(private readonly size: number) {}

  run(task: PdfTask): Promise<CharacterSheetResult | ImportSheetResult> {
    if (this.closed) return Promise.reject(new Error('The pdf threads are closed'));
    return new Promise((resolve, reject) => {
      this.waiting.push({ ...task, resolve, reject });
      this.dispatch();
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    for (const task of this.waiting.splice(0)) task.reject(new Error('The pdf threads are closing'));
    await Promise.all([...this.threads].map((thread) => thread.worker.terminate()));
  }

  private dispatch(): void {
    while (this.waiting.length > 0 && !this.closed) {
      const thread = this.idleThread();
      if (!thread) return;
      const task = this.waiting.shift()!;
      thread.task = task;
      // A running task keeps the process alive; an idle thread does not.
      thread.worker.ref();
      thread.worker.postMessage({ name: task.name, data: task.data } satisfies PdfTask);
    }
  }

  private idleThread(): PdfThread | undefined {
    for (const thread of this.threads) if (!thread.task) return thread;
    return this.threads.size < this.size ? this.start() : undefined;
  }

  private start(): PdfThread {
    const worker = new Worker(THREAD_FILE, { name: 'pdf', execArgv: THREAD_EXEC_ARGV });
    const thread: PdfThread = { worker };
    worker.unref();
    worker.on('message', (answer: PdfThreadAnswer) => {
      const task = thread.task;
      thread.task = undefined;
      worker.unref();
      if (task) settle(task, answer);
      this.dispatch();
    });
    worker.on('error', (error) => {
      this.logger.warn({ err: error }, 'A pdf thread failed');
      this.end(thread, error);
    });
    worker.on('exit', (code) => this.end(thread, new Error(`The pdf thread stopped (exit code ${code})`)));
    this.threads.add(thread);
    return thread;
  }

  /** A thread is gone: its task fails, and a waiting task gets a new thread. */
  private end(thread: PdfThread, error: Error): void {
    if (!this.threads.delete(thread)) return;
    thread.task?.reject(error);
    thread.task = undefined;
    this.dispatch();
  }
}

function settle(task: Pending, answer: PdfThreadAnswer): void {
  if (answer.ok) return task.resolve(answer.result);
  if ('failure' in answer) {
    const { code, message, retry, retryAfterMs } = answer.failure;
    return task.reject(new JobFailure(code, message, retry, retryAfterMs));
  }
  task.reject(Object.assign(new Error(answer.error.message), answer.error));
}
