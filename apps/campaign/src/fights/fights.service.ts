import { Inject, Injectable, Logger } from '@nestjs/common';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import {
  RealtimeSubjects,
  ServiceError,
  type RealtimeSubject,
  type Actor,
  type DiscordFightEvent,
  type FightChangesDto,
  type FightEventFields,
  type FightEventView,
  type FightFieldsDto,
  type FightsIndexQuery,
  type FightsIndexView,
  type FightView,
  type PartyView,
} from '@shotcaller/contracts';
import { ServiceClient, type Caller } from '@shotcaller/messaging';
import { AfterCommit, SqlReads, unitOfWork } from '@shotcaller/persistence';
import type { CampaignStanding } from '../campaigns/campaign-access.rules.js';
import type { Campaign } from '../campaigns/campaign.entity.js';
import { readAsActor } from '../campaigns/campaigns.service.js';
import { Character } from '../characters/character.entity.js';
import { canSeeTemplates } from '../characters/character.rules.js';
import { EncounterAnnouncer } from '../encounters/encounter-announcer.js';
import { PartyMembership } from '../parties/party-membership.entity.js';
import { Party } from '../parties/party.entity.js';
import { partyRecordQuery } from '../parties/party.queries.js';
import { toPartyView } from '../parties/party.serializer.js';
import {
  CampaignRecordChanges,
  charactersSeenBy,
  indexMeta,
  indexWindow,
  readInCampaign,
  type RecordKind,
} from '../shared/campaign-records.service.js';
import { Vehicle } from '../vehicles/vehicle.entity.js';
import { postFightToDiscord } from './discord-fight.jobs.js';
import { fightMoments } from './discord-fight.rules.js';
import { FightEvent } from './fight-event.entity.js';
import { Fight } from './fight.entity.js';
import {
  currentFightQuery,
  fightEventsQuery,
  fightRecordQuery,
  fightsAutocompleteQuery,
  fightsIndexQuery,
} from './fight.queries.js';
import {
  toFightAutocompleteView,
  toFightEventView,
  toFightLiteView,
  toFightView,
} from './fight.serializer.js';
import { newcomers, rosterChanges } from './roster.rules.js';
import { Shot } from './shot.entity.js';
import { OnboardingMilestones } from '../users/onboarding-milestones.js';

export const FIGHT: RecordKind = {
  entity: 'fight',
  plural: 'fights',
  nameUnique: 'fights_campaign_name_unique',
  gamemasterOnly: 'Only the gamemaster can change fights',
  // Its shots, effects, events and chases are the fight's: the database removes them with it.
  members: { property: 'fight', entities: {}, removedWithRecord: true },
  writableLists: [],
};

/** The combatant lists of a fight body, by the shot property they fill. */
const COMBATANTS = [
  { kind: 'characters', property: 'character', entity: Character, field: 'character_ids' },
  { kind: 'vehicles', property: 'vehicle', entity: Vehicle, field: 'vehicle_ids' },
] as const;

/**
 * The fights of the caller's current campaign. Its members and gamemaster read them (and the fight log, which
 * members also write); its gamemaster (or an admin) creates, changes, ends and deletes them, and brings in the
 * campaign's own characters and vehicles, each as a hidden shot. To anyone else the campaign's fights do not exist.
 */
