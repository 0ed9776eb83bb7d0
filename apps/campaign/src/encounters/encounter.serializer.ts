import type {
  CharacterEffectView,
  ChasePosition,
  EffectSeverity,
  EncounterCharacterView,
  EncounterChaseRelationshipView,
  EncounterShotView,
  EncounterVehicleView,
  EncounterView,
  FightEffectView,
  ValueMap,
} from '@shotcaller/contracts';
import {
  chaseDefeat,
  chaseDefeatThreshold,
  characterTypeOf,
  currentShot,
  groupByShot,
  isEffectActive,
  storedInteger,
  type CharacterType,
  type ChaseVehicle,
  type ShotEntry,
} from '../fights/rules/index.js';
import { imageUrl } from '../shared/image-urls.js';
import { factionLink, type Named, type Pictured } from '../shared/record.serializer.js';

// ---- Rows as encounter.queries.ts reads them ----

export interface EncounterCharacterRow extends Pictured {
  actionValues: ValueMap;
  skills: ValueMap;
  factionId: string | null;
  faction: Pictured | null;
  color: string | null;
  impairments: number;
  status: string[];
  task: boolean;
  userId: string | null;
  user: { id: string; firstName: string; lastName: string; email: string } | null;
  weaponIds: string[];
  schtickIds: string[];
}

export interface EncounterVehicleRow extends Pictured {
  actionValues: ValueMap;
  factionId: string | null;
  faction: Pictured | null;
  color: string | null;
  impairments: number;
  userId: string | null;
}

export interface CharacterEffectRow extends Named {
  description: string | null;
  severity: string;
  action_value: string | null;
  change: string | null;
}

export interface EncounterShotRow {
  id: string;
  shot: number | null;
  count: number;
  impairments: number;
  color: string | null;
  location: string | null;
  wasRammedOrDamaged: boolean;
  characterId: string | null;
  vehicleId: string | null;
  driverId: string | null;
  drivingId: string | null;
  character: EncounterCharacterRow | null;
  vehicle: EncounterVehicleRow | null;
  driving:
    | (Pictured & {
        shotId: string;
        actionValues: ValueMap;
        color: string | null;
        impairments: number;
        factionId: string | null;
        faction: Pictured | null;
      })
    | null;
  driver: (Named & { shotId: string; actionValues: ValueMap; skills: ValueMap; impairments: number }) | null;
  effects: CharacterEffectRow[];
  chaseRelationships: { id: string; position: string; pursuerId: string; evaderId: string }[];
}

export interface FightEffectRow extends Named {
  description: string | null;
  severity: string;
  start_sequence: number | null;
  end_sequence: number | null;
  start_shot: number | null;
  end_shot: number | null;
}

export interface EncounterRow {
  id: string;
  campaignId: string;
  name: string;
  imageId: string | null;
  description: string | null;
  sequence: number;
  startedAt: string | null;
  endedAt: string | null;
  actionId: string | null;
  effects: FightEffectRow[];
  shots: EncounterShotRow[];
}

// ---- Ordering ----

/** Who a shot row is for the ordering: an unknown Type orders as the last kind (as Rails' COALESCE did). */
function orderingType(actionValues: ValueMap): CharacterType {
  return characterTypeOf(actionValues) ?? 'Mook';
}

/** Whether a character keeps impairments (and wounds) on itself rather than on its shot. */
function isPc(actionValues: ValueMap): boolean {
  return characterTypeOf(actionValues) === 'PC';
}

/** The impairments an entry shows: a PC's own, anyone else's on the shot. */
export function shotImpairments(row: EncounterShotRow): number {
  return row.character && isPc(row.character.actionValues) ? row.character.impairments : row.impairments;
}

/**
 * A shot row as the ordering rules see it. A character: its type, Speed and impairments. A vehicle: its
 * driver's type (its own when nobody drives), its Acceleration and its shot's impairments.
 */
export function shotEntryOf(row: EncounterShotRow): ShotEntry & { row: EncounterShotRow } {
  if (row.character) {
    return {
      id: row.id,
      name: row.character.name,
      type: orderingType(row.character.actionValues),
      speed: storedInteger(row.character.actionValues.Speed),
      impairments: shotImpairments(row),
      shot: row.shot,
      row,
    };
  }
  const vehicle = row.vehicle;
  return {
    id: row.id,
    name: vehicle?.name ?? '',
    type: orderingType(row.driver?.actionValues ?? vehicle?.actionValues ?? {}),
    speed: storedInteger(vehicle?.actionValues.Acceleration),
    impairments: row.impairments,
    shot: row.shot,
    row,
  };
}

// ---- Views ----

function severity(value: string): EffectSeverity {
  return value as EffectSeverity;
}

function characterEffects(row: EncounterShotRow): CharacterEffectView[] {
  return row.effects.map((effect) => ({
    id: effect.id,
    name: effect.name,
    description: effect.description,
    severity: severity(effect.severity),
    action_value: effect.action_value,
    change: effect.change,
    shot_id: row.id,
    character_id: row.characterId,
    vehicle_id: row.vehicleId,
  }));
}

