import { Test, type TestingModule } from '@nestjs/testing';
import {
  PdfImportFailures,
  PdfJobNames,
  type CharacterSheetResult,
  type ImportSheetResult,
} from '@shotcaller/contracts';
import { PDFDocument } from 'pdf-lib';
import { JobsEnv } from '../config.js';
import { validJobData } from '../queues/job-data.validation.js';
import { JobFailure } from '../queues/job-failure.js';
import type { QueueJob } from '../queues/job-runner.js';
import { sampleCharacter } from './character-sheet.spec-support.js';
import { PdfJobsModule } from './pdf-jobs.module.js';
import { PdfJobs } from './pdf.jobs.js';

describe('PdfJobs', () => {
  let module: TestingModule;
  let jobs: PdfJobs;

  beforeAll(async () => {
    module = await Test.createTestingModule({
      imports: [PdfJobsModule.forRoot(new JobsEnv())],
    }).compile();
    jobs = module.get(PdfJobs);
  });

  afterAll(async () => {
    await module?.close();
  });

  /** Runs a job as the worker would: its data checked at enqueue as `jobs.enqueue` checks it. */
  async function run(name: string, data: object): Promise<unknown> {
    const checked = await validJobData('pdf', name, data as Record<string, unknown>);
    const job: QueueJob = { id: '1', name, data: checked, attemptsMade: 0, attempts: 3, userId: null };
    return jobs.run(job);
  }

  it('is the pdf queue', () => {
    expect(jobs.queue).toBe('pdf');
  });

  it('builds a sheet, and reads it back once a player changed it', async () => {
    const sheet = (await run(PdfJobNames.characterSheet, sampleCharacter())) as CharacterSheetResult;

    expect(sheet.filename).toBe('Johnny-Tso.pdf');
    expect(sheet.content_type).toBe('application/pdf');
    const doc = await PDFDocument.load(Buffer.from(sheet.pdf_base64, 'base64'));
    doc.getForm().getTextField('action_values.Guns').setText('15');
    doc.getForm().getTextField('description.Background').setText('Quit the SAS.');
    const filled = Buffer.from(await doc.save()).toString('base64');

    const { character } = (await run(PdfJobNames.importSheet, { pdf_base64: filled })) as ImportSheetResult;

    expect(character.name).toBe('Johnny Tso');
    expect(character.action_values).toMatchObject({ Guns: 15, Defense: 14, Type: 'PC' });
    expect(character.description).toMatchObject({ Background: 'Quit the SAS.', Age: '34' });
    expect(character.skills).toMatchObject({ Driving: 10, 'Sci. Fi': 12 });
    expect(character.schtick_names).toEqual(['Both Guns Blazing', 'Carnival of Carnage', 'Lightning Reload']);
    expect(character.weapon_names).toEqual(['Beretta 92FS', 'Sword (Jian)']);
  });

  it.each([
    ['not base64', 'this is not base64!', PdfImportFailures.notBase64],
    ['not a PDF', Buffer.from('GIF89a a picture').toString('base64'), PdfImportFailures.notPdf],
  ])('fails an import of %s for good, with the failure its thread gave', async (_kind, pdf_base64, code) => {
    const failed = run(PdfJobNames.importSheet, { pdf_base64 });
    await expect(failed).rejects.toBeInstanceOf(JobFailure);
    await expect(failed).rejects.toMatchObject({ code, retry: false });
  });

  it('fails a job name it does not run for good', async () => {
    const job: QueueJob = { id: '1', name: 'invoice', data: {}, attemptsMade: 0, attempts: 3, userId: null };

    await expect(jobs.run(job)).rejects.toEqual(expect.any(JobFailure));
    await expect(jobs.run(job)).rejects.toMatchObject({ code: 'unknown_job', retry: false });
  });
});
