import type { INestApplication } from '@nestjs/common';
import type { Subscription } from '@nats-io/transport-node';
import pg from 'pg';
import {
  natsSubject,
  RealtimeSubjects,
  Subjects,
  UserRole,
  type Actor,
  type CampaignView,
} from '@shotcaller/contracts';
import { eventually, NatsRequester, TestEnvironment } from '@shotcaller/testing';
import { bootCampaign } from '../../src/boot.js';
import { loadCampaignConfig } from '../../src/config.js';
import { registerActor } from './accounts.js';
import { startMailing, type Mailing } from './mail-catcher.js';

/**
 * The world the specs of a campaign's records (factions, junctures...) start from: a gamemaster's campaign, a
 * player in it, a stranger with a campaign of their own, each with it current, and what the campaign's realtime
 * subject carries.
 */
export class CampaignRecordsWorld {
  app!: INestApplication;
  nats!: NatsRequester;
  db!: pg.Client;
  gm!: Actor;
  player!: Actor;
  stranger!: Actor;
  campaign!: CampaignView;
  /** The stranger's own campaign. */
  own!: CampaignView;
  /** What the campaign's realtime subject carried, in order. */
  readonly published: Record<string, unknown>[] = [];
  /** When the realtime subject last carried a message (ms since the epoch). */
  private lastPublishedAt = 0;
  private subscription?: Subscription;
  /** Registration and memberships queue mails: the jobs service and an SMTP server take them. */
  private mailing?: Mailing;

  constructor(private readonly env: TestEnvironment) {}

  /** Boots the campaign service (with `overrides` of its settings) and makes the world. */
  async start(overrides: Record<string, string> = {}): Promise<void> {
    this.mailing = await startMailing(this.env);
    const settings = { ...this.env.campaign(), ...overrides };
    this.app = await bootCampaign(loadCampaignConfig(settings));
    this.nats = await NatsRequester.connect(this.env.stores.nats, this.env.subjectPrefix);
    this.db = new pg.Client({ connectionString: settings.DATABASE_URL });
    await this.db.connect();

    this.gm = await this.register('gm@example.com');
    this.player = await this.register('player@example.com', false);
    this.stranger = await this.register('stranger@example.com');
    this.campaign = await this.nats.expectOk<CampaignView>(
      Subjects.campaign.campaigns.create,
      { campaign: { name: 'Hong Kong Nights' } },
      { actor: this.gm },
    );
    this.own = await this.nats.expectOk<CampaignView>(
      Subjects.campaign.campaigns.create,
      { campaign: { name: 'Elsewhere' } },
      { actor: this.stranger },
    );
    await this.nats.expectOk(
      Subjects.campaign.memberships.add,
      { campaign_id: this.campaign.id, user_id: this.player.id },
      { actor: this.gm },
    );
    await this.setCurrent(this.gm, this.campaign.id);
    await this.setCurrent(this.player, this.campaign.id);
    await this.setCurrent(this.stranger, this.own.id);

    this.subscription = this.nats.connection.subscribe(
      natsSubject(RealtimeSubjects.campaign(this.campaign.id), this.env.subjectPrefix),
      {
        callback: (_, message) => {
          this.published.push(message.json<Record<string, unknown>>());
          this.lastPublishedAt = Date.now();
        },
      },
    );
    await this.nats.connection.flush();
  }

  async stop(): Promise<void> {
    this.subscription?.unsubscribe();
    await this.nats?.close();
    await this.db?.end();
    await this.app?.close();
    await this.mailing?.stop();
    await this.env.cleanup();
  }

  register(email: string, gamemaster = true): Promise<Actor> {
    return registerActor(this.nats, email, { gamemaster });
  }

