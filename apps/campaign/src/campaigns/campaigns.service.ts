import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import type { Compilable } from 'kysely';
import {
  DEFAULT_PER_PAGE,
  discordWebhookBases,
  ErrorCode,
  Messages,
  paginationMeta,
  ServiceError,
  Subjects,
  type Actor,
  type CampaignChangesDto,
  type CampaignFieldsDto,
  type CampaignsIndexQuery,
  type CampaignsIndexView,
  type CampaignView,
} from '@shotcaller/contracts';
import { sealingKeyFrom, sealSecret } from '@shotcaller/auth';
import { ServiceClient, type Caller } from '@shotcaller/messaging';
import { isUniqueViolation, pageWindow, SqlReads, unitOfWork } from '@shotcaller/persistence';
import type { CampaignEnv } from '../config.js';
import { SeedingQueue } from '../seeding/seeding-queue.js';
import { COUNTED_KINDS, deletionRefusal, type AssociationCounts } from '../shared/association.rules.js';
import { RecordAnnouncer, type AnnouncedKind } from '../shared/record-announcer.js';
import { mailJoined, mailRemoved } from '../users/account-mails.js';
import { MailJobs } from '../users/mail-jobs.js';
import { User } from '../users/user.entity.js';
import { OnboardingMilestones } from '../users/onboarding-milestones.js';
import {
  canCreateCampaign,
  canManageCampaign,
  canSetMasterTemplate,
  canViewCampaign,
  type CampaignStanding,
} from './campaign-access.rules.js';
import { checkedDiscordWebhookUrl } from './campaign-discord-webhook.js';
import { withManagedSettings, type ManagedSettings } from './campaign-managed-settings.js';
import { notionConnectionChange, type NotionConnectionChange } from './campaign-notion.js';
import { Character } from '../characters/character.entity.js';
import { Campaign, CampaignMembership } from './campaign.entity.js';
import {
  actorAccountQuery,
  campaignRecordQuery,
  campaignsAutocompleteQuery,
  campaignsIndexQuery,
  currentCampaignQuery,
  membersOf,
  standingOf,
} from './campaign.queries.js';
import { toCampaignAutocompleteView, toCampaignLiteView, toCampaignView } from './campaign.serializer.js';

/** Who joined and who left a campaign's player list in one change. */
interface MemberChanges {
  joined: readonly string[];
  left: readonly string[];
}
const NO_MEMBER_CHANGES: MemberChanges = { joined: [], left: [] };

const NAME_TAKEN = 'campaigns_gamemaster_name_unique';
const ONE_MASTER_TEMPLATE = 'campaigns_one_master_template';

/**
 * A change of a campaign (its fields, its players) is announced on `rt.campaign.<id>` as `{campaign: <CampaignView>}`,
 * the view the change answers, then `{campaigns: "reload"}`; a delete as the reload alone.
 */
export const CAMPAIGN_ANNOUNCED: AnnouncedKind = { entity: 'campaign', plural: 'campaigns' };

/**
 * The signed-in user behind an actor. A token whose account is gone or deactivated, or that is of an older token
 * version (the password changed, or the user signed out everywhere), is no longer valid.
 */
export async function actingUser(em: EntityManager, actor: Actor): Promise<User> {
  const user = await em.findOne(User, actor.id);
  if (!user || !user.active || actor.tokenVersion !== user.tokenVersion) throw refusal(user ?? undefined);
  return user;
}

/** Why a token is refused, given the account behind it (if any). */
function refusal(account: { active: boolean; tokenVersion: number } | undefined): ServiceError {
  if (!account) return ServiceError.unauthenticated('The account of this token no longer exists');
  if (!account.active) return ServiceError.unauthenticated('This account is deactivated');
  return ServiceError.unauthenticated('Token has been revoked');
}

/**
 * The row of a read query that starts from the signed-in actor (see campaign.queries.ts). No row: the token is
 * refused as actingUser refuses it, and only then a second statement finds out why.
 */
