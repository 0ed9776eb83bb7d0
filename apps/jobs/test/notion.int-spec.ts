import { once } from 'node:events';
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LoggerService } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { sealSecret } from '@shotcaller/auth';
import { NotionFailureCodes, type NotionSyncResult, type SyncCharacterData } from '@shotcaller/contracts';
import { BullmqConnection, BullmqModule } from '@shotcaller/persistence';
import { TestEnvironment } from '@shotcaller/testing';
import { loadJobsConfig } from '../src/config.js';
import { NotionJobsModule } from '../src/notion/notion-jobs.module.js';
import { NOTION_NUMBER_ACTION_VALUES } from '../src/notion/notion-page.rules.js';
import { NotionJobs } from '../src/notion/notion.jobs.js';
import { validJobData } from '../src/queues/job-data.validation.js';
import type { QueueJob } from '../src/queues/job-runner.js';

/*
 * The notion queue's runner, built from its module with the service's configuration and real Redis, writing to a
 * local HTTP server that stands in for Notion's API (the endpoints the official client calls for pages).
 */

const env = new TestEnvironment('notion-int');
const TOKEN_KEY = randomBytes(32).toString('base64');
const DATABASE_ID = '8a6f0c2e-4b1d-4e0f-9a3b-5c7d9e1f2a3b';
/** Every token the stand-in knows holds this marker, so any leak of one is easy to find. */
const TOKEN_MARKER = 'PlainNotionTokenXyZ';
/** What the stand-in does, by the token a request carries. */
type Mode = 'ok' | 'limited' | 'broken' | 'revoked' | 'held' | 'silent';
const tokenFor = (mode: Mode) => `ntn_${mode}_${TOKEN_MARKER}_${randomBytes(6).toString('hex')}`;
const modeOf = (authorization: string | undefined): Mode | undefined =>
  /^Bearer ntn_([a-z]+)_/.exec(authorization ?? '')?.[1] as Mode | undefined;

/** The database's properties: what a synced character's page must fit. */
const DATABASE_PROPERTIES = new Set([
  'Name',
  'Type',
  'Archetype',
  'Description',
  ...NOTION_NUMBER_ACTION_VALUES,
]);

interface Received {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

let server: Server;
let baseUrl: string;
const received: Received[] = [];
/** Pages the stand-in holds, by id: their last properties. */
const pages = new Map<string, Record<string, unknown>>();
/** Requests of `held` tokens, answered when the test says. */
const held: (() => void)[] = [];
/** Requests of `silent` tokens, never answered (closed when the test ends). */
const silent: ServerResponse[] = [];

/** Every log call, as text: what would reach the log. Never cleared. */
const logged: string[] = [];
const capturingLogger: LoggerService = {
  log: (...args: unknown[]) => logged.push(JSON.stringify(args)),
  warn: (...args: unknown[]) => logged.push(JSON.stringify(args)),
  error: (...args: unknown[]) => logged.push(JSON.stringify(args)),
  debug: (...args: unknown[]) => logged.push(JSON.stringify(args)),
  verbose: (...args: unknown[]) => logged.push(JSON.stringify(args)),
};
/** Every failure a job threw, as text (message, code and the whole object). */
const failures: string[] = [];

function answer(
  response: ServerResponse,
  status: number,
  body: object,
  headers: Record<string, string> = {},
) {
  response.writeHead(status, { 'Content-Type': 'application/json', ...headers }).end(JSON.stringify(body));
}

const notionError = (status: number, code: string, message: string) => ({
  object: 'error',
  status,
  code,
  message,
});

function pageAnswer(id: string, properties: Record<string, unknown>) {
  return {
    object: 'page',
    id,
    parent: { type: 'database_id', database_id: DATABASE_ID },
    properties,
    url: `https://www.notion.so/${id.replaceAll('-', '')}`,
  };
}

/** Answers as Notion would for pages: POST /v1/pages creates, PATCH /v1/pages/:id updates. */
function handle(request: Received, response: ServerResponse): void {
  const mode = modeOf(request.headers.authorization);
  if (mode === undefined || mode === 'revoked') {
    return answer(response, 401, notionError(401, 'unauthorized', 'API token is invalid.'));
  }
  if (mode === 'limited') {
    return answer(response, 429, notionError(429, 'rate_limited', 'Rate limited'), { 'Retry-After': '12' });
  }
  if (mode === 'broken')
    return answer(response, 502, notionError(502, 'internal_server_error', 'Bad gateway'));
  const properties = (request.body.properties ?? {}) as Record<string, unknown>;
  const unknown = Object.keys(properties).find((name) => !DATABASE_PROPERTIES.has(name));
  if (unknown !== undefined) {
    return answer(
      response,
      400,
      notionError(400, 'validation_error', `${unknown} is not a property that exists.`),
    );
  }
  const respond = () => {
    if (request.method === 'POST' && request.path === '/v1/pages') {
      const parent = request.body.parent as { database_id?: string } | undefined;
      if (parent?.database_id !== DATABASE_ID) {
        return answer(response, 404, notionError(404, 'object_not_found', 'Could not find database'));
      }
      const id = randomUUID();
      pages.set(id, properties);
      return answer(response, 200, pageAnswer(id, properties));
    }
    const pageId = /^\/v1\/pages\/([0-9a-f-]{32,36})$/.exec(request.path)?.[1];
    if (request.method === 'PATCH' && pageId !== undefined) {
      if (!pages.has(pageId)) {
        return answer(response, 404, notionError(404, 'object_not_found', 'Could not find page'));
      }
      pages.set(pageId, properties);
      return answer(response, 200, pageAnswer(pageId, properties));
    }
    return answer(response, 400, notionError(400, 'invalid_request_url', 'Invalid request URL.'));
  };
  if (mode === 'held') held.push(respond);
  else if (mode === 'silent') silent.push(response);
  else respond();
}

function startNotion(): Promise<Server> {
  const notion = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString();
      const entry: Received = {
        method: request.method ?? '',
        path: request.url ?? '',
        headers: request.headers,
        body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>),
      };
      received.push(entry);
      handle(entry, response);
    });
  });
  return new Promise((resolve) => notion.listen(0, '127.0.0.1', () => resolve(notion)));
}

