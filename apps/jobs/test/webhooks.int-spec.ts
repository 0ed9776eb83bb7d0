import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LoggerService } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { WebhookFailureCodes, type DiscordFightData, type DiscordFightEvent } from '@shotcaller/contracts';
import { TestEnvironment } from '@shotcaller/testing';
import { loadJobsConfig } from '../src/config.js';
import { validJobData } from '../src/queues/job-data.validation.js';
import type { QueueJob } from '../src/queues/job-runner.js';
import { WebhookJobs } from '../src/webhooks/webhook.jobs.js';
import { verifyWebhookSignature } from '../src/webhooks/webhook-signature.js';
import { WebhooksJobsModule } from '../src/webhooks/webhooks-jobs.module.js';

/*
 * The webhooks queue's runner, built from its module with the service's configuration, posting to a local HTTP
 * server that stands in for receivers and for Discord.
 */

const env = new TestEnvironment('webhooks-int');
const SECRET = 'test-signing-secret-0123456789';
const DISCORD_TOKEN = 'SeCrEt-DiScOrD-ToKeN_42';

interface Received {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

let server: Server;
let baseUrl: string;
const received: Received[] = [];
/** Slow requests kept open until the test ends. */
const stalled: (() => void)[] = [];

/** Every log call of the runner, as text: what would reach the log. */
const logged: string[] = [];
const capturingLogger: LoggerService = {
  log: (...args: unknown[]) => logged.push(JSON.stringify(args)),
  warn: (...args: unknown[]) => logged.push(JSON.stringify(args)),
  error: (...args: unknown[]) => logged.push(JSON.stringify(args)),
  debug: () => undefined,
  verbose: () => undefined,
};

/** The stand-in receiver: what it answers depends on the path. */
function startReceiver(): Promise<Server> {
  const receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const path = request.url ?? '';
      received.push({
        method: request.method ?? '',
        path,
        headers: request.headers,
        body: Buffer.concat(chunks).toString(),
      });
      if (path === '/ok' || path.startsWith('/api/webhooks/')) {
        response.writeHead(path === '/ok' ? 200 : 204).end(path === '/ok' ? 'x'.repeat(100_000) : undefined);
      } else if (path === '/fail') response.writeHead(500).end('boom');
      else if (path === '/busy') response.writeHead(429, { 'Retry-After': '7' }).end();
      else if (path === '/discord-busy/api/webhooks/1/token') {
        response
          .writeHead(429, { 'Content-Type': 'application/json' })
          .end(JSON.stringify({ message: 'You are being rate limited.', retry_after: 2.5, global: false }));
      } else if (path === '/moved') response.writeHead(302, { Location: '/ok' }).end();
      else if (path === '/slow') stalled.push(() => response.destroy());
      else response.writeHead(404).end('not here');
    });
  });
  return new Promise((resolve) => receiver.listen(0, '127.0.0.1', () => resolve(receiver)));
}

const modules: TestingModule[] = [];

async function runnerWith(settings: Record<string, string> = {}): Promise<WebhookJobs> {
  const config = loadJobsConfig(
    env.common({
      WEBHOOK_SIGNING_SECRET: SECRET,
      WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true',
      WEBHOOK_TIMEOUT_MS: '1000',
      DISCORD_WEBHOOK_BASE_URL: `${baseUrl}/api/webhooks/`,
      ...settings,
    }),
  );
  const moduleRef = await Test.createTestingModule({ imports: [WebhooksJobsModule.forRoot(config)] })
    .setLogger(capturingLogger)
    .compile();
  modules.push(moduleRef);
  return moduleRef.get(WebhookJobs);
}

let jobCount = 0;
function job(name: string, data: object): QueueJob {
  jobCount += 1;
  return { id: `webhook-job-${jobCount}`, name, data, attemptsMade: 0, attempts: 3, userId: null };
}

const deliver = (path: string, payload: object = { fight: 'Rooftop' }) =>
  job('deliver', { url: `${baseUrl}${path}`, event: 'fight.started', payload });

let runner: WebhookJobs;

beforeAll(async () => {
  server = await startReceiver();
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  runner = await runnerWith();
});

beforeEach(() => {
  received.length = 0;
  logged.length = 0;
});

afterAll(async () => {
  await Promise.all(modules.map((moduleRef) => moduleRef.close()));
  for (const release of stalled) release();
  server?.closeAllConnections();
  server?.close();
  if (server) await once(server, 'close');
});