export async function readAsActor<R>(reads: SqlReads, actor: Actor, query: Compilable<R>): Promise<R> {
  const row = await reads.first(query);
  if (row) return row;
  throw refusal(await reads.first(actorAccountQuery(actor.id)));
}

export interface VisibleCampaign {
  campaign: Campaign;
  standing: CampaignStanding;
}

/** A campaign the user may see, or 404: to outsiders a campaign does not exist. */
export async function findVisibleCampaign(
  em: EntityManager,
  user: User,
  id: string,
): Promise<VisibleCampaign> {
  const campaign = await em.findOne(Campaign, id, { populate: ['gamemaster'] });
  if (!campaign) throw ServiceError.notFound();
  const standing = await standingOf(em, user, campaign);
  if (!canViewCampaign(standing)) throw ServiceError.notFound();
  return { campaign, standing };
}

/**
 * How many records of each kind counted belong to a campaign (all of which its deletion takes with it), in one
 * statement.
 */
async function campaignContents(tx: EntityManager, campaignId: string): Promise<AssociationCounts> {
  // Each kind is the table of that name; the names come from the fixed list, never from input.
  const counts = COUNTED_KINDS.map(
    (table) => `(select count(*)::int from ${table} where campaign_id = ?) as ${table}`,
  );
  const [row] = await tx.execute<AssociationCounts[]>(
    `select ${counts.join(', ')}`,
    COUNTED_KINDS.map(() => campaignId),
  );
  return row;
}

export function requireManager(standing: CampaignStanding): void {
  if (!canManageCampaign(standing))
    throw ServiceError.forbidden('Only the gamemaster can change this campaign');
}

export async function campaignView(em: EntityManager, campaign: Campaign): Promise<CampaignView> {
  return toCampaignView(campaign, await membersOf(em, campaign.id));
}

/** A campaign read with its members: with its Discord webhook and Notion database when the reader manages it. */
function readCampaignView(
  campaign: Parameters<typeof toCampaignView>[0] &
    ManagedSettings & {
      members: Parameters<typeof toCampaignView>[1];
      managesCampaign: boolean;
    },
): CampaignView {
  const view = toCampaignView(campaign, campaign.members);
  return campaign.managesCampaign ? withManagedSettings(view, campaign) : view;
}

