import { createServer, type AddressInfo } from 'node:net';
import { Logger, type LoggerService } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { MAIL_JOB_NAMES, type MailJobData, type MailJobName } from '@shotcaller/contracts';
import { eventually, TestEnvironment } from '@shotcaller/testing';
import { loadJobsConfig } from '../src/config.js';
import { MailJobs } from '../src/mail/mail-jobs.runner.js';
import { MailJobsModule } from '../src/mail/mail-jobs.module.js';
import { JobFailure } from '../src/queues/job-failure.js';

const env = new TestEnvironment('jobs-mail');
const APP_URL = 'https://shot.example.test/app';
const MAIL_FROM = 'Shotcaller Test <no-reply@shot.example.test>';
const SMTP_USER = 'mailer@shot.example.test';
const SMTP_PASSWORD = 'p@ss: w0rd/%';
const INVITATION_ID = '0b8f3a0c-4c1e-4a53-9f4c-2f4e3cf1d0a7';

/** A message as the server received it: the envelope and the parsed content. */
interface Received {
  envelopeTo: string[];
  user: string | undefined;
  mail: ParsedMail;
}

/** A real SMTP server on a free port (no STARTTLS); with credentials, it refuses everyone else. */
class TestSmtpServer {
  readonly received: Received[] = [];
  /** A reply code the server answers every RCPT TO with instead of accepting it. */
  refuseRecipientsWith: number | null = null;

  private constructor(
    readonly server: SMTPServer,
    readonly port: number,
  ) {}

