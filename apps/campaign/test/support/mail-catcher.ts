import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { eventually, type TestEnvironment } from '@shotcaller/testing';
import { bootJobs } from '../../../jobs/src/boot.js';
import { loadJobsConfig } from '../../../jobs/src/config.js';

/** Where the mails' links point in these tests. */
export const TEST_APP_URL = 'https://shot.example.test';

/** A message as the SMTP server received it. */
export interface CaughtMail {
  to: string[];
  subject: string;
  text: string;
  html: string;
}

/**
 * A real SMTP server on a free port, keeping what it receives: what the jobs service's mail worker sends to in
 * these tests, in place of the mail provider.
 */
export class MailCatcher {
  private constructor(
    private readonly server: SMTPServer,
    readonly port: number,
    readonly received: CaughtMail[],
  ) {}

  static async start(): Promise<MailCatcher> {
    const received: CaughtMail[] = [];
    const server = new SMTPServer({
      disabledCommands: ['STARTTLS'],
      authOptional: true,
      logger: false,
      onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback) {
        simpleParser(stream)
          .then((mail: ParsedMail) => {
            received.push({
              to: session.envelope.rcptTo.map((recipient) => recipient.address),
              subject: mail.subject ?? '',
              text: mail.text ?? '',
              html: typeof mail.html === 'string' ? mail.html : '',
            });
            callback();
          })
          .catch((error: Error) => callback(error));
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return new MailCatcher(server, (server.server.address() as AddressInfo).port, received);
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** The mails to an address with this subject, once at least `count` have arrived. */
  async mailsTo(address: string, subject: string, count = 1): Promise<CaughtMail[]> {
    return eventually(() => {
      const found = this.received.filter((mail) => mail.to.includes(address) && mail.subject === subject);
      if (found.length < count) {
        throw new Error(`${found.length} of ${count} "${subject}" mails to ${address} so far`);
      }
      return found;
    });
  }

  /** Every mail received so far to an address. */
  allTo(address: string): CaughtMail[] {
    return this.received.filter((mail) => mail.to.includes(address));
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** The link in a mail's text that starts with `prefix` (the whole URL, up to whitespace). */
export function linkIn(mail: CaughtMail, prefix: string): string {
  const start = mail.text.indexOf(prefix);
  if (start < 0) throw new Error(`no link starting ${prefix} in: ${mail.text}`);
  return mail.text.slice(start).split(/\s/)[0];
}

/** The real jobs service on this environment, mailing through `catcher` with links to TEST_APP_URL. */
export function bootMailingJobs(
  env: TestEnvironment,
  catcher: MailCatcher,
  overrides: Record<string, string> = {},
): Promise<INestApplication> {
  return bootJobs(
    loadJobsConfig(
      env.common(
        env.redis({
          SMTP_URL: catcher.url,
          APP_URL: TEST_APP_URL,
          JOBS_LOCATION_SWEEP_EVERY_MS: '0',
          JOBS_MEDIA_SWEEP_EVERY_MS: '0',
          JOBS_BACKOFF_MS: '50',
          ...overrides,
        }),
      ),
    ),
    { host: '127.0.0.1' },
  );
}

/** The jobs service and the SMTP server it mails to: what any test that makes accounts or invitations needs. */
export interface Mailing {
  catcher: MailCatcher;
  jobs: INestApplication;
  stop(): Promise<void>;
}

/**
 * Starts the mail side of the system for a test environment. The campaign service queues a mail with every
 * registration, invitation and membership change, and fails the request when nothing takes it.
 */
export async function startMailing(
  env: TestEnvironment,
  overrides: Record<string, string> = {},
): Promise<Mailing> {
  const catcher = await MailCatcher.start();
  try {
    const jobs = await bootMailingJobs(env, catcher, overrides);
    return {
      catcher,
      jobs,
      async stop() {
        await jobs.close();
        await catcher.close();
      },
    };
  } catch (error) {
    await catcher.close();
    throw error;
  }
}
