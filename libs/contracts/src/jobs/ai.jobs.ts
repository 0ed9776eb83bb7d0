import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsDefined,
  IsIn,
  IsInt,
  IsObject,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
  registerDecorator,
  ValidateNested,
} from 'class-validator';
import { Optional } from '../input-rules.js';
import {
  CHARACTER_ACTION_VALUE_RULES,
  CHARACTER_DESCRIPTION_RULES,
  CHARACTER_SKILL_RULES,
  CHARACTER_TYPES,
  type CharacterType,
} from '../characters/character-values.js';
import { RECORD_LABEL_MAX, RecordName, Required } from '../characters/record-rules.js';
import { IsValueMap, VALUE_MAP_KEY_MAX, type ValueMap } from '../characters/value-maps.js';
import { Messages } from '../validation.js';

/** The jobs of the `ai` queue. */
export const AiJobNames = {
  generateCharacter: 'generate_character',
  extendCharacter: 'extend_character',
} as const;

/** What a user may write to describe the character they want. */
export const AI_DESCRIPTION_MAX = 2_000;
/** A seed for the local generator (and the provider, where it honours one). */
export const AI_SEED_MAX = 2_147_483_647;
/** A generated name: long enough for "Big Ernie 'The Hammer' Kowalski". */
export const AI_NAME_MAX = 100;

/** The action values that are attacks, one of which is a character's MainAttack. */
export const ATTACK_ACTION_VALUES = [
  'Guns',
  'Martial Arts',
  'Sorcery',
  'Scroungetech',
  'Genome',
  'Mutant',
  'Creature',
] as const;
export type AttackActionValue = (typeof ATTACK_ACTION_VALUES)[number];

export const FORTUNE_TYPES = ['Fortune', 'Chi', 'Magic', 'Genome'] as const;
export type FortuneType = (typeof FORTUNE_TYPES)[number];

/**
 * The range each numeric action value of a generated character must fall in: Feng Shui 2's scale, from a mook's
 * 7 to an uber-boss's 18 or so, with room to spare. Wounds, Marks of Death and Damage start low.
 */
export const GENERATED_ACTION_VALUE_RANGES = {
  Guns: [0, 20],
  'Martial Arts': [0, 20],
  Sorcery: [0, 20],
  Scroungetech: [0, 20],
  Genome: [0, 20],
  Mutant: [0, 20],
  Creature: [0, 20],
  Defense: [0, 20],
  Toughness: [0, 12],
  Speed: [0, 12],
  Fortune: [0, 12],
  'Max Fortune': [0, 12],
  Wounds: [0, 50],
  'Marks of Death': [0, 5],
  Damage: [0, 20],
} as const satisfies Record<string, readonly [number, number]>;
export type GeneratedActionValueKey = keyof typeof GENERATED_ACTION_VALUE_RANGES;

/** Skills of a generated character: the standard ones or custom, rated like action values. */
export const GENERATED_SKILL_RANGE = [0, 20] as const;
export const GENERATED_SKILLS_MAX = 30;

/** Description entries of a generated character: short ones (Age, Hair Color...) and the three long ones. */
export const GENERATED_DESCRIPTION_SHORT_MAX = 200;
export const GENERATED_DESCRIPTION_LONG_MAX = 2_000;

function ActionValue(key: GeneratedActionValueKey, required = false): PropertyDecorator {
  const [min, max] = GENERATED_ACTION_VALUE_RANGES[key];
  return (target, property) => {
    for (const decorator of [
      required ? Required() : Optional(),
      IsInt({ message: 'must be a whole number' }),
      Min(min, { message: `must be at least ${min}` }),
      Max(max, { message: `must be at most ${max}` }),
    ]) {
      decorator(target, property);
    }
  };
}

function DescriptionText(max: number): PropertyDecorator {
  return (target, property) => {
    for (const decorator of [
      Optional(),
      IsString({ message: 'must be text' }),
      MaxLength(max, { message: Messages.tooLong(max) }),
    ]) {
      decorator(target, property);
    }
  };
}

/** The attack MainAttack names must have a value: a Killer without Guns cannot shoot. */
function NamesAnAttackWithAValue(): PropertyDecorator {
  return (target, property) =>
    registerDecorator({
      name: 'namesAnAttackWithAValue',
      target: target.constructor,
      propertyName: String(property),
      options: { message: 'must name an attack that has a value above 0' },
      validator: {
        validate: (value: unknown, args) =>
          typeof value === 'string' &&
          typeof (args?.object as Record<string, unknown>)[value] === 'number' &&
          ((args?.object as Record<string, number>)[value] ?? 0) > 0,
      },
    });
}