  static async start(credentials?: { user: string; pass: string }): Promise<TestSmtpServer> {
    // eslint-disable-next-line prefer-const -- the handlers below need the instance the constructor makes
    let self: TestSmtpServer;
    const server = new SMTPServer({
      disabledCommands: ['STARTTLS'],
      authOptional: !credentials,
      allowInsecureAuth: true,
      logger: false,
      onAuth(auth, _session, callback) {
        if (credentials && auth.username === credentials.user && auth.password === credentials.pass) {
          callback(null, { user: auth.username });
        } else {
          callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
        }
      },
      onRcptTo(_address, _session, callback) {
        const code = self.refuseRecipientsWith;
        if (code === null) callback();
        else callback(Object.assign(new Error(`Refused with ${code}`), { responseCode: code }));
      },
      onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback) {
        simpleParser(stream)
          .then((mail) => {
            self.received.push({
              envelopeTo: session.envelope.rcptTo.map((recipient) => recipient.address),
              user: typeof session.user === 'string' ? session.user : undefined,
              mail,
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
    self = new TestSmtpServer(server, (server.server.address() as AddressInfo).port);
    return self;
  }

  url(credentials = ''): string {
    return `smtp://${credentials}127.0.0.1:${this.port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** Nest's log lines, kept for the test to read. */
class KeptLogs implements LoggerService {
  readonly lines: string[] = [];
  log = (message: unknown) => void this.lines.push(String(message));
  warn = (message: unknown) => void this.lines.push(String(message));
  error = (message: unknown) => void this.lines.push(String(message));
  debug = (message: unknown) => void this.lines.push(String(message));
  verbose = (message: unknown) => void this.lines.push(String(message));
}

const logs = new KeptLogs();

/** The mail runner as the jobs service provides it, configured from the environment like the service. */
async function mailRunner(smtpUrl: string): Promise<{ runner: MailJobs; module: TestingModule }> {
  const config = loadJobsConfig(env.common({ SMTP_URL: smtpUrl, APP_URL, MAIL_FROM }));
  const module = await Test.createTestingModule({ imports: [MailJobsModule.forRoot(config)] })
    .setLogger(logs)
    .compile();
  await module.init();
  return { runner: module.get(MailJobs), module };
}

let jobIds = 0;
function job<Name extends MailJobName>(name: Name, data: MailJobData[Name]) {
  return { id: String(++jobIds), name, data, attemptsMade: 0, attempts: 3, userId: null };
}

/** One job of every template, with what its mail must show. */
const cases: {
  [Name in MailJobName]: { data: MailJobData[Name]; subject: string; link: string };
} = {
  welcome: {
    data: { to: 'welcome@example.com', first_name: 'Johnny' },
    subject: 'Welcome to Shotcaller',
    link: `${APP_URL}/`,
  },
  email_confirmation: {
    data: { to: 'confirm@example.com', first_name: 'Johnny', confirmation_token: 'conf/Tok+en=1' },
    subject: 'Confirm your email address',
    link: `${APP_URL}/confirm?confirmation_token=conf%2FTok%2Ben%3D1`,
  },
  password_reset: {
    data: { to: 'reset@example.com', first_name: 'Zoë', reset_password_token: 'reset&token?2' },
    subject: 'Reset your password',
    link: `${APP_URL}/reset-password/reset%26token%3F2`,
  },
  campaign_invitation: {
    data: {
      to: 'invitee@example.com',
      invitation_id: INVITATION_ID,
      inviter_name: 'Jenny <Wong>',
      campaign_name: 'Hong Kong Nights',
    },
    subject: 'Jenny <Wong> invited you to join Hong Kong Nights',
    link: `${APP_URL}/redeem/${INVITATION_ID}`,
  },
  campaign_joined: {
    data: { to: 'joined@example.com', first_name: 'Johnny', campaign_name: 'Hong Kong Nights' },
    subject: 'You joined Hong Kong Nights',
    link: `${APP_URL}/`,
  },
  campaign_removed: {
    data: { to: 'removed@example.com', first_name: 'Johnny', campaign_name: 'Hong Kong Nights' },
    subject: 'You were removed from Hong Kong Nights',
    link: `${APP_URL}/`,
  },
};

/** The JobFailure a run ends with (fails the test if it succeeds or throws anything else). */
async function failureOf(run: Promise<unknown>): Promise<JobFailure> {
  const outcome = await run.then(
    (result) => ({ result }),
    (error: unknown) => ({ error }),
  );
  if (!('error' in outcome)) throw new Error(`expected a failure, got ${JSON.stringify(outcome.result)}`);
  expect(outcome.error).toBeInstanceOf(JobFailure);
  return outcome.error as JobFailure;
}

/** A port on which nothing listens: one just released. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

afterAll(async () => {
  Logger.overrideLogger(false);
  await env.cleanup();
});

describe('mail jobs over a real SMTP server that requires credentials', () => {
  let smtp: TestSmtpServer;
  let runner: MailJobs;
  let module: TestingModule;

  beforeAll(async () => {
    smtp = await TestSmtpServer.start({ user: SMTP_USER, pass: SMTP_PASSWORD });
    const credentials = `${encodeURIComponent(SMTP_USER)}:${encodeURIComponent(SMTP_PASSWORD)}@`;
    ({ runner, module } = await mailRunner(smtp.url(credentials)));
  });

  afterAll(async () => {
    await module?.close();
    await smtp?.close();
  });

  it.each(MAIL_JOB_NAMES)(
    'sends %s to its recipient with its subject, link, and text and HTML parts',
    async (name) => {
      const { data, subject, link } = cases[name];
      const before = smtp.received.length;

      const result = await runner.run(job(name, data));

      expect(smtp.received).toHaveLength(before + 1);
      const { envelopeTo, user, mail } = smtp.received[before];
      expect(envelopeTo).toEqual([data.to]);
      expect(user).toBe(SMTP_USER);
      expect(mail.to).toMatchObject({ value: [{ address: data.to }] });
      expect(mail.from).toMatchObject({
        value: [{ address: 'no-reply@shot.example.test', name: 'Shotcaller Test' }],
      });
      expect(mail.subject).toBe(subject);
      expect(mail.messageId).toBe(result.message_id);
      expect(mail.text).toContain(link);
      expect(mail.html).toEqual(expect.stringContaining(`href="${link}"`));
    },
  );

  it('escapes names in the HTML part as received', async () => {
    const before = smtp.received.length;
    await runner.run(job('campaign_invitation', cases.campaign_invitation.data));
    const { mail } = smtp.received[before];
    expect(mail.html).toEqual(expect.stringContaining('<strong>Jenny &lt;Wong&gt;</strong>'));
    expect(mail.text).toContain('Jenny <Wong> invited you');
  });

  it('fails for good when the server refuses the credentials', async () => {
    const wrong = await mailRunner(smtp.url(`${encodeURIComponent(SMTP_USER)}:wrong@`));
    try {
      const before = smtp.received.length;
      const failure = await failureOf(wrong.runner.run(job('welcome', cases.welcome.data)));
      expect(failure).toMatchObject({ code: 'mail_auth_refused', retry: false });
      expect(smtp.received).toHaveLength(before);
    } finally {
      await wrong.module.close();
    }
  });
});

describe('mail jobs when the server refuses or cannot be reached', () => {
  let smtp: TestSmtpServer;
  let runner: MailJobs;
  let module: TestingModule;

  beforeAll(async () => {
    smtp = await TestSmtpServer.start();
    ({ runner, module } = await mailRunner(smtp.url()));
  });

  afterAll(async () => {
    await module?.close();
    await smtp?.close();
  });

  afterEach(() => {
    smtp.refuseRecipientsWith = null;
  });

  it('sends without credentials to a server that needs none', async () => {
    const result = await runner.run(job('welcome', cases.welcome.data));
    expect(smtp.received.map((received) => received.mail.messageId)).toEqual([result.message_id]);
    expect(smtp.received[0].user).toBeUndefined();
  });

  it('fails for good on a 5xx refusal, without quoting the reply', async () => {
    smtp.refuseRecipientsWith = 550;
    const failure = await failureOf(runner.run(job('password_reset', cases.password_reset.data)));
    expect(failure).toMatchObject({
      code: 'mail_rejected',
      retry: false,
      message: 'The mail server refused the message (550)',
    });
    expect(smtp.received).toHaveLength(1);
  });

  it('fails for another try on a 4xx refusal', async () => {
    smtp.refuseRecipientsWith = 451;
    const failure = await failureOf(runner.run(job('campaign_joined', cases.campaign_joined.data)));
    expect(failure).toMatchObject({ code: 'mail_deferred', retry: true });
    expect(smtp.received).toHaveLength(1);

    // The next attempt, once the server takes mail again, goes through.
    smtp.refuseRecipientsWith = null;
    await runner.run(job('campaign_joined', cases.campaign_joined.data));
    expect(smtp.received).toHaveLength(2);
  });

  it('fails for another try when the server cannot be reached', async () => {
    const unreachable = await mailRunner(`smtp://127.0.0.1:${await closedPort()}`);
    try {
      const failure = await failureOf(unreachable.runner.run(job('welcome', cases.welcome.data)));
      expect(failure).toMatchObject({ code: 'mail_server_unreachable', retry: true });
    } finally {
      await unreachable.module.close();
    }
  });
});

describe('mail transport on shutdown', () => {
  it('keeps its connection open between mails and closes it when the service stops', async () => {
    const smtp = await TestSmtpServer.start();
    try {
      const { runner, module } = await mailRunner(smtp.url());
      try {
        await runner.run(job('welcome', cases.welcome.data));
        await runner.run(job('campaign_joined', cases.campaign_joined.data));
        expect(smtp.received).toHaveLength(2);
        expect(smtp.server.connections.size).toBe(1);
      } finally {
        await module.close();
      }
      await eventually(() => expect(smtp.server.connections.size).toBe(0));
    } finally {
      await smtp.close();
    }
  });
});

describe('mail logs', () => {
  it('name the job, template and failure, never an address or a token', () => {
    const all = logs.lines.join('\n');
    expect(all).toContain('sent the email_confirmation mail');
    expect(all).toContain('the password_reset mail was not sent (mail_rejected; EENVELOPE, reply 550');
    for (const { data } of Object.values(cases)) expect(all).not.toContain(data.to);
    expect(all).not.toMatch(/conf\/Tok|conf%2FTok|reset&token|reset%26token/);
  });
});
