import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Allow, ArrayMaxSize, IsDefined, IsInt, IsUUID, Max, Min } from 'class-validator';
import { BlankAsAbsent, PartialDto } from '../input-rules.js';
import {
  CreateRecordPayload,
  CreateRecordsPayload,
  RecordBody,
  RecordListBody,
  UpdateRecordPayload,
} from '../records/record-shapes.js';
import { INPUT_LIMITS } from '../input-shape.js';
import { MAX_PAGE, MAX_PER_PAGE } from '../pagination.js';
import { QueryList } from '../rules.js';
import { Messages } from '../validation.js';
import {
  ChoiceFilter,
  LinkFilter,
  OptionalFlag,
  OptionalText,
  OptionalWholeNumber,
  RECORD_DESCRIPTION_MAX,
  RECORD_LABEL_MAX,
  RecordIndexQuery,
  RecordName,
  Required,
  TextFilter,
  WholeNumberText,
} from '../characters/record-rules.js';

/**
 * Bounds on a weapon's numbers: far beyond Feng Shui's (damage 7 to 15 or so), well inside an integer column.
 */
export const WEAPON_STAT_MAX = 999;
/** Ids one batch request may name (a fight's weapons at once): as many as any input list may hold. */
export const RECORD_BATCH_MAX = INPUT_LIMITS.maxArrayLength;

/**
 * The writable fields of a weapon. Client: the weapon forms (src/components/weapons), which start from
 * `defaultWeapon` (src/types/defaults.ts: damage 7, concealment 0, reload_value 0, juncture "", category "").
 * Numbers may come as their text.
 */
export class WeaponFieldsDto {
  @ApiProperty({ maxLength: 255 })
  @RecordName()
  name: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: RECORD_DESCRIPTION_MAX })
  @OptionalText(RECORD_DESCRIPTION_MAX)
  description?: string | null;

  @ApiProperty({ minimum: 0, maximum: WEAPON_STAT_MAX })
  @BlankAsAbsent()
  @WholeNumberText()
  @Required()
  @IsInt({ message: 'must be a whole number' })
  @Min(0, { message: 'must be at least 0' })
  @Max(WEAPON_STAT_MAX, { message: `must be at most ${WEAPON_STAT_MAX}` })
  damage: number;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 0, maximum: WEAPON_STAT_MAX })
  @OptionalWholeNumber(0, WEAPON_STAT_MAX, { nullable: true })
  concealment?: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 0, maximum: WEAPON_STAT_MAX })
  @OptionalWholeNumber(0, WEAPON_STAT_MAX, { nullable: true })
  reload_value?: number | null;

  @ApiPropertyOptional({ default: 0, minimum: -WEAPON_STAT_MAX, maximum: WEAPON_STAT_MAX })
  @OptionalWholeNumber(-WEAPON_STAT_MAX, WEAPON_STAT_MAX)
  mook_bonus?: number;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: RECORD_LABEL_MAX,
    description: 'The juncture, by name (free text)',
  })
  @OptionalText(RECORD_LABEL_MAX)
  juncture?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: RECORD_LABEL_MAX,
    description: 'Free text',
  })
  @OptionalText(RECORD_LABEL_MAX)
  category?: string | null;

  @ApiPropertyOptional({ default: false })
  @OptionalFlag()
  kachunk?: boolean;

  @ApiPropertyOptional({ default: true })
  @OptionalFlag()
  active?: boolean;
}

export class WeaponChangesDto extends PartialDto(WeaponFieldsDto) {}

/** Fields of the weapon's representation the client sends back: accepted and ignored. */
export class WeaponRepresentationFields {
  @Allow() id?: unknown;
  @Allow() entity_class?: unknown;
  @Allow() created_at?: unknown;
  @Allow() updated_at?: unknown;
  @Allow() image_url?: unknown;
  @Allow() image_positions?: unknown;
  @Allow() campaign_id?: unknown;

  @ApiPropertyOptional({
    description: 'The client\'s "at a glance" toggle; not in the spec, accepted and ignored',
  })
  @OptionalFlag()
  at_a_glance?: boolean;
}

export class CreateWeaponInput extends IntersectionType(WeaponFieldsDto, WeaponRepresentationFields) {}
export class UpdateWeaponInput extends IntersectionType(WeaponChangesDto, WeaponRepresentationFields) {}

/** `POST /api/v2/weapons` (multipart `weapon` JSON string, decoded upstream, or JSON). */
export class CreateWeaponBody extends RecordBody('weapon', CreateWeaponInput, WeaponFieldsDto) {}

/** `PATCH /api/v2/weapons/:id`. */
export class UpdateWeaponBody extends RecordBody('weapon', UpdateWeaponInput, WeaponChangesDto) {}

export class CreateWeaponPayload extends CreateRecordPayload('weapon', WeaponFieldsDto) {}
/** `campaign.weapons.create_batch`: weapons created together, all or none. */
export class CreateWeaponsPayload extends CreateRecordsPayload('weapons', WeaponFieldsDto) {}

/**
 * `POST /api/v2/weapons/batch` with `{weapons: [...]}` instead of `ids`: creates them all (the gamemaster), or
 * none; each is checked as `POST /api/v2/weapons` checks its `weapon`.
 */
export class CreateWeaponsBody extends RecordListBody('weapons', CreateWeaponInput, WeaponFieldsDto) {}
export class UpdateWeaponPayload extends UpdateRecordPayload('weapon', WeaponChangesDto) {}

export const WEAPON_SORTS = [
  'name',
  'category',
  'juncture',
  'damage',
  'concealment',
  'reload_value',
  'created_at',
  'updated_at',
] as const;

/**
 * `GET /api/v2/weapons`. Client: src/app/(main)/weapons/page.tsx, filterConfigs.Weapon (category, juncture).
 */
export class WeaponsIndexQuery extends RecordIndexQuery {
  @ApiPropertyOptional({ enum: WEAPON_SORTS, description: 'Default created_at' })
  @ChoiceFilter(WEAPON_SORTS)
  sort?: (typeof WEAPON_SORTS)[number];

  @ApiPropertyOptional({ description: 'A category, or __NONE__' })
  @TextFilter()
  category?: string;

  @ApiPropertyOptional({ description: 'A juncture name, or __NONE__' })
  @TextFilter()
  juncture?: string;

  @ApiPropertyOptional({ description: 'Weapons this character carries' })
  @LinkFilter()
  character_id?: string;
}

/**
 * `POST /api/v2/weapons/batch` and `/api/v2/schticks/batch`: records by id. Client:
 * weaponClient.getWeaponsBatch,
 * schtickClient.getSchticksBatch post their parameters as they are; Rails read `ids` as a comma list, a list is
 * taken too.
 */
export class RecordBatchBody {
  @ApiProperty({ type: [String], description: '`"a,b"` or `["a", "b"]`' })
  @IsDefined({ message: Messages.blank })
  @QueryList()
  @ArrayMaxSize(RECORD_BATCH_MAX, { message: `must hold at most ${RECORD_BATCH_MAX} ids` })
  @IsUUID('all', { each: true, message: 'must be a list of ids' })
  ids: string[];

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE, default: 1 })
  @OptionalWholeNumber(1, MAX_PAGE)
  page?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PER_PAGE, default: MAX_PER_PAGE })
  @OptionalWholeNumber(1, MAX_PER_PAGE)
  per_page?: number;
}

/** `GET /api/v2/weapons/categories` and `/junctures`: the labels in use, matching `search`. */
export class WeaponLabelsQuery {
  @ApiPropertyOptional({ maxLength: RECORD_LABEL_MAX })
  @TextFilter()
  search?: string;
}
