import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsString,
  IsUUID,
  isUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
  registerDecorator,
  ValidateIf,
} from 'class-validator';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { BlankAsAbsent, FlagFilter, Optional } from '../input-rules.js';
import { IndexQueryDto, Visibility } from '../pagination.js';
import { Trim } from '../rules.js';
import { Messages } from '../validation.js';

/*
 * Rules every campaign record (character, vehicle, weapon, schtick, faction, juncture, site, party, fight)
 * shares.
 * They live with characters because characters came first; the other resource folders import them from here.
 */

export const RECORD_NAME_MAX = 255;
/** Rich-text descriptions (the client's editor sends HTML with mentions). */
export const RECORD_DESCRIPTION_MAX = 50_000;
/** Categories, paths, archetypes, junctures named in text. */
export const RECORD_LABEL_MAX = 100;
/** A color ("#ff0000", "red"); the column is varchar(50). */
export const RECORD_COLOR_MAX = 50;
/** Links a record holds to others (`character_ids`, `schtick_ids`...). */
export const RECORD_LINKS_MAX = 500;
/** The `__NONE__` value of a foreign-key filter: only records without that link. */
export const NONE_FILTER = '__NONE__';

const WHOLE_NUMBER_TEXT = /^[-+]?\d{1,9}$/;

/**
 * The client's number fields may send text ("13"); whole-number text becomes the number, anything else stays.
 */
export const WholeNumberText = () =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && WHOLE_NUMBER_TEXT.test(value.trim()) ? Number(value.trim()) : value,
  );

/** `value` converted the way WholeNumberText does, for code that walks JSON maps itself. */
export function wholeNumberFromText(value: unknown): unknown {
  return typeof value === 'string' && WHOLE_NUMBER_TEXT.test(value.trim()) ? Number(value.trim()) : value;
}

/**
 * The value must be sent ("can't be blank"). Unlike IsDefined it lets `null` through to the other rules, so an
 * update sending `null` hears "can't be null" alone. Named like IsDefined so field errors rank it as missing.
 */
export function Required(): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isDefined',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: Messages.blank },
      validator: { validate: (value: unknown) => value !== undefined },
    });
}

function apply(target: object, property: string, decorators: PropertyDecorator[]): void {
  for (const decorator of decorators) decorator(target, property);
}

/** A required record name: trimmed, not blank, bounded. */
export function RecordName(max = RECORD_NAME_MAX): PropertyDecorator {
  return (target, property) =>
    apply(target, String(property), [
      Trim(),
      Required(),
      IsString({ message: 'must be text' }),
      MinLength(1, { message: Messages.blank }),
      MaxLength(max, { message: Messages.tooLong(max) }),
    ]);
}

/** Optional text in a nullable column (descriptions, colors, categories): absent, `null`, or bounded text. */
export function OptionalText(max: number): PropertyDecorator {
  return (target, property) =>
    apply(target, String(property), [
      Optional({ nullable: true }),
      IsString({ message: 'must be text' }),
      MaxLength(max, { message: Messages.tooLong(max) }),
    ]);
}

/** An optional flag. */
export function OptionalFlag(): PropertyDecorator {
  return (target, property) =>
    apply(target, String(property), [Optional(), IsBoolean({ message: 'must be true or false' })]);
}

/** An optional whole number in `[min, max]`, also taken as text; `nullable` where the column is. */
export function OptionalWholeNumber(
  min: number,
  max: number,
  { nullable = false }: { nullable?: boolean } = {},
): PropertyDecorator {
  return (target, property) =>
    apply(target, String(property), [
      Optional({ nullable }),
      BlankAsAbsent(),
      WholeNumberText(),
      IsInt({ message: 'must be a whole number' }),
      Min(min, { message: `must be at least ${min}` }),
      Max(max, { message: `must be at most ${max}` }),
    ]);
}

/** An optional link to another record of the campaign: absent (or blank), a UUID, or `null` to clear it. */
export function OptionalLink(): PropertyDecorator {
  return (target, property) =>
    apply(target, String(property), [
      Optional({ nullable: true }),
      BlankAsAbsent(),
      IsUUID('all', { message: Messages.invalid }),
    ]);
}

/** An optional complete list of linked records (it replaces the stored links). */
export function OptionalLinks(max = RECORD_LINKS_MAX): PropertyDecorator {
  return (target, property) =>
    apply(target, String(property), [
      Optional(),
      IsArray({ message: 'must be a list' }),
      ArrayMaxSize(max, { message: `must hold at most ${max} ids` }),
      IsUUID('all', { each: true, message: 'must be a list of ids' }),
    ]);
}

/** An optional choice from a fixed list; blank is absent; `nullable` where the column is. */
export function OptionalChoice(
  choices: readonly string[],
  { nullable = false }: { nullable?: boolean } = {},
): PropertyDecorator {
  return (target, property) =>
    apply(target, String(property), [
      Optional({ nullable }),
      BlankAsAbsent(),
      IsIn(choices, { message: `must be one of: ${choices.join(', ')}` }),
    ]);
}

/** A query filter on a link: a record id, or `__NONE__` for records without one. Blank is no filter. */
export function LinkFilter(): PropertyDecorator {
  return (target, property) => {
    const name = String(property);
    apply(target, name, [Optional(), BlankAsAbsent(), IsString({ message: 'must be text' })]);
    registerDecorator({
      name: 'linkFilter',
      target: target.constructor,
      propertyName: name,
      options: { message: `must be an id or ${NONE_FILTER}` },
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && (value === NONE_FILTER || isUUID(value, 'all')),
      },
    });
  };
}

/** A query filter on a text column (category, archetype...); `__NONE__` means no value. Blank is no filter. */
export function TextFilter(max = RECORD_LABEL_MAX): PropertyDecorator {
  return (target, property) =>
    apply(target, String(property), [
      Optional(),
      BlankAsAbsent(),
      Trim(),
      IsString({ message: 'must be text' }),
      MaxLength(max, { message: Messages.tooLong(max) }),
    ]);
}

/** A query filter taking one of a few values; blank is no filter. */
export function ChoiceFilter(choices: readonly string[]): PropertyDecorator {
  return (target, property) =>
    apply(target, String(property), [
      Optional(),
      BlankAsAbsent(),
      IsIn(choices, { message: `must be one of: ${choices.join(', ')}` }),
    ]);
}

/**
 * A query filter on a whole number (season, session); blank is no filter. With `orNone`, `__NONE__` is kept as is:
 * records without a value (any other text is refused).
 */
export function NumberFilter(
  min: number,
  max: number,
  { orNone = false }: { orNone?: boolean } = {},
): PropertyDecorator {
  return (target, property) => {
    const name = String(property);
    apply(target, name, [
      Optional(),
      BlankAsAbsent(),
      WholeNumberText(),
      IsInt({ message: orNone ? `must be a whole number or ${NONE_FILTER}` : 'must be a whole number' }),
      Min(min),
      Max(max),
    ]);
    if (orNone) ValidateIf((object: Record<string, unknown>) => object[name] !== NONE_FILTER)(target, name);
  };
}

/** The index parameters of every campaign record list: paging, search, ids, and which records are shown. */
export class RecordIndexQuery extends IndexQueryDto {
  @ApiPropertyOptional({ enum: Visibility, description: 'visible (active, the default), hidden or all' })
  @ChoiceFilter(Visibility)
  visibility?: Visibility;

  @ApiPropertyOptional({ description: 'Older form of visibility=all (the client still sends it)' })
  @FlagFilter()
  show_hidden?: boolean;
}
