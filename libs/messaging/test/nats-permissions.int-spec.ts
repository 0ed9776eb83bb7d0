// NATS authentication and permissions as deployed: a nats-server of this test's own, started with the
// configuration scripts/nats-auth.mjs writes, refuses a service what the permissions table does not give it, and
// lets the real gateway and campaign service serve an HTTP request with nothing more.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import {
  AuthorizationError,
  connect as natsConnect,
  nkeyAuthenticator,
  PermissionViolationError,
  TimeoutError,
  type ConnectionOptions,
  type NatsConnection,
} from '@nats-io/transport-node';
import { createUser } from '@nats-io/nkeys';
import { natsInboxPrefix, natsSubject, Subjects, type ServiceName } from '@shotcaller/contracts';
import { eventually, TestEnvironment } from '@shotcaller/testing';
import { bootCampaign } from '../../../apps/campaign/src/boot.js';
import { loadCampaignConfig } from '../../../apps/campaign/src/config.js';
import { bootGateway } from '../../../apps/gateway/src/boot.js';
import { loadGatewayConfig } from '../../../apps/gateway/src/config.js';
import { startMailing, type Mailing } from '../../../apps/campaign/test/support/mail-catcher.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/** nats-server from the machine: this test needs the real one, so its absence fails the file. */
function natsServerBinary(): string {
  if (existsSync('/usr/sbin/nats-server')) return '/usr/sbin/nats-server';
  try {
    return execFileSync('sh', ['-c', 'command -v nats-server'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('nats-server is not installed (not in /usr/sbin nor on PATH): this test starts its own');
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

const env = new TestEnvironment('nats-permissions');
const dir = mkdtempSync(join(tmpdir(), 'shotcaller-nats-'));
const seedFile = (service: ServiceName) => join(dir, `${service}.nk`);
const wire = (subject: string) => natsSubject(subject, env.subjectPrefix);
let url: string;
let server: ChildProcess | undefined;
let serverLog = '';
const connections: NatsConnection[] = [];
const apps: INestApplication[] = [];
/** The jobs service (as its own NATS user) and the SMTP server it mails to: registration queues mails. */
let mailing: Mailing | undefined;

/**
 * Connects to the test's own NATS server. On a loaded machine (the whole suite in parallel) a handshake has been
 * seen to stall past the client's dial timeout: such a dial is tried again, a refusal never.
 */
async function connect(options: ConnectionOptions): Promise<NatsConnection> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await natsConnect({ timeout: 10_000, ...options });
    } catch (error) {
      if (!(error instanceof TimeoutError) || attempt === 3) throw error;
    }
  }
}

/** A NATS connection as one service's user, set up as the services set theirs (inbox prefix included). */
async function connectAs(service: ServiceName): Promise<NatsConnection> {
  const seed = new TextEncoder().encode(readFileSync(seedFile(service), 'utf8').trim());
  const nc = await connect({
    servers: url,
    authenticator: nkeyAuthenticator(seed),
    inboxPrefix: natsInboxPrefix(service, env.subjectPrefix),
    maxReconnectAttempts: 0,
  });
  connections.push(nc);
  return nc;
}

/** The permission violations the server reports to a connection. */
function violations(nc: NatsConnection): PermissionViolationError[] {
  const seen: PermissionViolationError[] = [];
  void (async () => {
    for await (const status of nc.status()) {
      if (status.type === 'error' && status.error instanceof PermissionViolationError)
        seen.push(status.error);
    }
  })();
  return seen;
}

async function refusedSubscription(nc: NatsConnection, subject: string): Promise<unknown> {
  const subscription = nc.subscribe(subject);
  await nc.flush();
  return subscription.closed;
}

beforeAll(async () => {
  const port = await freePort();
  execFileSync(
    process.execPath,
    [
      'scripts/nats-auth.mjs',
      dir,
      '--prefix',
      env.subjectPrefix,
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
    ],
    { cwd: ROOT, stdio: 'pipe' },
  );
  url = `nats://127.0.0.1:${port}`;
  server = spawn(natsServerBinary(), ['-c', join(dir, 'nats-server.conf')], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout?.on('data', (chunk: Buffer) => (serverLog += chunk.toString()));
  server.stderr?.on('data', (chunk: Buffer) => (serverLog += chunk.toString()));
  await eventually(async () => {
    if (server?.exitCode !== null) throw new Error(`nats-server exited:\n${serverLog}`);
    await connectAs('gateway');
  }, 10_000);
});

afterAll(async () => {
  for (const nc of connections) await nc.close().catch(() => undefined);
  for (const app of apps.reverse()) await app.close();
  await mailing?.stop();
  await env.cleanup();
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server?.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  }
  rmSync(dir, { recursive: true, force: true });
});

describe('NATS with the generated users and permissions', () => {
  it('refuses a connection without an nkey, or with one it does not know', async () => {
    await expect(connect({ servers: url, maxReconnectAttempts: 0 })).rejects.toBeInstanceOf(
      AuthorizationError,
    );
    const stranger = nkeyAuthenticator(createUser().getSeed());
    await expect(
      connect({ servers: url, authenticator: stranger, maxReconnectAttempts: 0 }),
    ).rejects.toBeInstanceOf(AuthorizationError);
  });

  it("refuses chat publishing a campaign request, or subscribing to campaign's subjects or the gateway's replies", async () => {
    const chat = await connectAs('chat');
    const seen = violations(chat);

    chat.publish(wire(Subjects.campaign.users.register), '{}');
    await chat.flush();
    await eventually(() =>
      expect(seen).toContainEqual(
        expect.objectContaining({ operation: 'publish', subject: wire(Subjects.campaign.users.register) }),
      ),
    );

    await expect(refusedSubscription(chat, wire('campaign.>'))).resolves.toBeInstanceOf(
      PermissionViolationError,
    );
    const gatewayReplies = `${natsInboxPrefix('gateway', env.subjectPrefix)}.>`;
    await expect(refusedSubscription(chat, gatewayReplies)).resolves.toMatchObject({
      operation: 'subscription',
      subject: gatewayReplies,
    });
    // Nor anything outside this environment's namespace, nor everything.
    await expect(refusedSubscription(chat, '>')).resolves.toBeInstanceOf(PermissionViolationError);
  });

  it.each([
    ['gateway', 'an event only campaign may publish', Subjects.campaign.events.userTokensChanged],
    ['gateway', 'a job', Subjects.jobs.enqueue],
    ['gateway', "a campaign's seeding, which only jobs asks for", Subjects.campaign.campaigns.seed],
    ['gateway', 'the location sweep, which only jobs asks for', Subjects.location.sessions.sweep],
    ['gateway', "a job's outcome", Subjects.jobs.events.jobCompleted],
    ['campaign', "a job's outcome, which only jobs may publish", Subjects.jobs.events.jobCompleted],
  ] as const)('refuses %s publishing %s', async (service, _what, subject) => {
    const nc = await connectAs(service);
    const seen = violations(nc);
    nc.publish(wire(subject), '{}');
    await nc.flush();
    await eventually(() =>
      expect(seen).toContainEqual(expect.objectContaining({ operation: 'publish', subject: wire(subject) })),
    );
  });

  it('lets the gateway send a campaign request and campaign answer it on the gateway inbox', async () => {
    const campaign = await connectAs('campaign');
    const gateway = await connectAs('gateway');
    const subject = wire(`${Subjects.campaign.ping}.permissions-probe`);
    campaign.subscribe(subject, {
      callback: (_error, message) => {
        message.respond('pong');
      },
    });
    await campaign.flush();
    const reply = await gateway.request(subject, '{}', { timeout: 3000 });
    expect(reply.string()).toBe('pong');
    expect(reply.subject.startsWith(`${natsInboxPrefix('gateway', env.subjectPrefix)}.`)).toBe(true);
  });

  it('is enough for real traffic: the gateway and campaign, each as its own user, serve a signed-in user', async () => {
    const nats = { NATS_URL: url };
    mailing = await startMailing(env, { ...nats, NATS_NKEY_SEED_FILE: seedFile('jobs') });
    const campaign = await bootCampaign(
      loadCampaignConfig(env.campaign({ ...nats, NATS_NKEY_SEED_FILE: seedFile('campaign') })),
      { host: '127.0.0.1' },
    );
    apps.push(campaign);
    const gateway = await bootGateway(
      loadGatewayConfig(env.gateway({ ...nats, NATS_NKEY_SEED_FILE: seedFile('gateway') })),
      { host: '127.0.0.1' },
    );
    apps.push(gateway);
    const http = () => request(gateway.getHttpServer());

    const registered = await http()
      .post('/api/v2/users/register')
      .send({
        user: {
          email: `nats-${env.id}@example.com`,
          password: 'secret123',
          first_name: 'Nats',
          last_name: 'User',
        },
      });
    expect(registered.status).toBe(201);
    const token = /^Bearer (\S+)$/.exec(registered.headers.authorization ?? '')?.[1] ?? '';

    const created = await http()
      .post('/api/v2/campaigns')
      .auth(token, { type: 'bearer' })
      .send({ campaign: { name: 'Behind the permissions' } });
    expect({ status: created.status, body: created.body }).toMatchObject({ status: 201 });
    const listed = await http().get('/api/v2/campaigns').auth(token, { type: 'bearer' });
    expect(listed.status).toBe(200);
    expect(listed.body.campaigns.map((found: { id: string }) => found.id)).toEqual([created.body.id]);
  });
});
