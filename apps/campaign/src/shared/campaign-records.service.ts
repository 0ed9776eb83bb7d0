import { Inject, Injectable } from '@nestjs/common';
import { MikroORM, type EntityClass, type EntityManager } from '@mikro-orm/postgresql';
import type { Compilable } from 'kysely';
import {
  DEFAULT_PER_PAGE,
  ErrorCode,
  Messages,
  paginationMeta,
  ServiceError,
  type Actor,
  type PaginationMetaView,
} from '@shotcaller/contracts';
import {
  isUniqueViolation,
  pageWindow,
  unitOfWork,
  type PageWindow,
  type SqlReads,
} from '@shotcaller/persistence';
import { canManageCampaign, type CampaignStanding } from '../campaigns/campaign-access.rules.js';
import type { Campaign } from '../campaigns/campaign.entity.js';
import {
  actingUser,
  findVisibleCampaign,
  readAsActor,
  type VisibleCampaign,
} from '../campaigns/campaigns.service.js';
import { Character } from '../characters/character.entity.js';
import { canSeeTemplates } from '../characters/character.rules.js';
import { Faction } from '../factions/faction.entity.js';
import { Juncture } from '../junctures/juncture.entity.js';
import {
  ASSOCIATED_KINDS,
  deletionRefusal,
  linkError,
  MEMBER_IDS_FIELD,
  memberListErrors,
  type AssociatedKind,
  type AssociationCounts,
} from './association.rules.js';
import type { RecordIndexParameters } from './record-index.queries.js';
import { RecordAnnouncer } from './record-announcer.js';
import { shownCharacterIds } from './shown-characters.rules.js';
import { positionedErrors, repeatedNameErrors } from './record-batch.rules.js';
import { factionLink } from './record.serializer.js';

export const NO_CURRENT_CAMPAIGN = 'No current campaign is set';

const FACTION_LINK = { field: 'faction_id', label: 'faction', entity: Faction };
const JUNCTURE_LINK = { field: 'juncture_id', label: 'juncture', entity: Juncture };

/** A read of the actor's current campaign (see campaign-scope.queries.ts): 404 when they have none to see. */
export async function readInCampaign<R extends { campaignId: string | null }>(
  reads: SqlReads,
  actor: Actor,
  query: Compilable<R>,
): Promise<R> {
  const row = await readAsActor(reads, actor, query);
  if (!row.campaignId) throw ServiceError.notFound(NO_CURRENT_CAMPAIGN);
  return row;
}

/** The page an index query asks for. */
export function indexWindow(query: { page?: number; per_page?: number }): PageWindow {
  return pageWindow(query.page, query.per_page ?? DEFAULT_PER_PAGE);
}

/** The `meta` of an index page. */
export function indexMeta(total: number, window: PageWindow): PaginationMetaView {
  return paginationMeta(total, window.page, window.perPage);
}

/** What a campaign's records have in common here: an id and a campaign. */
export interface CampaignRecord {
  id: string;
  campaign: Campaign;
}

/** A kind of campaign record as the writes of its service see it. */
export interface RecordKind {
  /** Its entity class, as realtime and errors name it: `faction`, `juncture`... */
  entity: string;
  /** Its list name: `factions`, `junctures`... */
  plural: string;
  /** The unique index on (campaign, lower(name)): a name taken is `name: ["has already been taken"]`. */
  nameUnique: string;
  gamemasterOnly: string;
  /**
   * The records that may belong to one, through their `property` (`faction`, `juncture`, an attunement's `site`):
   * a delete leaves them without it, or (`removedWithRecord`) the database removes them with it.
   */
  members: {
    property: string;
    entities: MemberEntities;
    removedWithRecord?: boolean;
    /** What else tells a kind's rows apart, when two kinds share an entity (a party's memberships). */
    counted?: Partial<Record<AssociatedKind, Record<string, unknown>>>;
    /** A kind's own property, where it is not `property` (a schtick named as another's `prerequisite`). */
    properties?: Partial<Record<AssociatedKind, string>>;
  };
  /** The lists a body may replace, by `*_ids`. */
  writableLists: readonly AssociatedKind[];
}

/** The fields of a body every named record takes, and its links. */
type RecordFields = {
  name?: string;
  description?: string | null;
  active?: boolean;
  faction_id?: string | null;
  juncture_id?: string | null;
};

/** A named record as `save` writes it. */
type EditableRecord = CampaignRecord & NamedRecord & { faction?: Faction | null; juncture?: Juncture | null };

/** The fields every named record of a campaign has. */
interface NamedRecord {
  name: string;
  description?: string | null;
  active: boolean;
  updatedAt: Date;
}

