import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDefined,
  IsIn,
  IsInt,
  IsObject,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  registerDecorator,
  ValidateIf,
  ValidateNested,
  type ValidationArguments,
} from 'class-validator';
import { BlankAsAbsent, Optional } from '../input-rules.js';
import { Trim } from '../rules.js';
import { Messages } from '../validation.js';
import {
  CHARACTER_ACTION_VALUE_RULES,
  CHARACTER_INTEGER_ACTION_VALUES,
  CHARACTER_STATUSES,
  StatusList,
} from '../characters/character-values.js';
import {
  OptionalChoice,
  OptionalFlag,
  OptionalLink,
  OptionalWholeNumber,
  WholeNumberText,
} from '../characters/record-rules.js';
import {
  IsValueMap,
  VALUE_MAP_INTEGER_MAX,
  WholeNumbersIn,
  type ValueMap,
  type ValueMapRules,
} from '../characters/value-maps.js';
import {
  EVENT_DETAIL_RULES,
  FIGHT_EVENT_DESCRIPTION_MAX,
  FIGHT_EVENT_TYPE_MAX,
} from '../fights/fight.dtos.js';
import {
  FIGHT_COMBATANTS_MAX,
  SHOT_COST_MAX,
  SHOT_COUNT_MAX,
  SHOT_IMPAIRMENTS_MAX,
  SHOT_MAX,
  SHOT_MIN,
} from '../fights/shot.dtos.js';
import {
  CHASE_POSITIONS,
  VEHICLE_ACTION_VALUE_RULES,
  VEHICLE_INTEGER_ACTION_VALUES,
  type ChasePosition,
} from '../vehicles/vehicle-values.js';

/** Updates one combat or chase action may carry (a mook attack touches one entry per target). */
export const COMBAT_UPDATES_MAX = 200;
/** Far beyond any swerve or Fortune die: exploding dice rarely pass 20. */
export const SWERVE_MAX = 1_000;
/**
 * The lowest `shot` a combat update may name. The client sends the attacker's new shot (its current shot
 * minus the
 * cost, src/components/encounters/attacks/combatHandlers.ts) without clamping; the server clamps at SHOT_MIN.
 */
export const COMBAT_SHOT_MIN = SHOT_MIN - SHOT_COST_MAX;

/** A combat update's `action_values`: a character's or a vehicle's (the target may be either). */
export const COMBAT_ACTION_VALUE_RULES: ValueMapRules = {
  ...CHARACTER_ACTION_VALUE_RULES,
  integerKeys: [...CHARACTER_INTEGER_ACTION_VALUES, ...VEHICLE_INTEGER_ACTION_VALUES],
};

/** Free-form `attributes` of a combat update (Rails permitted them; e.g. `{status: "active"}`). */
export const COMBAT_ATTRIBUTE_RULES: ValueMapRules = {
  maxKeys: 20,
  textMax: 100,
  other: { numbers: true, text: true, booleans: true, nulls: true },
};

/** `PATCH /api/v2/encounters/:id/update_initiatives`: one entry. Client: fightClient.updateInitiatives. */
export class InitiativeEntryDto {
  @ApiProperty({ format: 'uuid', description: 'The shot (initiative entry) id' })
  @IsUUID('all', { message: Messages.invalid })
  id: string;

  @ApiProperty({ minimum: SHOT_MIN, maximum: SHOT_MAX })
  @WholeNumberText()
  @IsInt({ message: 'must be a whole number' })
  @Min(SHOT_MIN, { message: `must be at least ${SHOT_MIN}` })
  @Max(SHOT_MAX, { message: `must be at most ${SHOT_MAX}` })
  shot: number;
}

/** Sets each named entry's shot; the server then starts the next sequence. */
export class UpdateInitiativesBody {
  @ApiProperty({ type: [InitiativeEntryDto] })
  @IsDefined({ message: Messages.blank })
  @IsArray({ message: 'must be a list' })
  @ArrayMaxSize(FIGHT_COMBATANTS_MAX)
  @ValidateNested({ each: true })
  @Type(() => InitiativeEntryDto)
  shots: InitiativeEntryDto[];
}

/**
 * `PATCH /api/v2/encounters/:id/act`. Client: characterClient.spendShots / fightClient.spendShots
 * (`{shot_id, shots, action_id}`; SpendShotsPanel passes `action_id: null`).
 */
export class ActBody {
  @ApiProperty({ format: 'uuid', description: 'The acting entry' })
  @IsUUID('all', { message: Messages.invalid })
  shot_id: string;

