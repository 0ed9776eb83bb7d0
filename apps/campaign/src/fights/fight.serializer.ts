import type {
  CharacterEffectView,
  EffectSeverity,
  FightAutocompleteView,
  FightEffectView,
  FightEventView,
  FightLiteView,
  FightView,
} from '@shotcaller/contracts';
import {
  characterLink,
  imagePositions,
  toCharacterLiteView,
  toVehicleLiteView,
  vehicleLink,
  type CharacterLiteRow,
  type Named,
  type Pictured,
  type Stamped,
  type VehicleLiteRow,
} from '../shared/record.serializer.js';
import { imageUrl } from '../shared/image-urls.js';

/** A fight's own columns, as fight.queries.ts reads them. */
interface FightOwnRow extends Named, Stamped {
  campaignId: string;
  description: string | null;
  active: boolean;
  archived: boolean;
  sequence: number;
  season: number | null;
  session: number | null;
  actionId: string | null;
  startedAt: string | null;
  endedAt: string | null;
}

/** A fight row of the index: its combatants' names. */
export interface FightRow extends FightOwnRow {
  characters: Pictured[];
  vehicles: Pictured[];
}

export interface FightEffectRow {
  id: string;
  name: string;
  description: string | null;
  severity: string;
  start_sequence: number | null;
  end_sequence: number | null;
  start_shot: number | null;
  end_shot: number | null;
}

export interface CharacterEffectRow {
  id: string;
  name: string;
  description: string | null;
  severity: string;
  action_value: string | null;
  change: string | null;
  shot_id: string;
  character_id: string | null;
  vehicle_id: string | null;
}

/** A fight row of the record read: its combatants in full, one id per shot, its effects. */
export interface FightRecordRow extends FightOwnRow {
  characters: CharacterLiteRow[];
  vehicles: VehicleLiteRow[];
  characterIds: string[];
  vehicleIds: string[];
  effects: FightEffectRow[];
  characterEffects: CharacterEffectRow[];
}

export interface FightEventRow {
  id: string;
  fight_id: string;
  event_type: string;
  description: string;
  details: Record<string, unknown> | null;
  created_at: string;
}

export function toFightAutocompleteView({ id, name, imageId }: Pictured): FightAutocompleteView {
  return { id, name, image_url: imageUrl(imageId), entity_class: 'Fight' };
}

function ownFields(row: FightOwnRow) {
  return {
    id: row.id,
    name: row.name,
    entity_class: 'Fight' as const,
    image_url: imageUrl(row.imageId),
    image_positions: imagePositions(row.imagePositions),
    description: row.description,
    active: row.active,
    sequence: row.sequence,
    started_at: row.startedAt,
    ended_at: row.endedAt,
    season: row.season,
    session: row.session,
    created_at: row.createdAt,
    updated_at: row.updatedAt,
  };
}

export function toFightLiteView(row: FightRow): FightLiteView {
  const characters = row.characters.map(characterLink);
  return { ...ownFields(row), characters, vehicles: row.vehicles.map(vehicleLink), actors: characters };
}

function toFightEffectView(row: FightEffectRow): FightEffectView {
  return { ...row, severity: row.severity as EffectSeverity };
}

/** The effects on the fight's shots, listed by shot id: those on characters' shots, and on vehicles'. */
function effectsByShot(rows: CharacterEffectRow[]) {
  const characters: Record<string, CharacterEffectView[]> = {};
  const vehicles: Record<string, CharacterEffectView[]> = {};
  for (const row of rows) {
    const byShot = row.character_id ? characters : vehicles;
    (byShot[row.shot_id] ??= []).push({ ...row, severity: row.severity as EffectSeverity });
  }
  return { characters, vehicles };
}

/** The fight with its combatants (each once), one id per shot, and its effects. */
export function toFightView(row: FightRecordRow): FightView {
  const characters = row.characters.map(toCharacterLiteView);
  const effects = effectsByShot(row.characterEffects);
  return {
    ...ownFields(row),
    characters,
    vehicles: row.vehicles.map(toVehicleLiteView),
    actors: characters,
    character_ids: row.characterIds,
    vehicle_ids: row.vehicleIds,
    archived: row.archived,
    action_id: row.actionId,
    effects: row.effects.map(toFightEffectView),
    character_effects: effects.characters,
    vehicle_effects: effects.vehicles,
  };
}

export function toFightEventView(row: FightEventRow): FightEventView {
  return { ...row };
}
