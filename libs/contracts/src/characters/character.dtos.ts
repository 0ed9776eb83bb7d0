import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  Allow,
  IsDefined,
  IsObject,
  IsString,
  IsUUID,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { FlagFilter, Optional, PartialDto } from '../input-rules.js';
import { CreateRecordPayload, RecordBody, UpdateRecordPayload } from '../records/record-shapes.js';
import { Trim } from '../rules.js';
import { Messages } from '../validation.js';
import {
  CHARACTER_ACTION_VALUE_RULES,
  CHARACTER_DESCRIPTION_RULES,
  CHARACTER_INTEGER_ACTION_VALUES,
  CHARACTER_SKILL_RULES,
  CHARACTER_STATUSES,
  StatusList,
  CHARACTER_TYPES,
  WEALTH_LEVELS,
  type CharacterType,
  type Wealth,
} from './character-values.js';
import {
  ChoiceFilter,
  LinkFilter,
  OptionalChoice,
  OptionalFlag,
  OptionalLink,
  OptionalLinks,
  OptionalText,
  OptionalWholeNumber,
  RECORD_COLOR_MAX,
  RECORD_LABEL_MAX,
  RecordIndexQuery,
  RecordName,
  TextFilter,
} from './record-rules.js';
import { IsValueMap, WholeNumbersIn, type ValueMap } from './value-maps.js';

export const CHARACTER_SUMMARY_MAX = 10_000;
export const CHARACTER_IMPAIRMENTS_MAX = 99;
export const ADVANCEMENT_DESCRIPTION_MAX = 1_000;

/**
 * The writable fields of a character. Client: the create and edit forms (src/components/characters), which
 * start
 * from `defaultCharacter` (src/types/defaults.ts), characterClient.updateCharacterCombatStats (name,
 * impairments,
 * action_values, status) and the user page's owner assignment (`{user_id}` / `{user_id: null}`).
 */
export class CharacterFieldsDto {
  @ApiProperty({ maxLength: 255 })
  @RecordName()
  name: string;

  @ApiPropertyOptional({ default: true })
  @OptionalFlag()
  active?: boolean;

  @ApiPropertyOptional({ default: false, description: 'A template new characters are copied from' })
  @OptionalFlag()
  is_template?: boolean;

  @ApiPropertyOptional({ default: false, description: 'A task: points instead of wounds' })
  @OptionalFlag()
  task?: boolean;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: RECORD_COLOR_MAX })
  @OptionalText(RECORD_COLOR_MAX)
  color?: string | null;

  @ApiPropertyOptional({ minimum: 0, maximum: CHARACTER_IMPAIRMENTS_MAX, description: 'Number or its text' })
  @OptionalWholeNumber(0, CHARACTER_IMPAIRMENTS_MAX)
  impairments?: number;

  @ApiPropertyOptional({ enum: WEALTH_LEVELS, nullable: true })
  @OptionalChoice(WEALTH_LEVELS, { nullable: true })
  wealth?: Wealth | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: CHARACTER_SUMMARY_MAX })
  @OptionalText(CHARACTER_SUMMARY_MAX)
  summary?: string | null;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @OptionalLink()
  faction_id?: string | null;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @OptionalLink()
  juncture_id?: string | null;

  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The player (a member or the gamemaster); null leaves it unowned',
  })
  @OptionalLink()
  user_id?: string | null;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'One of its weapons' })
  @OptionalLink()
  equipped_weapon_id?: string | null;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description:
      'Merged into the stored values on update. The numeric keys take numbers or their text ("13"); a blank is 0.',
  })
  @Optional()
  @WholeNumbersIn(CHARACTER_INTEGER_ACTION_VALUES)
  @IsValueMap(CHARACTER_ACTION_VALUE_RULES)
  action_values?: ValueMap;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'Merged into the stored skills on update; numbers or their text',
  })
  @Optional()
  @WholeNumbersIn('all')
  @IsValueMap(CHARACTER_SKILL_RULES)
  skills?: ValueMap;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Text by key' })
  @Optional()
  @IsValueMap(CHARACTER_DESCRIPTION_RULES)
  description?: ValueMap;

  @ApiPropertyOptional({
    type: [String],
    description: `snake_case words: ${CHARACTER_STATUSES.join(', ')}...`,
  })
  @StatusList()
  status?: string[];

  @ApiPropertyOptional({ type: [String], description: 'The complete list' })
  @OptionalLinks()
  schtick_ids?: string[];

  @ApiPropertyOptional({ type: [String], description: 'Carried weapons, the complete list' })
  @OptionalLinks()
  weapon_ids?: string[];

  @ApiPropertyOptional({ type: [String], description: 'Attuned sites, the complete list' })
  @OptionalLinks()
  site_ids?: string[];

  @ApiPropertyOptional({ type: [String], description: 'The complete list' })
  @OptionalLinks()
  party_ids?: string[];
}