  @ApiPropertyOptional({ default: 3, minimum: 0, maximum: SHOT_COST_MAX, description: 'The cost, in shots' })
  @OptionalWholeNumber(0, SHOT_COST_MAX)
  shots?: number;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'Recorded on the fight' })
  @OptionalLink()
  action_id?: string | null;
}

/**
 * The log entry an update writes. Client: `event` of CharacterUpdate (combatHandlers.ts) and the chase panel.
 */
export class CombatEventDto {
  @ApiProperty({ maxLength: FIGHT_EVENT_TYPE_MAX, example: 'attack' })
  @IsString({ message: 'must be text' })
  @MaxLength(FIGHT_EVENT_TYPE_MAX, { message: Messages.tooLong(FIGHT_EVENT_TYPE_MAX) })
  @Matches(/^[a-z][a-z0-9_]*$/, { message: 'must be a snake_case word' })
  type: string;

  @ApiProperty({ maxLength: FIGHT_EVENT_DESCRIPTION_MAX })
  @Trim()
  @IsString({ message: 'must be text' })
  @MinLength(1, { message: Messages.blank })
  @MaxLength(FIGHT_EVENT_DESCRIPTION_MAX, { message: Messages.tooLong(FIGHT_EVENT_DESCRIPTION_MAX) })
  description: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'Flat: scalar values only',
  })
  @Optional()
  @IsValueMap(EVENT_DETAIL_RULES)
  details?: ValueMap;
}

/**
 * One combatant's change in a combat action. Client: `CharacterUpdate` in
 * src/components/encounters/attacks/combatHandlers.ts and fightClient.applyCombatAction; the Cheese It, Speed
 * Check, Heal and Up Check panels. It names its target by shot_id, character_id or vehicle_id (blank ids, which
 * the mook attack sends when it has none, count as absent).
 */
export class CharacterUpdateDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'One of shot_id, character_id, vehicle_id is required',
  })
  @BlankAsAbsent()
  @ValidateIf(
    (update: CharacterUpdateDto) =>
      update.shot_id !== undefined || (update.character_id === undefined && update.vehicle_id === undefined),
  )
  @IsDefined({ message: 'must name its target: shot_id, character_id or vehicle_id' })
  @IsUUID('all', { message: Messages.invalid })
  shot_id?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @Optional()
  @BlankAsAbsent()
  @IsUUID('all', { message: Messages.invalid })
  character_id?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @Optional()
  @BlankAsAbsent()
  @IsUUID('all', { message: Messages.invalid })
  vehicle_id?: string;

  @ApiPropertyOptional({
    minimum: COMBAT_SHOT_MIN,
    maximum: SHOT_MAX,
    description: `The new shot, as the client computes it; stored no lower than ${SHOT_MIN}`,
  })
  @OptionalWholeNumber(COMBAT_SHOT_MIN, SHOT_MAX)
  shot?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: SHOT_COST_MAX, description: 'Shots to spend (spec name)' })
  @OptionalWholeNumber(0, SHOT_COST_MAX)
  shot_cost?: number;

  @ApiPropertyOptional({ minimum: 0, description: "The new wound total of a non-PC (the shot's count)" })
  @OptionalWholeNumber(0, VALUE_MAP_INTEGER_MAX)
  wounds?: number;

  @ApiPropertyOptional({ minimum: 0, description: 'Wounds taken are max(0, smackdown - Toughness)' })
  @OptionalWholeNumber(0, VALUE_MAP_INTEGER_MAX)
  smackdown?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: SHOT_COUNT_MAX, description: "A mook group's new size" })
  @OptionalWholeNumber(0, SHOT_COUNT_MAX)
  count?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: SHOT_IMPAIRMENTS_MAX })
  @OptionalWholeNumber(0, SHOT_IMPAIRMENTS_MAX)
  impairments?: number;

  @ApiPropertyOptional({
    description: 'Rails permitted it; the client types it (fightClient.applyCombatAction)',
  })
  @OptionalWholeNumber(0, VALUE_MAP_INTEGER_MAX)
  defense?: number;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'Merged into the stored values (a PC keeps Wounds, Fortune and Marks of Death here)',
  })
  @Optional()
  @WholeNumbersIn(COMBAT_ACTION_VALUE_RULES.integerKeys ?? [])
  @IsValueMap(COMBAT_ACTION_VALUE_RULES)
  action_values?: ValueMap;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @Optional()
  @IsValueMap(COMBAT_ATTRIBUTE_RULES)
  attributes?: ValueMap;

  @ApiPropertyOptional({
    type: [String],
    description: `snake_case words: ${CHARACTER_STATUSES.join(', ')}...`,
  })
  @StatusList()
  add_status?: string[];

  @ApiPropertyOptional({
    type: [String],
    description: `snake_case words: ${CHARACTER_STATUSES.join(', ')}...`,
  })
  @StatusList()
  remove_status?: string[];

  @ApiPropertyOptional({ type: CombatEventDto })
  @Optional()
  @IsObject({ message: 'must be an object' })
  @ValidateNested()
  @Type(() => CombatEventDto)
  event?: CombatEventDto;
}

