import { MikroORM } from '@mikro-orm/postgresql';
import type { Subscription } from '@nats-io/transport-node';
import {
  NatsHeader,
  natsSubject,
  RealtimeSubjects,
  Subjects,
  type Actor,
  type CampaignView,
} from '@shotcaller/contracts';
import { eventually, NatsRequester, TestEnvironment } from '@shotcaller/testing';
import { CampaignsService } from '../src/campaigns/campaigns.service.js';
import { CampaignRecordsWorld } from './support/campaign-records.js';

/**
 * A campaign's own changes on its realtime subject (`rt.campaign.<id>`), once committed: after a create, an update
 * or a change of its players, the campaign as the change answered it (`{campaign: <CampaignView>}`, without the
 * gamemaster's own `discord_webhook`) then
 * `{campaigns: "reload"}`; after a delete, the reload alone. Nothing for a change refused or rolled back.
 */

const env = new TestEnvironment('campaign-events-int');
const world = new CampaignRecordsWorld(env);
let nats: NatsRequester;
let gm: Actor;
let player: Actor;
let stranger: Actor;

interface Published {
  subject: string;
  message: Record<string, unknown>;
}

/** Everything published on any campaign's subject, in the order it arrived. */
const log: Published[] = [];
let subscription: Subscription;
let markers = 0;

const { campaigns, memberships } = Subjects.campaign;
const subjectOf = (campaignId: string) =>
  natsSubject(RealtimeSubjects.campaign(campaignId), env.subjectPrefix);

beforeAll(async () => {
  await world.start();
  ({ nats, gm, player, stranger } = world);
  subscription = nats.connection.subscribe(natsSubject(RealtimeSubjects.campaign('*'), env.subjectPrefix), {
    callback: (_, message) => {
      log.push({ subject: message.subject, message: message.json() });
    },
  });
  await nats.connection.flush();
});

afterAll(async () => {
  subscription?.unsubscribe();
  await world.stop();
});

/**
 * What was published since `before` (on `campaignId`'s subject, or on any): all of it, as the service publishes on
 * one connection and NATS keeps one publisher's order, once a marker change of the stranger's own campaign made
 * afterwards has been announced.
 */
async function publishedSince(before: number, campaignId?: string): Promise<Record<string, unknown>[]> {
  const description = `marker ${++markers}`;
  await nats.expectOk(campaigns.update, { id: world.own.id, campaign: { description } }, { actor: stranger });
  const markerSubject = subjectOf(world.own.id);
  const end = await eventually(() => {
    const index = log.findIndex(
      (entry, at) =>
        at >= before &&
        entry.subject === markerSubject &&
        (entry.message.campaign as CampaignView | undefined)?.description === description,
    );
    // The marker's reload too, so that the next test starts after it.
    if (index < 0 || log.length < index + 2) throw new Error('the marker is not announced yet');
    return index;
  }, 5000);
  return log
    .slice(before, end)
    .filter((entry) => campaignId === undefined || entry.subject === subjectOf(campaignId))
    .map((entry) => entry.message);
}

/** A campaign as announced to all its members: without the gamemaster's `discord_webhook` (see discord-webhooks). */
const seenByMembers = ({ discord_webhook: _webhook, notion: _notion, ...view }: CampaignView) => view;

const get = (id: string, actor = gm) => nats.expectOk<CampaignView>(campaigns.get, { id }, { actor });
const update = (id: string, campaign: Record<string, unknown>, actor = gm) =>
  nats.expectOk<CampaignView>(campaigns.update, { id, campaign }, { actor });
const addPlayer = (campaignId: string, userId: string, actor = gm) =>
  nats.expectOk<CampaignView>(memberships.add, { campaign_id: campaignId, user_id: userId }, { actor });
const removePlayer = (campaignId: string, userId: string, actor = gm) =>
  nats.expectOk(memberships.remove, { campaign_id: campaignId, user_id: userId }, { actor });