const modules: TestingModule[] = [];

async function moduleWith(settings: Record<string, string> = {}): Promise<TestingModule> {
  const config = loadJobsConfig(
    env.common({
      ...env.redis(),
      NOTION_TOKEN_KEY: TOKEN_KEY,
      NOTION_API_BASE_URL: baseUrl,
      NOTION_TIMEOUT_MS: '2000',
      ...settings,
    }),
  );
  const moduleRef = await Test.createTestingModule({
    imports: [
      BullmqModule.forRoot({ url: config.REDIS_URL, keyPrefix: config.REDIS_KEY_PREFIX }),
      NotionJobsModule.forRoot(config),
    ],
  })
    .setLogger(capturingLogger)
    .compile();
  modules.push(moduleRef);
  return moduleRef;
}

let jobCount = 0;

/** A sync job's data as the campaign service would queue it, checked against the contract. */
async function syncJob(
  mode: Mode,
  changes: Partial<Omit<SyncCharacterData, 'character'>> & {
    character?: Partial<SyncCharacterData['character']>;
  } = {},
): Promise<QueueJob<SyncCharacterData>> {
  jobCount += 1;
  const { character, ...rest } = changes;
  const data = {
    campaign_id: '3f0c8d2a-7b1e-4c5d-9a6f-2e4b8c1d0a9e',
    character_id: randomUUID(),
    database_id: DATABASE_ID,
    sealed_token: sealSecret(tokenFor(mode), TOKEN_KEY),
    page_id: null,
    updated_at: '2026-12-01T10:00:00.000Z',
    ...rest,
    character: {
      name: 'Johnny Tso',
      type: 'Featured Foe',
      action_values: { Guns: 14, Defense: 13, Toughness: 7, Archetype: 'Killer' },
      description: 'A hitman with a heart of lead.',
      ...character,
    },
  };
  const checked = (await validJobData('notion', 'sync_character', data).catch(
    (error: { details?: unknown }) => {
      throw new Error(`Refused job data: ${JSON.stringify(error.details)}`);
    },
  )) as unknown as SyncCharacterData;
  return {
    id: `notion-job-${jobCount}`,
    name: 'sync_character',
    data: checked,
    attemptsMade: 0,
    attempts: 3,
    userId: null,
  };
}

/** Runs a job, keeping the text of whatever it throws for the leak checks. */
async function run(runner: NotionJobs, job: QueueJob): Promise<NotionSyncResult> {
  try {
    return await runner.run(job);
  } catch (error) {
    failures.push(String(error), JSON.stringify(error), (error as Error).stack ?? '');
    throw error;
  }
}

let runner: NotionJobs;

beforeAll(async () => {
  server = await startNotion();
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  runner = (await moduleWith()).get(NotionJobs);
});

beforeEach(() => {
  received.length = 0;
});

afterAll(async () => {
  for (const respond of held) respond();
  await Promise.all(modules.map((moduleRef) => moduleRef.close()));
  for (const response of silent) response.destroy();
  server?.closeAllConnections();
  server?.close();
  if (server) await once(server, 'close');
  await env.cleanup();
});

const titleOf = (properties: Record<string, unknown> | undefined) =>
  (properties?.Name as { title: { text: { content: string } }[] }).title[0].text.content;

