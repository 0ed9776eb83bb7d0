import { Inject, Injectable, Logger } from '@nestjs/common';
import { MikroORM, type EntityClass, type EntityManager } from '@mikro-orm/postgresql';
import {
  DEFAULT_PER_PAGE,
  ErrorCode,
  Messages,
  paginationMeta,
  RealtimeSubjects,
  ServiceError,
  type Actor,
  type FactionChangesDto,
  type FactionFieldsDto,
  type FactionsIndexQuery,
  type FactionsIndexView,
  type FactionView,
} from '@shotcaller/contracts';
import { ServiceClient } from '@shotcaller/messaging';
import { isUniqueViolation, pageWindow, SqlReads, unitOfWork, AfterCommit } from '@shotcaller/persistence';
import { canManageCampaign } from '../campaigns/campaign-access.rules.js';
import type { Campaign } from '../campaigns/campaign.entity.js';
import { actingUser, findVisibleCampaign, readAsActor } from '../campaigns/campaigns.service.js';
import { Character } from '../characters/character.entity.js';
import { Juncture } from '../junctures/juncture.entity.js';
import { Party } from '../parties/party.entity.js';
import { Site } from '../sites/site.entity.js';
import { Vehicle } from '../vehicles/vehicle.entity.js';
import { Faction } from './faction.entity.js';
import { factionRecordQuery, factionsAutocompleteQuery, factionsIndexQuery } from './faction.queries.js';
import {
  deletionRefusal,
  FACTION_MEMBER_KINDS,
  MEMBER_IDS_FIELD,
  memberListErrors,
  type FactionMemberKind,
  type MemberCounts,
} from './faction.rules.js';
import { toFactionAutocompleteView, toFactionLiteView, toFactionView } from './faction.serializer.js';

const NO_CURRENT_CAMPAIGN = 'No current campaign is set';
const GAMEMASTER_ONLY = 'Only the gamemaster can change factions';
const NAME_TAKEN = 'factions_campaign_name_unique';

/** What the five kinds have in common here: an id, a campaign and an optional faction. */
interface FactionMember {
  id: string;
  campaign: Campaign;
  faction?: Faction | null;
}

const MEMBER_ENTITIES: Record<FactionMemberKind, EntityClass<FactionMember>> = {
  characters: Character,
  vehicles: Vehicle,
  junctures: Juncture,
  sites: Site,
  parties: Party,
};

type MemberLists = Partial<Record<FactionMemberKind, string[]>>;

function memberLists(fields: FactionChangesDto): MemberLists {
  const lists: MemberLists = {};
  for (const kind of FACTION_MEMBER_KINDS) {
    const ids = fields[MEMBER_IDS_FIELD[kind]];
    if (ids) lists[kind] = [...new Set(ids)];
  }
  return lists;
}

/**
 * The factions of the caller's current campaign. Its members and gamemaster read them; its gamemaster (or an
 * admin) changes them. To anyone else the campaign's factions do not exist (404).
 */