export class CharacterChangesDto extends PartialDto(CharacterFieldsDto) {}

/**
 * Fields of the character's own representation that the client sends back on create and update: the forms post
 * the whole record (minus schticks, parties, sites and weapons, src/components/characters), the create form the
 * whole `defaultCharacter`. They are read-only: accepted so a round-tripped record is not refused, and ignored.
 * Any other field is refused.
 */
export class CharacterRepresentationFields {
  @Allow() id?: unknown;
  @Allow() entity_class?: unknown;
  @Allow() category?: unknown;
  @Allow() created_at?: unknown;
  @Allow() updated_at?: unknown;
  @Allow() image_url?: unknown;
  @Allow() image_positions?: unknown;
  @Allow() user?: unknown;
  @Allow() faction?: unknown;
  @Allow() juncture?: unknown;
  @Allow() schticks?: unknown;
  @Allow() weapons?: unknown;
  @Allow() sites?: unknown;
  @Allow() parties?: unknown;
  @Allow() advancements?: unknown;
  @Allow() advancement_ids?: unknown;
  @Allow() campaign_id?: unknown;
  @Allow() notion_page_id?: unknown;
  @Allow() last_synced_to_notion_at?: unknown;
  @Allow() new?: unknown;
  @Allow() extending?: unknown;
  @Allow() defense?: unknown;
  /** Encounter fields the client copies onto a character it edits from the shot counter. */
  @Allow() current_shot?: unknown;
  @Allow() count?: unknown;
  @Allow() shot_id?: unknown;
  @Allow() location?: unknown;
  @Allow() driver?: unknown;
  @Allow() driving?: unknown;
  /** updateCharacterCombatStats sends it; a driver link belongs to shots (PATCH .../shots/:id). Ignored. */
  @Allow() driving_id?: unknown;
  @Allow() effects?: unknown;

  @ApiPropertyOptional({
    description: 'The client\'s "at a glance" toggle; not in the spec, accepted and ignored',
  })
  @OptionalFlag()
  at_a_glance?: boolean;
}

/** The `character` of a create body: the writable fields plus the tolerated read-only ones. */
export class CreateCharacterInput extends IntersectionType(
  CharacterFieldsDto,
  CharacterRepresentationFields,
) {}

/** The `character` of an update body: any writable fields plus the tolerated read-only ones. */
export class UpdateCharacterInput extends IntersectionType(
  CharacterChangesDto,
  CharacterRepresentationFields,
) {}

/** `POST /api/v2/characters` (characterClient.createCharacter posts `{character}` as JSON, or multipart). */
export class CreateCharacterBody extends RecordBody('character', CreateCharacterInput, CharacterFieldsDto) {}

/** `PATCH /api/v2/characters/:id` (JSON, or multipart with `character` as a JSON string: decoded upstream). */
export class UpdateCharacterBody extends RecordBody('character', UpdateCharacterInput, CharacterChangesDto) {}

export class CreateCharacterPayload extends CreateRecordPayload('character', CharacterFieldsDto) {}
export class UpdateCharacterPayload extends UpdateRecordPayload('character', CharacterChangesDto) {}

export const CHARACTER_SORTS = [
  'name',
  'type',
  'archetype',
  'faction',
  'juncture',
  'created_at',
  'updated_at',
] as const;
export const TEMPLATE_FILTERS = ['all', 'templates', 'non-templates'] as const;
export type TemplateFilter = (typeof TEMPLATE_FILTERS)[number];

/**
 * `GET /api/v2/characters` (and `/names`). Client: src/app/(main)/characters/page.tsx (sorts, character_type,
 * archetype, faction_id, show_hidden, template_filter), filterConfigs.Character.
 */