/** The common fields of a new record, from its body. */
export function newRecordFields(fields: { name: string; description?: string | null; active?: boolean }) {
  return { name: fields.name, description: fields.description ?? null, active: fields.active ?? true };
}

/** Sets the common fields a body sent (name, description, active) and stamps the change. */
export function applyRecordChanges(
  record: NamedRecord,
  changes: { name?: string; description?: string | null; active?: boolean },
): void {
  if (changes.name !== undefined) record.name = changes.name;
  if (changes.description !== undefined) record.description = changes.description;
  if (changes.active !== undefined) record.active = changes.active;
  record.updatedAt = new Date();
}

/** Records that belong to the one changed through one property (`faction`, `juncture`), by their list name. */
export type MemberEntities = Partial<Record<AssociatedKind, EntityClass<{ id: string }>>>;
export type MemberLists = Partial<Record<AssociatedKind, string[]>>;

/** The write of a create or update, in the current campaign (as the actor stands in it): answers the record's id. */
type RecordWrite = (tx: EntityManager, campaign: Campaign, standing: CampaignStanding) => Promise<string>;

/**
 * What the actor may link of the characters of their campaign, as a condition on Character: templates are for
 * admins only (canSeeTemplates), so to anyone else a template's id is as unknown as any other id the campaign lacks,
 * and a list they replace leaves the templates on it as they were.
 */
export function charactersSeenBy(standing: CampaignStanding): { isTemplate?: false } {
  return canSeeTemplates(standing) ? {} : { isTemplate: false };
}

/**
 * Whether a record's view, read for an actor who sees templates (an admin), shows a template character (see
 * shownCharacterIds): announced to every member of the campaign, it would show them what only admins see.
 */
async function showsTemplates(
  tx: EntityManager,
  standing: CampaignStanding,
  view: unknown,
): Promise<boolean> {
  if (!canSeeTemplates(standing)) return false;
  const ids = shownCharacterIds(view);
  if (ids.length === 0) return false;
  return (await tx.count(Character, { id: { $in: ids }, isTemplate: true })) > 0;
}

/**
 * The condition on a record's members that keeps those the actor may not see out of its deletion's count: to
 * anyone but an admin, templates are not among its characters, and their links go with the record (each foreign
 * key to a record sets null or cascades).
 */
function membersSeen(
  member: AssociatedKind,
  memberEntity: EntityClass<{ id: string }>,
  standing: CampaignStanding,
): Record<string, unknown> {
  if (member !== 'characters' || canSeeTemplates(standing)) return {};
  return memberEntity === Character ? { isTemplate: false } : { character: { isTemplate: false } };
}

/** The `*_ids` lists a body sends, each without repeats. */
export function memberLists(fields: object, kinds: readonly AssociatedKind[]): MemberLists {
  const lists: MemberLists = {};
  for (const kind of kinds) {
    const ids = (fields as Partial<Record<string, unknown>>)[MEMBER_IDS_FIELD[kind]];
    if (Array.isArray(ids)) lists[kind] = [...new Set(ids as string[])];
  }
  return lists;
}

/**
 * What the services of a campaign's records (factions, junctures...) share: the current campaign the actor must
 * manage, changes in one transaction, members linked and unlinked, deletion refused while records refer to one,
 * and the realtime announcement once committed.
 */
