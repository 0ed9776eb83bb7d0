import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  JobQueues,
  MAIL_JOB_NAMES,
  type MailJobData,
  type MailJobName,
  type MailSentResult,
} from '@shotcaller/contracts';
import { JobFailure } from '../queues/job-failure.js';
import type { JobRunner, QueueJob } from '../queues/job-runner.js';
import { MAIL_SETTINGS, type MailSettings } from './mail-settings.js';
import { renderMail, type MailSite } from './mail-templates.js';
import { MailTransport } from './mail-transport.js';
import { smtpErrorFacts, smtpFailure } from './smtp-failure.rules.js';

function isMailJobName(name: string): name is MailJobName {
  return (MAIL_JOB_NAMES as string[]).includes(name);
}

/** The `mail` queue: renders the job's template and sends it. Logs name jobs and templates, never addresses. */
@Injectable()
export class MailJobs implements JobRunner {
  readonly queue = JobQueues.mail;
  private readonly logger = new Logger(MailJobs.name);
  private readonly site: MailSite;

  constructor(
    private readonly transport: MailTransport,
    @Inject(MAIL_SETTINGS) settings: MailSettings,
  ) {
    this.site = { appUrl: settings.APP_URL };
  }

  async run(job: QueueJob): Promise<MailSentResult> {
    if (!isMailJobName(job.name)) {
      throw JobFailure.permanent('unknown_mail', `The mail queue has no job named "${job.name}"`);
    }
    const data = job.data as MailJobData[MailJobName];
    const mail = renderMail(job.name, data, this.site);
    try {
      const messageId = await this.transport.send({ to: data.to, ...mail });
      this.logger.log(`Job ${job.id}: sent the ${job.name} mail`);
      return { message_id: messageId };
    } catch (error) {
      const failure = smtpFailure(error);
      const { code, responseCode } = smtpErrorFacts(error);
      this.logger.warn(
        `Job ${job.id}: the ${job.name} mail was not sent (${failure.code}; ` +
          `${code ?? 'no code'}, reply ${responseCode ?? 'none'}; attempt ${job.attemptsMade + 1})`,
      );
      throw failure;
    }
  }
}
