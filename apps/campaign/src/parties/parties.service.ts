import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  ServiceError,
  type Actor,
  type PartyChangesDto,
  type PartyFieldsDto,
  type PartiesIndexQuery,
  type PartiesIndexView,
  type PartyView,
} from '@shotcaller/contracts';
import { SqlReads } from '@shotcaller/persistence';
import type { Campaign } from '../campaigns/campaign.entity.js';
import { readAsActor } from '../campaigns/campaigns.service.js';
import { Character } from '../characters/character.entity.js';
import {
  CampaignRecordChanges,
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

/**
 * The parties of the caller's current campaign and their members, characters and vehicles. Its members and
 * gamemaster read them; its gamemaster (or an admin) changes them, linked only to the campaign's own faction,
 * juncture, characters and vehicles. To anyone else the campaign's parties do not exist (404).
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
      async (tx, campaign, saved) => {
        await this.enrol(tx, campaign, saved, fields);
        await OnboardingMilestones.reach(tx, campaign.gamemaster.id, 'party');
      },
    );
  }

  update(actor: Actor, id: string, changes: PartyChangesDto): Promise<PartyView> {
    return this.records.save(PARTY, actor, Party, id, changes, this.reread(actor), (tx, campaign, saved) =>
      this.enrol(tx, campaign, saved, changes),
    );
  }

  /** Deletes a party without members; with `force`, their memberships end with it. */
  delete(actor: Actor, id: string, force = false): Promise<{ deleted: true }> {
    return this.records.delete(PARTY, actor, Party, id, force);
  }

  /** Each of `character_ids` and `vehicle_ids` sent is exactly who is in the party: the campaign's own. */
  private async enrol(
    tx: EntityManager,
    campaign: Campaign,
    partyId: string,
    fields: PartyChangesDto,
  ): Promise<void> {
    for (const [kind, property, entity, sent] of [
      ['characters', 'character', Character, fields.character_ids],
      ['vehicles', 'vehicle', Vehicle, fields.vehicle_ids],
    ] as const) {
      if (!sent) continue;
      const ids = await this.records.campaignIds(tx, campaign, kind, entity, sent);
      const kept = await tx.find(PartyMembership, { party: partyId, [property]: { $in: ids } });
      const members = new Set(kept.map((membership) => membership[property]?.id));
      await tx.nativeDelete(PartyMembership, { party: partyId, [property]: { $ne: null, $nin: ids } });
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
