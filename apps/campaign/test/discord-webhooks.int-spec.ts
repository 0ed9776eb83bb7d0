import { createServer, type Server } from 'node:http';
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
  type EncounterView,
  type FightView,
} from '@shotcaller/contracts';
import { CapturedLogs, eventually, NatsRequester, TestEnvironment } from '@shotcaller/testing';
import { bootCampaign } from '../src/boot.js';
import { loadCampaignConfig } from '../src/config.js';
import { registerActor } from './support/accounts.js';
import { startMailing, type Mailing } from './support/mail-catcher.js';

/*
 * A campaign's Discord webhook, end to end through the real jobs service: the gamemaster configures it (only
 * they, only a Discord webhook URL, never shown back whole), and a fight's start, each new round and its end
 * arrive as embeds at a local HTTP server standing in for Discord. With the jobs service down, a change that
 * would post fails with 503 and writes nothing; campaigns without a webhook do not depend on the jobs service.
 */

const env = new TestEnvironment('discord-webhooks-int');
const logs = new CapturedLogs();
const WEBHOOK_ID = '112233445566778899';
const TOKEN = 'Sh0t-Caller_SeCrEt-ToKeN';

interface Embed {
  title: string;
  description?: string;
  fields: { name: string; value: string }[];
}
interface Post {
  path: string;
  embed: Embed;
}

let discord: Server;
let discordBase: string;
const posts: Post[] = [];

let mailing: Mailing;
let jobsRunning = true;
let app: INestApplication;
let nats: NatsRequester;
let db: pg.Client;
let gm: Actor;
let player: Actor;
let stranger: Actor;
let campaign: CampaignView;
let quiet: CampaignView;
let webhookUrl: string;
const announced: string[] = [];
let announcements: Subscription;

const { campaigns, characters, fights, encounters } = Subjects.campaign;

function startDiscord(): Promise<Server> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString()) as { embeds: Embed[] };
      posts.push({ path: request.url ?? '', embed: body.embeds[0] });
      response.writeHead(204).end();
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

let people = 0;
function register(label: string, gamemaster = true): Promise<Actor> {
  people += 1;
  return registerActor(nats, `${label}${people}@example.com`, { gamemaster, firstName: `Fn${label}` });
}

const setCurrent = (actor: Actor, id: string) =>
  nats.expectOk<{ campaign: CampaignView }>(campaigns.setCurrent, { id }, { actor });

const update = (actor: Actor, id: string, changes: object) =>
  nats.request<CampaignView>(campaigns.update, { id, campaign: changes }, { actor });

async function storedWebhook(id: string): Promise<string | null> {
  const { rows } = await db.query<{ url: string | null }>(
    'select discord_webhook_url as url from campaigns where id = $1',
    [id],
  );
  return rows[0].url;
}

async function fightRow(id: string) {
  const { rows } = await db.query<{ sequence: number; started_at: Date | null; ended_at: Date | null }>(
    'select sequence, started_at, ended_at from fights where id = $1',
    [id],
  );
  return rows[0];
}

/** A fight of the gamemaster's current campaign with these characters in it (new ones, hidden). */
async function fightWith(name: string, characterNames: string[], description?: string): Promise<FightView> {
  const ids: string[] = [];
  for (const characterName of characterNames) {
    const character = await nats.expectOk<{ id: string }>(
      characters.create,
      { character: { name: characterName } },
      { actor: gm },
    );
    ids.push(character.id);
  }
  return nats.expectOk<FightView>(
    fights.create,
    { fight: { name, ...(description ? { description } : {}), character_ids: ids } },
    { actor: gm },
  );
}

const start = (fight: FightView) =>
  nats.request<FightView>(
    fights.update,
    { id: fight.id, fight: { started_at: new Date().toISOString() } },
    { actor: gm },
  );

/** Gives the combatants of a fight these shots, in the order they joined, and starts the next round. */
async function nextRound(fight: FightView, shots: number[]) {
  const encounter = await nats.expectOk<EncounterView>(encounters.get, { id: fight.id }, { actor: gm });
  const entries = encounter.shots.flatMap((group) => group.characters);
  const ordered = fight.characters.map(
    (character) => entries.find((entry) => entry.id === character.id)?.shot_id ?? '',
  );
  return nats.request<EncounterView>(
    encounters.updateInitiatives,
    { id: fight.id, shots: ordered.map((id, index) => ({ id, shot: shots[index] })) },
    { actor: gm },
  );
}

