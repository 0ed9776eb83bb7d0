import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import type { Subscription } from '@nats-io/transport-node';
import pg from 'pg';
import {
  natsSubject,
  RealtimeSubjects,
  Subjects,
  type Actor,
  type CampaignsIndexView,
  type CampaignView,
  type CharacterView,
} from '@shotcaller/contracts';
import { CapturedLogs, eventually, NatsRequester, TestEnvironment } from '@shotcaller/testing';
import { bootCampaign } from '../src/boot.js';
import { loadCampaignConfig } from '../src/config.js';
import { registerActor } from './support/accounts.js';
import { startMailing, type Mailing } from './support/mail-catcher.js';

/*
 * A campaign's Notion integration, end to end through the real jobs service and its official Notion client: the
 * gamemaster connects a database with an integration token (stored sealed, never shown back), characters created
 * and changed are written to pages of that database on a local HTTP server standing in for Notion's API (which
 * answers a 429 and a 5xx on the way), each character keeps its page, a page deleted in Notion is made again,
 * and with the jobs service down a change that would sync fails with 503 and writes nothing.
 */

const env = new TestEnvironment('notion-sync-int');
const logs = new CapturedLogs();
const TOKEN_KEY = randomBytes(32).toString('base64');
const TOKEN = `ntn_${randomBytes(16).toString('hex')}PlainNotionToken`;
const DATABASE = '8A6F0C2E-4B1D-4E0F-9A3B-5C7D9E1F2A3B';
const DATABASE_ID = '8a6f0c2e4b1d4e0f9a3b5c7d9e1f2a3b';
const OTHER_DATABASE_ID = '1b2c3d4e5f60718293a4b5c6d7e8f901';

interface NotionRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  properties: Record<string, unknown>;
  status: number;
}

let notion: Server;
const requests: NotionRequest[] = [];
/** The pages the stand-in holds, by id without dashes: their last properties. */
const pages = new Map<string, Record<string, unknown>>();
/** Answers to give instead of the next requests, in order (a 429 with its retry-after, a 5xx). */
const upcomingFailures: { status: number; headers?: Record<string, string> }[] = [];

let mailing: Mailing;
let jobsRunning = true;
let app: INestApplication;
let nats: NatsRequester;
let db: pg.Client;
let gm: Actor;
let player: Actor;
let campaign: CampaignView;
const announced: string[] = [];
let announcements: Subscription;

const { campaigns, characters } = Subjects.campaign;
const plainId = (id: string) => id.replaceAll('-', '').toLowerCase();

function reply(response: ServerResponse, status: number, body: object, headers: Record<string, string> = {}) {
  response.writeHead(status, { 'Content-Type': 'application/json', ...headers }).end(JSON.stringify(body));
}

/** Answers as Notion does for the pages of one database: POST /v1/pages creates, PATCH /v1/pages/:id updates. */
function startNotion(): Promise<Server> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString() || '{}') as {
        parent?: { database_id?: string };
        properties?: Record<string, unknown>;
      };
      const answer = (status: number, payload: object, headers?: Record<string, string>) => {
        requests.push({
          method: request.method ?? '',
          path: request.url ?? '',
          authorization: request.headers.authorization,
          properties: body.properties ?? {},
          status,
        });
        reply(response, status, payload, headers);
      };
      const error = (status: number, code: string) => ({ object: 'error', status, code, message: code });
      if (request.headers.authorization !== `Bearer ${TOKEN}`) return answer(401, error(401, 'unauthorized'));
      const failure = upcomingFailures.shift();
      if (failure) return answer(failure.status, error(failure.status, 'failure'), failure.headers);
      const properties = body.properties ?? {};
      if (request.method === 'POST' && request.url === '/v1/pages') {
        if (plainId(body.parent?.database_id ?? '') !== DATABASE_ID) {
          return answer(404, error(404, 'object_not_found'));
        }
        const id = randomUUID();
        pages.set(plainId(id), properties);
        return answer(200, { object: 'page', id, properties });
      }
      const pageId = /^\/v1\/pages\/([0-9a-f-]{32,36})$/.exec(request.url ?? '')?.[1];
      if (request.method === 'PATCH' && pageId !== undefined && pages.has(plainId(pageId))) {
        pages.set(plainId(pageId), properties);
        return answer(200, { object: 'page', id: pageId, properties });
      }
      return answer(404, error(404, 'object_not_found'));
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