describe('a change of a campaign is announced on its subject once committed', () => {
  let events: CampaignView;

  it('a create: the campaign as answered (as a read of it answers it too), then the reload', async () => {
    const before = log.length;
    events = await nats.expectOk<CampaignView>(
      campaigns.create,
      { campaign: { name: 'Events', user_ids: [player.id] } },
      { actor: gm },
    );
    expect(events.user_ids).toEqual([player.id]);
    expect(await publishedSince(before, events.id)).toEqual([
      { campaign: seenByMembers(events) },
      { campaigns: 'reload' },
    ]);
    expect(await get(events.id)).toEqual(events);
  });

  it('an update of its fields, then one replacing its players', async () => {
    let before = log.length;
    const renamed = await update(events.id, { name: 'Events Renamed', description: 'Loud' });
    expect(renamed).toMatchObject({ name: 'Events Renamed', description: 'Loud' });
    expect(await publishedSince(before, events.id)).toEqual([
      { campaign: seenByMembers(renamed) },
      { campaigns: 'reload' },
    ]);

    before = log.length;
    const emptied = await update(events.id, { user_ids: [] });
    expect(emptied.user_ids).toEqual([]);
    expect(await publishedSince(before, events.id)).toEqual([
      { campaign: seenByMembers(emptied) },
      { campaigns: 'reload' },
    ]);
  });

  it('a player added: the campaign with them', async () => {
    const before = log.length;
    const joined = await addPlayer(events.id, player.id);
    expect(joined.user_ids).toEqual([player.id]);
    expect(await publishedSince(before, events.id)).toEqual([
      { campaign: seenByMembers(joined) },
      { campaigns: 'reload' },
    ]);
  });

  it('a player removed by the gamemaster, or leaving: the campaign without them', async () => {
    let before = log.length;
    await removePlayer(events.id, player.id);
    const withoutThem = await get(events.id);
    expect(withoutThem.user_ids).toEqual([]);
    expect(await publishedSince(before, events.id)).toEqual([
      { campaign: seenByMembers(withoutThem) },
      { campaigns: 'reload' },
    ]);

    const beforeAdding = log.length;
    await addPlayer(events.id, player.id);
    // The add's own announcements first, so that they are not counted as the leave's.
    await publishedSince(beforeAdding, events.id);
    before = log.length;
    await removePlayer(events.id, player.id, player);
    const afterLeaving = await get(events.id);
    expect(afterLeaving.user_ids).toEqual([]);
    expect(await publishedSince(before, events.id)).toEqual([
      { campaign: seenByMembers(afterLeaving) },
      { campaigns: 'reload' },
    ]);
  });

  it('an idempotent create, inside the transaction that keeps its answer: once, however often retried', async () => {
    const before = log.length;
    const headers = { [NatsHeader.IdempotencyKey]: `campaign-events-${Date.now()}` };
    const request = () =>
      nats.expectOk<CampaignView>(
        campaigns.create,
        { campaign: { name: 'Retried' } },
        { actor: gm, headers },
      );
    const first = await request();
    expect((await request()).id).toBe(first.id);
    expect(await publishedSince(before)).toEqual([
      { campaign: seenByMembers(first) },
      { campaigns: 'reload' },
    ]);
  });

  it('a delete: the reload alone, and the end of the campaign for its gamemaster and players', async () => {
    const beforeAdding = log.length;
    await addPlayer(events.id, player.id);
    await publishedSince(beforeAdding, events.id);
    const ended: unknown[] = [];
    const endings = nats.connection.subscribe(
      natsSubject(Subjects.campaign.events.membershipEnded, env.subjectPrefix),
      { callback: (_error, message) => void ended.push(message.json()) },
    );
    try {
      await nats.connection.flush();
      const before = log.length;
      await nats.expectOk(campaigns.delete, { id: events.id }, { actor: gm });
      expect(await publishedSince(before, events.id)).toEqual([{ campaigns: 'reload' }]);
      await eventually(() =>
        expect(ended).toEqual(
          expect.arrayContaining([
            { campaign_id: events.id, user_id: gm.id },
            { campaign_id: events.id, user_id: player.id },
          ]),
        ),
      );
      expect(ended).toHaveLength(2);
    } finally {
      endings.unsubscribe();
    }
  });
});

