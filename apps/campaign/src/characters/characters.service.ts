import { Injectable } from '@nestjs/common';
import type { EntityClass, EntityManager } from '@mikro-orm/postgresql';
import {
  ErrorCode,
  ServiceError,
  type Actor,
  type AdvancementFields,
  type AdvancementView,
  type CharacterChangesDto,
  type CharacterFieldsDto,
  type CharactersIndexQuery,
  type CharactersIndexView,
  type CharacterView,
} from '@shotcaller/contracts';
import { JsonText, type Caller } from '@shotcaller/messaging';
import { SqlReads } from '@shotcaller/persistence';
import type { Campaign } from '../campaigns/campaign.entity.js';
import { CampaignMembership } from '../campaigns/campaign.entity.js';
import { readAsActor, type VisibleCampaign } from '../campaigns/campaigns.service.js';
import { Shot } from '../fights/shot.entity.js';
import { PartyMembership } from '../parties/party-membership.entity.js';
import { Party } from '../parties/party.entity.js';
import { Schtick } from '../schticks/schtick.entity.js';
import { deletionRefusal, linkError, type AssociatedKind } from '../shared/association.rules.js';
import {
  CampaignRecordChanges,
  indexMeta,
  indexWindow,
  readInCampaign,
  type CampaignRecord,
  type RecordKind,
} from '../shared/campaign-records.service.js';
import { factionLink } from '../shared/record.serializer.js';
import { Site } from '../sites/site.entity.js';
import { User } from '../users/user.entity.js';
import { Weapon } from '../weapons/weapon.entity.js';
import { Advancement } from './advancement.entity.js';
import { Attunement } from './attunement.entity.js';
import { Carry } from './carry.entity.js';
import { CharacterSchtick } from './character-schtick.entity.js';
import { Character } from './character.entity.js';
import { characterNamesQuery, characterRecordQuery, charactersIndexQuery } from './character.queries.js';
import {
  canChangeCharacter,
  canGiveCharacterTo,
  canSeeTemplates,
  characterValuesToStore,
  copyName,
  copyNameBase,
  defaultCharacterOwner,
  type CharacterValues,
} from './character.rules.js';
import { toAdvancementView, toCharacterAutocompleteView, toCharacterView } from './character.serializer.js';
import { OnboardingMilestones } from '../users/onboarding-milestones.js';
import { NotionSyncQueue } from './notion-sync-queue.js';

export const CHARACTER: RecordKind = {
  entity: 'character',
  plural: 'characters',
  nameUnique: 'characters_campaign_name_unique',
  gamemasterOnly: 'Only the gamemaster or its player can change a character',
  members: { property: 'character', entities: {} },
  writableLists: [],
};

const NOT_YOURS = 'Only the gamemaster or its player can change a character';

/**
 * The lists of records a character holds through a join table, by the `*_ids` field that replaces each: the
 * campaign's record entity, the join entity and its property naming the record.
 */
const CHARACTER_LISTS = [
  { kind: 'schticks', field: 'schtick_ids', record: Schtick, join: CharacterSchtick, property: 'schtick' },
  { kind: 'weapons', field: 'weapon_ids', record: Weapon, join: Carry, property: 'weapon' },
  { kind: 'sites', field: 'site_ids', record: Site, join: Attunement, property: 'site' },
  { kind: 'parties', field: 'party_ids', record: Party, join: PartyMembership, property: 'party' },
] as const satisfies readonly {
  kind: AssociatedKind;
  field: keyof CharacterFieldsDto;
  record: EntityClass<CampaignRecord>;
  join: EntityClass<{ id: string }>;
  property: string;
}[];

type JoinEntity = EntityClass<{ id: string }>;

/** The stored values of a character, as the value rules take them. */
function storedValues(character: Character): CharacterValues {
  return {
    action_values: character.actionValues,
    description: character.description,
    skills: character.skills,
    status: character.status as CharacterValues['status'],
    wealth: character.wealth as CharacterValues['wealth'],
    impairments: character.impairments,
  };
}