function toCharacterEntry(row: EncounterShotRow, character: EncounterCharacterRow): EncounterCharacterView {
  const { driving } = row;
  return {
    id: character.id,
    name: character.name,
    entity_class: 'Character',
    category: 'character',
    image_url: imageUrl(character.imageId),
    action_values: character.actionValues,
    skills: character.skills,
    faction_id: character.factionId,
    faction: character.faction ? factionLink(character.faction) : null,
    color: row.color ?? character.color,
    count: row.count,
    impairments: shotImpairments(row),
    shot_id: row.id,
    current_shot: row.shot,
    location: row.location,
    driving_id: row.drivingId,
    driving: driving
      ? {
          id: driving.id,
          name: driving.name,
          entity_class: 'Vehicle',
          shot_id: driving.shotId,
          action_values: driving.actionValues,
          image_url: imageUrl(driving.imageId),
          color: driving.color,
          impairments: driving.impairments,
          faction_id: driving.factionId,
          faction: driving.faction ? factionLink(driving.faction) : null,
        }
      : null,
    weapon_ids: character.weaponIds,
    schtick_ids: character.schtickIds,
    effects: characterEffects(row),
    status: character.status,
    task: character.task,
    user_id: character.userId,
    user: character.user
      ? {
          id: character.user.id,
          name: `${character.user.firstName} ${character.user.lastName}`,
          first_name: character.user.firstName,
          last_name: character.user.lastName,
          email: character.user.email,
          image_url: null,
          entity_class: 'User',
        }
      : null,
  };
}

/** A vehicle of the encounter as the chase rules see it. */
export function chaseVehicleOf(row: EncounterShotRow, vehicle: EncounterVehicleRow): ChaseVehicle {
  return {
    name: vehicle.name,
    actionValues: vehicle.actionValues,
    wasRammedOrDamaged: row.wasRammedOrDamaged,
    driverType: row.driver ? (characterTypeOf(row.driver.actionValues) ?? null) : null,
  };
}

function toVehicleEntry(row: EncounterShotRow, vehicle: EncounterVehicleRow): EncounterVehicleView {
  const chase = chaseVehicleOf(row, vehicle);
  const defeat = chaseDefeat(chase);
  const { driver } = row;
  return {
    id: vehicle.id,
    name: vehicle.name,
    entity_class: 'Vehicle',
    category: 'vehicle',
    image_url: imageUrl(vehicle.imageId),
    action_values: vehicle.actionValues,
    faction_id: vehicle.factionId,
    color: row.color ?? vehicle.color,
    count: row.count,
    impairments: row.impairments,
    shot_id: row.id,
    current_shot: row.shot,
    location: row.location,
    driver_id: row.driverId,
    driver: driver
      ? {
          id: driver.id,
          name: driver.name,
          entity_class: 'Character',
          shot_id: driver.shotId,
          action_values: driver.actionValues,
          skills: driver.skills,
          impairments: driver.impairments,
        }
      : null,
    effects: characterEffects(row),
    chase_relationships: row.chaseRelationships.map((chaseRow): EncounterChaseRelationshipView => ({
      id: chaseRow.id,
      position: chaseRow.position as ChasePosition,
      pursuer_id: chaseRow.pursuerId,
      evader_id: chaseRow.evaderId,
      is_pursuer: chaseRow.pursuerId === vehicle.id,
    })),
    was_rammed_or_damaged: row.wasRammedOrDamaged,
    is_defeated_in_chase: defeat !== null,
    defeat_type: defeat,
    defeat_threshold: chaseDefeatThreshold(chase),
  };
}

function toFightEffectView(effect: FightEffectRow): FightEffectView {
  return {
    id: effect.id,
    name: effect.name,
    description: effect.description,
    severity: severity(effect.severity),
    start_sequence: effect.start_sequence,
    end_sequence: effect.end_sequence,
    start_shot: effect.start_shot,
    end_shot: effect.end_shot,
  };
}

/**
 * The encounter: its shots grouped by shot value, highest first and hidden last, each group in the order of the
 * rules (groupByShot); the fight-wide effects on at its sequence and current shot. A shot row whose character or
 * vehicle is gone (deleted in between) is left out.
 */
export function toEncounterView(row: EncounterRow): EncounterView {
  const present = row.shots.filter((shotRow) => shotRow.character ?? shotRow.vehicle);
  const groups = groupByShot(present.map(shotEntryOf));
  const shots = groups.map((group): EncounterShotView => ({
    shot: group.shot,
    characters: group.entries.flatMap(({ row: entry }) =>
      entry.character ? [toCharacterEntry(entry, entry.character)] : [],
    ),
    vehicles: group.entries.flatMap(({ row: entry }) =>
      entry.vehicle ? [toVehicleEntry(entry, entry.vehicle)] : [],
    ),
  }));
  const now = { sequence: row.sequence, shot: currentShot(present.map((shotRow) => shotRow.shot)) };
  return {
    id: row.id,
    entity_class: 'Fight',
    name: row.name,
    sequence: row.sequence,
    description: row.description,
    started_at: row.startedAt,
    ended_at: row.endedAt,
    image_url: imageUrl(row.imageId),
    character_ids: present.flatMap((shotRow) => (shotRow.characterId ? [shotRow.characterId] : [])),
    vehicle_ids: present.flatMap((shotRow) => (shotRow.vehicleId ? [shotRow.vehicleId] : [])),
    action_id: row.actionId,
    shots,
    effects: row.effects
      .filter((effect) =>
        isEffectActive(
          {
            startSequence: effect.start_sequence,
            startShot: effect.start_shot,
            endSequence: effect.end_sequence,
            endShot: effect.end_shot,
          },
          now,
        ),
      )
      .map(toFightEffectView),
  };
}
