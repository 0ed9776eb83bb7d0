import type { INestApplication } from '@nestjs/common';
import { QueueEvents } from 'bullmq';
import { PDFDocument } from 'pdf-lib';
import {
  JobQueues,
  MaintenanceJobNames,
  PdfImportFailures,
  PdfJobNames,
  Subjects,
  type CharacterSheetData,
  type CharacterSheetResult,
  type EnqueuedJobView,
  type FinishedJobView,
  type ImportSheetResult,
} from '@shotcaller/contracts';
import { BullmqConnection } from '@shotcaller/persistence';
import { NatsRequester, TestEnvironment } from '@shotcaller/testing';
import { sampleCharacter } from '../src/pdf/character-sheet.spec-support.js';
import { bootJobs } from '../src/boot.js';
import { loadJobsConfig } from '../src/config.js';

/**
 * The pdf queue's work runs on threads of its own: while a large sheet is being built, the service still answers
 * other requests; results and refusals are what the work itself gives.
 */
const env = new TestEnvironment('jobs-pdf-threads');
let app: INestApplication;
let nats: NatsRequester;
let pdfEvents: QueueEvents;

beforeAll(async () => {
  app = await bootJobs(
    loadJobsConfig(
      env.common(env.redis({ JOBS_LOCATION_SWEEP_EVERY_MS: '0', JOBS_MEDIA_SWEEP_EVERY_MS: '0' })),
    ),
  );
  nats = await NatsRequester.connect(env.stores.nats, env.subjectPrefix);
  const { connection, prefix } = app.get(BullmqConnection);
  pdfEvents = new QueueEvents(JobQueues.pdf, { connection, prefix });
  await pdfEvents.waitUntilReady();
});

afterAll(async () => {
  await pdfEvents?.close();
  await nats?.close();
  await app?.close();
  await env.cleanup();
});

const WAIT_MS = 60_000;
const PROBES = 20;

function runPdf<T>(name: string, data: object, jobId?: string) {
  return nats.request<FinishedJobView & { result: T }>(
    Subjects.jobs.run,
    {
      queue: JobQueues.pdf,
      name,
      data,
      options: { attempts: 1, ...(jobId ? { job_id: jobId } : {}) },
      wait_ms: WAIT_MS,
    },
    { timeoutMs: WAIT_MS + 5000 },
  );
}

/** A sheet near the limits a request can carry (NATS takes 1 MB): every description box full. */
function largeCharacter(): CharacterSheetData {
  const words = 'Punches through walls, reloads in a blink and never misses twice. ';
  const description: Record<string, string> = {};
  for (let key = 0; key < 50; key += 1) description[`Note ${key}`] = words.repeat(140).slice(0, 9000);
  return sampleCharacter({ name: 'Big Sheet', description });
}

describe('the pdf queue', () => {
  it('builds a sheet and reads it back, as before', async () => {
    const built = await runPdf<CharacterSheetResult>(PdfJobNames.characterSheet, sampleCharacter());
    if (!built.ok) throw new Error(JSON.stringify(built.error));
    expect(built.value.result).toMatchObject({ filename: 'Johnny-Tso.pdf', content_type: 'application/pdf' });

    const doc = await PDFDocument.load(Buffer.from(built.value.result.pdf_base64, 'base64'));
    doc.getForm().getTextField('action_values.Guns').setText('15');
    const filled = Buffer.from(await doc.save()).toString('base64');
    const read = await runPdf<ImportSheetResult>(PdfJobNames.importSheet, { pdf_base64: filled });
    if (!read.ok) throw new Error(JSON.stringify(read.error));
    expect(read.value.result.character).toMatchObject({ name: 'Johnny Tso', action_values: { Guns: 15 } });
  });

  it('refuses a file that is not a sheet with the code the work gives (422)', async () => {
    const pdf_base64 = Buffer.from('GIF89a a picture').toString('base64');
    const refused = await runPdf(PdfJobNames.importSheet, { pdf_base64 });
    expect(refused).toEqual({
      ok: false,
      error: expect.objectContaining({
        statusCode: 422,
        details: expect.objectContaining({
          error: { code: PdfImportFailures.notPdf, message: expect.any(String) },
        }),
      }),
    });
  });

  it('answers other requests, one after another, while a large sheet is being built', async () => {
    // The pdf work is under way (on its thread, when it has one) before the large sheet comes.
    expect((await runPdf(PdfJobNames.characterSheet, sampleCharacter())).ok).toBe(true);
    const answered: string[] = [];
    const started = new Promise<void>((resolve) => {
      pdfEvents.on('active', ({ jobId }) => {
        if (jobId === 'large-sheet') resolve();
      });
    });
    const sheet = runPdf<CharacterSheetResult>(
      PdfJobNames.characterSheet,
      largeCharacter(),
      'large-sheet',
    ).then((reply) => {
      answered.push('sheet');
      return reply;
    });
    await started;

    // Each sent once the one before was answered: they need the service's event loop again and again, which a
    // sheet built on it would hold for most of the time the sheet takes.
    for (let probe = 0; probe < PROBES; probe += 1) {
      await nats.expectOk(Subjects.jobs.health, {});
      answered.push('health');
    }
    await nats.expectOk<EnqueuedJobView>(Subjects.jobs.enqueue, {
      queue: JobQueues.maintenance,
      name: MaintenanceJobNames.noop,
      data: {},
    });
    answered.push('enqueue');

    const reply = await sheet;
    if (!reply.ok) throw new Error(JSON.stringify(reply.error));
    expect(reply.value.result.filename).toBe('Big-Sheet.pdf');
    expect(answered).toEqual([...Array<string>(PROBES).fill('health'), 'enqueue', 'sheet']);
  });
});