@Injectable()
export class FactionsService {
  private readonly logger = new Logger(FactionsService.name);

  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    private readonly reads: SqlReads,
    private readonly services: ServiceClient,
    private readonly afterCommit: AfterCommit,
  ) {}

  async list(actor: Actor, query: FactionsIndexQuery): Promise<FactionsIndexView> {
    const window = pageWindow(query.page, query.per_page ?? DEFAULT_PER_PAGE);
    if (query.autocomplete) {
      const row = await readAsActor(this.reads, actor, factionsAutocompleteQuery(actor, query, window));
      if (!row.campaignId) throw ServiceError.notFound(NO_CURRENT_CAMPAIGN);
      return {
        factions: row.factions.map(toFactionAutocompleteView),
        meta: paginationMeta(row.total, window.page, window.perPage),
      };
    }
    const row = await readAsActor(this.reads, actor, factionsIndexQuery(actor, query, window));
    if (!row.campaignId) throw ServiceError.notFound(NO_CURRENT_CAMPAIGN);
    return {
      factions: row.factions.map(toFactionLiteView),
      meta: paginationMeta(row.total, window.page, window.perPage),
    };
  }

  async get(actor: Actor, id: string): Promise<FactionView> {
    const { campaignId, faction } = await readAsActor(this.reads, actor, factionRecordQuery(actor, id));
    if (!campaignId) throw ServiceError.notFound(NO_CURRENT_CAMPAIGN);
    if (!faction) throw ServiceError.notFound();
    return toFactionView(faction);
  }

  async create(actor: Actor, fields: FactionFieldsDto): Promise<FactionView> {
    return this.change(actor, async (tx, campaign) => {
      const faction = tx.create(Faction, {
        campaign,
        name: fields.name,
        description: fields.description ?? null,
        active: fields.active ?? true,
      });
      await tx.flush();
      await this.replaceMembers(tx, campaign, faction.id, memberLists(fields));
      return faction.id;
    });
  }

  async update(actor: Actor, id: string, changes: FactionChangesDto): Promise<FactionView> {
    return this.change(actor, async (tx, campaign) => {
      const faction = await tx.findOne(Faction, { id, campaign });
      if (!faction) throw ServiceError.notFound();
      if (changes.name !== undefined) faction.name = changes.name;
      if (changes.description !== undefined) faction.description = changes.description;
      if (changes.active !== undefined) faction.active = changes.active;
      faction.updatedAt = new Date();
      await tx.flush();
      await this.replaceMembers(tx, campaign, faction.id, memberLists(changes));
      return faction.id;
    });
  }

  /** Deletes a faction nothing belongs to; with `force`, what belongs to it stays, without a faction. */
  async delete(actor: Actor, id: string, force = false): Promise<{ deleted: true }> {
    const em = unitOfWork(this.orm);
    const campaignId = await em.transactional(async (tx) => {
      const campaign = await this.managedCurrentCampaign(tx, actor);
      const faction = await tx.findOne(Faction, { id, campaign });
      if (!faction) throw ServiceError.notFound();
      const counts = {} as MemberCounts;
      for (const kind of FACTION_MEMBER_KINDS) {
        counts[kind] = await tx.count(MEMBER_ENTITIES[kind], { faction: faction.id });
      }
      const refusal = deletionRefusal(faction.id, counts, force);
      if (refusal) {
        throw new ServiceError(ErrorCode.ValidationFailed, 'Other records belong to this faction', {
          ...refusal,
        });
      }
      for (const kind of FACTION_MEMBER_KINDS) {
        if (counts[kind] > 0) {
          await tx.nativeUpdate(MEMBER_ENTITIES[kind], { faction: faction.id }, { faction: null });
        }
      }
      await tx.nativeDelete(Faction, { id: faction.id });
      return campaign.id;
    });
    this.announce(em, campaignId);
    return { deleted: true };
  }

  /**
   * Runs a create or update in one transaction in the current campaign the actor manages, answers the faction as
   * it then reads (inside the transaction, so with its writes), and announces it once committed.
   */
  private async change(
    actor: Actor,
    write: (tx: EntityManager, campaign: Campaign) => Promise<string>,
  ): Promise<FactionView> {
    const em = unitOfWork(this.orm);
    let changed: { campaignId: string; view: FactionView };
    try {
      changed = await em.transactional(async (tx) => {
        const campaign = await this.managedCurrentCampaign(tx, actor);
        const id = await write(tx, campaign);
        const { faction } = await readAsActor(this.reads, actor, factionRecordQuery(actor, id));
        if (!faction) throw ServiceError.notFound();
        return { campaignId: campaign.id, view: toFactionView(faction) };
      });
    } catch (error) {
      if (isUniqueViolation(error, NAME_TAKEN)) throw ServiceError.validation({ name: [Messages.taken] });
      throw error;
    }
    this.announce(em, changed.campaignId, changed.view);
    return changed.view;
  }

  /** The acting user's current campaign, which they must manage: 404 to outsiders, 403 to its players. */
  private async managedCurrentCampaign(em: EntityManager, actor: Actor): Promise<Campaign> {
    const user = await actingUser(em, actor);
    if (!user.currentCampaignId) throw ServiceError.notFound(NO_CURRENT_CAMPAIGN);
    const { campaign, standing } = await findVisibleCampaign(em, user, user.currentCampaignId).catch(
      (error: unknown) => {
        if (error instanceof ServiceError && error.code === ErrorCode.NotFound) {
          throw ServiceError.notFound(NO_CURRENT_CAMPAIGN);
        }
        throw error;
      },
    );
    if (!canManageCampaign(standing)) throw ServiceError.forbidden(GAMEMASTER_ONLY);
    return campaign;
  }

  /** Makes each list sent exactly what belongs to the faction; the ids must be the campaign's own records. */
  private async replaceMembers(
    tx: EntityManager,
    campaign: Campaign,
    factionId: string,
    lists: MemberLists,
  ): Promise<void> {
    const found: MemberLists = {};
    for (const kind of FACTION_MEMBER_KINDS) {
      const ids = lists[kind];
      if (!ids || ids.length === 0) continue;
      const records = await tx.find(
        MEMBER_ENTITIES[kind],
        { id: { $in: ids }, campaign: campaign.id },
        { fields: ['id'] },
      );
      found[kind] = records.map((record) => record.id);
    }
    const errors = memberListErrors(lists, found);
    if (errors) throw ServiceError.validation(errors);
    for (const kind of FACTION_MEMBER_KINDS) {
      const ids = lists[kind];
      if (!ids) continue;
      const entity = MEMBER_ENTITIES[kind];
      await tx.nativeUpdate(entity, { faction: factionId, id: { $nin: ids } }, { faction: null });
      if (ids.length > 0) await tx.nativeUpdate(entity, { id: { $in: ids } }, { faction: factionId });
    }
  }

  /**
   * Tells the campaign's clients, once the change is committed: the faction as it now is (not after a delete),
   * then that their faction lists are stale. Best effort: the answer does not wait, and a failure is logged.
   */
  private announce(em: EntityManager, campaignId: string, view?: FactionView): void {
    this.afterCommit.run(em, () => {
      const subject = RealtimeSubjects.campaign(campaignId);
      const published = view
        ? this.services
            .publishRealtime(subject, { faction: view })
            .then(() => this.services.publishRealtime(subject, { factions: 'reload' }))
        : this.services.publishRealtime(subject, { factions: 'reload' });
      published.catch((error: unknown) => {
        this.logger.warn({ err: error, campaign_id: campaignId }, 'Could not announce a faction change');
      });
    });
  }
}
