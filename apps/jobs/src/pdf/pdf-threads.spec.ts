import type { Worker } from 'node:worker_threads';
import { PdfJobNames } from '@shotcaller/contracts';
import { sampleCharacter } from './character-sheet.spec-support.js';
import { PdfThreads, type PdfTask } from './pdf-threads.js';

/**
 * The workers PdfThreads holds, reached into for what no sheet makes a thread do: die (out of memory, a native
 * fault), here by terminating it.
 */
function workersOf(threads: PdfThreads): Worker[] {
  const held = (threads as unknown as { threads: Set<{ worker: Worker }> }).threads;
  return [...held].map((thread) => thread.worker);
}

const sheetTask = (): PdfTask => ({
  name: PdfJobNames.characterSheet,
  data: sampleCharacter() as unknown as Record<string, unknown>,
});

describe('PdfThreads', () => {
  let threads: PdfThreads;

  beforeEach(() => {
    threads = new PdfThreads(1);
  });

  afterEach(async () => {
    await threads.onApplicationShutdown();
  });

  it('fails the task of a thread that dies, and runs the task waiting behind it on a new thread', async () => {
    const running = threads.run(sheetTask()).then(
      () => 'built',
      (error: Error) => error.message,
    );
    const waiting = threads.run(sheetTask());
    const [dying] = workersOf(threads);
    await dying.terminate();

    expect(await running).toMatch(/^The pdf thread stopped/);
    await expect(waiting).resolves.toMatchObject({
      filename: 'Johnny-Tso.pdf',
      content_type: 'application/pdf',
    });
    const [replacement] = workersOf(threads);
    expect(replacement).toBeDefined();
    expect(replacement).not.toBe(dying);
  });

  it('on closing fails what is running and waiting, and refuses more', async () => {
    const outcomes = Promise.allSettled([threads.run(sheetTask()), threads.run(sheetTask())]);
    await threads.onApplicationShutdown();

    const failure = (message: string | RegExp) => ({
      status: 'rejected',
      reason: expect.objectContaining({ message: expect.stringMatching(message) }),
    });
    expect(await outcomes).toEqual([
      failure(/^The pdf thread stopped/),
      failure(/^The pdf threads are closing$/),
    ]);
    await expect(threads.run(sheetTask())).rejects.toThrow('The pdf threads are closed');
    expect(workersOf(threads)).toEqual([]);
  });
});