export class CharactersIndexQuery extends RecordIndexQuery {
  @ApiPropertyOptional({ enum: CHARACTER_SORTS, description: 'Default created_at' })
  @ChoiceFilter(CHARACTER_SORTS)
  sort?: (typeof CHARACTER_SORTS)[number];

  @ApiPropertyOptional({ description: 'A faction id, or __NONE__ for characters without one' })
  @LinkFilter()
  faction_id?: string;

  @ApiPropertyOptional({ description: 'A juncture id, or __NONE__' })
  @LinkFilter()
  juncture_id?: string;

  @ApiPropertyOptional({ description: 'A player id, or __NONE__ for unowned characters' })
  @LinkFilter()
  user_id?: string;

  @ApiPropertyOptional({ description: 'Members of this party' })
  @LinkFilter()
  party_id?: string;

  @ApiPropertyOptional({ description: 'Combatants of this fight' })
  @LinkFilter()
  fight_id?: string;

  @ApiPropertyOptional({ description: 'Attuned to this site' })
  @LinkFilter()
  site_id?: string;

  @ApiPropertyOptional({ enum: CHARACTER_TYPES, description: 'action_values.Type (Rails name)' })
  @ChoiceFilter(CHARACTER_TYPES)
  type?: CharacterType;

  @ApiPropertyOptional({ enum: CHARACTER_TYPES, description: 'Same as type (the client sends this name)' })
  @ChoiceFilter(CHARACTER_TYPES)
  character_type?: CharacterType;

  @ApiPropertyOptional({ maxLength: RECORD_LABEL_MAX, description: 'action_values.Archetype, or __NONE__' })
  @TextFilter()
  archetype?: string;

  @ApiPropertyOptional({ enum: TEMPLATE_FILTERS, description: 'The client defaults to non-templates' })
  @ChoiceFilter(TEMPLATE_FILTERS)
  template_filter?: TemplateFilter;

  @ApiPropertyOptional({ description: 'Older form of template_filter' })
  @FlagFilter()
  is_template?: boolean;
}

/** An advancement as the client sends it (characterClient.createAdvancement / updateAdvancement). */
export class AdvancementFields {
  @ApiProperty({ minLength: 1, maxLength: ADVANCEMENT_DESCRIPTION_MAX })
  @Trim()
  @IsString({ message: 'must be text' })
  @MinLength(1, { message: Messages.blank })
  @MaxLength(ADVANCEMENT_DESCRIPTION_MAX, { message: Messages.tooLong(ADVANCEMENT_DESCRIPTION_MAX) })
  description: string;

  /** Sent back when the client round-trips a stored advancement; ignored. */
  @Allow() id?: unknown;
  @Allow() character_id?: unknown;
  @Allow() created_at?: unknown;
  @Allow() updated_at?: unknown;
}

/** `POST /api/v2/characters/:id/advancements`, `PATCH .../advancements/:advancement_id`. */
export class AdvancementBody {
  @ApiProperty({ type: AdvancementFields })
  @IsDefined({ message: Messages.blank })
  @IsObject({ message: 'must be an object' })
  @ValidateNested()
  @Type(() => AdvancementFields)
  advancement: AdvancementFields;
}

/** `GET /api/v2/characters/:character_id/advancements`: NATS payload naming the character. */
export class CharacterAdvancementsPayload {
  @IsUUID('all', { message: Messages.invalid })
  character_id: string;
}

/** NATS payload of `campaign.advancements.create`. */
export class CreateAdvancementPayload extends CharacterAdvancementsPayload {
  @IsDefined({ message: Messages.blank })
  @IsObject({ message: 'must be an object' })
  @ValidateNested()
  @Type(() => AdvancementFields)
  advancement: AdvancementFields;
}

/** NATS payload naming one advancement of a character (`campaign.advancements.delete`). */
export class AdvancementIdPayload extends CharacterAdvancementsPayload {
  @IsUUID('all', { message: Messages.invalid })
  id: string;
}

/** NATS payload of `campaign.advancements.update`. */
export class UpdateAdvancementPayload extends AdvancementIdPayload {
  @IsDefined({ message: Messages.blank })
  @IsObject({ message: 'must be an object' })
  @ValidateNested()
  @Type(() => AdvancementFields)
  advancement: AdvancementFields;
}
