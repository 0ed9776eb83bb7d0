import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  ServiceError,
  type Actor,
  type SiteChangesDto,
  type SiteFieldsDto,
  type SitesIndexQuery,
  type SitesIndexView,
  type SiteView,
} from '@shotcaller/contracts';
import { SqlReads } from '@shotcaller/persistence';
import type { CampaignStanding } from '../campaigns/campaign-access.rules.js';
import type { Campaign } from '../campaigns/campaign.entity.js';
import { readAsActor } from '../campaigns/campaigns.service.js';
import { Attunement } from '../characters/attunement.entity.js';
import { Character } from '../characters/character.entity.js';
import {
  CampaignRecordChanges,
  charactersSeenBy,
  factionRecordIndex,
  readInCampaign,
  type RecordKind,
} from '../shared/campaign-records.service.js';
import { Site } from './site.entity.js';
import { siteRecordQuery, sitesReads } from './site.queries.js';
import { toSiteAutocompleteView, toSiteLiteView, toSiteView } from './site.serializer.js';
import { OnboardingMilestones } from '../users/onboarding-milestones.js';

export const SITE: RecordKind = {
  entity: 'site',
  plural: 'sites',
  nameUnique: 'sites_campaign_name_unique',
  gamemasterOnly: 'Only the gamemaster can change sites',
  // The characters attuned to it: their attunements go with the site.
  members: { property: 'site', entities: { characters: Attunement }, removedWithRecord: true },
  writableLists: [],
};

/**
 * The sites of the caller's current campaign and the characters attuned to them. Its members and gamemaster read
 * them; its gamemaster (or an admin) changes them, linked only to the campaign's own faction, juncture and
 * characters. To anyone else the campaign's sites do not exist (404).
 */
@Injectable()
export class SitesService {
  constructor(
    private readonly reads: SqlReads,
    private readonly records: CampaignRecordChanges,
  ) {}

  list(actor: Actor, query: SitesIndexQuery): Promise<SitesIndexView> {
    const views = { lite: toSiteLiteView, link: toSiteAutocompleteView };
    return factionRecordIndex(this.reads, actor, query, 'sites', sitesReads, views);
  }

  async get(actor: Actor, id: string): Promise<SiteView> {
    const { site } = await readInCampaign(this.reads, actor, siteRecordQuery(actor, id));
    if (!site) throw ServiceError.notFound();
    return toSiteView(site);
  }

  create(actor: Actor, fields: SiteFieldsDto): Promise<SiteView> {
    return this.records.save(
      SITE,
      actor,
      Site,
      undefined,
      fields,
      this.reread(actor),
      async (tx, campaign, saved, standing) => {
        await this.attune(tx, campaign, standing, saved, fields.character_ids);
        await OnboardingMilestones.reach(tx, campaign.gamemaster.id, 'site');
      },
    );
  }

  update(actor: Actor, id: string, changes: SiteChangesDto): Promise<SiteView> {
    return this.records.save(
      SITE,
      actor,
      Site,
      id,
      changes,
      this.reread(actor),
      (tx, campaign, saved, standing) => this.attune(tx, campaign, standing, saved, changes.character_ids),
    );
  }

  /** Deletes a site no character is attuned to; with `force`, their attunements end with it. */
  delete(actor: Actor, id: string, force = false): Promise<{ deleted: true }> {
    return this.records.delete(SITE, actor, Site, id, force);
  }

  /**
   * `character_ids`, when sent, is exactly who is attuned to the site: the campaign's own characters. Templates are
   * an admin's: to anyone else a template's id is unknown (422), and the templates attuned stay so.
   */
  private async attune(
    tx: EntityManager,
    campaign: Campaign,
    standing: CampaignStanding,
    siteId: string,
    characterIds: string[] | undefined,
  ): Promise<void> {
    if (!characterIds) return;
    const seen = charactersSeenBy(standing);
    const ids = await this.records.campaignIds(tx, campaign, 'characters', Character, characterIds, seen);
    const kept = await tx.find(
      Attunement,
      { site: siteId, character: { $in: ids } },
      { fields: ['character'] },
    );
    const attuned = new Set(kept.map((attunement) => attunement.character.id));
    // Those the actor does not see stay attuned.
    await tx.nativeDelete(Attunement, { site: siteId, character: { $nin: ids, ...seen } });
    for (const id of ids.filter((characterId) => !attuned.has(characterId))) {
      tx.create(Attunement, { site: siteId, character: id });
    }
    await tx.flush();
  }

  /** The site as it reads inside the transaction of its change (so with its writes). */
  private reread(actor: Actor) {
    return async (id: string) => {
      const { site } = await readAsActor(this.reads, actor, siteRecordQuery(actor, id));
      return site && toSiteView(site);
    };
  }
}
