import { spawn, type ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { Subjects } from '@shotcaller/contracts';
import { NatsRequester, TestEnvironment, type NatsReply } from '@shotcaller/testing';
import { startMailing, type Mailing } from './support/mail-catcher.js';

const ROOT = new URL('../../../', import.meta.url);
const SHUTDOWN_TIMEOUT_MS = 3000;
const env = new TestEnvironment('graceful-stop');
/** Registration and invitations queue mails: the jobs service and an SMTP server take them. */
let mailing: Mailing | undefined;
let nats: NatsRequester;
let service: ChildProcess;
let stuck: ChildProcess | undefined;
let baseUrl: string;

/** The campaign service as a real process, from its sources, so it can be sent SIGTERM. */
async function startService(): Promise<{ process: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    ['--import', './libs/testing/ts-register.mjs', 'apps/campaign/src/main.ts'],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        ...env.campaign({ LOG_LEVEL: 'info', SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS) }),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      const listening = /listening on (http:\/\/\S+?)"/.exec(line);
      if (listening) resolve(listening[1]);
    });
    child.once('exit', (code) => reject(new Error(`the service exited during boot (code ${code})`)));
  });
  return { process: child, url };
}

/** Polls readiness over one keep-alive connection, as a load balancer's health check does, until told to stop. */
function pollOverKeepAlive(url: string) {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  let polling = true;
  const statuses: (number | string)[] = [];
  const loop = (async () => {
    while (polling) {
      statuses.push(
        await new Promise<number | string>((resolve) => {
          const req = request(`${url}/health/ready`, { agent }, (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          });
          req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
          req.end();
        }),
      );
      await new Promise((resolve) => setImmediate(resolve));
    }
  })();
  return {
    statuses,
    stop: async () => {
      polling = false;
      await loop;
      agent.destroy();
    },
  };
}

beforeAll(async () => {
  mailing = await startMailing(env);
  nats = await NatsRequester.connect(env.stores.nats, env.subjectPrefix);
  ({ process: service, url: baseUrl } = await startService());
}, 60_000);

afterAll(async () => {
  for (const child of [service, stuck]) {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  await nats?.close();
  await mailing?.stop();
  await env.cleanup();
});

describe('the campaign service stopping on SIGTERM', () => {
  it('answers the requests it accepted, lets a keep-alive poller go, and exits within SHUTDOWN_TIMEOUT_MS', async () => {
    const poller = pollOverKeepAlive(baseUrl);
    await new Promise((resolve) => setTimeout(resolve, 300));

    // Registrations take argon2 time each: several are still being worked on when the signal arrives.
    const accepted: Promise<NatsReply<unknown>>[] = Array.from({ length: 8 }, (_, index) =>
      nats.request(
        Subjects.campaign.users.register,
        {
          email: `stopping-${index}@example.com`,
          password: 'secret123',
          first_name: 'Stop',
          last_name: 'Ping',
        },
        { timeoutMs: 10_000 },
      ),
    );
    await nats.connection.flush();
    // A clean stop ends by the signal Nest re-raises after its hooks; the deadline's forced exit is code 1.
    const exited = new Promise<string>((resolve) =>
      service.once('exit', (code, signal) => resolve(signal ?? `code ${code}`)),
    );
    service.kill('SIGTERM');

    let deadline: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([
      exited.then((how) => ({ exited: true, how })),
      new Promise<{ exited: false }>((resolve) => {
        deadline = setTimeout(() => resolve({ exited: false }), SHUTDOWN_TIMEOUT_MS + 2000);
      }),
    ]);
    clearTimeout(deadline);
    await poller.stop();
    expect(outcome).toEqual({ exited: true, how: 'SIGTERM' });

    const replies = await Promise.all(accepted);
    expect(replies.map((reply) => reply.ok)).toEqual(accepted.map(() => true));
    // The poller was answered until the service let go of it, and then found nobody listening.
    expect(poller.statuses).toContain(200);
    expect(poller.statuses.at(-1)).toBe('ECONNREFUSED');
  });
});

describe('a service whose work cannot finish', () => {
  it('still exits by SHUTDOWN_TIMEOUT_MS after SIGTERM, not when the work would end', async () => {
    const started = await startService();
    stuck = started.process;
    const blocker = new pg.Client({ connectionString: env.databaseUrl('campaign') });
    blocker.on('error', () => undefined);
    await blocker.connect();
    try {
      // A registration that waits on a lock nobody releases: shutdown cannot drain it.
      await blocker.query('begin');
      await blocker.query('lock table users in access exclusive mode');
      const hanging = nats.request(
        Subjects.campaign.users.register,
        { email: 'stuck@example.com', password: 'secret123', first_name: 'Stu', last_name: 'Ck' },
        { timeoutMs: 15_000 },
      );
      hanging.catch(() => undefined);
      await nats.connection.flush();
      await new Promise((resolve) => setTimeout(resolve, 300));
      const exited = new Promise<string>((resolve) =>
        stuck!.once('exit', (code, signal) => resolve(signal ?? `code ${code}`)),
      );
      stuck.kill('SIGTERM');
      let deadline: NodeJS.Timeout | undefined;
      const outcome = await Promise.race([
        exited,
        new Promise<string>((resolve) => {
          deadline = setTimeout(() => resolve('still running'), SHUTDOWN_TIMEOUT_MS + 2000);
        }),
      ]);
      clearTimeout(deadline);
      // Forced out by its own deadline (exit code 1), well before the stuck work or an orchestrator's SIGKILL.
      expect(outcome).toBe('code 1');
    } finally {
      await blocker.query('rollback').catch(() => undefined);
      await blocker.end();
    }
  }, 30_000);
});