const endFight = (fight: FightView) =>
  nats.request<FightView>(fights.endFight, { id: fight.id }, { actor: gm });

/** The posts about a fight (by its name in the embed title), once at least `count` have arrived. */
function postsAbout(fightName: string, count: number): Promise<Post[]> {
  return eventually(() => {
    const found = posts.filter((post) => post.embed.title.endsWith(`: ${fightName}`));
    if (found.length < count) throw new Error(`${found.length} of ${count} posts about ${fightName} so far`);
    return found;
  });
}

const field = (embed: Embed, name: string) => embed.fields.find((entry) => entry.name === name)?.value;

beforeAll(async () => {
  discord = await startDiscord();
  discordBase = `http://127.0.0.1:${(discord.address() as AddressInfo).port}/api/webhooks/`;
  webhookUrl = `${discordBase}${WEBHOOK_ID}/${TOKEN}`;
  mailing = await startMailing(env, {
    WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true',
    DISCORD_WEBHOOK_BASE_URL: discordBase,
    JOBS_LOCATION_SWEEP_EVERY_MS: '0',
    JOBS_MEDIA_SWEEP_EVERY_MS: '0',
  });
  const settings = env.campaign({ DISCORD_WEBHOOK_BASE_URL: discordBase, LOG_LEVEL: 'info' });
  app = await bootCampaign(loadCampaignConfig(settings), {
    host: '127.0.0.1',
    logDestination: logs.destination,
  });
  nats = await NatsRequester.connect(env.stores.nats, env.subjectPrefix);
  db = new pg.Client({ connectionString: settings.DATABASE_URL });
  await db.connect();

  gm = await register('gm');
  player = await register('player', false);
  stranger = await register('stranger');
  campaign = await nats.expectOk<CampaignView>(
    campaigns.create,
    { campaign: { name: 'Hong Kong Nights' } },
    { actor: gm },
  );
  quiet = await nats.expectOk<CampaignView>(
    campaigns.create,
    { campaign: { name: 'Quiet Town' } },
    { actor: gm },
  );
  await nats.expectOk(
    campaigns.update,
    { id: campaign.id, campaign: { user_ids: [player.id] } },
    { actor: gm },
  );
  await setCurrent(gm, campaign.id);
  await setCurrent(player, campaign.id);

  announcements = nats.connection.subscribe(
    natsSubject(RealtimeSubjects.campaign(campaign.id), env.subjectPrefix),
    {
      callback: (_, message) => {
        announced.push(message.string());
      },
    },
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
  await new Promise((resolve) => discord?.close(resolve));
  await env.cleanup();
});

describe('configuring the webhook', () => {
  it('the gamemaster sets it; views show that it is set and its id, to the gamemaster only', async () => {
    const reply = await update(gm, campaign.id, { discord_webhook_url: webhookUrl });
    expect(reply).toMatchObject({ ok: true });
    const answered = (reply as { value: CampaignView }).value;
    expect(answered.discord_webhook).toEqual({ configured: true, id: WEBHOOK_ID });
    expect(await storedWebhook(campaign.id)).toBe(webhookUrl);

    const gmView = await nats.expectOk<CampaignView>(campaigns.get, { id: campaign.id }, { actor: gm });
    expect(gmView.discord_webhook).toEqual({ configured: true, id: WEBHOOK_ID });
    const gmCurrent = await nats.expectOk<CampaignView>(campaigns.getCurrent, {}, { actor: gm });
    expect(gmCurrent.discord_webhook).toEqual({ configured: true, id: WEBHOOK_ID });
    expect((await setCurrent(gm, campaign.id)).campaign.discord_webhook).toEqual({
      configured: true,
      id: WEBHOOK_ID,
    });
    const quietView = await nats.expectOk<CampaignView>(campaigns.get, { id: quiet.id }, { actor: gm });
    expect(quietView.discord_webhook).toBeNull();

    const playerViews = [
      await nats.expectOk<CampaignView>(campaigns.get, { id: campaign.id }, { actor: player }),
      await nats.expectOk<CampaignView>(campaigns.getCurrent, {}, { actor: player }),
      (await setCurrent(player, campaign.id)).campaign,
    ];
    for (const view of playerViews) {
      expect(view.id).toBe(campaign.id);
      expect(view).not.toHaveProperty('discord_webhook');
    }

    const lists = [
      await nats.expectOk<CampaignsIndexView>(campaigns.list, {}, { actor: gm }),
      await nats.expectOk<CampaignsIndexView>(campaigns.list, {}, { actor: player }),
    ];
    const everything = JSON.stringify([answered, gmView, gmCurrent, quietView, playerViews, lists]);
    expect(everything).not.toContain(TOKEN);
    // Every member hears of the change, without the webhook.
    await eventually(() => expect(announced.some((text) => text.includes('"campaign"'))).toBe(true));
    expect(announced.join('\n')).not.toContain(TOKEN);
    expect(announced.join('\n')).not.toContain('discord_webhook');
  });

  it('a player cannot set or clear it (403), a stranger does not see the campaign (404)', async () => {
    const attempt = `${discordBase}1/${TOKEN}x`;
    expect(await update(player, campaign.id, { discord_webhook_url: attempt })).toMatchObject({
      ok: false,
      error: { statusCode: 403 },
    });
    expect(await update(player, campaign.id, { discord_webhook_url: null })).toMatchObject({
      ok: false,
      error: { statusCode: 403 },
    });
    expect(await update(stranger, campaign.id, { discord_webhook_url: attempt })).toMatchObject({
      ok: false,
      error: { statusCode: 404 },
    });
    expect(await storedWebhook(campaign.id)).toBe(webhookUrl);
  });

  // Over NATS a body the contract refuses is 400 invalid_payload (the gateway answers the same body with 422
  // before asking); a URL of the right shape that is not on a configured Discord base is the service's 422.
  const malformed = { statusCode: 400, code: 'invalid_payload' };
  const notDiscord = { statusCode: 422, code: 'validation_failed' };
  it.each([
    ['not a URL', 'my discord', malformed],
    ['a query', `https://discord.com/api/webhooks/1/${TOKEN}?wait=true`, malformed],
    ['not text', 42, malformed],
    ['another site', 'https://example.com/hooks/1/abc', notDiscord],
    ['plain http to Discord', `http://discord.com/api/webhooks/1/${TOKEN}`, notDiscord],
    ['a host that is not a configured base', `http://127.0.0.1:1/api/webhooks/1/${TOKEN}`, notDiscord],
  ])('refuses %s on the field and changes nothing', async (_case, url, refusal) => {
    const reply = await update(gm, campaign.id, { discord_webhook_url: url, name: 'Renamed' });
    expect(reply).toMatchObject({
      ok: false,
      error: { ...refusal, details: { errors: { discord_webhook_url: [expect.any(String)] } } },
    });
    expect(await storedWebhook(campaign.id)).toBe(webhookUrl);
    const { rows } = await db.query<{ name: string }>('select name from campaigns where id = $1', [
      campaign.id,
    ]);
    expect(rows[0].name).toBe('Hong Kong Nights');
  });

  it('the gamemaster clears it with null and sets it again', async () => {
    const cleared = await update(gm, quiet.id, { discord_webhook_url: `${discordBase}5/quiet-token` });
    expect(cleared).toMatchObject({ ok: true, value: { discord_webhook: { configured: true, id: '5' } } });
    expect(await update(gm, quiet.id, { discord_webhook_url: null })).toMatchObject({
      ok: true,
      value: { discord_webhook: null },
    });
    expect(await storedWebhook(quiet.id)).toBeNull();
  });
});

describe('fights posted to Discord', () => {
  it('a campaign without a webhook queues nothing for its fights', async () => {
    await setCurrent(gm, quiet.id);
    const fight = await fightWith('Silent Alley', ['Quiet Lee']);
    expect(await start(fight)).toMatchObject({ ok: true });
    expect(await nextRound(fight, [10])).toMatchObject({ ok: true });
    expect(await endFight(fight)).toMatchObject({ ok: true });
    await setCurrent(gm, campaign.id);
  });

  it("posts a fight's start, each new round and its end as embeds, once each", async () => {
    const fight = await fightWith('Dock Brawl', ['Johnny Tso', 'Ugly Shing'], '<p>Crates &amp; cranes</p>');
    expect(await start(fight)).toMatchObject({ ok: true });
    // Starting again changes nothing: no second post.
    expect(await start(fight)).toMatchObject({ ok: true });
    expect(await nextRound(fight, [14, 9])).toMatchObject({ ok: true });
    expect(await endFight(fight)).toMatchObject({ ok: true });

    const [started, round, ended] = await postsAbout('Dock Brawl', 3);
    for (const post of [started, round, ended]) {
      expect(post.path).toBe(`/api/webhooks/${WEBHOOK_ID}/${TOKEN}`);
      expect(field(post.embed, 'Campaign')).toBe('Hong Kong Nights');
      expect(post.embed.description).toBe('Crates & cranes');
    }
    expect(started.embed.title).toBe('Fight started: Dock Brawl');
    expect(field(started.embed, 'Round')).toBe('0');
    expect(field(started.embed, 'No shot')).toBe('Johnny Tso, Ugly Shing');

    expect(round.embed.title).toBe('Round 1: Dock Brawl');
    expect(field(round.embed, 'Round')).toBe('1');
    expect(field(round.embed, 'Shot 14')).toBe('Johnny Tso');
    expect(field(round.embed, 'Shot 9')).toBe('Ugly Shing');

    expect(ended.embed.title).toBe('Fight ended: Dock Brawl');
    expect(field(ended.embed, 'Shot 14')).toBe('Johnny Tso');

    // The quiet campaign's fight, changed before these, posted nothing.
    expect(posts.filter((post) => post.embed.title.includes('Silent Alley'))).toEqual([]);
    expect(posts.filter((post) => post.embed.title.endsWith(': Dock Brawl'))).toHaveLength(3);
  });

  it('a fight created already started is posted as started', async () => {
    const character = await nats.expectOk<{ id: string }>(
      characters.create,
      { character: { name: 'Big Bruiser' } },
      { actor: gm },
    );
    await nats.expectOk<FightView>(
      fights.create,
      {
        fight: {
          name: 'Warehouse Ambush',
          started_at: new Date().toISOString(),
          character_ids: [character.id],
        },
      },
      { actor: gm },
    );
    const [started] = await postsAbout('Warehouse Ambush', 1);
    expect(started.embed.title).toBe('Fight started: Warehouse Ambush');
    expect(field(started.embed, 'No shot')).toBe('Big Bruiser');
  });
});

describe('with the jobs service down', () => {
  let lastStand: FightView;

  beforeAll(async () => {
    lastStand = await fightWith('Last Stand', ['Old Master']);
    expect(await start(lastStand)).toMatchObject({ ok: true });
    await postsAbout('Last Stand', 1);
    await mailing.jobs.close();
    jobsRunning = false;
  });

  const unavailable = { ok: false, error: { statusCode: 503, code: 'service_unavailable' } };

  it('ending a fight of a campaign with a webhook answers 503 and the fight does not end', async () => {
    expect(await endFight(lastStand)).toMatchObject(unavailable);
    expect((await fightRow(lastStand.id)).ended_at).toBeNull();
    const { rows } = await db.query<{ n: number }>(
      `select count(*)::int as n from fight_events where fight_id = $1 and event_type = 'fight_ended'`,
      [lastStand.id],
    );
    expect(rows[0].n).toBe(0);
  });

  it('a new round answers 503 and changes nothing', async () => {
    expect(await nextRound(lastStand, [12])).toMatchObject(unavailable);
    expect((await fightRow(lastStand.id)).sequence).toBe(0);
    const { rows } = await db.query<{ shot: number | null }>('select shot from shots where fight_id = $1', [
      lastStand.id,
    ]);
    expect(rows).toEqual([{ shot: null }]);
  });

  it('fights of a campaign without a webhook go on as before', async () => {
    await setCurrent(gm, quiet.id);
    const fight = await fightWith('Quiet Duel', ['Calm Wu']);
    expect(await start(fight)).toMatchObject({ ok: true });
    expect(await nextRound(fight, [8])).toMatchObject({ ok: true });
    expect(await endFight(fight)).toMatchObject({ ok: true });
    expect((await fightRow(fight.id)).ended_at).not.toBeNull();
  });
});

describe('the campaign service log', () => {
  it("never carries the webhook's token", () => {
    expect(logs.lines().length).toBeGreaterThan(0);
    expect(logs.text()).not.toContain(TOKEN);
  });
});