/** The values to store from a body, with every field's errors at once (422). */
function valuesToStore(fields: CharacterChangesDto, stored?: Character): CharacterValues {
  const result = characterValuesToStore(fields, stored && storedValues(stored));
  if (!result.ok) throw ServiceError.validation(result.errors);
  return result.value;
}

function applyValues(character: Character, values: CharacterValues): void {
  character.actionValues = values.action_values;
  character.description = values.description;
  character.skills = values.skills;
  character.status = values.status;
  character.wealth = values.wealth;
  character.impairments = values.impairments;
}

/** Sets the plain fields a body sent. */
function applyFields(character: Character, fields: CharacterChangesDto): void {
  if (fields.name !== undefined) character.name = fields.name;
  if (fields.active !== undefined) character.active = fields.active;
  if (fields.is_template !== undefined) character.isTemplate = fields.is_template;
  if (fields.task !== undefined) character.task = fields.task;
  if (fields.color !== undefined) character.color = fields.color;
  if (fields.summary !== undefined) character.summary = fields.summary;
  character.updatedAt = new Date();
}

/**
 * The characters of the caller's current campaign. Its members read them (templates only admins); any member
 * makes characters, which they own (the gamemaster may give one to any player); a player changes and deletes
 * only their own, the gamemaster all of them. Every link must be to the campaign's own records.
 */
@Injectable()
export class CharactersService {
  constructor(
    private readonly reads: SqlReads,
    private readonly records: CampaignRecordChanges,
    private readonly notion: NotionSyncQueue,
  ) {}

  /**
   * The index. Its page of characters comes from PostgreSQL as JSON text and is passed on as it is: the hot read
   * of the character list is neither parsed nor re-serialised here. Tagged, so that a gateway that holds the same
   * bytes for this caller is answered without them.
   */
  async list(
    actor: Actor,
    query: CharactersIndexQuery,
  ): Promise<CharactersIndexView | JsonText<CharactersIndexView>> {
    const window = indexWindow(query);
    const heading = (row: {
      factions: { id: string; name: string; imageId: string | null }[];
      archetypes: string[];
      total: number;
    }) => ({
      factions: row.factions.map(factionLink),
      archetypes: row.archetypes,
      meta: indexMeta(row.total, window),
    });
    if (query.autocomplete) {
      const row = await readInCampaign(this.reads, actor, characterNamesQuery(actor, query, window));
      return { characters: row.characters.map(toCharacterAutocompleteView), ...heading(row) };
    }
    const row = await readInCampaign(this.reads, actor, charactersIndexQuery(actor, query, window));
    return JsonText.tagged(`{"characters":${row.charactersJson},${JSON.stringify(heading(row)).slice(1)}`);
  }

  async get(actor: Actor, id: string): Promise<CharacterView> {
    const { character } = await readInCampaign(this.reads, actor, characterRecordQuery(actor, id));
    if (!character) throw ServiceError.notFound();
    return toCharacterView(character);
  }

  /** Creates a character; with its campaign's Notion integration, its sync is queued in the same transaction. */
  create(actor: Actor, fields: CharacterFieldsDto, caller?: Caller): Promise<CharacterView> {
    return this.records.inCurrentCampaign(
      CHARACTER,
      actor,
      async (tx, current) => {
        const { campaign, standing } = current;
        if (fields.is_template && !canSeeTemplates(standing)) {
          throw ServiceError.forbidden('Only an admin can make templates');
        }
        const ownerId =
          fields.user_id === undefined ? defaultCharacterOwner(standing, actor.id) : fields.user_id;
        const values = valuesToStore(fields);
        const character = tx.create(Character, {
          campaign,
          name: fields.name,
          user: await this.owner(tx, current, actor, ownerId),
          updatedAt: new Date(),
        });
        applyFields(character, fields);
        applyValues(character, values);
        await this.writeLinks(tx, campaign, character, fields);
        await this.reachCharacterMilestone(tx, campaign, character);
        await this.syncToNotion(tx, campaign, character, caller);
        return this.reread(actor, character.id);
      },
      announcedView,
    );
  }