  /** An admin (a gamemaster the database marks admin), not in the campaign but with it current. */
  async registerAdmin(email = 'admin@example.com'): Promise<Actor> {
    const registered = await this.register(email);
    await this.db.query('update users set admin = true where id = $1', [registered.id]);
    await this.setCurrent(registered, this.campaign.id);
    return { ...registered, roles: [...registered.roles, UserRole.Admin] };
  }

  setCurrent(actor: Actor, id: string) {
    return this.nats.expectOk(Subjects.campaign.campaigns.setCurrent, { id }, { actor });
  }

  async count(sql: string, values: unknown[] = []): Promise<number> {
    return Number((await this.db.query<{ n: number }>(`select count(*)::int as n ${sql}`, values)).rows[0].n);
  }

  /** A record of `table` named `name`, of the campaign or (`campaignId`) another one. */
  async insertRecord(table: 'characters' | 'vehicles', name: string, campaignId = this.campaign.id) {
    const { rows } = await this.db.query<{ id: string }>(
      `insert into ${table} (id, campaign_id, name) values (gen_random_uuid(), $1, $2) returning id`,
      [campaignId, name],
    );
    return rows[0].id;
  }

  /** A character of the campaign, with the link named (`faction_id`, `juncture_id`) set or not. */
  async insertCharacter(name: string, link?: { column: 'faction_id' | 'juncture_id'; id: string }) {
    const column = link?.column ?? 'faction_id';
    const { rows } = await this.db.query<{ id: string }>(
      `insert into characters (id, campaign_id, ${column}, name) values (gen_random_uuid(), $1, $2, $3) returning id`,
      [this.campaign.id, link?.id ?? null, name],
    );
    return rows[0].id;
  }

  /**
   * How many messages the realtime subject has carried, once the announcements of the changes answered so far are
   * among them. The service announces after the commit on another connection than its answer's, so an answer can
   * arrive before its announcement: this waits until the subject has been quiet for a while since it was asked.
   */
  async settled(quietMs = 100): Promise<number> {
    const asked = Date.now();
    for (;;) {
      const quietSince = Math.max(asked, this.lastPublishedAt);
      const left = quietSince + quietMs - Date.now();
      if (left <= 0) return this.published.length;
      await new Promise((resolve) => setTimeout(resolve, left));
    }
  }

  /** Waits until the realtime subject has carried `expected` more messages than `before` that `keep`, and answers them. */
  publishedAfter(
    before: number,
    expected: number,
    keep: (message: Record<string, unknown>) => boolean = () => true,
  ) {
    return eventually(() => {
      const messages = this.published.slice(before).filter(keep);
      if (messages.length < expected) throw new Error(`${messages.length} published so far`);
      return messages;
    }, 5000);
  }

  /** A faction and a juncture of the campaign, made by its gamemaster, for records to link to. */
  async factionAndJuncture(): Promise<{ faction: { id: string }; juncture: { id: string } }> {
    const { factions, junctures } = Subjects.campaign;
    const actor = this.gm;
    const faction = await this.nats.expectOk<{ id: string }>(
      factions.create,
      { faction: { name: 'The Dragons' } },
      { actor },
    );
    const juncture = await this.nats.expectOk<{ id: string }>(
      junctures.create,
      { juncture: { name: 'Contemporary' } },
      { actor },
    );
    return { faction, juncture };
  }

  /**
   * Requests of one kind of record (`subjects`, with bodies under `key`): the gamemaster creates, a player lists;
   * `mine` tells that kind's realtime messages (`<key>` or `<plural>`) from the rest.
   */
  resource<View, Index>(subjects: { create: string; list: string }, key: string, plural: string) {
    return {
      create: (fields: Record<string, unknown>, actor = this.gm) =>
        this.nats.expectOk<View>(subjects.create, { [key]: fields }, { actor }),
      list: (query: Record<string, unknown> = {}, actor = this.player) =>
        this.nats.expectOk<Index>(subjects.list, query, { actor }),
      mine: (message: Record<string, unknown>) => key in message || plural in message,
    };
  }
}
