import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  ServiceError,
  type Actor,
  type CreateSchticksPayload,
  type RecordBatchBody,
  type SchtickCategoriesView,
  type SchtickChangesDto,
  type SchtickFieldsDto,
  type SchtickLabelsQuery,
  type SchtickPathsView,
  type SchticksBatchView,
  type SchticksCreatedView,
  type SchticksIndexQuery,
  type SchticksIndexView,
  type SchtickView,
} from '@shotcaller/contracts';
import { SqlReads } from '@shotcaller/persistence';
import type { Campaign } from '../campaigns/campaign.entity.js';
import { readAsActor } from '../campaigns/campaigns.service.js';
import { CharacterSchtick } from '../characters/character-schtick.entity.js';
import { linkError } from '../shared/association.rules.js';
import {
  applyRecordChanges,
  CampaignRecordChanges,
  newRecordFields,
  readInCampaign,
  type RecordKind,
} from '../shared/campaign-records.service.js';
import { labelledRecordBatch, labelledRecordIndex, storedLabel } from '../shared/labelled-records.service.js';
import { Schtick } from './schtick.entity.js';
import {
  schtickCategoriesQuery,
  schtickPathsQuery,
  schtickRecordQuery,
  schticksBatchQuery,
  schticksReads,
} from './schtick.queries.js';
import { schtickErrors, schtickPrerequisiteCycleErrors, type SchtickPlace } from './schtick.rules.js';
import { toSchtickAutocompleteView, toSchtickLiteView, toSchtickView } from './schtick.serializer.js';

export const SCHTICK: RecordKind = {
  entity: 'schtick',
  plural: 'schticks',
  nameUnique: 'schticks_campaign_category_name_unique',
  gamemasterOnly: 'Only the gamemaster can change schticks',
  // The characters that have one, and the schticks that require it: the database removes the former with it and
  // clears the latter's prerequisite.
  members: {
    property: 'schtick',
    entities: { characters: CharacterSchtick, schticks: Schtick },
    properties: { schticks: 'prerequisite' },
    removedWithRecord: true,
  },
  writableLists: [],
};

/** The fields of a schtick other than its name, description, active flag and prerequisite, as stored. */
function settingsOf(fields: SchtickChangesDto) {
  const settings: Partial<Pick<Schtick, 'category' | 'path' | 'color' | 'bonus' | 'archetypes'>> = {};
  const category = storedLabel(fields.category);
  if (category !== undefined) settings.category = category;
  const path = storedLabel(fields.path);
  if (path !== undefined) settings.path = path;
  if (fields.color !== undefined) settings.color = fields.color;
  if (fields.bonus !== undefined) settings.bonus = fields.bonus;
  if (fields.archetypes !== undefined) settings.archetypes = fields.archetypes;
  return settings;
}

/**
 * The schticks of the caller's current campaign. Its members and gamemaster read them; its gamemaster (or an
 * admin) changes them. To anyone else the campaign's schticks do not exist (404).
 */
@Injectable()
export class SchticksService {
  constructor(
    private readonly reads: SqlReads,
    private readonly records: CampaignRecordChanges,
  ) {}

  list(actor: Actor, query: SchticksIndexQuery): Promise<SchticksIndexView> {
    const views = { lite: toSchtickLiteView, link: toSchtickAutocompleteView };
    const labels = ['category', 'path'] as const;
    return labelledRecordIndex(this.reads, actor, query, 'schticks', labels, schticksReads, views);
  }

  async get(actor: Actor, id: string): Promise<SchtickView> {
    const { schtick } = await readInCampaign(this.reads, actor, schtickRecordQuery(actor, id));
    if (!schtick) throw ServiceError.notFound();
    return toSchtickView(schtick);
  }

  batch(actor: Actor, query: RecordBatchBody): Promise<SchticksBatchView> {
    return labelledRecordBatch(this.reads, actor, query, 'schticks', schticksBatchQuery, toSchtickLiteView);
  }

  async categories(actor: Actor, query: SchtickLabelsQuery): Promise<SchtickCategoriesView> {
    const { categories, general, core } = await readInCampaign(
      this.reads,
      actor,
      schtickCategoriesQuery(actor, { search: query.search }),
    );
    return { categories, general, core };
  }

  async paths(actor: Actor, query: SchtickLabelsQuery): Promise<SchtickPathsView> {
    const { paths } = await readInCampaign(this.reads, actor, schtickPathsQuery(actor, query));
    return { paths };
  }

  create(actor: Actor, fields: SchtickFieldsDto): Promise<SchtickView> {
    return this.records.change(
      SCHTICK,
      actor,
      fields,
      (tx, campaign) => this.insert(tx, campaign, fields),
      this.reread(actor),
    );
  }