describe('deliver', () => {
  it('POSTs the payload as JSON, signed with the secret, naming the event and the delivery (the job id)', async () => {
    const payload = { fight: { name: 'Rooftop Showdown', round: 2 }, note: 'é ✓' };
    const sent = deliver('/ok', payload);
    expect(await runner.run(sent)).toEqual({ status: 200 });

    expect(received).toHaveLength(1);
    const [request] = received;
    expect(request).toMatchObject({ method: 'POST', path: '/ok' });
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['x-shotcaller-event']).toBe('fight.started');
    expect(request.headers['x-shotcaller-delivery']).toBe(sent.id);
    expect(JSON.parse(request.body)).toEqual(payload);

    const signature = request.headers['x-shotcaller-signature'] as string;
    expect(signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(SECRET, signature, request.body, new Date(), 300)).toMatchObject({
      valid: true,
    });
    expect(
      verifyWebhookSignature('another-secret-0123456789', signature, request.body, new Date(), 300),
    ).toEqual({
      valid: false,
      reason: 'mismatch',
    });

    expect(logged.join('\n')).toContain(sent.id);
    expect(logged.join('\n')).toContain('"status":200');
  });

  it('resolves a host name and connects to the addresses it checked', async () => {
    const port = (server.address() as AddressInfo).port;
    const sent = job('deliver', { url: `http://localhost:${port}/ok`, event: 'ping', payload: { n: 1 } });
    expect(await runner.run(sent)).toEqual({ status: 200 });
    expect(received.map((request) => request.headers['x-shotcaller-delivery'])).toEqual([sent.id]);
  });

  it('fails a 500 as worth retrying', async () => {
    await expect(runner.run(deliver('/fail'))).rejects.toMatchObject({
      code: WebhookFailureCodes.serverError,
      retry: true,
    });
    expect(received).toHaveLength(1);
  });

  it('fails a 429 as worth retrying, saying when the receiver asked to be called again', async () => {
    const failure = runner.run(deliver('/busy'));
    await expect(failure).rejects.toMatchObject({ code: WebhookFailureCodes.rateLimited, retry: true });
    await expect(failure).rejects.toThrow('asks to retry after 7 s');
  });

  it('fails a 404 for good', async () => {
    await expect(runner.run(deliver('/missing'))).rejects.toMatchObject({
      code: WebhookFailureCodes.refused,
      retry: false,
    });
  });

  it('does not follow a redirect', async () => {
    await expect(runner.run(deliver('/moved'))).rejects.toMatchObject({
      code: WebhookFailureCodes.redirected,
      retry: false,
    });
    expect(received.map((request) => request.path)).toEqual(['/moved']);
  });

  it('gives up on a receiver that does not answer within WEBHOOK_TIMEOUT_MS, as worth retrying', async () => {
    await expect(runner.run(deliver('/slow'))).rejects.toMatchObject({
      code: WebhookFailureCodes.unreachable,
      retry: true,
    });
  });

  it('fails an unreachable receiver as worth retrying', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const sent = job('deliver', { url: `http://127.0.0.1:${port}/`, event: 'ping', payload: {} });
    await expect(runner.run(sent)).rejects.toMatchObject({
      code: WebhookFailureCodes.unreachable,
      retry: true,
    });
  });

  it('refuses loopback and private hosts, literal or by name, unless allowed, sending nothing', async () => {
    const guarded = await runnerWith({ WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'false' });
    const port = (server.address() as AddressInfo).port;
    for (const url of [`${baseUrl}/ok`, `http://localhost:${port}/ok`, `http://[::1]:${port}/ok`]) {
      await expect(guarded.run(job('deliver', { url, event: 'ping', payload: {} }))).rejects.toMatchObject({
        code: WebhookFailureCodes.addressRefused,
        retry: false,
      });
    }
    expect(received).toEqual([]);
  });

  it('refuses every deliver job while no signing secret is configured', async () => {
    const unsigned = await runnerWith({ WEBHOOK_SIGNING_SECRET: '' });
    await expect(unsigned.run(deliver('/ok'))).rejects.toMatchObject({
      code: WebhookFailureCodes.signingUnconfigured,
      retry: false,
    });
    expect(received).toEqual([]);
  });

  it('refuses a job name the queue does not run', async () => {
    await expect(runner.run(job('broadcast', {}))).rejects.toMatchObject({
      code: 'unknown_job',
      retry: false,
    });
  });
});