/** A flat map of skill ratings: a few dozen whole numbers in the skill range. */
function IsSkillRatings(): PropertyDecorator {
  const [min, max] = GENERATED_SKILL_RANGE;
  const problem = (value: unknown): string | undefined => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'must be an object';
    const entries = Object.entries(value);
    if (entries.length > GENERATED_SKILLS_MAX) return `must hold at most ${GENERATED_SKILLS_MAX} skills`;
    for (const [key, rating] of entries) {
      if (key.trim() === '' || key.length > VALUE_MAP_KEY_MAX) return 'has a blank or overlong skill name';
      if (typeof rating !== 'number' || !Number.isInteger(rating) || rating < min || rating > max) {
        return `"${key}" must be a whole number from ${min} to ${max}`;
      }
    }
    return undefined;
  };
  return (target, property) =>
    registerDecorator({
      name: 'isSkillRatings',
      target: target.constructor,
      propertyName: String(property),
      validator: {
        validate: (value: unknown) => problem(value) === undefined,
        defaultMessage: (args) => problem(args?.value) ?? 'is invalid',
      },
    });
}

/**
 * The action values of a generated character: Type, Archetype, MainAttack and the defensive trio are required
 * (what a character cannot be played without); any other key the generator leaves out takes its default.
 */
export class GeneratedActionValues {
  @ApiProperty({ enum: CHARACTER_TYPES })
  @Required()
  @IsIn(CHARACTER_TYPES, { message: `must be one of: ${CHARACTER_TYPES.join(', ')}` })
  Type: CharacterType;

  @ApiProperty({ maxLength: RECORD_LABEL_MAX, example: 'Sorcerer' })
  @Required()
  @IsString({ message: 'must be text' })
  @MinLength(1, { message: Messages.blank })
  @MaxLength(RECORD_LABEL_MAX, { message: Messages.tooLong(RECORD_LABEL_MAX) })
  Archetype: string;

  @ApiProperty({ enum: ATTACK_ACTION_VALUES })
  @Required()
  @IsIn(ATTACK_ACTION_VALUES, { message: `must be one of: ${ATTACK_ACTION_VALUES.join(', ')}` })
  @NamesAnAttackWithAValue()
  MainAttack: AttackActionValue;

  @ApiPropertyOptional({ enum: ATTACK_ACTION_VALUES, nullable: true })
  @Optional({ nullable: true })
  @IsIn(ATTACK_ACTION_VALUES, { message: `must be one of: ${ATTACK_ACTION_VALUES.join(', ')} or null` })
  SecondaryAttack?: AttackActionValue | null;

  @ApiPropertyOptional({ enum: FORTUNE_TYPES })
  @Optional()
  @IsIn(FORTUNE_TYPES, { message: `must be one of: ${FORTUNE_TYPES.join(', ')}` })
  FortuneType?: FortuneType;

  @ActionValue('Guns') Guns?: number;
  @ActionValue('Martial Arts') 'Martial Arts'?: number;
  @ActionValue('Sorcery') Sorcery?: number;
  @ActionValue('Scroungetech') Scroungetech?: number;
  @ActionValue('Genome') Genome?: number;
  @ActionValue('Mutant') Mutant?: number;
  @ActionValue('Creature') Creature?: number;
  @ActionValue('Defense', true) Defense: number;
  @ActionValue('Toughness', true) Toughness: number;
  @ActionValue('Speed', true) Speed: number;
  @ActionValue('Fortune') Fortune?: number;
  @ActionValue('Max Fortune') 'Max Fortune'?: number;
  @ActionValue('Wounds') Wounds?: number;
  @ActionValue('Marks of Death') 'Marks of Death'?: number;
  @ActionValue('Damage') Damage?: number;
}

/** The description of a generated character: the spec's keys, each bounded text. */
export class GeneratedDescription {
  @DescriptionText(GENERATED_DESCRIPTION_SHORT_MAX) Nicknames?: string;
  @DescriptionText(GENERATED_DESCRIPTION_SHORT_MAX) Age?: string;
  @DescriptionText(GENERATED_DESCRIPTION_SHORT_MAX) Height?: string;
  @DescriptionText(GENERATED_DESCRIPTION_SHORT_MAX) Weight?: string;
  @DescriptionText(GENERATED_DESCRIPTION_SHORT_MAX) 'Hair Color'?: string;
  @DescriptionText(GENERATED_DESCRIPTION_SHORT_MAX) 'Eye Color'?: string;
  @DescriptionText(GENERATED_DESCRIPTION_SHORT_MAX) 'Style of Dress'?: string;
  @DescriptionText(GENERATED_DESCRIPTION_LONG_MAX) Appearance?: string;
  @DescriptionText(GENERATED_DESCRIPTION_LONG_MAX) Background?: string;
  @DescriptionText(GENERATED_DESCRIPTION_LONG_MAX) 'Melodramatic Hook'?: string;
}

