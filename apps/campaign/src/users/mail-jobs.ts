import { Injectable } from '@nestjs/common';
import { JobQueues, Subjects, type MailJobData, type MailJobName } from '@shotcaller/contracts';
import { ServiceClient, type Caller } from '@shotcaller/messaging';

/**
 * Hands mails to the jobs service's `mail` queue. The answer comes once BullMQ stored the job; any error is
 * thrown on to the caller, whose request fails with it (503 when the jobs service is not answering): a mail that
 * must not be lost is never dropped silently. Call it as the last step inside the transaction that writes what
 * the mail is about, so a refused enqueue rolls the write back.
 */
@Injectable()
export class MailJobs {
  constructor(private readonly services: ServiceClient) {}

  async send<Name extends MailJobName>(
    name: Name,
    data: MailJobData[Name],
    jobId: string,
    caller?: Caller,
  ): Promise<void> {
    await this.services.request(
      Subjects.jobs.enqueue,
      { queue: JobQueues.mail, name, data: { ...data }, options: { job_id: jobId } },
      caller ? { caller } : {},
    );
  }
}