describe('nothing is announced for a change refused or rolled back', () => {
  it('refused (403, 404, 409, 422): no message on any campaign, and nothing changed', async () => {
    const { campaign } = world;
    const spare = await nats.expectOk<CampaignView>(
      campaigns.create,
      { campaign: { name: 'Spare' } },
      { actor: gm },
    );
    // Its creation is announced after the answer: counted before the refusals, not among them.
    await eventually(() =>
      expect(log.filter((entry) => entry.subject === subjectOf(spare.id))).toHaveLength(2),
    );
    const before = log.length;
    const refusals: [string, object, Actor, number][] = [
      [campaigns.create, { campaign: { name: 'Not a gamemaster' } }, player, 403],
      [campaigns.update, { id: campaign.id, campaign: { name: 'By a player' } }, player, 403],
      [campaigns.delete, { id: campaign.id }, player, 403],
      [campaigns.update, { id: campaign.id, campaign: { name: 'By a stranger' } }, stranger, 404],
      [campaigns.update, { id: campaign.id, campaign: { name: 'Renamed', user_ids: [gm.id] } }, gm, 422],
      [campaigns.create, { campaign: { name: 'hong kong NIGHTS' } }, gm, 422],
      // Its new player is written before its name is refused by the database: the whole change rolls back.
      [
        campaigns.update,
        { id: spare.id, campaign: { name: campaign.name, user_ids: [stranger.id] } },
        gm,
        422,
      ],
      [memberships.add, { campaign_id: campaign.id, user_id: gm.id }, gm, 422],
      [memberships.add, { campaign_id: campaign.id, user_id: player.id }, gm, 409],
      [memberships.add, { campaign_id: campaign.id, user_id: stranger.id }, player, 403],
      [memberships.remove, { campaign_id: campaign.id, user_id: stranger.id }, gm, 404],
      [memberships.remove, { campaign_id: campaign.id, user_id: player.id }, stranger, 404],
    ];
    for (const [subject, payload, actor, statusCode] of refusals) {
      expect({ subject, error: await nats.expectError(subject, payload, { actor }) }).toMatchObject({
        subject,
        error: { statusCode },
      });
    }
    expect(await publishedSince(before)).toEqual([]);
    expect(await get(campaign.id)).toMatchObject({ name: campaign.name, user_ids: [player.id] });
    expect(await get(spare.id)).toMatchObject({ name: 'Spare', user_ids: [] });
  });

  it('a change whose transaction is rolled back after the service is done: none; committed: once', async () => {
    const { campaign } = world;
    const service = world.app.get(CampaignsService);
    const orm = world.app.get(MikroORM);
    // Called directly, the actor needs what its token would carry.
    const { rows } = await world.db.query<{ token_version: number }>(
      'select token_version from users where id = $1',
      [gm.id],
    );
    const signedIn: Actor = { ...gm, tokenVersion: rows[0].token_version };
    let before = log.length;
    await expect(
      orm.em.fork().transactional(async () => {
        await service.update(signedIn, campaign.id, { name: 'Never Committed' });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await publishedSince(before)).toEqual([]);
    expect((await get(campaign.id)).name).toBe(campaign.name);

    before = log.length;
    let answered: CampaignView | undefined;
    await orm.em.fork().transactional(async () => {
      answered = await service.update(signedIn, campaign.id, { description: 'Committed with the outer one' });
    });
    expect(await publishedSince(before)).toEqual([
      { campaign: answered && seenByMembers(answered) },
      { campaigns: 'reload' },
    ]);
  });
});