/**
 * A character as a generator (the AI provider or the local one) must produce it: what `preview_ready` carries
 * in `json`, in the shape a character is created from. Validated with `whitelist`, so keys outside it are
 * dropped rather than refused.
 */
export class GeneratedCharacter {
  @ApiProperty({ maxLength: AI_NAME_MAX })
  @RecordName(AI_NAME_MAX)
  name: string;

  @ApiProperty({ type: GeneratedActionValues })
  @IsDefined({ message: Messages.blank })
  @IsObject({ message: 'must be an object' })
  @ValidateNested()
  @Type(() => GeneratedActionValues)
  action_values: GeneratedActionValues;

  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' } })
  @IsDefined({ message: Messages.blank })
  @IsSkillRatings()
  skills: Record<string, number>;

  @ApiProperty({ type: GeneratedDescription })
  @IsDefined({ message: Messages.blank })
  @IsObject({ message: 'must be an object' })
  @ValidateNested()
  @Type(() => GeneratedDescription)
  description: GeneratedDescription;
}

/** A generated character as plain JSON: the `json` of `preview_ready`. */
export interface GeneratedCharacterJson {
  name: string;
  /** Every standard key; an extended character also keeps its own custom ones. */
  action_values: ValueMap;
  skills: Record<string, number | null>;
  description: Record<string, string>;
}

/** `ai` / `generate_character`: a new character from what the user wrote. */
export class GenerateCharacterData {
  @ApiProperty({ format: 'uuid', description: 'Where the preview is published (campaign:<id>)' })
  @IsUUID('all', { message: Messages.invalid })
  campaign_id: string;

  @ApiProperty({
    minLength: 1,
    maxLength: AI_DESCRIPTION_MAX,
    example: 'A grumpy sorcerer from 1850 Hong Kong',
  })
  @IsString({ message: 'must be text' })
  @MinLength(1, { message: Messages.blank })
  @MaxLength(AI_DESCRIPTION_MAX, { message: Messages.tooLong(AI_DESCRIPTION_MAX) })
  description: string;

  @ApiPropertyOptional({
    minimum: 0,
    maximum: AI_SEED_MAX,
    description: 'The same seed gives the same character',
  })
  @Optional()
  @IsInt({ message: 'must be a whole number' })
  @Min(0)
  @Max(AI_SEED_MAX)
  seed?: number;
}

/** The existing character `extend_character` starts from: its name and JSON fields as stored. */
export class CharacterToExtend {
  @ApiProperty({ maxLength: 255 })
  @RecordName()
  name: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @Optional()
  @IsValueMap(CHARACTER_ACTION_VALUE_RULES)
  action_values?: ValueMap;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @Optional()
  @IsValueMap(CHARACTER_SKILL_RULES)
  skills?: ValueMap;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @Optional()
  @IsValueMap(CHARACTER_DESCRIPTION_RULES)
  description?: ValueMap;
}

/** `ai` / `extend_character`: fills in what an existing character lacks, keeping what it has. */
export class ExtendCharacterData {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: Messages.invalid })
  campaign_id: string;

  @ApiProperty({ type: CharacterToExtend })
  @IsDefined({ message: Messages.blank })
  @IsObject({ message: 'must be an object' })
  @ValidateNested()
  @Type(() => CharacterToExtend)
  character: CharacterToExtend;

  @ApiPropertyOptional({ maxLength: AI_DESCRIPTION_MAX, description: 'What to add or change' })
  @Optional()
  @IsString({ message: 'must be text' })
  @MaxLength(AI_DESCRIPTION_MAX, { message: Messages.tooLong(AI_DESCRIPTION_MAX) })
  description?: string;

  @ApiPropertyOptional({ minimum: 0, maximum: AI_SEED_MAX })
  @Optional()
  @IsInt({ message: 'must be a whole number' })
  @Min(0)
  @Max(AI_SEED_MAX)
  seed?: number;
}

/** The `ai` queue's jobs and the data each takes (see JobDataShapes). */
export const AiJobData = {
  [AiJobNames.generateCharacter]: GenerateCharacterData,
  [AiJobNames.extendCharacter]: ExtendCharacterData,
};

/** A job's result, also published on `campaign:<id>`: the character, for the user to review and save. */
export interface AiCharacterPreview {
  status: 'preview_ready';
  json: GeneratedCharacterJson;
}

/** Published on `campaign:<id>` when generation failed for good (after its retries, or at once when none helps). */
export interface AiCharacterError {
  status: 'error';
  /** What went wrong, for the user. */
  error: string;
  /** The failure's code, as `jobs.job.failed` reports it. */
  code: string;
}