  /** Changes a character; with its campaign's Notion integration, its sync is queued in the same transaction. */
  update(actor: Actor, id: string, changes: CharacterChangesDto, caller?: Caller): Promise<CharacterView> {
    return this.records.inCurrentCampaign(
      CHARACTER,
      actor,
      async (tx, current) => {
        const character = await this.changeable(tx, current, actor, id);
        const { campaign, standing } = current;
        if (
          changes.is_template !== undefined &&
          changes.is_template !== character.isTemplate &&
          !canSeeTemplates(standing)
        ) {
          throw ServiceError.forbidden('Only an admin can make templates');
        }
        if (changes.user_id !== undefined) {
          character.user = await this.owner(tx, current, actor, changes.user_id);
        }
        const values = valuesToStore(changes, character);
        applyFields(character, changes);
        applyValues(character, values);
        await this.writeLinks(tx, campaign, character, changes);
        await this.syncToNotion(tx, campaign, character, caller);
        return this.reread(actor, character.id);
      },
      announcedView,
    );
  }

  /**
   * Deletes a character; while it is in a fight (has shots) or in parties, refused with associations_exist
   * unless `force`, which takes it out of them (its shots and memberships go with it).
   */
  delete(actor: Actor, id: string, force = false): Promise<{ deleted: true }> {
    return this.records.inCurrentCampaign(CHARACTER, actor, async (tx, current) => {
      const character = await this.changeable(tx, current, actor, id);
      const shots = await tx.find(Shot, { character: character.id }, { fields: ['fight'] });
      const counts = {
        fights: new Set(shots.map((shot) => shot.fight.id)).size,
        parties: await tx.count(PartyMembership, { character: character.id }),
      };
      const refusal = deletionRefusal({ type: 'character', id: character.id }, counts, force);
      if (refusal) {
        throw new ServiceError(ErrorCode.ValidationFailed, 'This character is in fights or parties', {
          ...refusal,
          suggestions: [
            'Take the character out of its fights and parties first',
            'Or delete with force=true: it leaves them, and its shots are removed',
          ],
        });
      }
      // Its shots, memberships, carries, attunements, schticks and advancements go with it (on delete cascade).
      await tx.nativeDelete(Character, { id: character.id });
      return { deleted: true as const };
    });
  }

  /**
   * A copy of a character the caller can see, owned by the caller: the same values and links, its advancements,
   * under the first free name "X (1)", "X (2)"... It is never a template.
   */
  duplicate(actor: Actor, id: string, caller?: Caller): Promise<CharacterView> {
    return this.records.inCurrentCampaign(
      CHARACTER,
      actor,
      async (tx, current) => {
        const { campaign, standing } = current;
        const original = await this.visible(tx, current, id);
        const base = copyNameBase(original.name);
        const namesLike = await tx.find(
          Character,
          { campaign, name: { $ilike: `${escapeLike(base)} (%)` } },
          { fields: ['name'] },
        );
        const copy = tx.create(Character, {
          campaign,
          name: copyName(
            original.name,
            namesLike.map((character) => character.name),
          ),
          user: await this.owner(tx, current, actor, defaultCharacterOwner(standing, actor.id)),
          faction: original.faction,
          juncture: original.juncture,
          equippedWeapon: original.equippedWeapon,
          impairments: original.impairments,
          color: original.color,
          wealth: original.wealth,
          summary: original.summary,
          task: original.task,
          isTemplate: false,
          actionValues: { ...original.actionValues },
          description: { ...original.description },
          skills: { ...original.skills },
          status: [...original.status],
          active: original.active,
          updatedAt: new Date(),
        });
        await tx.flush();
        for (const { join, property } of CHARACTER_LISTS) {
          for (const id of await linkedIds(tx, join, property, original.id)) {
            tx.create(join as JoinEntity, { character: copy.id, [property]: id });
          }
        }
        const advancements = await tx.find(
          Advancement,
          { character: original.id },
          { orderBy: { createdAt: 'asc' } },
        );
        for (const advancement of advancements) {
          tx.create(Advancement, { character: copy.id, description: advancement.description });
        }
        await tx.flush();
        await this.reachCharacterMilestone(tx, campaign, copy);
        await this.syncToNotion(tx, campaign, copy, caller);
        return this.reread(actor, copy.id);
      },
      announcedView,
    );
  }

