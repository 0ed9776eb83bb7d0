import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import {
  Allow,
  ArrayMaxSize,
  IsArray,
  IsString,
  MaxLength,
  registerDecorator,
  type ValidationArguments,
} from 'class-validator';
import { BlankAsAbsent, Optional, PartialDto } from '../input-rules.js';
import {
  CreateRecordPayload,
  CreateRecordsPayload,
  RecordBody,
  RecordListBody,
  UpdateRecordPayload,
} from '../records/record-shapes.js';
import { Messages } from '../validation.js';
import {
  ChoiceFilter,
  LinkFilter,
  OptionalFlag,
  OptionalLink,
  OptionalText,
  RECORD_DESCRIPTION_MAX,
  RECORD_COLOR_MAX,
  RECORD_LABEL_MAX,
  RecordIndexQuery,
  RecordName,
  Required,
  TextFilter,
} from '../characters/record-rules.js';

export const SCHTICK_CATEGORIES = [
  'Guns',
  'Martial Arts',
  'Driving',
  'Sorcery',
  'Creature',
  'Transformed Animal',
  'Gene Freak',
  'Cyborg',
  'Foe',
] as const;
export type SchtickCategory = (typeof SCHTICK_CATEGORIES)[number];

/** The path whose schticks may carry any category (each archetype's core schticks). */
export const CORE_SCHTICK_PATH = 'Core';
export const SCHTICK_ARCHETYPES_MAX = 100;

/**
 * A schtick's category: one of SCHTICK_CATEGORIES, or any short text when the same body's `path` is "Core". An
 * update that sends a category without its path is checked here against the list alone; the service, which
 * knows
 * the stored path, may accept more.
 */
function IsSchtickCategory(): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isSchtickCategory',
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        message: `must be one of: ${SCHTICK_CATEGORIES.join(', ')} (any, on the ${CORE_SCHTICK_PATH} path)`,
      },
      validator: {
        validate: (value: unknown, args: ValidationArguments) =>
          (SCHTICK_CATEGORIES as readonly unknown[]).includes(value) ||
          (args.object as { path?: unknown }).path === CORE_SCHTICK_PATH,
      },
    });
}

/** The writable fields of a schtick. Client: the schtick forms (src/components/schticks), `defaultSchtick`. */
export class SchtickFieldsDto {
  @ApiProperty({ maxLength: 255 })
  @RecordName()
  name: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: RECORD_DESCRIPTION_MAX })
  @OptionalText(RECORD_DESCRIPTION_MAX)
  description?: string | null;

  @ApiProperty({ enum: SCHTICK_CATEGORIES, description: 'Any text when path is Core' })
  @BlankAsAbsent()
  @Required()
  @IsString({ message: 'must be text' })
  @MaxLength(RECORD_LABEL_MAX, { message: Messages.tooLong(RECORD_LABEL_MAX) })
  @IsSchtickCategory()
  category: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: RECORD_LABEL_MAX })
  @OptionalText(RECORD_LABEL_MAX)
  path?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: RECORD_COLOR_MAX })
  @OptionalText(RECORD_COLOR_MAX)
  color?: string | null;

  @ApiPropertyOptional({ default: false })
  @OptionalFlag()
  bonus?: boolean;

  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'A schtick of the same category and path',
  })
  @OptionalLink()
  prerequisite_id?: string | null;

  @ApiPropertyOptional({ type: [String], description: 'Archetypes that start with it' })
  @Optional()
  @IsArray({ message: 'must be a list' })
  @ArrayMaxSize(SCHTICK_ARCHETYPES_MAX)
  @IsString({ each: true, message: 'must be a list of text' })
  @MaxLength(RECORD_LABEL_MAX, { each: true, message: Messages.tooLong(RECORD_LABEL_MAX) })
  archetypes?: string[];

  @ApiPropertyOptional({ default: true })
  @OptionalFlag()
  active?: boolean;
}

export class SchtickChangesDto extends PartialDto(SchtickFieldsDto) {}

/** Fields of the schtick's representation the client sends back (`prerequisite`, `schtick_id`...): ignored. */
export class SchtickRepresentationFields {
  @Allow() id?: unknown;
  @Allow() entity_class?: unknown;
  @Allow() created_at?: unknown;
  @Allow() updated_at?: unknown;
  @Allow() image_url?: unknown;
  @Allow() image_positions?: unknown;
  @Allow() campaign_id?: unknown;
  @Allow() prerequisite?: unknown;
  @Allow() schtick_id?: unknown;
  @Allow() characters?: unknown;

  @ApiPropertyOptional({
    description: 'The client\'s "at a glance" toggle; not in the spec, accepted and ignored',
  })
  @OptionalFlag()
  at_a_glance?: boolean;
}

export class CreateSchtickInput extends IntersectionType(SchtickFieldsDto, SchtickRepresentationFields) {}
export class UpdateSchtickInput extends IntersectionType(SchtickChangesDto, SchtickRepresentationFields) {}

/** `POST /api/v2/schticks` (multipart `schtick` JSON string, decoded upstream, or JSON). */
export class CreateSchtickBody extends RecordBody('schtick', CreateSchtickInput, SchtickFieldsDto) {}

/** `PATCH /api/v2/schticks/:id`. */
export class UpdateSchtickBody extends RecordBody('schtick', UpdateSchtickInput, SchtickChangesDto) {}

export class CreateSchtickPayload extends CreateRecordPayload('schtick', SchtickFieldsDto) {}
/** `campaign.schticks.create_batch`: schticks created together, all or none. */
export class CreateSchticksPayload extends CreateRecordsPayload('schticks', SchtickFieldsDto) {}

/**
 * `POST /api/v2/schticks/batch` with `{schticks: [...]}` instead of `ids`: creates them all (the gamemaster), or
 * none; each is checked as `POST /api/v2/schticks` checks its `schtick`. A prerequisite must already exist.
 */
export class CreateSchticksBody extends RecordListBody('schticks', CreateSchtickInput, SchtickFieldsDto) {}
export class UpdateSchtickPayload extends UpdateRecordPayload('schtick', SchtickChangesDto) {}

export const SCHTICK_SORTS = ['name', 'category', 'path', 'created_at', 'updated_at'] as const;

/** `GET /api/v2/schticks`. Client: src/app/(main)/schticks/page.tsx, filterConfigs.Schtick (category, path). */
export class SchticksIndexQuery extends RecordIndexQuery {
  @ApiPropertyOptional({ enum: SCHTICK_SORTS, description: 'Default created_at' })
  @ChoiceFilter(SCHTICK_SORTS)
  sort?: (typeof SCHTICK_SORTS)[number];

  @ApiPropertyOptional({ description: 'A category, or __NONE__' })
  @TextFilter()
  category?: string;

  @ApiPropertyOptional({ description: 'A path, or __NONE__' })
  @TextFilter()
  path?: string;

  @ApiPropertyOptional({ description: "A character's schticks" })
  @LinkFilter()
  character_id?: string;
}

/** `GET /api/v2/schticks/categories` and `/paths` (paths of one category). */
export class SchtickLabelsQuery {
  @ApiPropertyOptional({ maxLength: RECORD_LABEL_MAX })
  @TextFilter()
  search?: string;

  @ApiPropertyOptional({ maxLength: RECORD_LABEL_MAX, description: '/paths only' })
  @TextFilter()
  category?: string;
}