let people = 0;
function register(label: string, gamemaster = true): Promise<Actor> {
  people += 1;
  return registerActor(nats, `${label}${people}@example.com`, { gamemaster, firstName: `Fn${label}` });
}

const update = (actor: Actor, changes: object) =>
  nats.request<CampaignView>(campaigns.update, { id: campaign.id, campaign: changes }, { actor });

const createCharacter = (fields: object) =>
  nats.expectOk<CharacterView>(characters.create, { character: fields }, { actor: gm });

const changeCharacter = (id: string, fields: object) =>
  nats.request<CharacterView>(characters.update, { id, character: fields }, { actor: gm });

async function storedNotion(id: string) {
  const { rows } = await db.query<{
    database_id: string | null;
    sealed: string | null;
    connected_at: Date | null;
  }>(
    `select notion_database_id as database_id, notion_token_sealed as sealed, notion_connected_at as connected_at
       from campaigns where id = $1`,
    [id],
  );
  return rows[0];
}

async function characterRow(id: string) {
  const { rows } = await db.query<{
    name: string;
    page_id: string | null;
    synced_at: Date | null;
    updated_at: Date;
  }>(
    `select name, notion_page_id as page_id, last_synced_to_notion_at as synced_at, updated_at
       from characters where id = $1`,
    [id],
  );
  return rows[0];
}

/** The character's page once its id is kept, and that page's properties once they show `name`. */
async function syncedPage(characterId: string, name: string) {
  return eventually(async () => {
    const row = await characterRow(characterId);
    if (!row.page_id) throw new Error('no page kept yet');
    const properties = pages.get(row.page_id);
    const title = (properties?.Name as { title: { text: { content: string } }[] } | undefined)?.title[0]?.text
      .content;
    if (title !== name) throw new Error(`the page shows ${title ?? 'nothing'} so far`);
    return { row, properties: properties ?? {} };
  });
}

const pageRequests = (pageId: string) =>
  requests.filter(
    (entry) => entry.method === 'PATCH' && plainId(entry.path.split('/').pop() ?? '') === pageId,
  );

beforeAll(async () => {
  notion = await startNotion();
  const notionUrl = `http://127.0.0.1:${(notion.address() as AddressInfo).port}`;
  mailing = await startMailing(env, {
    NOTION_TOKEN_KEY: TOKEN_KEY,
    NOTION_API_BASE_URL: notionUrl,
    NOTION_TIMEOUT_MS: '3000',
  });
  const settings = env.campaign({ NOTION_TOKEN_KEY: TOKEN_KEY, LOG_LEVEL: 'info' });
  app = await bootCampaign(loadCampaignConfig(settings), {
    host: '127.0.0.1',
    logDestination: logs.destination,
  });
  nats = await NatsRequester.connect(env.stores.nats, env.subjectPrefix);
  db = new pg.Client({ connectionString: settings.DATABASE_URL });
  await db.connect();

  gm = await register('gm');
  player = await register('player', false);
  campaign = await nats.expectOk<CampaignView>(
    campaigns.create,
    { campaign: { name: 'Notion Nights' } },
    { actor: gm },
  );
  await nats.expectOk(
    campaigns.update,
    { id: campaign.id, campaign: { user_ids: [player.id] } },
    { actor: gm },
  );
  for (const actor of [gm, player]) {
    await nats.expectOk(campaigns.setCurrent, { id: campaign.id }, { actor });
  }
  announcements = nats.connection.subscribe(
    natsSubject(RealtimeSubjects.campaign(campaign.id), env.subjectPrefix),
    { callback: (_, message) => void announced.push(message.string()) },
  );
  await nats.connection.flush();
});

afterAll(async () => {
  announcements?.unsubscribe();
  await nats?.close();
  await db?.end();
  await app?.close();
  if (jobsRunning) await mailing?.jobs.close();
  await mailing?.catcher.close();
  await new Promise((resolve) => notion?.close(resolve));
  await env.cleanup();
});