export const COMBAT_ACTION_TYPES = ['boost', 'up_check'] as const;
export type CombatActionType = (typeof COMBAT_ACTION_TYPES)[number];
export const BOOST_TYPES = ['attack', 'defense'] as const;
export type BoostType = (typeof BOOST_TYPES)[number];

const isBoost = (body: ApplyCombatActionBody) => body.action_type === 'boost';
const isUpCheck = (body: ApplyCombatActionBody) => body.action_type === 'up_check';

type CombatActionForm = CombatActionType | 'character_updates';

/** A field of one form of the body: refused in the others. */
function OnlyIn(form: CombatActionForm): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'onlyIn',
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        message:
          form === 'character_updates'
            ? 'does not go with an action_type'
            : `goes only with action_type ${form}`,
      },
      validator: {
        validate: (value: unknown, args: ValidationArguments) =>
          value === undefined ||
          ((args.object as ApplyCombatActionBody).action_type ?? 'character_updates') === form,
      },
    });
}

/**
 * `POST /api/v2/encounters/:id/apply_combat_action`, in one of three forms (fightClient):
 * - `{character_updates: [...]}` (applyCombatAction): all in one transaction, one broadcast;
 * - `{action_type: "boost", booster_id, target_id, boost_type, use_fortune}` (applyBoostAction; the ids are the
 *   characters' or vehicles' ids);
 * - `{action_type: "up_check", character_id, swerve, fortune}` (applyUpCheck).
 * A field of one form is refused in the others.
 */
export class ApplyCombatActionBody {
  @ApiPropertyOptional({ enum: COMBAT_ACTION_TYPES, description: 'Absent for character_updates' })
  @Optional()
  @IsIn(COMBAT_ACTION_TYPES, { message: `must be one of: ${COMBAT_ACTION_TYPES.join(', ')}` })
  action_type?: CombatActionType;

  @ApiPropertyOptional({ type: [CharacterUpdateDto], description: 'Without action_type' })
  @ValidateIf(
    (body: ApplyCombatActionBody) => body.action_type === undefined || body.character_updates !== undefined,
  )
  @IsDefined({ message: Messages.blank })
  @IsArray({ message: 'must be a list' })
  @ArrayMaxSize(COMBAT_UPDATES_MAX)
  @ValidateNested({ each: true })
  @Type(() => CharacterUpdateDto)
  @OnlyIn('character_updates')
  character_updates?: CharacterUpdateDto[];

  @ApiPropertyOptional({ format: 'uuid', description: 'boost: who boosts' })
  @ValidateIf((body: ApplyCombatActionBody) => isBoost(body) || body.booster_id !== undefined)
  @IsDefined({ message: Messages.blank })
  @IsUUID('all', { message: Messages.invalid })
  @OnlyIn('boost')
  booster_id?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'boost: who is boosted' })
  @ValidateIf((body: ApplyCombatActionBody) => isBoost(body) || body.target_id !== undefined)
  @IsDefined({ message: Messages.blank })
  @IsUUID('all', { message: Messages.invalid })
  @OnlyIn('boost')
  target_id?: string;

  @ApiPropertyOptional({
    enum: BOOST_TYPES,
    description: 'boost: attack +1 (+2 with Fortune), defense +3 (+5)',
  })
  @ValidateIf((body: ApplyCombatActionBody) => isBoost(body) || body.boost_type !== undefined)
  @IsDefined({ message: Messages.blank })
  @IsIn(BOOST_TYPES, { message: `must be one of: ${BOOST_TYPES.join(', ')}` })
  @OnlyIn('boost')
  boost_type?: BoostType;

  @ApiPropertyOptional({ default: false, description: 'boost: spend a Fortune point' })
  @OptionalFlag()
  @OnlyIn('boost')
  use_fortune?: boolean;

  @ApiPropertyOptional({ format: 'uuid', description: 'up_check: the PC' })
  @ValidateIf((body: ApplyCombatActionBody) => isUpCheck(body) || body.character_id !== undefined)
  @IsDefined({ message: Messages.blank })
  @IsUUID('all', { message: Messages.invalid })
  @OnlyIn('up_check')
  character_id?: string;

  @ApiPropertyOptional({
    minimum: -SWERVE_MAX,
    maximum: SWERVE_MAX,
    description: 'up_check: the swerve rolled',
  })
  @ValidateIf((body: ApplyCombatActionBody) => isUpCheck(body) || body.swerve !== undefined)
  @IsDefined({ message: Messages.blank })
  @WholeNumberText()
  @IsInt({ message: 'must be a whole number' })
  @Min(-SWERVE_MAX)
  @Max(SWERVE_MAX)
  @OnlyIn('up_check')
  swerve?: number;

  @ApiPropertyOptional({
    default: 0,
    minimum: 0,
    maximum: SWERVE_MAX,
    description: 'up_check: the Fortune die, when Fortune is spent',
  })
  @OptionalWholeNumber(0, SWERVE_MAX)
  @OnlyIn('up_check')
  fortune?: number;
}