@Injectable()
export class CampaignRecordChanges {
  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    private readonly announcer: RecordAnnouncer,
  ) {}

  /**
   * Runs a create or update in one transaction in the current campaign the actor manages, makes each member list
   * sent (`*_ids`) what belongs to the record, answers the record as `read` then finds it (inside the transaction,
   * so with its writes), and announces it once committed (only the reload of its kind when it shows a template:
   * each member reads it as they may see it).
   */
  async change<V>(
    kind: RecordKind,
    actor: Actor,
    fields: object,
    write: RecordWrite,
    read: (id: string) => Promise<V | null>,
  ): Promise<V> {
    const em = unitOfWork(this.orm);
    let changed: { campaignId: string; view: V; announced?: V };
    try {
      changed = await em.transactional(async (tx) => {
        const { campaign, standing } = await this.managedCurrentCampaign(tx, actor, kind);
        const id = await write(tx, campaign, standing);
        const lists = memberLists(fields, kind.writableLists);
        await this.replaceMembers(tx, campaign, { ...kind.members, id }, lists, standing);
        const view = await read(id);
        if (!view) throw ServiceError.notFound();
        const announced = (await showsTemplates(tx, standing, view)) ? undefined : view;
        return { campaignId: campaign.id, view, announced };
      });
    } catch (error) {
      if (isUniqueViolation(error, kind.nameUnique))
        throw ServiceError.validation({ name: [Messages.taken] });
      throw error;
    }
    this.announce(kind, em, changed.campaignId, changed.announced);
    return changed.view;
  }

  /**
   * Creates records together, in one transaction in the current campaign the actor manages, each as `write` does
   * one create: all or none. A record's refusal (its field errors, a name taken or repeated in the batch, as
   * `nameKey` says what the unique index compares) is keyed by its position (`weapons.2.name`). Answers the records
   * as `read` then finds them, in order; announces each, then one reload, once committed.
   */
  async createMany<F extends object, V>(
    kind: RecordKind,
    actor: Actor,
    items: readonly F[],
    nameKey: (fields: F) => string,
    write: (tx: EntityManager, campaign: Campaign, fields: F) => Promise<string>,
    read: (id: string) => Promise<V | null>,
  ): Promise<V[]> {
    const em = unitOfWork(this.orm);
    const created = await em.transactional(async (tx) => {
      const { campaign, standing } = await this.managedCurrentCampaign(tx, actor, kind);
      const repeated = repeatedNameErrors(kind.plural, items.map(nameKey));
      if (Object.keys(repeated).length > 0) throw ServiceError.validation(repeated);
      const ids: string[] = [];
      for (const [position, fields] of items.entries()) {
        try {
          const id = await write(tx, campaign, fields);
          await this.replaceMembers(
            tx,
            campaign,
            { ...kind.members, id },
            memberLists(fields, kind.writableLists),
            standing,
          );
          ids.push(id);
        } catch (error) {
          throw positionedRefusal(kind, position, error);
        }
      }
      const views: V[] = [];
      for (const id of ids) {
        const view = await read(id);
        if (!view) throw ServiceError.notFound();
        views.push(view);
      }
      return { campaignId: campaign.id, views };
    });
    this.announcer.announceMany(em, created.campaignId, kind, created.views);
    return created.views;
  }

  /**
   * Creates (no `id`) or updates a record of the current campaign the actor manages, in one transaction: its
   * common fields, its faction and juncture when it has them, then `more` (members kept elsewhere), answering it as
   * `read` then finds it; 404 for an update of a record the campaign does not have.
   */
  save<V>(
    kind: RecordKind,
    actor: Actor,
    entity: EntityClass<EditableRecord>,
    id: string | undefined,
    fields: RecordFields,
    read: (id: string) => Promise<V | null>,
    more?: (tx: EntityManager, campaign: Campaign, id: string, standing: CampaignStanding) => Promise<void>,
  ): Promise<V> {
    const write: RecordWrite = async (tx, campaign, standing) => {
      let record: EditableRecord;
      if (id === undefined) {
        // A create's body always has a name (its DTO requires one).
        const created = newRecordFields({ ...fields, name: fields.name ?? '' });
        record = tx.create(entity, { campaign, ...created, updatedAt: new Date() });
      } else {
        const found = await tx.findOne(entity, { id, campaign });
        if (!found) throw ServiceError.notFound();
        record = found;
        applyRecordChanges(record, fields);
      }
      await this.setLinks(tx, campaign, record, fields);
      await tx.flush();
      await more?.(tx, campaign, record.id, standing);
      return record.id;
    };
    return this.change(kind, actor, fields, write, read);
  }

  /**
   * Deletes a record of the current campaign the actor manages, in one transaction: refused (422
   * associations_exist) while the members counted refer to it, unless `force`, which unlinks them first.
   */
  async delete<T extends CampaignRecord>(
    kind: RecordKind,
    actor: Actor,
    entity: EntityClass<T>,
    id: string,
    force: boolean,
  ): Promise<{ deleted: true }> {
    const em = unitOfWork(this.orm);
    const campaignId = await em.transactional(async (tx) => {
      const { campaign, standing } = await this.managedCurrentCampaign(tx, actor, kind);
      const record = await tx.findOne(entity as EntityClass<CampaignRecord>, { id, campaign });
      if (!record) throw ServiceError.notFound();
      const { members } = kind;
      const counts: AssociationCounts = {};
      for (const [member, memberEntity] of memberEntries(members.entities)) {
        const property = members.properties?.[member] ?? members.property;
        const where = {
          [property]: record.id,
          ...members.counted?.[member],
          ...membersSeen(member, memberEntity, standing),
        };
        counts[member] = await tx.count(memberEntity, where);
      }
      const refusal = deletionRefusal({ type: kind.entity, id: record.id }, counts, force);
      if (refusal) {
        throw new ServiceError(ErrorCode.ValidationFailed, `Other records belong to this ${kind.entity}`, {
          ...refusal,
        });
      }
      for (const [member, memberEntity] of memberEntries(members.entities)) {
        if (!members.removedWithRecord && (counts[member] ?? 0) > 0) {
          const property = members.properties?.[member] ?? members.property;
          await tx.nativeUpdate(memberEntity, { [property]: record.id }, { [property]: null });
        }
      }
      await tx.nativeDelete(entity as EntityClass<CampaignRecord>, { id: record.id });
      return campaign.id;
    });
    this.announce(kind, em, campaignId);
    return { deleted: true };
  }

  /**
   * Makes each list sent exactly what belongs to the record; the ids must be the campaign's own records (of
   * characters, those the actor may see: see charactersSeenBy).
   */
  private async replaceMembers(
    tx: EntityManager,
    campaign: Campaign,
    owner: { property: string; id: string; entities: MemberEntities },
    lists: MemberLists,
    standing: CampaignStanding,
  ): Promise<void> {
    const seen = (kind: AssociatedKind) => (kind === 'characters' ? charactersSeenBy(standing) : {});
    const found: MemberLists = {};
    for (const [kind, entity] of memberEntries(owner.entities)) {
      const ids = lists[kind];
      if (!ids || ids.length === 0) continue;
      const where = { id: { $in: ids }, campaign: campaign.id, ...seen(kind) };
      const records = await tx.find(entity, where, { fields: ['id'] });
      found[kind] = records.map((record) => record.id);
    }
    const errors = memberListErrors(lists, found);
    if (errors) throw ServiceError.validation(errors);
    for (const [kind, entity] of memberEntries(owner.entities)) {
      const ids = lists[kind];
      if (!ids) continue;
      await tx.nativeUpdate(
        entity,
        { [owner.property]: owner.id, id: { $nin: ids }, ...seen(kind) },
        { [owner.property]: null },
      );
      if (ids.length > 0) await tx.nativeUpdate(entity, { id: { $in: ids } }, { [owner.property]: owner.id });
    }
  }

  /**
   * The campaign's record a link (`faction_id`, `juncture_id`) names: null for null, undefined when not sent,
   * 422 on the field when the campaign has no such record.
   */
  private async linked<T extends CampaignRecord>(
    tx: EntityManager,
    campaign: Campaign,
    link: { field: string; label: string; entity: EntityClass<T> },
    id: string | null | undefined,
  ): Promise<T | null | undefined> {
    if (id === undefined || id === null) return id;
    const record = await tx.findOne(link.entity as EntityClass<CampaignRecord>, {
      id,
      campaign: campaign.id,
    });
    if (!record) throw ServiceError.validation(linkError(link.field, link.label));
    return record as T;
  }

  /**
   * Sets the faction and juncture a body sent (`faction_id`, `juncture_id`; null for none) on a record that has
   * them: 422 on the field when the campaign has no such record.
   */
  async setLinks(
    tx: EntityManager,
    campaign: Campaign,
    record: { faction?: Faction | null; juncture?: Juncture | null },
    fields: { faction_id?: string | null; juncture_id?: string | null },
  ): Promise<void> {
    const faction = await this.linked(tx, campaign, FACTION_LINK, fields.faction_id);
    if (faction !== undefined) record.faction = faction;
    const juncture = await this.linked(tx, campaign, JUNCTURE_LINK, fields.juncture_id);
    if (juncture !== undefined) record.juncture = juncture;
  }

  /**
   * The ids among `ids` of the campaign's records of an entity (that also match `only`: see charactersSeenBy); 422
   * on `field` when any is not one.
   */
  async campaignIds(
    tx: EntityManager,
    campaign: Campaign,
    kind: AssociatedKind,
    entity: EntityClass<CampaignRecord>,
    ids: string[],
    only: object = {},
  ): Promise<string[]> {
    const wanted = [...new Set(ids)];
    const where = { id: { $in: wanted }, campaign: campaign.id, ...only };
    const records = wanted.length > 0 ? await tx.find(entity, where, { fields: ['id'] }) : [];
    const errors = memberListErrors({ [kind]: wanted }, { [kind]: records.map((record) => record.id) });
    if (errors) throw ServiceError.validation(errors);
    return wanted;
  }

  /**
   * The acting user's current campaign, which they must manage, and their standing in it: 404 to outsiders, 403 to
   * its players.
   */
  private async managedCurrentCampaign(
    em: EntityManager,
    actor: Actor,
    kind: RecordKind,
  ): Promise<VisibleCampaign> {
    const current = await this.visibleCurrentCampaign(em, actor);
    if (!canManageCampaign(current.standing)) throw ServiceError.forbidden(kind.gamemasterOnly);
    return current;
  }

  /**
   * The acting user's current campaign and their standing in it, for changes its players may make too: 404 when
   * none is set or it is not theirs to see.
   */
  async visibleCurrentCampaign(em: EntityManager, actor: Actor): Promise<VisibleCampaign> {
    const user = await actingUser(em, actor);
    if (!user.currentCampaignId) throw ServiceError.notFound(NO_CURRENT_CAMPAIGN);
    return findVisibleCampaign(em, user, user.currentCampaignId).catch((error: unknown) => {
      if (error instanceof ServiceError && error.code === ErrorCode.NotFound) {
        throw ServiceError.notFound(NO_CURRENT_CAMPAIGN);
      }
      throw error;
    });
  }

  /**
   * Runs `work` in one transaction in the actor's current campaign, which they must see (what they may do there is
   * for `work` to decide from their standing); a name taken is 422 on `name`. Once committed, announces the record
   * `announced` picks from the answer (none after a delete, nor when it shows a template), then the reload of its
   * kind.
   */
  async inCurrentCampaign<R>(
    kind: RecordKind,
    actor: Actor,
    work: (tx: EntityManager, current: VisibleCampaign) => Promise<R>,
    announced: (result: R) => unknown = () => undefined,
  ): Promise<R> {
    const em = unitOfWork(this.orm);
    let done: { campaignId: string; result: R; view: unknown };
    try {
      done = await em.transactional(async (tx) => {
        const current = await this.visibleCurrentCampaign(tx, actor);
        const result = await work(tx, current);
        const view = announced(result);
        const shown = view && !(await showsTemplates(tx, current.standing, view)) ? view : undefined;
        return { campaignId: current.campaign.id, result, view: shown };
      });
    } catch (error) {
      if (isUniqueViolation(error, kind.nameUnique))
        throw ServiceError.validation({ name: [Messages.taken] });
      throw error;
    }
    this.announce(kind, em, done.campaignId, done.view);
    return done.result;
  }

  /** Once committed: the record as it now is (not after a delete), then the reload of its kind (RecordAnnouncer). */
  private announce(kind: RecordKind, em: EntityManager, campaignId: string, view?: unknown): void {
    this.announcer.announce(em, campaignId, kind, view);
  }
}