describe('connecting Notion', () => {
  it('a character made before Notion is connected queues nothing', async () => {
    const before = await createCharacter({ name: 'Before Notion' });
    expect(before.notion_page_id).toBeNull();
    expect(requests).toHaveLength(0);
  });

  it('a player cannot connect it (403); a half connection or a malformed id or token is refused', async () => {
    expect(await update(player, { notion_database_id: DATABASE, notion_token: TOKEN })).toMatchObject({
      ok: false,
      error: { statusCode: 403 },
    });
    expect(await update(gm, { notion_database_id: DATABASE })).toMatchObject({
      ok: false,
      error: { statusCode: 422, details: { errors: { notion_token: ['is required to connect Notion'] } } },
    });
    for (const changes of [
      { notion_database_id: 'not-a-notion-id', notion_token: TOKEN },
      { notion_database_id: DATABASE, notion_token: 'short' },
      { notion_database_id: DATABASE, notion_token: `${TOKEN} with spaces` },
      { notion_database_id: DATABASE, notion_token: 42 },
    ]) {
      expect(await update(gm, changes)).toMatchObject({ ok: false, error: { statusCode: 400 } });
    }
    expect(await storedNotion(campaign.id)).toEqual({ database_id: null, sealed: null, connected_at: null });
  });

  it('the gamemaster connects a database; the token is stored sealed and never shown, the database to them only', async () => {
    const reply = await update(gm, { notion_database_id: DATABASE, notion_token: TOKEN });
    expect(reply).toMatchObject({ ok: true });
    const answered = (reply as { value: CampaignView }).value;
    expect(answered.notion).toEqual({ database_id: DATABASE_ID, connected_at: expect.any(String) });

    const stored = await storedNotion(campaign.id);
    expect(stored.database_id).toBe(DATABASE_ID);
    expect(stored.sealed).toMatch(/^v1\./);
    expect(stored.sealed).not.toContain(TOKEN);

    const gmView = await nats.expectOk<CampaignView>(campaigns.get, { id: campaign.id }, { actor: gm });
    expect(gmView.notion).toEqual(answered.notion);
    const playerView = await nats.expectOk<CampaignView>(
      campaigns.get,
      { id: campaign.id },
      { actor: player },
    );
    expect(playerView).not.toHaveProperty('notion');
    const lists = await nats.expectOk<CampaignsIndexView>(campaigns.list, {}, { actor: gm });
    expect(JSON.stringify([answered, gmView, playerView, lists])).not.toContain(TOKEN);
    await eventually(() => expect(announced.some((text) => text.includes('"campaign"'))).toBe(true));
    expect(announced.join('\n')).not.toContain(TOKEN);
    expect(announced.join('\n')).not.toContain(DATABASE_ID);
  });
});

