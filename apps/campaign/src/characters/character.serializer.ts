import type {
  AdvancementView,
  CharacterAutocompleteView,
  CharacterOwnerView,
  CharacterView,
  SchtickLiteView,
  ValueMap,
  Wealth,
  WeaponLiteView,
} from '@shotcaller/contracts';
import { toPartyLiteView, type PartyRow } from '../parties/party.serializer.js';
import {
  imagePositions,
  junctureLink,
  toCharacterLiteView,
  type CharacterLiteRow,
  type ImagePositionRow,
  type Pictured,
} from '../shared/record.serializer.js';
import { imageUrl } from '../shared/image-urls.js';
import { toSiteLiteView, type SiteRow } from '../sites/site.serializer.js';

interface StampedRow {
  createdAt: string;
  updatedAt: string;
}

interface SchtickLiteRow extends Pictured, StampedRow {
  description: string | null;
  category: string | null;
  path: string | null;
  color: string | null;
  prerequisiteId: string | null;
  active: boolean;
  imagePositions: ImagePositionRow[];
}

interface WeaponLiteRow extends Pictured, StampedRow {
  description: string | null;
  damage: number;
  concealment: number | null;
  reloadValue: number | null;
  juncture: string | null;
  category: string | null;
  mookBonus: number;
  kachunk: boolean;
  active: boolean;
  imagePositions: ImagePositionRow[];
}

/** An advancement as the reads select it. */
export interface AdvancementRow extends StampedRow {
  id: string;
  characterId: string;
  description: string;
}

/** A character as characterRecordQuery reads it (see character.queries.ts). */
export interface CharacterRecordRow extends CharacterLiteRow {
  color: string | null;
  impairments: number;
  wealth: string | null;
  summary: string | null;
  task: boolean;
  skills: ValueMap;
  status: string[];
  equippedWeaponId: string | null;
  notionPageId: string | null;
  lastSyncedToNotionAt: string | null;
  juncture: Pictured | null;
  user: { id: string; firstName: string; lastName: string; email: string } | null;
  schticks: SchtickLiteRow[];
  weapons: WeaponLiteRow[];
  sites: SiteRow[];
  parties: PartyRow[];
  advancements: AdvancementRow[];
}

export function toCharacterAutocompleteView({ id, name, imageId }: Pictured): CharacterAutocompleteView {
  return { id, name, image_url: imageUrl(imageId), entity_class: 'Character' };
}

export function toAdvancementView(row: AdvancementRow): AdvancementView {
  return {
    id: row.id,
    character_id: row.characterId,
    description: row.description,
    created_at: row.createdAt,
    updated_at: row.updatedAt,
  };
}

function toOwnerView(user: NonNullable<CharacterRecordRow['user']>): CharacterOwnerView {
  return {
    id: user.id,
    name: `${user.firstName} ${user.lastName}`.trim(),
    first_name: user.firstName,
    last_name: user.lastName,
    email: user.email,
    image_url: null,
    entity_class: 'User',
  };
}

function toSchtickLiteView(row: SchtickLiteRow): SchtickLiteView {
  return {
    id: row.id,
    name: row.name,
    entity_class: 'Schtick',
    image_url: imageUrl(row.imageId),
    image_positions: imagePositions(row.imagePositions),
    description: row.description,
    category: row.category,
    path: row.path,
    color: row.color,
    prerequisite_id: row.prerequisiteId,
    active: row.active,
    created_at: row.createdAt,
    updated_at: row.updatedAt,
  };
}

function toWeaponLiteView(row: WeaponLiteRow): WeaponLiteView {
  return {
    id: row.id,
    name: row.name,
    entity_class: 'Weapon',
    image_url: imageUrl(row.imageId),
    image_positions: imagePositions(row.imagePositions),
    description: row.description,
    damage: row.damage,
    concealment: row.concealment,
    reload_value: row.reloadValue,
    juncture: row.juncture,
    category: row.category,
    mook_bonus: row.mookBonus,
    kachunk: row.kachunk,
    active: row.active,
    created_at: row.createdAt,
    updated_at: row.updatedAt,
  };
}

const idsOf = (records: { id: string }[]) => records.map(({ id }) => id);

/** The character with everything it has: its player, juncture, schticks, weapons, sites, parties, advancements. */
export function toCharacterView(row: CharacterRecordRow): CharacterView {
  const schticks = row.schticks.map(toSchtickLiteView);
  const weapons = row.weapons.map(toWeaponLiteView);
  const sites = row.sites.map(toSiteLiteView);
  const parties = row.parties.map(toPartyLiteView);
  const advancements = row.advancements.map(toAdvancementView);
  return {
    ...toCharacterLiteView(row),
    color: row.color,
    impairments: row.impairments,
    wealth: row.wealth as Wealth | null,
    summary: row.summary,
    task: row.task,
    skills: row.skills,
    status: row.status,
    equipped_weapon_id: row.equippedWeaponId,
    notion_page_id: row.notionPageId,
    last_synced_to_notion_at: row.lastSyncedToNotionAt,
    user: row.user ? toOwnerView(row.user) : null,
    juncture: row.juncture ? junctureLink(row.juncture) : null,
    schtick_ids: idsOf(schticks),
    weapon_ids: idsOf(weapons),
    site_ids: idsOf(sites),
    party_ids: idsOf(parties),
    advancement_ids: idsOf(advancements),
    schticks,
    weapons,
    sites,
    parties,
    advancements,
  };
}