/** A batch record's refusal keyed by its position; other errors (403, 404, a failure) as they are. */
function positionedRefusal(kind: RecordKind, position: number, error: unknown): unknown {
  if (isUniqueViolation(error, kind.nameUnique)) {
    return ServiceError.validation(positionedErrors(kind.plural, position, { name: [Messages.taken] }));
  }
  if (error instanceof ServiceError && error.code === ErrorCode.ValidationFailed && error.details?.errors) {
    return ServiceError.validation(
      positionedErrors(kind.plural, position, error.details.errors),
      error.message,
    );
  }
  return error;
}

function memberEntries(entities: MemberEntities): [AssociatedKind, EntityClass<CampaignRecord>][] {
  return ASSOCIATED_KINDS.flatMap((kind) => {
    const entity = entities[kind];
    return entity ? [[kind, entity] as const] : [];
  });
}

interface Named {
  id: string;
  name: string;
  imageId: string | null;
}

type IndexRead<K extends string, Item> = (
  actor: Actor,
  query: RecordIndexParameters,
  window: PageWindow,
) => Compilable<{ campaignId: string | null; total: number; factions: Named[] } & Record<K, Item[]>>;

/**
 * The index of records that belong to factions (junctures, sites, parties) as `{<key>, factions, meta}`: each
 * record as `lite` makes it, or with `autocomplete` as `link` does; 404 without a current campaign to see.
 */
export async function factionRecordIndex<K extends string, Row, Lite, Link>(
  reads: SqlReads,
  actor: Actor,
  query: RecordIndexParameters & { autocomplete?: boolean },
  key: K,
  read: { index: IndexRead<K, Row>; autocomplete: IndexRead<K, Named> },
  views: { lite: (row: Row) => Lite; link: (row: Named) => Link },
) {
  const window = indexWindow(query);
  const answer = async <Item, View>(index: IndexRead<K, Item>, view: (item: Item) => View) => {
    const row = await readInCampaign(reads, actor, index(actor, query, window));
    const records = { [key]: row[key].map(view) } as Record<K, View[]>;
    return { ...records, factions: row.factions.map(factionLink), meta: indexMeta(row.total, window) };
  };
  return query.autocomplete ? answer(read.autocomplete, views.link) : answer(read.index, views.lite);
}