describe('characters synced to Notion', () => {
  let characterId: string;
  let pageId: string;

  it('a new character is written to a page of the database, and keeps its page id', async () => {
    const created = await createCharacter({
      name: 'Johnny Tso',
      action_values: { Type: 'Featured Foe', Guns: 14, Defense: 13, Archetype: 'Killer' },
      description: { Background: 'A hitman with a heart of lead.' },
    });
    characterId = created.id;
    const { row, properties } = await syncedPage(characterId, 'Johnny Tso');
    pageId = row.page_id ?? '';
    expect(properties).toMatchObject({
      Type: { select: { name: 'Featured Foe' } },
      Archetype: { rich_text: [{ text: { content: 'Killer' } }] },
      Description: { rich_text: [{ text: { content: 'Background: A hitman with a heart of lead.' } }] },
      Guns: { number: 14 },
      Defense: { number: 13 },
    });
    // Keeping the page is not a change of the character.
    expect(row.updated_at.toISOString()).toBe(created.updated_at);
    expect(row.synced_at).toBeInstanceOf(Date);
    const shown = await nats.expectOk<CharacterView>(characters.get, { id: characterId }, { actor: gm });
    expect(shown.notion_page_id).toBe(pageId);
    expect(shown.last_synced_to_notion_at).toBe(row.synced_at?.toISOString());
    expect(requests.every((entry) => entry.authorization === `Bearer ${TOKEN}`)).toBe(true);
  });

  it('a change is written to the same page, through a 429 (its retry-after waited out) and a 5xx', async () => {
    upcomingFailures.push({ status: 429, headers: { 'Retry-After': '1' } }, { status: 502 });
    const changed = await changeCharacter(characterId, {
      name: 'Johnny Tso Jr',
      action_values: { Guns: 15 },
    });
    expect(changed).toMatchObject({ ok: true });
    const { row, properties } = await syncedPage(characterId, 'Johnny Tso Jr');
    expect(row.page_id).toBe(pageId);
    expect(properties).toMatchObject({ Guns: { number: 15 }, Defense: { number: 13 } });
    expect(pageRequests(pageId).map((entry) => entry.status)).toEqual([429, 502, 200]);
    expect(requests.filter((entry) => entry.method === 'POST')).toHaveLength(1);
  });

  it('a duplicate gets a page of its own', async () => {
    const copy = await nats.expectOk<CharacterView>(characters.duplicate, { id: characterId }, { actor: gm });
    const { row } = await syncedPage(copy.id, 'Johnny Tso Jr (1)');
    expect(row.page_id).not.toBe(pageId);
  });

  it('a page deleted in Notion is forgotten, and the next change makes a new one', async () => {
    pages.delete(pageId);
    expect(await changeCharacter(characterId, { name: 'Johnny Returns' })).toMatchObject({ ok: true });
    await eventually(async () => expect((await characterRow(characterId)).page_id).toBeNull());

    expect(await changeCharacter(characterId, { name: 'Johnny Reborn' })).toMatchObject({ ok: true });
    const { row } = await syncedPage(characterId, 'Johnny Reborn');
    expect(row.page_id).not.toBe(pageId);
  });

  it('logs neither the token nor what the characters hold', () => {
    const text = logs.text();
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain('heart of lead');
  });
});

describe('changing or disconnecting Notion', () => {
  it('a new database makes every character forget its page', async () => {
    const { rows: before } = await db.query<{ n: number }>(
      'select count(*)::int as n from characters where campaign_id = $1 and notion_page_id is not null',
      [campaign.id],
    );
    expect(before[0].n).toBeGreaterThan(0);
    expect(await update(gm, { notion_database_id: OTHER_DATABASE_ID })).toMatchObject({
      ok: true,
      value: { notion: { database_id: OTHER_DATABASE_ID } },
    });
    const { rows } = await db.query<{ n: number }>(
      'select count(*)::int as n from characters where campaign_id = $1 and notion_page_id is not null',
      [campaign.id],
    );
    expect(rows[0].n).toBe(0);
    // The token stored before still serves the new database.
    expect((await storedNotion(campaign.id)).sealed).toMatch(/^v1\./);
  });

  it('with the jobs service down, a change that would sync fails with 503 and writes nothing', async () => {
    await mailing.jobs.close();
    jobsRunning = false;
    const [character] = (
      await db.query<{ id: string }>('select id from characters where campaign_id = $1 limit 1', [
        campaign.id,
      ])
    ).rows;
    const before = await characterRow(character.id);
    expect(await changeCharacter(character.id, { name: 'Never Written' })).toMatchObject({
      ok: false,
      error: { statusCode: 503 },
    });
    expect(await characterRow(character.id)).toEqual(before);
  });

  it('disconnected, characters change without asking the jobs service', async () => {
    expect(await update(gm, { notion_database_id: null, notion_token: null })).toMatchObject({
      ok: true,
      value: { notion: null },
    });
    expect(await storedNotion(campaign.id)).toEqual({ database_id: null, sealed: null, connected_at: null });
    const [character] = (
      await db.query<{ id: string }>('select id from characters where campaign_id = $1 limit 1', [
        campaign.id,
      ])
    ).rows;
    expect(await changeCharacter(character.id, { name: 'Offline Edit' })).toMatchObject({ ok: true });
  });
});
