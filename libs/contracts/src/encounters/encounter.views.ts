import { ApiProperty } from '@nestjs/swagger';
import { CharacterOwnerView } from '../characters/character.lite.views.js';
import { CHARACTER_STATUSES } from '../characters/character-values.js';
import type { ValueMap } from '../characters/value-maps.js';
import { FactionAutocompleteView } from '../factions/faction.autocomplete.views.js';
import { CharacterEffectView, FightEffectView } from '../fights/effect.views.js';
import { CHASE_POSITIONS, type ChasePosition } from '../vehicles/vehicle-values.js';

/*
 * `GET /api/v2/encounters/:id` and the `{encounter}` broadcast. Client: `Encounter` and `Shot` in
 * src/types/encounters.ts, read across src/components/encounters and src/services/FightService.ts,
 * VehicleService.ts and CharacterService.ts. Fields beyond the Rails EncounterSerializer are marked: the client
 * reads them.
 */

/**
 * The vehicle a character drives, on the character's entry. Client: CharacterService.driving, rollInitiative.
 */
export class EncounterDrivingView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['Vehicle'] }) entity_class: 'Vehicle';
  @ApiProperty({ format: 'uuid', description: "The vehicle's shot" }) shot_id: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) action_values: ValueMap;
  @ApiProperty({ type: String, nullable: true }) image_url: string | null;
  @ApiProperty({ type: String, nullable: true }) color: string | null;
  @ApiProperty() impairments: number;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) faction_id: string | null;
  @ApiProperty({ type: () => FactionAutocompleteView, nullable: true })
  faction: FactionAutocompleteView | null;
}

/**
 * The character driving a vehicle, on the vehicle's entry. Rails sent id, name, entity_class and shot_id; the
 * client also reads the driver's skills (Driving), Type and impairments (VehicleService.mainAttackValue,
 * totalImpairments), so they are here too.
 */
export class EncounterDriverView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['Character'] }) entity_class: 'Character';
  @ApiProperty({ format: 'uuid', description: "The driver's shot" }) shot_id: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) action_values: ValueMap;
  @ApiProperty({ type: 'object', additionalProperties: true }) skills: ValueMap;
  @ApiProperty() impairments: number;
}

/** An active chase between two vehicles of the fight. Client: `ChaseRelationship`, VehicleService.position. */
export class EncounterChaseRelationshipView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: CHASE_POSITIONS }) position: ChasePosition;
  @ApiProperty({ format: 'uuid' }) pursuer_id: string;
  @ApiProperty({ format: 'uuid' }) evader_id: string;
  @ApiProperty({ description: 'Whether this vehicle is the pursuer' }) is_pursuer: boolean;
}

/** A character's entry in a shot. */
export class EncounterCharacterView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['Character'] }) entity_class: 'Character';
  @ApiProperty({ enum: ['character'], description: 'Added: SharedService.isCharacter reads it' })
  category: 'character';
  @ApiProperty({ type: String, nullable: true }) image_url: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) action_values: ValueMap;
  @ApiProperty({ type: 'object', additionalProperties: true }) skills: ValueMap;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) faction_id: string | null;
  @ApiProperty({ type: () => FactionAutocompleteView, nullable: true })
  faction: FactionAutocompleteView | null;
  @ApiProperty({ type: String, nullable: true }) color: string | null;
  @ApiProperty({ description: "The shot's count: an NPC's wounds, a mook group's size" }) count: number;
  @ApiProperty({ description: "A PC's own impairments, else the shot's" }) impairments: number;
  @ApiProperty({ format: 'uuid' }) shot_id: string;
  @ApiProperty({ type: Number, nullable: true, description: 'null: hidden' }) current_shot: number | null;
  @ApiProperty({ type: String, nullable: true }) location: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: "The driven vehicle's shot" })
  driving_id: string | null;
  @ApiProperty({ type: () => EncounterDrivingView, nullable: true }) driving: EncounterDrivingView | null;
  @ApiProperty({ type: [String] }) weapon_ids: string[];
  @ApiProperty({ type: [String] }) schtick_ids: string[];
  @ApiProperty({ type: [CharacterEffectView] }) effects: CharacterEffectView[];
  @ApiProperty({
    type: [String],
    example: CHARACTER_STATUSES,
    description: 'Added: the up check and escape panels',
  })
  status: string[];
  @ApiProperty({ description: 'Added: SharedService.woundsLabel reads it' }) task: boolean;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) user_id: string | null;
  @ApiProperty({
    type: () => CharacterOwnerView,
    nullable: true,
    description: "Added: FightService.users lists the PCs' players",
  })
  user: CharacterOwnerView | null;
}

