import { Injectable } from '@nestjs/common';
import {
  ServiceError,
  type Actor,
  type FactionChangesDto,
  type FactionFieldsDto,
  type FactionsIndexQuery,
  type FactionsIndexView,
  type FactionView,
} from '@shotcaller/contracts';
import { SqlReads } from '@shotcaller/persistence';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Campaign } from '../campaigns/campaign.entity.js';
import { readAsActor } from '../campaigns/campaigns.service.js';
import { Character } from '../characters/character.entity.js';
import { Juncture } from '../junctures/juncture.entity.js';
import { Party } from '../parties/party.entity.js';
import { ASSOCIATED_KINDS } from '../shared/association.rules.js';
import {
  CampaignRecordChanges,
  indexMeta,
  indexWindow,
  readInCampaign,
  type MemberEntities,
  type RecordKind,
} from '../shared/campaign-records.service.js';
import { Site } from '../sites/site.entity.js';
import { Vehicle } from '../vehicles/vehicle.entity.js';
import { OnboardingMilestones } from '../users/onboarding-milestones.js';
import { Faction } from './faction.entity.js';
import { factionRecordQuery, factionsAutocompleteQuery, factionsIndexQuery } from './faction.queries.js';
import { toFactionAutocompleteView, toFactionLiteView, toFactionView } from './faction.serializer.js';

/** The records with an optional faction, by their list on it. */
const MEMBERS: MemberEntities = {
  characters: Character,
  vehicles: Vehicle,
  junctures: Juncture,
  sites: Site,
  parties: Party,
};

export const FACTION: RecordKind = {
  entity: 'faction',
  plural: 'factions',
  nameUnique: 'factions_campaign_name_unique',
  gamemasterOnly: 'Only the gamemaster can change factions',
  members: { property: 'faction', entities: MEMBERS },
  writableLists: ASSOCIATED_KINDS,
};

/**
 * The factions of the caller's current campaign. Its members and gamemaster read them; its gamemaster (or an
 * admin) changes them. To anyone else the campaign's factions do not exist (404).
 */
@Injectable()
export class FactionsService {
  constructor(
    private readonly reads: SqlReads,
    private readonly records: CampaignRecordChanges,
  ) {}

  async list(actor: Actor, query: FactionsIndexQuery): Promise<FactionsIndexView> {
    const window = indexWindow(query);
    if (query.autocomplete) {
      const row = await readInCampaign(this.reads, actor, factionsAutocompleteQuery(actor, query, window));
      return { factions: row.factions.map(toFactionAutocompleteView), meta: indexMeta(row.total, window) };
    }
    const row = await readInCampaign(this.reads, actor, factionsIndexQuery(actor, query, window));
    return { factions: row.factions.map(toFactionLiteView), meta: indexMeta(row.total, window) };
  }

  async get(actor: Actor, id: string): Promise<FactionView> {
    const { faction } = await readInCampaign(this.reads, actor, factionRecordQuery(actor, id));
    if (!faction) throw ServiceError.notFound();
    return toFactionView(faction);
  }

  create(actor: Actor, fields: FactionFieldsDto): Promise<FactionView> {
    // The campaign's gamemaster reaches the checklist's faction milestone, whoever made it (as in Rails).
    const milestone = (tx: EntityManager, campaign: Campaign) =>
      OnboardingMilestones.reach(tx, campaign.gamemaster.id, 'faction');
    return this.records.save(FACTION, actor, Faction, undefined, fields, this.reread(actor), milestone);
  }

  update(actor: Actor, id: string, changes: FactionChangesDto): Promise<FactionView> {
    return this.records.save(FACTION, actor, Faction, id, changes, this.reread(actor));
  }

  /** Deletes a faction nothing belongs to; with `force`, what belongs to it stays, without a faction. */
  delete(actor: Actor, id: string, force = false): Promise<{ deleted: true }> {
    return this.records.delete(FACTION, actor, Faction, id, force);
  }

  /** The faction as it reads inside the transaction of its change (so with its writes). */
  private reread(actor: Actor) {
    return async (id: string) => {
      const { faction } = await readAsActor(this.reads, actor, factionRecordQuery(actor, id));
      return faction && toFactionView(faction);
    };
  }
}