  /** The last step of a change: the character's Notion sync, queued once everything else is written. */
  private async syncToNotion(
    tx: EntityManager,
    campaign: Campaign,
    character: Character,
    caller: Caller | undefined,
  ): Promise<void> {
    await tx.flush();
    await this.notion.enqueue(tx, campaign, character, caller);
  }

  /** A character's advancements, oldest first. */
  async advancements(actor: Actor, characterId: string): Promise<AdvancementView[]> {
    return (await this.get(actor, characterId)).advancements;
  }

  /** Adds an advancement to a character the caller may change; the character is announced with it. */
  addAdvancement(actor: Actor, characterId: string, fields: AdvancementFields): Promise<AdvancementView> {
    return this.changeAdvancements(actor, characterId, async (tx, character) => {
      const advancement = tx.create(Advancement, { character, description: fields.description });
      await tx.flush();
      return advancement;
    });
  }

  updateAdvancement(
    actor: Actor,
    characterId: string,
    id: string,
    fields: AdvancementFields,
  ): Promise<AdvancementView> {
    return this.changeAdvancements(actor, characterId, async (tx, character) => {
      const advancement = await tx.findOne(Advancement, { id, character });
      if (!advancement) throw ServiceError.notFound();
      advancement.description = fields.description;
      advancement.updatedAt = new Date();
      await tx.flush();
      return advancement;
    });
  }

  async deleteAdvancement(actor: Actor, characterId: string, id: string): Promise<{ deleted: true }> {
    await this.changeAdvancements(actor, characterId, async (tx, character) => {
      const deleted = await tx.nativeDelete(Advancement, { id, character });
      if (deleted === 0) throw ServiceError.notFound();
      return undefined;
    });
    return { deleted: true };
  }

  /** A change of a character's advancements: the character changes with them, and is announced. */
  private async changeAdvancements<A extends Advancement | undefined>(
    actor: Actor,
    characterId: string,
    change: (tx: EntityManager, character: Character) => Promise<A>,
  ): Promise<A extends Advancement ? AdvancementView : undefined> {
    const { advancement } = await this.records.inCurrentCampaign(
      CHARACTER,
      actor,
      async (tx, current) => {
        const character = await this.changeable(tx, current, actor, characterId);
        const changed = await change(tx, character);
        character.updatedAt = new Date();
        await tx.flush();
        return {
          advancement:
            changed &&
            toAdvancementView({
              id: changed.id,
              characterId: character.id,
              description: changed.description,
              createdAt: changed.createdAt.toISOString(),
              updatedAt: changed.updatedAt.toISOString(),
            }),
          view: await this.reread(actor, character.id),
        };
      },
      ({ view }) => announcedView(view),
    );
    return advancement as A extends Advancement ? AdvancementView : undefined;
  }

  /** A character of the campaign the actor may see (templates: admins only), or 404. */
  private async visible(tx: EntityManager, { campaign, standing }: VisibleCampaign, id: string) {
    const character = await tx.findOne(Character, { id, campaign });
    if (!character || (character.isTemplate && !canSeeTemplates(standing))) throw ServiceError.notFound();
    return character;
  }

  /** A character the actor may change: 404 when they cannot see it, 403 when it is another player's. */
  private async changeable(tx: EntityManager, current: VisibleCampaign, actor: Actor, id: string) {
    const character = await this.visible(tx, current, id);
    if (!canChangeCharacter(current.standing, actor.id, character.user?.id)) {
      throw ServiceError.forbidden(NOT_YOURS);
    }
    return character;
  }

