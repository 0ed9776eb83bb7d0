import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  ServiceError,
  type Actor,
  type PartyChangesDto,
  type PartyMemberBody,
  type PartyFieldsDto,
  type PartiesIndexQuery,
  type PartiesIndexView,
  type PartyView,
} from '@shotcaller/contracts';
import { isUniqueViolation, SqlReads } from '@shotcaller/persistence';
import type { CampaignStanding } from '../campaigns/campaign-access.rules.js';
import type { Campaign } from '../campaigns/campaign.entity.js';
import { readAsActor } from '../campaigns/campaigns.service.js';
import { Character } from '../characters/character.entity.js';
import { canSeeTemplates } from '../characters/character.rules.js';
import {
  CampaignRecordChanges,
  charactersSeenBy,
  factionRecordIndex,
  readInCampaign,
  type RecordKind,
} from '../shared/campaign-records.service.js';
import { Vehicle } from '../vehicles/vehicle.entity.js';
import { PartyMembership } from './party-membership.entity.js';
import { Party } from './party.entity.js';
import { partiesReads, partyRecordQuery } from './party.queries.js';
import { toPartyAutocompleteView, toPartyLiteView, toPartyView } from './party.serializer.js';
import { OnboardingMilestones } from '../users/onboarding-milestones.js';

export const PARTY: RecordKind = {
  entity: 'party',
  plural: 'parties',
  nameUnique: 'parties_campaign_name_unique',
  gamemasterOnly: 'Only the gamemaster can change parties',
  // Its characters and vehicles: their memberships go with the party.
  members: {
    property: 'party',
    entities: { characters: PartyMembership, vehicles: PartyMembership },
    removedWithRecord: true,
    counted: { characters: { character: { $ne: null } }, vehicles: { vehicle: { $ne: null } } },
  },
  writableLists: [],
};

/** A character or vehicle asked to join a party it is already in. */
const ALREADY_IN_PARTY = 'is already in this party';

/** The unique indexes of a party's members (one membership per character, per vehicle), by the field naming one. */
const MEMBER_UNIQUE = {
  character_id: 'party_memberships_character_unique',
  vehicle_id: 'party_memberships_vehicle_unique',
} as const;

/**
 * The parties of the caller's current campaign and their members, characters and vehicles. Its members and
 * gamemaster read them; its gamemaster (or an admin) changes them, and adds or removes one member at a time, linked
 * only to the campaign's own faction, juncture, characters and vehicles (template characters: an admin's only). To
 * anyone else the campaign's parties do not exist (404).
 */
@Injectable()
export class PartiesService {
  constructor(
    private readonly reads: SqlReads,
    private readonly records: CampaignRecordChanges,
  ) {}

  list(actor: Actor, query: PartiesIndexQuery): Promise<PartiesIndexView> {
    const views = { lite: toPartyLiteView, link: toPartyAutocompleteView };
    return factionRecordIndex(this.reads, actor, query, 'parties', partiesReads, views);
  }

  async get(actor: Actor, id: string): Promise<PartyView> {
    const { party } = await readInCampaign(this.reads, actor, partyRecordQuery(actor, id));
    if (!party) throw ServiceError.notFound();
    return toPartyView(party);
  }

  create(actor: Actor, fields: PartyFieldsDto): Promise<PartyView> {
    return this.records.save(
      PARTY,
      actor,
      Party,
      undefined,
      fields,
      this.reread(actor),
      async (tx, campaign, saved, standing) => {
        await this.enrol(tx, campaign, standing, saved, fields);
        await OnboardingMilestones.reach(tx, campaign.gamemaster.id, 'party');
      },
    );
  }

  update(actor: Actor, id: string, changes: PartyChangesDto): Promise<PartyView> {
    return this.records.save(
      PARTY,
      actor,
      Party,
      id,
      changes,
      this.reread(actor),
      (tx, campaign, saved, standing) => this.enrol(tx, campaign, standing, saved, changes),
    );
  }

  /** Deletes a party without members; with `force`, their memberships end with it. */
  delete(actor: Actor, id: string, force = false): Promise<{ deleted: true }> {
    return this.records.delete(PARTY, actor, Party, id, force);
  }