  /**
   * Creates schticks together, all or none; a name taken or repeated (in one category) refuses the batch. A
   * prerequisite must be a schtick that already exists: the ids of the batch's own are not known before.
   */
  async createBatch(actor: Actor, { schticks }: CreateSchticksPayload): Promise<SchticksCreatedView> {
    const nameKey = (fields: SchtickFieldsDto) => `${fields.category}\u0000${fields.name.toLowerCase()}`;
    const created = await this.records.createMany(
      SCHTICK,
      actor,
      schticks,
      nameKey,
      this.insert,
      this.reread(actor),
    );
    return { schticks: created };
  }

  update(actor: Actor, id: string, changes: SchtickChangesDto): Promise<SchtickView> {
    return this.records.change(
      SCHTICK,
      actor,
      changes,
      async (tx, campaign) => {
        const schtick = await tx.findOne(Schtick, { id, campaign }, { populate: ['prerequisite'] });
        if (!schtick) throw ServiceError.notFound();
        const settings = settingsOf(changes);
        const place = {
          id: schtick.id,
          category: settings.category !== undefined ? settings.category : (schtick.category ?? null),
          path: settings.path !== undefined ? settings.path : (schtick.path ?? null),
        };
        const named = await this.prerequisite(tx, campaign, changes.prerequisite_id);
        const prerequisite = named !== undefined ? named : (schtick.prerequisite ?? null);
        this.checkPlace(place, prerequisite);
        if (named) await this.checkChain(tx, schtick.id, named.id);
        Object.assign(schtick, settings);
        schtick.prerequisite = prerequisite;
        applyRecordChanges(schtick, changes);
        await tx.flush();
        return schtick.id;
      },
      this.reread(actor),
    );
  }

  /** Deletes a schtick no character has and no schtick requires; with `force`, those lose it. */
  delete(actor: Actor, id: string, force = false): Promise<{ deleted: true }> {
    return this.records.delete(SCHTICK, actor, Schtick, id, force);
  }

  /** Writes a new schtick of the campaign (a create's, or one of a batch's): answers its id. */
  private readonly insert = async (tx: EntityManager, campaign: Campaign, fields: SchtickFieldsDto) => {
    const settings = settingsOf(fields);
    const place = { category: settings.category ?? null, path: settings.path ?? null };
    const prerequisite = await this.prerequisite(tx, campaign, fields.prerequisite_id);
    this.checkPlace(place, prerequisite ?? null);
    const schtick = tx.create(Schtick, {
      campaign,
      ...newRecordFields(fields),
      ...settings,
      ...place,
      prerequisite: prerequisite ?? null,
      updatedAt: new Date(),
    });
    await tx.flush();
    return schtick.id;
  };

  /** The campaign's schtick a body names as prerequisite: null for null, undefined when not sent, else 422. */
  private async prerequisite(
    tx: EntityManager,
    campaign: Campaign,
    id: string | null | undefined,
  ): Promise<Schtick | null | undefined> {
    if (id === undefined || id === null) return id;
    const prerequisite = await tx.findOne(Schtick, { id, campaign });
    if (!prerequisite) throw ServiceError.validation(linkError('prerequisite_id', 'schtick'));
    return prerequisite;
  }

  /** 422 unless the category is allowed on the path and the prerequisite shares both. */
  private checkPlace(place: SchtickPlace & { id?: string }, prerequisite: Schtick | null): void {
    const required = prerequisite && {
      id: prerequisite.id,
      category: prerequisite.category ?? null,
      path: prerequisite.path ?? null,
    };
    const errors = schtickErrors(place, required);
    if (Object.keys(errors).length > 0) throw ServiceError.validation(errors);
  }

  /** 422 when the prerequisite named requires the schtick, directly or through others. */
  private async checkChain(tx: EntityManager, schtickId: string, prerequisiteId: string): Promise<void> {
    // `union` (not `union all`) ends the walk on a chain that already loops.
    const chain = await tx.execute<{ id: string }[]>(
      `with recursive chain (id, prerequisite_id, depth) as (
         select id, prerequisite_id, 0 from schticks where id = ?
         union
         select s.id, s.prerequisite_id, c.depth + 1 from schticks s join chain c on s.id = c.prerequisite_id
         where c.depth < 1000
       )
       select id from chain order by depth`,
      [prerequisiteId],
    );
    const errors = schtickPrerequisiteCycleErrors(
      schtickId,
      chain.map(({ id }) => id),
    );
    if (Object.keys(errors).length > 0) throw ServiceError.validation(errors);
  }

  /** The schtick as it reads inside the transaction of its change (so with its writes). */
  private reread(actor: Actor) {
    return async (id: string) => {
      const { schtick } = await readAsActor(this.reads, actor, schtickRecordQuery(actor, id));
      return schtick && toSchtickView(schtick);
    };
  }
}