/** Chase actions name the move in their event details (ChaseMethod in src/types/chase.ts). */
export const CHASE_ROLES = ['pursuer', 'evader'] as const;
export type ChaseRole = (typeof CHASE_ROLES)[number];
const CHASE_ACTION_TYPE = /^[A-Za-z][A-Za-z_]*$/;

/**
 * One vehicle's change in a chase action. Client: src/components/encounters/chases/ChaseResolution.tsx (the
 * attacker: vehicle_id, target_vehicle_id, role, shot_cost, character_id, action_values with Chase Points,
 * Condition Points, Pursuer and Position, event; the target: vehicle_id, target_vehicle_id, role,
 * action_values).
 */
export class VehicleUpdateDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: Messages.invalid })
  vehicle_id: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The other vehicle of the chase' })
  @Optional()
  @BlankAsAbsent()
  @IsUUID('all', { message: Messages.invalid })
  target_vehicle_id?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The driver, whose shots the action costs' })
  @Optional()
  @BlankAsAbsent()
  @IsUUID('all', { message: Messages.invalid })
  character_id?: string;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    minimum: 0,
    maximum: SHOT_COST_MAX,
    description: 'null (the client sends it when its cost field is not a number) is the default cost, 3',
  })
  @OptionalWholeNumber(0, SHOT_COST_MAX, { nullable: true })
  shot_cost?: number | null;

  @ApiPropertyOptional()
  @OptionalFlag()
  fortune_spent?: boolean;

  @ApiPropertyOptional({ enum: CHASE_ROLES })
  @OptionalChoice(CHASE_ROLES)
  role?: ChaseRole;

  @ApiPropertyOptional({ enum: CHASE_POSITIONS })
  @OptionalChoice(CHASE_POSITIONS)
  position?: ChasePosition;

  @ApiPropertyOptional({ maxLength: 50, description: 'ram, sideswipe, weapon... (Rails permitted it)' })
  @Optional()
  @IsString({ message: 'must be text' })
  @MaxLength(50, { message: Messages.tooLong(50) })
  @Matches(CHASE_ACTION_TYPE, { message: 'must be a word' })
  action_type?: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'Chase Points and Condition Points add to the stored ones',
  })
  @Optional()
  @WholeNumbersIn(VEHICLE_INTEGER_ACTION_VALUES)
  @IsValueMap(VEHICLE_ACTION_VALUE_RULES)
  action_values?: ValueMap;

  @ApiPropertyOptional({ type: CombatEventDto })
  @Optional()
  @IsObject({ message: 'must be an object' })
  @ValidateNested()
  @Type(() => CombatEventDto)
  event?: CombatEventDto;
}

/** `POST /api/v2/encounters/:id/apply_chase_action`. Client: fightClient.applyChaseAction. */
export class ApplyChaseActionBody {
  @ApiProperty({ type: [VehicleUpdateDto] })
  @IsDefined({ message: Messages.blank })
  @IsArray({ message: 'must be a list' })
  @ArrayMaxSize(COMBAT_UPDATES_MAX)
  @ValidateNested({ each: true })
  @Type(() => VehicleUpdateDto)
  vehicle_updates: VehicleUpdateDto[];
}

/** NATS payload of `campaign.encounters.update_initiatives`: the fight's id and the body. */
export class UpdateInitiativesPayload extends UpdateInitiativesBody {
  @IsUUID()
  id: string;
}

/** NATS payload of `campaign.encounters.act`. */
export class ActPayload extends ActBody {
  @IsUUID()
  id: string;
}

/** NATS payload of `campaign.encounters.apply_combat_action`. */
export class ApplyCombatActionPayload extends ApplyCombatActionBody {
  @IsUUID()
  id: string;
}

/** NATS payload of `campaign.encounters.apply_chase_action`. */
export class ApplyChaseActionPayload extends ApplyChaseActionBody {
  @IsUUID()
  id: string;
}