  /**
   * One character or vehicle of the campaign joins the party (the gamemaster): 404 for a party, character or
   * vehicle the campaign does not have (a template, to anyone but an admin: see charactersSeenBy), 422 on the field
   * when it is in the party already. Answers the party, announced once committed like any change of it.
   */
  async addMember(actor: Actor, partyId: string, member: PartyMemberBody): Promise<PartyView> {
    const [field, property] =
      member.vehicle_id === undefined
        ? (['character_id', 'character'] as const)
        : (['vehicle_id', 'vehicle'] as const);
    try {
      return await this.records.change(
        PARTY,
        actor,
        {},
        async (tx, campaign, standing) => {
          const party = await tx.findOne(Party, { id: partyId, campaign });
          if (!party) throw ServiceError.notFound();
          const joining =
            member.vehicle_id === undefined
              ? await tx.findOne(Character, {
                  id: member.character_id,
                  campaign,
                  ...charactersSeenBy(standing),
                })
              : await tx.findOne(Vehicle, { id: member.vehicle_id, campaign });
          if (!joining) throw ServiceError.notFound();
          // A member already in the party is refused by the unique index, at the flush (see the catch).
          tx.create(PartyMembership, { party, [property]: joining.id });
          party.updatedAt = new Date();
          await tx.flush();
          return party.id;
        },
        this.reread(actor),
      );
    } catch (error) {
      // In the party already, or added by another request at the same time.
      if (isUniqueViolation(error, MEMBER_UNIQUE[field])) {
        throw ServiceError.validation({ [field]: [ALREADY_IN_PARTY] });
      }
      throw error;
    }
  }

  /**
   * A member leaves the party (the gamemaster): `memberId` names its membership, or the character or vehicle in it.
   * 404 when the party has no such member (or it is a template, to anyone but an admin). Answers the party,
   * announced once committed like any change of it.
   */
  removeMember(actor: Actor, partyId: string, memberId: string): Promise<PartyView> {
    return this.records.change(
      PARTY,
      actor,
      {},
      async (tx, campaign, standing) => {
        const party = await tx.findOne(Party, { id: partyId, campaign });
        if (!party) throw ServiceError.notFound();
        const membership = await tx.findOne(
          PartyMembership,
          { party, $or: [{ id: memberId }, { character: memberId }, { vehicle: memberId }] },
          { populate: ['character'] },
        );
        if (!membership || (membership.character?.isTemplate && !canSeeTemplates(standing))) {
          throw ServiceError.notFound();
        }
        await tx.nativeDelete(PartyMembership, { id: membership.id });
        party.updatedAt = new Date();
        await tx.flush();
        return party.id;
      },
      this.reread(actor),
    );
  }

  /**
   * Each of `character_ids` and `vehicle_ids` sent is exactly who is in the party: the campaign's own. Templates are
   * an admin's: to anyone else a template's id is unknown (422), and the templates in the party stay in it.
   */
  private async enrol(
    tx: EntityManager,
    campaign: Campaign,
    standing: CampaignStanding,
    partyId: string,
    fields: PartyChangesDto,
  ): Promise<void> {
    for (const [kind, property, entity, sent] of [
      ['characters', 'character', Character, fields.character_ids],
      ['vehicles', 'vehicle', Vehicle, fields.vehicle_ids],
    ] as const) {
      if (!sent) continue;
      const seen = kind === 'characters' ? charactersSeenBy(standing) : {};
      const ids = await this.records.campaignIds(tx, campaign, kind, entity, sent, seen);
      const kept = await tx.find(PartyMembership, { party: partyId, [property]: { $in: ids } });
      const members = new Set(kept.map((membership) => membership[property]?.id));
      // Those the actor does not see stay in it.
      await tx.nativeDelete(PartyMembership, {
        party: partyId,
        [property]: { $ne: null, $nin: ids, ...seen },
      });
      for (const id of ids.filter((memberId) => !members.has(memberId))) {
        tx.create(PartyMembership, { party: partyId, [property]: id });
      }
    }
    await tx.flush();
  }

  /** The party as it reads inside the transaction of its change (so with its writes). */
  private reread(actor: Actor) {
    return async (id: string) => {
      const { party } = await readAsActor(this.reads, actor, partyRecordQuery(actor, id));
      return party && toPartyView(party);
    };
  }
}