describe('sync_character', () => {
  it('creates a page in the database, with the token and Notion-Version the client sends, and answers its id', async () => {
    const job = await syncJob('ok');
    const result = await run(runner, job);

    expect(result).toMatchObject({
      campaign_id: job.data.campaign_id,
      character_id: job.data.character_id,
      outcome: 'created',
    });
    expect(pages.has(result.page_id ?? '')).toBe(true);
    expect(Date.parse(result.synced_at ?? '')).not.toBeNaN();

    expect(received).toHaveLength(1);
    const [request] = received;
    expect(request).toMatchObject({ method: 'POST', path: '/v1/pages' });
    expect(request.headers.authorization).toMatch(new RegExp(`^Bearer ntn_ok_${TOKEN_MARKER}_`));
    expect(request.headers['notion-version']).toBe('2025-09-03');
    expect(request.body.parent).toEqual({ type: 'database_id', database_id: DATABASE_ID });
    expect(request.body.properties).toMatchObject({
      Name: { title: [{ type: 'text', text: { content: 'Johnny Tso' } }] },
      Type: { select: { name: 'Featured Foe' } },
      Archetype: { rich_text: [{ type: 'text', text: { content: 'Killer' } }] },
      Description: { rich_text: [{ type: 'text', text: { content: 'A hitman with a heart of lead.' } }] },
      Guns: { number: 14 },
      Defense: { number: 13 },
      Toughness: { number: 7 },
      Sorcery: { number: null },
    });
  });

  it('updates the page the job names', async () => {
    const created = await run(runner, await syncJob('ok'));
    received.length = 0;

    const job = await syncJob('ok', {
      page_id: created.page_id,
      updated_at: '2026-12-01T11:00:00.000Z',
      character: { name: 'Johnny Tso, Retired', action_values: { Guns: 15 } },
    });
    expect(await run(runner, job)).toMatchObject({ page_id: created.page_id, outcome: 'updated' });

    expect(received.map((request) => `${request.method} ${request.path}`)).toEqual([
      `PATCH /v1/pages/${created.page_id}`,
    ]);
    expect(titleOf(pages.get(created.page_id ?? ''))).toBe('Johnny Tso, Retired');
    expect(pages.get(created.page_id ?? '')).toMatchObject({
      Guns: { number: 15 },
      Defense: { number: null },
    });
  });

  it('updates the page it created when a later job of the character names none (no second page)', async () => {
    const first = await syncJob('ok');
    const created = await run(runner, first);
    received.length = 0;

    const again = await syncJob('ok', {
      character_id: first.data.character_id,
      updated_at: '2026-12-01T10:05:00Z',
    });
    expect(await run(runner, again)).toMatchObject({ page_id: created.page_id, outcome: 'updated' });
    expect(received.map((request) => request.method)).toEqual(['PATCH']);
  });

  it('does not call Notion for a job older than the last sync of the character, and says so', async () => {
    const newer = await syncJob('ok', { updated_at: '2026-12-01T12:00:00.000Z' });
    const created = await run(runner, newer);
    received.length = 0;

    const older = await syncJob('ok', {
      character_id: newer.data.character_id,
      page_id: created.page_id,
      updated_at: '2026-12-01T11:59:59.000Z',
      character: { name: 'Old Name' },
    });
    expect(await run(runner, older)).toEqual({
      campaign_id: older.data.campaign_id,
      character_id: older.data.character_id,
      database_id: DATABASE_ID.replaceAll('-', ''),
      page_id: created.page_id,
      synced_at: created.synced_at,
      outcome: 'stale',
    });
    expect(received).toHaveLength(0);
    expect(titleOf(pages.get(created.page_id ?? ''))).toBe('Johnny Tso');
  });

  it('runs one sync of a character at a time: a second one finds it busy, and may run once the first is done', async () => {
    const first = await syncJob('held');
    const running = run(runner, first);
    while (held.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));

    const second = await syncJob('ok', {
      character_id: first.data.character_id,
      updated_at: '2026-12-01T10:01:00Z',
    });
    await expect(run(runner, second)).rejects.toMatchObject({ code: NotionFailureCodes.busy, retry: true });
    expect(received).toHaveLength(1);

    // Another character is not held up.
    await expect(run(runner, await syncJob('ok'))).resolves.toMatchObject({ outcome: 'created' });

    held.shift()?.();
    const created = await running;
    expect(created.outcome).toBe('created');
    expect(await run(runner, second)).toMatchObject({ page_id: created.page_id, outcome: 'updated' });
  });

  it('fails a 429 as worth retrying, saying when Notion asked to be called again, without retrying itself', async () => {
    const failure = run(runner, await syncJob('limited'));
    await expect(failure).rejects.toMatchObject({ code: NotionFailureCodes.rateLimited, retry: true });
    await expect(failure).rejects.toThrow('asks to retry after 12 s');
    expect(received).toHaveLength(1);
  });

  it('fails a 5xx as worth retrying, without retrying itself', async () => {
    await expect(run(runner, await syncJob('broken'))).rejects.toMatchObject({
      code: NotionFailureCodes.serverError,
      retry: true,
    });
    expect(received).toHaveLength(1);
  });

  it('fails a revoked token (401) for good', async () => {
    await expect(run(runner, await syncJob('revoked'))).rejects.toMatchObject({
      code: NotionFailureCodes.unauthorized,
      retry: false,
    });
  });

  it('fails a page that is gone (404) for good, and creates a new one for the next job without a page id', async () => {
    const first = await syncJob('ok');
    const created = await run(runner, first);
    pages.delete(created.page_id ?? '');

    const later = { character_id: first.data.character_id, updated_at: '2026-12-01T10:10:00Z' };
    await expect(run(runner, await syncJob('ok', later))).rejects.toMatchObject({
      code: NotionFailureCodes.notFound,
      retry: false,
    });
    received.length = 0;
    const recreated = await run(runner, await syncJob('ok', later));
    expect(recreated).toMatchObject({ outcome: 'created' });
    expect(recreated.page_id).not.toBe(created.page_id);
    expect(received.map((request) => `${request.method} ${request.path}`)).toEqual(['POST /v1/pages']);
  });

  it('fails a request Notion refuses (400: the database lacks a property) for good', async () => {
    const job = await syncJob('ok', { character: { action_values: { Guns: 1 } } });
    // The stand-in's database has the documented properties only; make it lack one.
    DATABASE_PROPERTIES.delete('Guns');
    try {
      await expect(run(runner, job)).rejects.toMatchObject({
        code: NotionFailureCodes.rejected,
        retry: false,
      });
    } finally {
      DATABASE_PROPERTIES.add('Guns');
    }
  });

  it('fails a Notion that does not answer within NOTION_TIMEOUT_MS as worth retrying, and frees the character', async () => {
    const impatient = (await moduleWith({ NOTION_TIMEOUT_MS: '300' })).get(NotionJobs);
    const job = await syncJob('silent');
    await expect(run(impatient, job)).rejects.toMatchObject({
      code: NotionFailureCodes.unreachable,
      retry: true,
    });
    const next = await syncJob('ok', { character_id: job.data.character_id });
    await expect(run(impatient, next)).resolves.toMatchObject({ outcome: 'created' });
  });

  it('fails for good when the token cannot be opened, or the service has no NOTION_TOKEN_KEY', async () => {
    const job = await syncJob('ok');
    const otherKey = randomBytes(32).toString('base64');
    const foreign = { ...job, data: { ...job.data, sealed_token: sealSecret(tokenFor('ok'), otherKey) } };
    await expect(run(runner, foreign)).rejects.toMatchObject({
      code: NotionFailureCodes.tokenUnreadable,
      retry: false,
    });

    const unconfigured = (await moduleWith({ NOTION_TOKEN_KEY: '' })).get(NotionJobs);
    await expect(run(unconfigured, job)).rejects.toMatchObject({
      code: NotionFailureCodes.unconfigured,
      retry: false,
    });
    expect(received).toHaveLength(0);
  });

  it('refuses job data that breaks the contract', async () => {
    const job = await syncJob('ok');
    await expect(
      validJobData('notion', 'sync_character', { ...job.data, database_id: 'not-an-id' }),
    ).rejects.toMatchObject({ details: { errors: { 'data.database_id': expect.any(Array) as unknown } } });
    await expect(
      validJobData('notion', 'sync_character', {
        ...job.data,
        character: { ...job.data.character, description: 'x'.repeat(20_001) },
      }),
    ).rejects.toMatchObject({
      details: { errors: { 'data.character.description': expect.any(Array) as unknown } },
    });
  });

  it('never lets a plain token reach the logs, the failures or Redis', async () => {
    expect(logged.length).toBeGreaterThan(5);
    expect(failures.length).toBeGreaterThan(5);
    expect(logged.join('\n')).not.toContain(TOKEN_MARKER);
    expect(failures.join('\n')).not.toContain(TOKEN_MARKER);
    // The sealed tokens neither: logs carry ids and outcomes only.
    expect(logged.join('\n')).not.toMatch(/v1\.[A-Za-z0-9_-]{16}\./);

    const { connection, prefix } = (await moduleWith()).get(BullmqConnection);
    const keys = await connection.keys(`${prefix}:notion-sync:*`);
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) {
      const stored = (await connection.type(key)) === 'hash' ? await connection.hgetall(key) : {};
      expect(JSON.stringify(stored)).not.toContain(TOKEN_MARKER);
      expect(Object.keys(stored).sort()).toEqual(['database_id', 'page_id', 'synced_at', 'updated_at']);
    }
  });
});