@Injectable()
export class CampaignsService {
  private readonly logger = new Logger(CampaignsService.name);

  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    private readonly reads: SqlReads,
    private readonly announcer: RecordAnnouncer,
    private readonly seeding: SeedingQueue,
    private readonly mail: MailJobs,
    private readonly services: ServiceClient,
    config: ConfigService<CampaignEnv, true>,
  ) {
    this.discordBases = discordWebhookBases(config.get('DISCORD_WEBHOOK_BASE_URL', { infer: true }));
    const notionKey = config.get('NOTION_TOKEN_KEY', { infer: true });
    this.notionKey = notionKey === '' ? null : sealingKeyFrom(notionKey);
  }

  /** Where a campaign's Discord webhook URL may start. */
  private readonly discordBases: string[];
  /** Seals the Notion tokens campaigns connect; null: connecting Notion is refused. */
  private readonly notionKey: Buffer | null;

  async list(actor: Actor, query: CampaignsIndexQuery): Promise<CampaignsIndexView> {
    const window = pageWindow(query.page, query.per_page ?? DEFAULT_PER_PAGE);
    if (query.autocomplete) {
      const { total, campaigns } = await this.read(actor, campaignsAutocompleteQuery(actor, query, window));
      return {
        campaigns: campaigns.map(toCampaignAutocompleteView),
        meta: paginationMeta(total, window.page, window.perPage),
      };
    }
    const { total, campaigns } = await this.read(actor, campaignsIndexQuery(actor, query, window));
    return {
      campaigns: campaigns.map((campaign) => toCampaignLiteView(campaign, campaign.memberIds ?? [])),
      meta: paginationMeta(total, window.page, window.perPage),
    };
  }

  async get(actor: Actor, id: string): Promise<CampaignView> {
    const { campaign } = await this.read(actor, campaignRecordQuery(actor, id));
    if (!campaign) throw ServiceError.notFound();
    return readCampaignView(campaign);
  }

  /**
   * Creates a campaign; with CAMPAIGN_SEEDING=job, its seeding from the master template is queued as the
   * transaction's last step (`pending` until the job starts): a refused enqueue creates nothing.
   */
  async create(actor: Actor, fields: CampaignFieldsDto, caller?: Caller): Promise<CampaignView> {
    const em = unitOfWork(this.orm);
    const seeded = this.seeding.seedsOnCreate(fields.is_master_template ?? false);
    const { view, created } = await this.write(em, async (tx) => {
      const user = await actingUser(tx, actor);
      if (!canCreateCampaign(user)) throw ServiceError.forbidden('Gamemaster or admin access required');
      if (fields.is_master_template && !canSetMasterTemplate(user)) {
        throw ServiceError.forbidden('Only an admin can choose the master template');
      }
      const created = tx.create(Campaign, {
        gamemaster: user,
        name: fields.name,
        description: fields.description ?? null,
        active: fields.active ?? true,
        isMasterTemplate: fields.is_master_template ?? false,
        seedingStatus: seeded ? 'pending' : null,
        discordWebhookUrl: checkedDiscordWebhookUrl(fields.discord_webhook_url ?? null, this.discordBases),
      });
      await tx.flush();
      await this.changeNotion(tx, created, notionConnectionChange(null, fields));
      const players = fields.user_ids
        ? await this.replaceMembers(tx, created, fields.user_ids)
        : NO_MEMBER_CHANGES;
      await OnboardingMilestones.reach(tx, user.id, 'campaign');
      const createdView = await campaignView(tx, created);
      await this.mailMemberChanges(tx, created, players, caller);
      if (seeded) await this.seeding.enqueue(tx, created.id, caller);
      return { view: createdView, created };
    });
    // Announced to every member: without the managed settings, which only the answer to its gamemaster carries.
    this.announcer.announce(em, view.id, CAMPAIGN_ANNOUNCED, view);
    return withManagedSettings(view, created);
  }

  /**
   * Changes a campaign. A new player list mails those who joined and those removed (queued as the transaction's
   * last step), and the removed are announced on `campaign.membership.ended` once committed, as when a player is
   * removed on their own.
   */
  async update(
    actor: Actor,
    id: string,
    changes: CampaignChangesDto,
    caller?: Caller,
  ): Promise<CampaignView> {
    const em = unitOfWork(this.orm);
    const { view, updated, players } = await this.write(em, async (tx) => {
      const user = await actingUser(tx, actor);
      const { campaign: found, standing } = await findVisibleCampaign(tx, user, id);
      requireManager(standing);
      if (changes.is_master_template !== undefined && !canSetMasterTemplate(user)) {
        throw ServiceError.forbidden('Only an admin can choose the master template');
      }
      if (changes.name !== undefined) found.name = changes.name;
      if (changes.description !== undefined) found.description = changes.description;
      if (changes.active !== undefined) found.active = changes.active;
      if (changes.is_master_template !== undefined) found.isMasterTemplate = changes.is_master_template;
      if (changes.discord_webhook_url !== undefined) {
        found.discordWebhookUrl = checkedDiscordWebhookUrl(changes.discord_webhook_url, this.discordBases);
      }
      await this.changeNotion(tx, found, notionConnectionChange(found.notionDatabaseId ?? null, changes));
      const players = changes.user_ids
        ? await this.replaceMembers(tx, found, changes.user_ids)
        : NO_MEMBER_CHANGES;
      found.updatedAt = new Date();
      await tx.flush();
      const changedView = await campaignView(tx, found);
      await this.mailMemberChanges(tx, found, players, caller);
      return { view: changedView, updated: found, players };
    });
    for (const userId of players.left) this.announceMembershipEnded(view.id, userId);
    // Announced to every member: without the managed settings, which only the answer to its gamemaster carries.
    this.announcer.announce(em, view.id, CAMPAIGN_ANNOUNCED, view);
    return withManagedSettings(view, updated);
  }

  /**
   * Deletes a campaign (its gamemaster), in one transaction. While records belong to it (characters, vehicles,
   * factions, junctures, sites, parties, schticks, weapons, fights) it is refused with associations_exist and
   * nothing changes, unless `force`, which deletes them all with it. Its gamemaster and players lose it, and once
   * committed the gateways end their subscriptions to it.
   */
  async delete(actor: Actor, id: string, force = false): Promise<void> {
    const em = unitOfWork(this.orm);
    const lost = await em.transactional(async (tx) => {
      const { campaign, standing } = await findVisibleCampaign(tx, await actingUser(tx, actor), id);
      requireManager(standing);
      // Held until the commit: a record being added to the campaign (which takes a key share lock on its row)
      // is either counted below or waits, then fails with the campaign gone; none is deleted uncounted.
      await tx.execute('select id from campaigns where id = ? for update', [campaign.id]);
      const refused = deletionRefusal(
        { type: 'campaign', id: campaign.id },
        await campaignContents(tx, campaign.id),
        force,
      );
      if (refused) {
        throw new ServiceError(ErrorCode.ValidationFailed, 'Records still belong to this campaign', {
          ...refused,
          suggestions: [
            'Delete its characters, vehicles, fights and other records first',
            'Or delete with force=true: everything in the campaign is deleted with it',
          ],
        });
      }
      const players = await tx.find(CampaignMembership, { campaign }, { fields: ['user'] });
      // Its records, their links and its memberships go with it (cascade); users who had it as their current
      // campaign have none (set null).
      await tx.nativeDelete(Campaign, { id: campaign.id });
      return [campaign.gamemaster.id, ...players.map((membership) => membership.user.id)];
    });
    this.announcer.announce(em, id, CAMPAIGN_ANNOUNCED);
    for (const userId of lost) this.announceMembershipEnded(id, userId);
  }

  async getCurrent(actor: Actor): Promise<CampaignView> {
    const { currentCampaignId, campaign } = await this.read(actor, currentCampaignQuery(actor));
    if (!currentCampaignId) throw ServiceError.notFound('No current campaign is set');
    if (!campaign) {
      // Gone, or no longer the user's to see: forget it.
      await unitOfWork(this.orm).nativeUpdate(User, { id: actor.id }, { currentCampaignId: null });
      throw ServiceError.notFound('No current campaign is set');
    }
    return readCampaignView(campaign);
  }

  /**
   * Sets the campaign most calls are scoped to; `null` clears it. Setting one is the onboarding checklist's
   * "activate a campaign" milestone, marked in the same transaction.
   */
  async setCurrent(actor: Actor, id: string | null): Promise<{ campaign: CampaignView | null }> {
    const em = unitOfWork(this.orm);
    return em.transactional(async (tx) => {
      const user = await actingUser(tx, actor);
      if (id === null) {
        user.currentCampaignId = null;
        await tx.flush();
        return { campaign: null };
      }
      const { campaign, standing } = await findVisibleCampaign(tx, user, id);
      user.currentCampaignId = campaign.id;
      await tx.flush();
      await OnboardingMilestones.reach(tx, user.id, 'activate-campaign');
      const view = await campaignView(tx, campaign);
      return {
        campaign: canManageCampaign(standing) ? withManagedSettings(view, campaign) : view,
      };
    });
  }

  /**
   * Connects, changes or disconnects the campaign's Notion integration; the token is stored sealed. A campaign
   * whose database changes (or goes) forgets its characters' pages, which belong to the old database.
   */
  private async changeNotion(
    tx: EntityManager,
    campaign: Campaign,
    change: NotionConnectionChange,
  ): Promise<void> {
    if (change.action === 'keep') return;
    const databaseId = change.action === 'connect' ? change.databaseId : null;
    if (change.action === 'connect' && change.token !== null) {
      if (this.notionKey === null) {
        throw ServiceError.validation({
          notion_token: ['cannot be stored: this server has no NOTION_TOKEN_KEY configured'],
        });
      }
      campaign.notionTokenSealed = sealSecret(change.token, this.notionKey);
    }
    if (change.action === 'disconnect') campaign.notionTokenSealed = null;
    if (databaseId !== (campaign.notionDatabaseId ?? null)) {
      await tx.nativeUpdate(
        Character,
        { campaign: campaign.id, notionPageId: { $ne: null } },
        { notionPageId: null, lastSyncedToNotionAt: null },
      );
    }
    campaign.notionDatabaseId = databaseId;
    campaign.notionConnectedAt = databaseId === null ? null : new Date();
  }

  private read<R>(actor: Actor, query: Compilable<R>): Promise<R> {
    return readAsActor(this.reads, actor, query);
  }

  /** Makes the member list exactly `userIds`; answers who joined and who left. Runs inside the caller's transaction. */
  private async replaceMembers(
    em: EntityManager,
    campaign: Campaign,
    userIds: string[],
  ): Promise<MemberChanges> {
    const wanted = [...new Set(userIds)];
    if (wanted.includes(campaign.gamemaster.id)) {
      throw ServiceError.validation({ user_ids: ['cannot include the gamemaster'] });
    }
    const found = await em.find(User, { id: { $in: wanted } }, { fields: ['id'] });
    if (found.length !== wanted.length) {
      throw ServiceError.validation({ user_ids: ['includes users that do not exist'] });
    }
    const current = await em.find(CampaignMembership, { campaign }, { fields: ['user'] });
    const currentIds = new Set(current.map((membership) => membership.user.id));
    const leaving = [...currentIds].filter((userId) => !wanted.includes(userId));
    if (leaving.length > 0) {
      await em.nativeDelete(CampaignMembership, { campaign, user: { $in: leaving } });
      await em.nativeUpdate(
        User,
        { id: { $in: leaving }, currentCampaignId: campaign.id },
        { currentCampaignId: null },
      );
    }
    const joined = wanted.filter((candidate) => !currentIds.has(candidate));
    for (const userId of joined) {
      em.create(CampaignMembership, { campaign, user: em.getReference(User, userId) });
    }
    await em.flush();
    return { joined, left: leaving };
  }

  /** Mails the players who joined and those who were removed. */
  private async mailMemberChanges(
    tx: EntityManager,
    campaign: Campaign,
    { joined, left }: MemberChanges,
    caller: Caller | undefined,
  ): Promise<void> {
    if (joined.length === 0 && left.length === 0) return;
    const now = new Date();
    const people = await tx.find(
      User,
      { id: { $in: [...joined, ...left] } },
      { fields: ['email', 'firstName'] },
    );
    for (const person of people) {
      if (joined.includes(person.id)) await mailJoined(this.mail, person, campaign, now, caller);
      else await mailRemoved(this.mail, person, campaign, now, caller);
    }
  }

  /** Tells the gateways that a user lost the campaign, so their realtime subscriptions to it end. */
  private announceMembershipEnded(campaignId: string, userId: string): void {
    const ended = { campaign_id: campaignId, user_id: userId };
    this.services.publish(Subjects.campaign.events.membershipEnded, ended).catch((error: unknown) => {
      this.logger.warn({ err: error, ...ended }, 'Could not announce the end of a membership');
    });
  }

  /** Runs a change in one transaction and turns unique-index refusals into field errors. */
  private async write<T>(em: EntityManager, change: (tx: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await em.transactional(change);
    } catch (error) {
      if (isUniqueViolation(error, NAME_TAKEN)) throw ServiceError.validation({ name: [Messages.taken] });
      if (isUniqueViolation(error, ONE_MASTER_TEMPLATE)) {
        throw ServiceError.validation({
          is_master_template: ['another campaign is already the master template'],
        });
      }
      throw error;
    }
  }
}