/** A vehicle's entry in a shot. */
export class EncounterVehicleView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['Vehicle'] }) entity_class: 'Vehicle';
  @ApiProperty({ enum: ['vehicle'], description: 'Added: SharedService.isVehicle reads it' })
  category: 'vehicle';
  @ApiProperty({ type: String, nullable: true }) image_url: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) action_values: ValueMap;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) faction_id: string | null;
  @ApiProperty({ type: String, nullable: true }) color: string | null;
  @ApiProperty({ description: "Added: the shot's count (a mook vehicle group)" }) count: number;
  @ApiProperty({ description: 'Added: VehicleService.totalImpairments reads it' }) impairments: number;
  @ApiProperty({ format: 'uuid' }) shot_id: string;
  @ApiProperty({ type: Number, nullable: true, description: 'null: hidden' }) current_shot: number | null;
  @ApiProperty({ type: String, nullable: true }) location: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: "The driver's shot" })
  driver_id: string | null;
  @ApiProperty({ type: () => EncounterDriverView, nullable: true }) driver: EncounterDriverView | null;
  @ApiProperty({ type: [CharacterEffectView] }) effects: CharacterEffectView[];
  @ApiProperty({ type: [EncounterChaseRelationshipView] })
  chase_relationships: EncounterChaseRelationshipView[];
  @ApiProperty({ description: 'Rammed, sideswiped or shot at in this chase' }) was_rammed_or_damaged: boolean;
  @ApiProperty() is_defeated_in_chase: boolean;
  @ApiProperty({ enum: ['crashed', 'boxed_in'], nullable: true }) defeat_type: 'crashed' | 'boxed_in' | null;
  @ApiProperty({ description: 'Chase Points that defeat it: 35, or 50 with a Boss driver' })
  defeat_threshold: number;
}

/** The combatants at one shot value, highest first; `shot: null` holds the hidden ones, last. */
export class EncounterShotView {
  @ApiProperty({ type: Number, nullable: true }) shot: number | null;
  @ApiProperty({
    type: [EncounterCharacterView],
    description:
      'Uber-Boss, Boss, PC, Ally, Featured Foe, Mook; then Speed minus impairments, descending; then name',
  })
  characters: EncounterCharacterView[];
  @ApiProperty({ type: [EncounterVehicleView] }) vehicles: EncounterVehicleView[];
}

export class EncounterView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['Fight'] }) entity_class: 'Fight';
  @ApiProperty() name: string;
  @ApiProperty({ description: 'The round' }) sequence: number;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) started_at: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) ended_at: string | null;
  @ApiProperty({ type: String, nullable: true }) image_url: string | null;
  @ApiProperty({ type: [String], description: 'One entry per shot' }) character_ids: string[];
  @ApiProperty({ type: [String] }) vehicle_ids: string[];
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) action_id: string | null;
  @ApiProperty({ type: [EncounterShotView], description: 'Descending by shot' }) shots: EncounterShotView[];
  @ApiProperty({
    type: [FightEffectView],
    description:
      'Added: the fight-wide effects on at this sequence and current shot (from their start, included, to their end, excluded)',
  })
  effects: FightEffectView[];
}
