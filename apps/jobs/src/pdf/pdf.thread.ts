import { parentPort } from 'node:worker_threads';
import { JobFailure } from '../queues/job-failure.js';
import type { PdfTask, PdfThreadAnswer } from './pdf-threads.js';
import { pdfWork } from './pdf-work.js';

/*
 * A pdf thread (started by PdfThreads): takes one task at a time from the service's thread and answers its result,
 * or its failure as data: a JobFailure's code, message and whether to retry; any other error's name, message and
 * stack, for the service's log.
 */
const port = parentPort;
if (!port) throw new Error('pdf.thread runs as a worker thread of PdfThreads');

port.on('message', (task: PdfTask) => {
  void answer(task).then((reply) => port.postMessage(reply));
});

async function answer({ name, data }: PdfTask): Promise<PdfThreadAnswer> {
  try {
    return { ok: true, result: await pdfWork(name, data) };
  } catch (error) {
    if (error instanceof JobFailure) {
      const { code, message, retry, retryAfterMs } = error;
      return { ok: false, failure: { code, message, retry, retryAfterMs } };
    }
    const {
      name: errorName,
      message,
      stack,
    } = error instanceof Error ? error : { name: 'Error', message: String(error), stack: undefined };
    return { ok: false, error: { name: errorName, message, stack } };
  }
}
