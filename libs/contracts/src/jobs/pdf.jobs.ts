import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDefined,
  IsInt,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { Optional } from '../input-rules.js';
import { Messages } from '../validation.js';
import {
  CHARACTER_ACTION_VALUE_RULES,
  CHARACTER_SKILL_RULES,
  DESCRIPTION_VALUE_MAX,
} from '../characters/character-values.js';
import { OptionalText, RECORD_LABEL_MAX, RECORD_NAME_MAX, RecordName } from '../characters/record-rules.js';
import { IsValueMap, type ValueMap, type ValueMapRules } from '../characters/value-maps.js';
import { WEAPON_STAT_MAX } from '../weapons/weapon.dtos.js';

/** The jobs of the `pdf` queue. Never rename one without draining the queue: queued jobs carry the name. */
export const PdfJobNames = {
  /** A character as a fillable PDF sheet. */
  characterSheet: 'character_sheet',
  /** A filled sheet read back into a character. */
  importSheet: 'import_sheet',
} as const;

/** Schticks and weapons a sheet lists at most. */
export const SHEET_SCHTICKS_MAX = 100;
export const SHEET_WEAPONS_MAX = 100;
/** A schtick's rules text as the sheet prints it (plain text or the editor's HTML). */
export const SHEET_SCHTICK_DESCRIPTION_MAX = 5_000;
/** The largest PDF `import_sheet` reads: 512 KiB once decoded. */
export const PDF_IMPORT_MAX_BYTES = 512 * 1024;
/** The longest base64 text of such a PDF. */
export const PDF_IMPORT_BASE64_MAX = Math.ceil(PDF_IMPORT_MAX_BYTES / 3) * 4;

/**
 * `description` on a sheet: the character rules' text by key, null read as blank (a seeded character may hold
 * one).
 */
export const SHEET_DESCRIPTION_RULES: ValueMapRules = {
  maxKeys: 50,
  textMax: DESCRIPTION_VALUE_MAX,
  other: { text: true, nulls: true },
};

/** A schtick as the sheet prints it. */
export class SheetSchtickInput {
  @ApiProperty({ maxLength: RECORD_NAME_MAX })
  @RecordName()
  name: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: RECORD_LABEL_MAX })
  @OptionalText(RECORD_LABEL_MAX)
  category?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: SHEET_SCHTICK_DESCRIPTION_MAX })
  @OptionalText(SHEET_SCHTICK_DESCRIPTION_MAX)
  description?: string | null;
}

/** A carried weapon as the sheet prints it: `Name (damage/concealment/reload)`. */
export class SheetWeaponInput {
  @ApiProperty({ maxLength: RECORD_NAME_MAX })
  @RecordName()
  name: string;

  @ApiProperty({ minimum: 0, maximum: WEAPON_STAT_MAX })
  @IsDefined({ message: Messages.blank })
  @IsInt({ message: 'must be a whole number' })
  @Min(0)
  @Max(WEAPON_STAT_MAX)
  damage: number;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 0, maximum: WEAPON_STAT_MAX })
  @Optional({ nullable: true })
  @IsInt({ message: 'must be a whole number' })
  @Min(0)
  @Max(WEAPON_STAT_MAX)
  concealment?: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 0, maximum: WEAPON_STAT_MAX })
  @Optional({ nullable: true })
  @IsInt({ message: 'must be a whole number' })
  @Min(0)
  @Max(WEAPON_STAT_MAX)
  reload_value?: number | null;
}

/**
 * `character_sheet`: what a sheet shows of a character, taken from the campaign service's CharacterView (its
 * name, action_values, skills and description as stored, its schticks and carried weapons).
 */
export class CharacterSheetData {
  @ApiProperty({ maxLength: RECORD_NAME_MAX })
  @RecordName()
  name: string;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'As the character stores them' })
  @IsDefined({ message: Messages.blank })
  @IsValueMap(CHARACTER_ACTION_VALUE_RULES)
  action_values: ValueMap;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Skill values by name' })
  @IsDefined({ message: Messages.blank })
  @IsValueMap(CHARACTER_SKILL_RULES)
  skills: ValueMap;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Text by key' })
  @IsDefined({ message: Messages.blank })
  @IsValueMap(SHEET_DESCRIPTION_RULES)
  description: ValueMap;

  @ApiProperty({ type: [SheetSchtickInput], maxItems: SHEET_SCHTICKS_MAX })
  @IsDefined({ message: Messages.blank })
  @IsArray({ message: 'must be a list' })
  @ArrayMaxSize(SHEET_SCHTICKS_MAX)
  @ValidateNested({ each: true })
  @Type(() => SheetSchtickInput)
  schticks: SheetSchtickInput[];

  @ApiProperty({ type: [SheetWeaponInput], maxItems: SHEET_WEAPONS_MAX })
  @IsDefined({ message: Messages.blank })
  @IsArray({ message: 'must be a list' })
  @ArrayMaxSize(SHEET_WEAPONS_MAX)
  @ValidateNested({ each: true })
  @Type(() => SheetWeaponInput)
  weapons: SheetWeaponInput[];
}

/** `character_sheet`'s result: the PDF, base64. */
export interface CharacterSheetResult {
  /** `<name>.pdf`, the name reduced to letters, digits, `-` and `_`. */
  filename: string;
  content_type: 'application/pdf';
  pdf_base64: string;
}

/** `import_sheet`: a filled sheet, base64 (standard alphabet, padded). The refusals are PdfImportFailures. */
export class ImportSheetData {
  @ApiProperty({
    maxLength: PDF_IMPORT_BASE64_MAX,
    description: `At most ${PDF_IMPORT_MAX_BYTES} bytes decoded`,
  })
  @IsDefined({ message: Messages.blank })
  @IsString({ message: 'must be text' })
  @MaxLength(PDF_IMPORT_BASE64_MAX, { message: `must encode at most ${PDF_IMPORT_MAX_BYTES} bytes` })
  pdf_base64: string;
}

/**
 * A character read back from a sheet's fields. Blank fields are left out (the campaign service fills its
 * defaults); numeric action values and skills are whole numbers.
 */
export interface ImportedCharacter {
  name: string;
  action_values: ValueMap;
  skills: Record<string, number>;
  description: Record<string, string>;
  schtick_names: string[];
  weapon_names: string[];
}

/** `import_sheet`'s result. */
export interface ImportSheetResult {
  character: ImportedCharacter;
}

/** Why `import_sheet` refused a PDF (JobFailure codes, never retried). */
export const PdfImportFailures = {
  notBase64: 'pdf_not_base64',
  tooLarge: 'pdf_too_large',
  notPdf: 'pdf_not_pdf',
  truncated: 'pdf_truncated',
  encrypted: 'pdf_encrypted',
  unreadable: 'pdf_unreadable',
  /** No form, or no `name` text field: not a sheet this service made. */
  notCharacterSheet: 'pdf_not_character_sheet',
  /** A known field holds a value its rule refuses (the message names the field). */
  invalidField: 'pdf_invalid_field',
} as const;

export type PdfImportFailure = (typeof PdfImportFailures)[keyof typeof PdfImportFailures];