describe('discord_fight', () => {
  const webhookUrl = () => `${baseUrl}/api/webhooks/123456789012345678/${DISCORD_TOKEN}`;
  const fightJob = (event: DiscordFightEvent, url = webhookUrl()) =>
    job('discord_fight', {
      webhook_url: url,
      event,
      campaign_name: 'Born to Revengeance',
      fight: {
        id: '0b5b7f5e-3c1a-4d7e-9a55-2f6c1d8e4a01',
        name: 'Rooftop Showdown',
        sequence: 2,
        description: '<p>Neon &amp; rain.</p>',
        combatants: [
          { name: 'Ugly Shing', shot: 8 },
          { name: 'Johnny Tso', shot: 14 },
        ],
      },
    } satisfies DiscordFightData);

  it.each([
    ['fight_started', 'Fight started: Rooftop Showdown', 0x2ecc71],
    ['fight_round', 'Round 2: Rooftop Showdown', 0x3498db],
    ['fight_ended', 'Fight ended: Rooftop Showdown', 0xe74c3c],
  ] as const)('posts %s to the webhook as one Discord embed', async (event, title, color) => {
    expect(await runner.run(fightJob(event))).toEqual({ status: 204 });

    expect(received).toHaveLength(1);
    const [request] = received;
    expect(request).toMatchObject({
      method: 'POST',
      path: `/api/webhooks/123456789012345678/${DISCORD_TOKEN}`,
    });
    expect(request.headers['content-type']).toBe('application/json');
    const body = JSON.parse(request.body) as { embeds: Record<string, unknown>[] };
    expect(body).toEqual({
      username: 'Shotcaller',
      allowed_mentions: { parse: [] },
      embeds: [
        {
          title,
          description: 'Neon & rain.',
          color,
          fields: [
            { name: 'Campaign', value: 'Born to Revengeance', inline: true },
            { name: 'Round', value: '2', inline: true },
            { name: 'Shot 14', value: 'Johnny Tso' },
            { name: 'Shot 8', value: 'Ugly Shing' },
          ],
          timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/) as unknown,
        },
      ],
    });

    // The URL holds the webhook's token: it never reaches the log.
    const log = logged.join('\n');
    expect(log).toContain(event);
    expect(log).not.toContain(DISCORD_TOKEN);
  });

  it("fails Discord's 429 as worth retrying, with its retry_after", async () => {
    const busy = await runnerWith({ DISCORD_WEBHOOK_BASE_URL: `${baseUrl}/discord-busy/api/webhooks/` });
    const failure = busy.run(fightJob('fight_round', `${baseUrl}/discord-busy/api/webhooks/1/token`));
    await expect(failure).rejects.toMatchObject({ code: WebhookFailureCodes.rateLimited, retry: true });
    await expect(failure).rejects.toThrow('asks to retry after 3 s');
  });

  it('refuses a URL that is not a Discord webhook, sending nothing', async () => {
    await expect(runner.run(fightJob('fight_started', `${baseUrl}/ok`))).rejects.toMatchObject({
      code: WebhookFailureCodes.invalidUrl,
      retry: false,
    });
    expect(received).toEqual([]);
    expect(logged.join('\n')).not.toContain(baseUrl);
  });
});

describe('job data as jobs.enqueue checks it', () => {
  it('keeps a deliver payload as sent, nested keys included, and refuses a bad URL', async () => {
    const data = {
      url: 'https://example.com/hook',
      event: 'fight.ended',
      payload: { fight: { id: 'f1', tags: ['a', { b: null }] }, at: '2026-12-02T04:00:00Z' },
    };
    expect(await validJobData('webhooks', 'deliver', data)).toEqual(data);
    await expect(
      validJobData('webhooks', 'deliver', { ...data, url: 'ftp://example.com' }),
    ).rejects.toMatchObject({
      details: { errors: { 'data.url': [expect.stringContaining('http(s) URL') as unknown] } },
    });
  });

  it('accepts a discord_fight job and refuses an event it does not post', async () => {
    const data = {
      webhook_url: 'https://discord.com/api/webhooks/1/token',
      event: 'fight_round',
      campaign_name: 'Born to Revengeance',
      fight: { id: '0b5b7f5e-3c1a-4d7e-9a55-2f6c1d8e4a01', name: 'Rooftop', sequence: 1, combatants: [] },
    };
    expect(await validJobData('webhooks', 'discord_fight', data)).toEqual(data);
    await expect(
      validJobData('webhooks', 'discord_fight', { ...data, event: 'fight_paused' }),
    ).rejects.toMatchObject({
      details: { errors: { 'data.event': expect.any(Array) as unknown } },
    });
  });
});