  /**
   * The owner a body names: a player may only name themselves; whoever is named must play in the campaign (a
   * member or its gamemaster), else 422 on `user_id`. Null leaves the character without one.
   */
  private async owner(
    tx: EntityManager,
    { campaign, standing }: VisibleCampaign,
    actor: Actor,
    ownerId: string | null,
  ): Promise<User | null> {
    if (!canGiveCharacterTo(standing, actor.id, ownerId)) {
      throw ServiceError.forbidden('Only the gamemaster can give a character to another player');
    }
    if (ownerId === null) return null;
    if (ownerId !== campaign.gamemaster.id) {
      const member = await tx.count(CampaignMembership, { campaign: campaign.id, user: ownerId });
      if (member === 0) throw ServiceError.validation(linkError('user_id', 'player'));
    }
    return tx.getReference(User, ownerId);
  }

  /** A character made (not a template) is its owner's onboarding milestone, or the gamemaster's for an NPC. */
  private async reachCharacterMilestone(tx: EntityManager, campaign: Campaign, character: Character) {
    if (character.isTemplate) return;
    await OnboardingMilestones.reach(tx, character.user?.id ?? campaign.gamemaster.id, 'character');
  }

  /**
   * Writes the character with its faction, juncture and equipped weapon (the campaign's own, else 422 on the
   * field), then makes each list sent (`schtick_ids`, `weapon_ids`, `site_ids`, `party_ids`) exactly what it holds.
   */
  private async writeLinks(
    tx: EntityManager,
    campaign: Campaign,
    character: Character,
    fields: CharacterChangesDto,
  ): Promise<void> {
    await this.records.setLinks(tx, campaign, character, fields);
    if (fields.equipped_weapon_id !== undefined) {
      let weapon: Weapon | null = null;
      if (fields.equipped_weapon_id !== null) {
        weapon = await tx.findOne(Weapon, { id: fields.equipped_weapon_id, campaign: campaign.id });
        if (!weapon) throw ServiceError.validation(linkError('equipped_weapon_id', 'weapon'));
      }
      character.equippedWeapon = weapon;
    }
    await tx.flush();
    for (const { kind, field, record, join, property } of CHARACTER_LISTS) {
      const sent = fields[field];
      if (sent === undefined) continue;
      const ids = await this.records.campaignIds(tx, campaign, kind, record, sent);
      const joins = join as JoinEntity;
      await tx.nativeDelete(joins, { character: character.id, [property]: { $nin: ids } });
      const held = new Set(await linkedIds(tx, joins, property, character.id));
      for (const id of ids.filter((linked) => !held.has(linked))) {
        tx.create(joins, { character: character.id, [property]: id });
      }
    }
    await tx.flush();
  }

  /** The character as it reads inside the transaction of its change (so with its writes). */
  private async reread(actor: Actor, id: string): Promise<CharacterView> {
    const { character } = await readAsActor(this.reads, actor, characterRecordQuery(actor, id));
    if (!character) throw ServiceError.notFound();
    return toCharacterView(character);
  }
}

/**
 * What the campaign's realtime subject, which every member follows, carries of a changed character: the character,
 * unless it is a template (an admin's only: then only the reload of the list goes out).
 */
function announcedView(view: CharacterView): CharacterView | undefined {
  return view.is_template ? undefined : view;
}

/** The ids of the records a character holds through a join entity (its `property` names them). */
async function linkedIds(
  tx: EntityManager,
  join: JoinEntity,
  property: string,
  characterId: string,
): Promise<string[]> {
  const rows = await tx.find(join, { character: characterId }, { fields: [property] as never });
  return (rows as unknown as Record<string, { id: string }>[]).map((row) => row[property].id);
}

/** `term` for (I)LIKE with its own wildcards taken literally. */
function escapeLike(term: string): string {
  return term.replace(/[\\%_]/g, (character) => `\\${character}`);
}