@Injectable()
export class FightsService {
  private readonly logger = new Logger(FightsService.name);

  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    private readonly reads: SqlReads,
    private readonly records: CampaignRecordChanges,
    private readonly encounters: EncounterAnnouncer,
    private readonly services: ServiceClient,
    private readonly afterCommit: AfterCommit,
  ) {}

  async list(actor: Actor, query: FightsIndexQuery): Promise<FightsIndexView> {
    const window = indexWindow(query);
    if (query.autocomplete) {
      const row = await readInCampaign(this.reads, actor, fightsAutocompleteQuery(actor, query, window));
      return {
        fights: row.fights.map(toFightAutocompleteView),
        seasons: row.seasons,
        meta: indexMeta(row.total, window),
      };
    }
    const row = await readInCampaign(this.reads, actor, fightsIndexQuery(actor, query, window));
    return {
      fights: row.fights.map(toFightLiteView),
      seasons: row.seasons,
      meta: indexMeta(row.total, window),
    };
  }

  async get(actor: Actor, id: string): Promise<FightView> {
    const { fight } = await readInCampaign(this.reads, actor, fightRecordQuery(actor, id));
    if (!fight) throw ServiceError.notFound();
    return toFightView(fight);
  }

  /** A fight created already started (or ended) is posted to the campaign's Discord webhook, if it has one. */
  create(actor: Actor, fields: FightFieldsDto, caller?: Caller): Promise<FightView> {
    return this.records.save(
      FIGHT,
      actor,
      Fight,
      undefined,
      fields,
      this.reread(actor),
      async (tx, campaign, id, standing) => {
        const moments = await this.applyFightFields(tx, campaign, standing, id, fields);
        await OnboardingMilestones.reach(tx, campaign.gamemaster.id, 'fight');
        await this.postMoments(tx, campaign, id, moments, caller);
      },
    );
  }

  /** Starting a fight (setting started_at) posts it to the campaign's Discord webhook, if it has one. */
  update(actor: Actor, id: string, changes: FightChangesDto, caller?: Caller): Promise<FightView> {
    return this.records.save(
      FIGHT,
      actor,
      Fight,
      id,
      changes,
      this.reread(actor),
      async (tx, campaign, fightId, standing) => {
        const moments = await this.applyFightFields(tx, campaign, standing, fightId, changes);
        await this.postMoments(tx, campaign, fightId, moments, caller);
      },
    );
  }

  /** Deletes a fight with its shots, effects, log and chases. */
  delete(actor: Actor, id: string): Promise<{ deleted: true }> {
    return this.records.delete(FIGHT, actor, Fight, id, true);
  }

  /**
   * Ends a fight (the gamemaster): sets ended_at, logs a `fight_ended` event (with the notes, if any), and once
   * committed announces the fight, then `fight_ended` to the campaign and `{fight: "ended"}` to the fight's
   * followers. An ended fight cannot end again (422). The end is posted to the campaign's Discord webhook, if it
   * has one, as the change's last step: when that cannot be queued, the fight does not end.
   */
  async endFight(actor: Actor, id: string, notes?: string, caller?: Caller): Promise<FightView> {
    let campaignId = '';
    const note = notes?.trim();
    const view = await this.records.change(
      FIGHT,
      actor,
      {},
      async (tx, campaign) => {
        campaignId = campaign.id;
        const fight = await tx.findOne(Fight, { id, campaign });
        if (!fight) throw ServiceError.notFound();
        if (fight.endedAt) throw ServiceError.validation({ ended_at: ['the fight has already ended'] });
        fight.endedAt = new Date();
        fight.updatedAt = new Date();
        tx.create(FightEvent, {
          fight,
          eventType: 'fight_ended',
          description: note ? note : `${fight.name} ended`,
          details: note ? { notes: note } : {},
        });
        await tx.flush();
        await postFightToDiscord(this.services, tx, { event: 'fight_ended', campaign, fight, caller });
        return fight.id;
      },
      this.reread(actor),
    );
    this.afterCommit.run(unitOfWork(this.orm), () => {
      this.publish(RealtimeSubjects.campaign(campaignId), {
        type: 'fight_ended',
        fight_id: view.id,
        fight_name: view.name,
      });
      this.publish(RealtimeSubjects.fight(view.id), { fight: 'ended' });
    });
    return view;
  }

  /** Announces the fight's shot counter again, to whoever follows it (any member may ask): answers the fight. */
  async touch(actor: Actor, id: string): Promise<FightView> {
    const { campaignId, fight } = await readInCampaign(this.reads, actor, fightRecordQuery(actor, id));
    if (!fight) throw ServiceError.notFound();
    this.encounters.announceAfterCommit(unitOfWork(this.orm), campaignId, fight.id);
    return toFightView(fight);
  }

  /** The latest started fight of a campaign the actor sees that has not ended, or null; 404 for any other. */
  async current(actor: Actor, campaignId: string): Promise<FightView | null> {
    const { visible, fight } = await readAsActor(this.reads, actor, currentFightQuery(actor, campaignId));
    if (!visible) throw ServiceError.notFound();
    return fight ? toFightView(fight) : null;
  }

  /**
   * Brings every member of a party (characters and vehicles) into a fight, each as one hidden shot; members
   * already in it stay as they are (the Rails API did the same). Template characters in the party join only when
   * an admin asks (to anyone else they are not in it). Answers the party, as the Rails API did.
   */
  async addParty(actor: Actor, partyId: string, fightId: string): Promise<PartyView> {
    await this.records.change(
      FIGHT,
      actor,
      {},
      async (tx, campaign, standing) => {
        const fight = await tx.findOne(Fight, { id: fightId, campaign });
        const party = await tx.findOne(Party, { id: partyId, campaign });
        if (!fight || !party) throw ServiceError.notFound();
        const memberships = (await tx.find(PartyMembership, { party }, { populate: ['character'] })).filter(
          (membership) => !membership.character?.isTemplate || canSeeTemplates(standing),
        );
        let joined = 0;
        for (const { property } of COMBATANTS) {
          const members = memberships.flatMap((membership) => membership[property]?.id ?? []);
          if (members.length === 0) continue;
          const present = await tx.find(
            Shot,
            { fight, [property]: { $in: members } },
            { fields: [property] },
          );
          const inFight = new Set(present.map((shot) => shot[property]?.id ?? ''));
          joined += joinHidden(tx, fight, property, newcomers(members, inFight));
        }
        if (joined > 0) {
          fight.updatedAt = new Date();
          await tx.flush();
          this.encounters.announceAfterCommit(tx, campaign.id, fight.id);
        }
        return fight.id;
      },
      this.reread(actor),
    );
    const { party } = await readInCampaign(this.reads, actor, partyRecordQuery(actor, partyId));
    if (!party) throw ServiceError.notFound();
    return toPartyView(party);
  }

  /** The fight's log, oldest first. */
  async events(actor: Actor, id: string): Promise<FightEventView[]> {
    const { found, events } = await readInCampaign(this.reads, actor, fightEventsQuery(actor, id));
    if (!found) throw ServiceError.notFound();
    return events.map(toFightEventView);
  }

  /** Adds an entry to the fight's log: any member may (the client logs the actions players take). */
  async logEvent(actor: Actor, id: string, fields: FightEventFields): Promise<FightEventView> {
    const em = unitOfWork(this.orm);
    return em.transactional(async (tx) => {
      const { campaign } = await this.records.visibleCurrentCampaign(tx, actor);
      const fight = await tx.findOne(Fight, { id, campaign });
      if (!fight) throw ServiceError.notFound();
      const event = tx.create(FightEvent, {
        fight,
        eventType: fields.event_type,
        description: fields.description,
        details: fields.details ?? {},
      });
      await tx.flush();
      return toFightEventView({
        id: event.id,
        fight_id: fight.id,
        event_type: event.eventType,
        description: event.description,
        details: event.details,
        created_at: event.createdAt.toISOString(),
      });
    });
  }

  /**
   * A fight's own fields a body sent, and its combatants: `character_ids` / `vehicle_ids` are the complete lists,
   * one entry per shot (see rosterChanges), of the campaign's own characters and vehicles (422 on the field
   * otherwise). A template character joins only when an admin brings it in: to anyone else one not yet in the fight
   * is as unknown as an id the campaign lacks (the fight and its shot counter, one view for all its members, show
   * every combatant, so those already in it may be sent back). A change of combatants announces the encounter once
   * committed. Answers the moments the change made (the fight started, ended), for postMoments.
   */
  private async applyFightFields(
    tx: EntityManager,
    campaign: Campaign,
    standing: CampaignStanding,
    id: string,
    fields: FightChangesDto,
  ): Promise<DiscordFightEvent[]> {
    const fight = await tx.findOneOrFail(Fight, { id, campaign });
    const before = { startedAt: fight.startedAt, endedAt: fight.endedAt };
    if (fields.archived !== undefined) fight.archived = fields.archived;
    if (fields.sequence !== undefined) fight.sequence = fields.sequence;
    if (fields.season !== undefined) fight.season = fields.season;
    if (fields.session !== undefined) fight.session = fields.session;
    if (fields.started_at !== undefined) fight.startedAt = timeOrNull(fields.started_at);
    if (fields.ended_at !== undefined) fight.endedAt = timeOrNull(fields.ended_at);

    let rosterChanged = false;
    for (const { kind, property, entity, field } of COMBATANTS) {
      const sent = fields[field];
      if (!sent) continue;
      const existing = await tx.find(Shot, { fight, [property]: { $ne: null } });
      const present = new Set(existing.map((shot) => shot[property]?.id));
      const joining = sent.filter((combatantId) => !present.has(combatantId));
      const seen = kind === 'characters' ? charactersSeenBy(standing) : {};
      await this.records.campaignIds(tx, campaign, kind, entity, joining, seen);
      const { removed, added } = rosterChanges(
        existing.map((shot) => ({
          id: shot.id,
          combatantId: shot[property]?.id ?? '',
          shot: shot.shot ?? null,
          joinedAt: shot.createdAt,
        })),
        sent,
      );
      if (removed.length > 0) await tx.nativeDelete(Shot, { id: { $in: removed } });
      joinHidden(tx, fight, property, added);
      rosterChanged ||= removed.length > 0 || added.length > 0;
    }
    await tx.flush();
    if (rosterChanged) this.encounters.announceAfterCommit(tx, campaign.id, fight.id);
    return fightMoments(before, fight);
  }

  /** Posts a change's moments to the campaign's Discord webhook (see postFightToDiscord): its last step. */
  private async postMoments(
    tx: EntityManager,
    campaign: Campaign,
    fightId: string,
    moments: readonly DiscordFightEvent[],
    caller: Caller | undefined,
  ): Promise<void> {
    if (moments.length === 0 || !campaign.discordWebhookUrl) return;
    const fight = await tx.findOneOrFail(Fight, { id: fightId, campaign });
    for (const event of moments) {
      await postFightToDiscord(this.services, tx, { event, campaign, fight, caller });
    }
  }

  /** The fight as it reads inside the transaction of its change (so with its writes). */
  private reread(actor: Actor) {
    return async (id: string) => {
      const { fight } = await readAsActor(this.reads, actor, fightRecordQuery(actor, id));
      return fight && toFightView(fight);
    };
  }

  /** Best effort: the answer does not wait, and a failure is logged. */
  private publish(subject: RealtimeSubject, payload: object): void {
    this.services.publishRealtime(subject, payload).catch((error: unknown) => {
      this.logger.warn({ err: error }, 'Could not announce the end of a fight');
    });
  }
}

/**
 * Adds a hidden shot for each of `combatantIds`, in order: each joins a millisecond after the one before, so that
 * the fight lists them (`character_ids`, one entry per shot) in the order they were sent. Answers how many joined.
 */
function joinHidden(
  tx: EntityManager,
  fight: Fight,
  property: 'character' | 'vehicle',
  combatantIds: readonly string[],
): number {
  const now = Date.now();
  combatantIds.forEach((combatantId, index) => {
    const joinedAt = new Date(now + index);
    tx.create(Shot, { fight, [property]: combatantId, shot: null, createdAt: joinedAt, updatedAt: joinedAt });
  });
  return combatantIds.length;
}

function timeOrNull(value: string | null): Date | null {
  return value === null ? null : new Date(value);
}
